"""loss: E = ½ Σ (y − t)², one number."""

import numpy as np

from nngrade.testing import check, task, text


@task("loss", points=0.25)
def test_loss_gives_the_lecture_number(student):
    got = student.loss(np.array([[0.709383]]), np.array([[0.0]]))
    check.number(got, 0.251612, what="loss(y, t)", rtol=1e-6, input="y = 0.709383, t = 0")


@task("loss", points=0.25)
def test_loss_is_half_the_sum_of_squares(student, ref, rng):
    for shape in [(4, 1), (5, 3), (7,)]:
        y, t = rng.random(shape), rng.random(shape)
        call = student.call("loss", y, t)
        check.number(
            call.value,
            ref.losses.half_sse(y, t),
            what="loss(y, t)",
            input=text(en=f"shape {shape}", ko=f"shape이 {shape}인 y와 t"),
        )
        check.unchanged(call, what="loss", arg_names=["y", "t"])
