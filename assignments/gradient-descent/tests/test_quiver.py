"""quiver: the negative gradient (U, V) = (−2X, −2Y) of X² + Y²; the arrows point to (0, 0)."""

import numpy as np

from nngrade.testing import check, task, text


@task("quiver", points=1)
def test_negative_gradient_points_downhill(student, ref, rng):
    values = student.values("negative_gradient")
    if values is not None:  # the lecture's top-level `U = -2*X`, `V = -2*Y` (issue 21)
        U, V = ref.optim.bowl_gradient_field(values["X"], values["Y"])
        shown = text(en="your meshgrid X, Y", ko="코드의 meshgrid X, Y")
        check.close(values["U"], U, what="U", input=shown)
        check.close(values["V"], V, what="V", input=shown)
        return
    grid = np.arange(-5, 5, 0.5)
    cases = [
        (np.meshgrid(grid, grid), text(en="the lecture's meshgrid", ko="강의의 meshgrid")),
        (
            (rng.normal(size=(3, 4)), rng.normal(size=(3, 4))),
            text(en="random (3, 4) arrays", ko="임의의 (3, 4) 배열"),
        ),
    ]
    for (X, Y), shown in cases:
        call = student.call("negative_gradient", X, Y)
        got = check.parts(call.value, 2, what="negative_gradient(X, Y)")
        U, V = ref.optim.bowl_gradient_field(X, Y)
        check.close(
            got[0],
            U,
            what=text(en="U of negative_gradient(X, Y)", ko="negative_gradient(X, Y)의 U"),
            input=shown,
        )
        check.close(
            got[1],
            V,
            what=text(en="V of negative_gradient(X, Y)", ko="negative_gradient(X, Y)의 V"),
            input=shown,
        )
        check.unchanged(call, what="negative_gradient", arg_names=["X", "Y"])
