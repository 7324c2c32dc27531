"""quiver: the negative gradient (U, V) = (−2X, −2Y) of X² + Y²; the arrows point to (0, 0)."""

import numpy as np

from nngrade.testing import check, task


@task("quiver", points=1)
def test_negative_gradient_points_downhill(student, ref, rng):
    grid = np.arange(-5, 5, 0.5)
    cases = [
        (np.meshgrid(grid, grid), "the lecture's meshgrid"),
        ((rng.normal(size=(3, 4)), rng.normal(size=(3, 4))), "random (3, 4) arrays"),
    ]
    for (X, Y), shown in cases:
        call = student.call("negative_gradient", X, Y)
        got = check.parts(call.value, 2, what="negative_gradient(X, Y)")
        U, V = ref.optim.bowl_gradient_field(X, Y)
        check.close(got[0], U, what="U of negative_gradient(X, Y)", input=shown)
        check.close(got[1], V, what="V of negative_gradient(X, Y)", input=shown)
        check.unchanged(call, what="negative_gradient", arg_names=["X", "Y"])
