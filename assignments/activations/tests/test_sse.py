"""sse: chapter 6's E = ½ Σ (y − t)², a sum, not a mean."""

import numpy as np

from nngrade.testing import check, task, text


@task("sse", points=1)
def test_half_sse_gives_the_lecture_number_and_sums(student, ref, rng):
    got = student.half_sse(np.array([[0.709383]]), np.array([[0.0]]))
    check.number(
        got, 0.251612, what="half_sse(y, t)", rtol=1e-6, input="y = [[0.709383]], t = [[0]]"
    )
    for shape in [(4, 1), (5, 3), (7,)]:
        y, t = rng.random(shape), rng.random(shape)
        call = student.call("half_sse", y, t)
        check.number(
            call.value,
            ref.losses.half_sse(y, t),
            what="half_sse(y, t)",
            input=text(en=f"shape {shape}", ko=f"shape이 {shape}인 y와 t"),
        )
        check.unchanged(call, what="half_sse", arg_names=["y", "t"])
