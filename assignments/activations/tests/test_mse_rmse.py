"""mse_rmse: MSE and RMSE without a library, and RMSE with one (seed 003). Only values are graded."""

import numpy as np

from nngrade.testing import check, task, text

# Seed 003's example: MSE 0.375.
Y_TRUE = [3, -0.5, 2, 7]
Y_PRED = [2.5, 0.0, 2, 8]


def random_pairs(rng):
    for n in (5, 12):
        yield rng.normal(scale=3.0, size=n), rng.normal(scale=3.0, size=n)


def check_loss(student, name, want_fn, rng):
    check.number(
        getattr(student, name)(Y_TRUE, Y_PRED),
        want_fn(Y_TRUE, Y_PRED),
        what=f"{name}(y_true, y_pred)",
        input=text(
            en="the lecture's y_true = [3, -0.5, 2, 7], y_pred = [2.5, 0.0, 2, 8]",
            ko="강의 예제의 y_true = [3, -0.5, 2, 7], y_pred = [2.5, 0.0, 2, 8]",
        ),
    )
    for y_true, y_pred in random_pairs(rng):
        call = student.call(name, y_true, y_pred)
        check.number(
            call.value,
            want_fn(y_true, y_pred),
            what=f"{name}(y_true, y_pred)",
            input=text(en=f"arrays of {len(y_true)}", ko=f"길이가 {len(y_true)}인 배열"),
        )
        check.unchanged(call, what=name, arg_names=["y_true", "y_pred"])


@task("mse_rmse", points=0.5)
def test_mean_squared_error_gives_0_375_for_the_lecture_example(student, ref, rng):
    check.number(
        student.mean_squared_error(Y_TRUE, Y_PRED), 0.375, what="mean_squared_error(y_true, y_pred)"
    )
    check_loss(student, "mean_squared_error", ref.losses.mse, rng)


@task("mse_rmse", points=0.5)
def test_root_mean_squared_error_without_a_library(student, ref, rng):
    check_loss(student, "root_mean_squared_error", ref.losses.rmse, rng)


@task("mse_rmse", points=0.5)
def test_root_mean_squared_error_with_a_library(student, ref, rng):
    check.number(
        student.root_mean_squared_error_sklearn(Y_TRUE, Y_PRED),
        float(np.sqrt(0.375)),
        what="root_mean_squared_error_sklearn(y_true, y_pred)",
    )
    check_loss(student, "root_mean_squared_error_sklearn", ref.losses.rmse, rng)
