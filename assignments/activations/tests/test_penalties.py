"""penalties: L1 = Σ |w|, L2 = Σ w², over every element, with no strength factor (seed 003)."""

from nngrade.testing import check, task, text

SHAPES = [(5,), (3, 4)]


@task("penalties", points=0.5)
def test_l1_penalty_is_the_sum_of_absolute_values(student, ref, rng):
    for shape in SHAPES:
        w = rng.normal(size=shape)
        call = student.call("l1_penalty", w)
        check.number(
            call.value,
            ref.losses.l1_penalty(w),
            what="l1_penalty(w)",
            input=text(en=f"w of shape {shape}", ko=f"shape이 {shape}인 w"),
        )
        check.unchanged(call, what="l1_penalty", arg_names=["w"])


@task("penalties", points=0.5)
def test_l2_penalty_is_the_sum_of_squares(student, ref, rng):
    for shape in SHAPES:
        w = rng.normal(size=shape)
        call = student.call("l2_penalty", w)
        check.number(
            call.value,
            ref.losses.l2_penalty(w),
            what="l2_penalty(w)",
            input=text(en=f"w of shape {shape}", ko=f"shape이 {shape}인 w"),
        )
        check.unchanged(call, what="l2_penalty", arg_names=["w"])
