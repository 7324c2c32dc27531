"""bowl: Z = X² + Y² on the lecture's meshgrid and on random arrays."""

import numpy as np

from nngrade.testing import check, task, text


@task("bowl", points=1)
def test_bowl_is_x_squared_plus_y_squared(student, ref, rng):
    values = student.values("bowl")
    if values is not None:  # the lecture's top-level `Z = X**2 + Y**2` (issue 21)
        check.close(
            values["Z"],
            ref.optim.bowl_loss(values["X"], values["Y"]),
            what="Z",
            input=text(en="your meshgrid X, Y", ko="코드의 meshgrid X, Y"),
        )
        return
    grid = np.arange(-5, 5, 0.5)
    X, Y = np.meshgrid(grid, grid)  # the lecture's grid
    check.close(
        student.bowl(X, Y),
        ref.optim.bowl_loss(X, Y),
        what="bowl(X, Y)",
        input=text(en="the lecture's meshgrid", ko="강의의 meshgrid"),
    )
    X, Y = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    call = student.call("bowl", X, Y)
    check.close(
        call.value,
        ref.optim.bowl_loss(X, Y),
        what="bowl(X, Y)",
        input=text(en="random (3, 4) arrays", ko="임의의 (3, 4) 배열"),
    )
    check.unchanged(call, what="bowl", arg_names=["X", "Y"])
