"""bowl: Z = X² + Y² on the lecture's meshgrid and on random arrays."""

import numpy as np

from nngrade.testing import check, task


@task("bowl", points=1)
def test_bowl_is_x_squared_plus_y_squared(student, ref, rng):
    grid = np.arange(-5, 5, 0.5)
    X, Y = np.meshgrid(grid, grid)  # the lecture's grid
    check.close(
        student.bowl(X, Y),
        ref.optim.bowl_loss(X, Y),
        what="bowl(X, Y)",
        input="the lecture's meshgrid",
    )
    X, Y = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    call = student.call("bowl", X, Y)
    check.close(
        call.value, ref.optim.bowl_loss(X, Y), what="bowl(X, Y)", input="random (3, 4) arrays"
    )
    check.unchanged(call, what="bowl", arg_names=["X", "Y"])
