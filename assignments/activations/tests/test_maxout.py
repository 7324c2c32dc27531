"""maxout: max_i (w_i·x + b_i) over k linear pieces, for one sample or a batch (seed 000)."""

from nngrade.testing import check, task, text


@task("maxout", points=1)
def test_maxout_for_one_sample_and_for_a_batch(student, ref, rng):
    for k, d in [(2, 3), (3, 4)]:
        W, b = rng.normal(size=(k, d)), rng.normal(size=k)
        x = rng.normal(size=d)
        check.number(
            student.maxout(x, W, b),
            ref.activations.maxout(x, W, b),
            what="maxout(x, W, b)",
            input=text(
                en=f"x of shape ({d},), W of shape ({k}, {d})",
                ko=f"shape이 ({d},)인 x, shape이 ({k}, {d})인 W",
            ),
        )
        X = rng.normal(size=(5, d))
        call = student.call("maxout", X, W, b)
        check.close(
            call.value,
            ref.activations.maxout(X, W, b),
            what="maxout(x, W, b)",
            input=text(
                en=f"x of shape (5, {d}), W of shape ({k}, {d})",
                ko=f"shape이 (5, {d})인 x, shape이 ({k}, {d})인 W",
            ),
        )
        check.unchanged(call, what="maxout", arg_names=["x", "W", "b"])
