"""Every worked number printed in the lecture notes (shared/seeds), checked against the oracles.

Each value must agree with the seed to every digit it prints. Chapter 6's hand
calculation sometimes cuts a value to six decimals instead of rounding it (0.892389,
0.206158, 0.076775), and seed 000 multiplies already-rounded numbers (0.975, 0.888,
1.254); those tests say so and check the digits the way the seed got them.
"""

from __future__ import annotations

import numpy as np
import pytest

from nngrade.reference import activations, losses, mlp, optim, perceptron, regression


def digits(value: float, printed: float, places: int) -> bool:
    """True when ``value`` rounds to ``printed`` at ``places`` decimals."""
    return round(float(value), places) == printed


def truncate(value: float, places: int) -> float:
    """Cut to ``places`` decimals, as the seed's hand calculation does for some values."""
    return float(np.trunc(value * 10**places) / 10**places)


# ----------------------------------------------------------- seed 001: forward pass by hand

SAMPLE_00 = np.array([[0, 0]])
TARGET_0 = np.array([[0]])


def test_forward_pass_hidden_outputs_match_seed_hand_calculation():
    _, layer1, _ = mlp.predict(SAMPLE_00, *mlp.seed_params())
    assert digits(layer1[0, 0], 0.524979, 6)  # a1 = σ(0.1)
    assert digits(layer1[0, 1], 0.549834, 6)  # a2 = σ(0.2)


def test_forward_pass_output_net_and_activation_match_seed():
    W1, B1, W2, B2 = mlp.seed_params()
    _, layer1, layer2 = mlp.predict(SAMPLE_00, W1, B1, W2, B2)
    z_y = (layer1 @ W2 + B2)[0, 0]
    # z_y = 0.89238999...: the seed cuts it to 0.892389 (rounding would give 0.892390).
    assert truncate(z_y, 6) == 0.892389
    assert digits(z_y, 0.89239, 5)  # the backprop slide prints net_y = 0.89239
    assert digits(layer2[0, 0], 0.709383, 6)


def test_untrained_predictions_match_seed_listing():
    W1, B1, W2, B2 = mlp.seed_params()
    printed = [0.70938314, 0.72844306, 0.71791234, 0.73598705]
    for x, want in zip(mlp.SEED_X, printed, strict=True):
        _, _, layer2 = mlp.predict(np.reshape(x, (1, -1)), W1, B1, W2, B2)
        assert layer2.shape == (1, 1)
        assert digits(layer2[0, 0], want, 8)


def test_untrained_predictions_for_whole_batch_equal_per_sample():
    _, _, batch = mlp.predict(mlp.SEED_X, *mlp.seed_params())
    assert np.allclose(batch.ravel(), [0.70938314, 0.72844306, 0.71791234, 0.73598705], atol=5e-9)


def test_initial_loss_is_0_251612():
    _, _, layer2 = mlp.predict(SAMPLE_00, *mlp.seed_params())
    assert digits(mlp.loss(layer2, TARGET_0), 0.251612, 6)
    assert digits(losses.half_sse(0.709383, 0.0), 0.251612, 6)


# ---------------------------------------------------------- seed 001: backprop by hand


def test_sigmoid_derivative_at_output_matches_seed_digits():
    # Exact: 0.70938314 * (1 - 0.70938314) = 0.2061587...; the seed prints it cut to
    # six decimals, 0.206158 (rounding would give 0.206159).
    _, _, layer2 = mlp.predict(SAMPLE_00, *mlp.seed_params())
    derivative = activations.sigmoid_deriv(layer2[0, 0])
    assert truncate(derivative, 6) == 0.206158
    assert truncate(activations.sigmoid_deriv(0.709383), 6) == 0.206158


def test_dE_dw5_matches_seed_digits():
    dW1, dB1, dW2, dB2 = mlp.gradients(SAMPLE_00, TARGET_0, *mlp.seed_params())
    # Exact 0.0767758...; the seed prints 0.076775 (cut, not rounded), and its own
    # product of the printed factors gives the same digits.
    assert truncate(dW2[0, 0], 6) == 0.076775
    assert truncate(0.709383 * 0.206158 * 0.524979, 6) == 0.076775


def test_w5_after_one_step_is_0_484645():
    _, _, W2, _ = mlp.backprop_step(SAMPLE_00, TARGET_0, *mlp.seed_params(), learning_rate=0.2)
    assert digits(W2[0, 0], 0.484645, 6)  # exact 0.4846448...
    seed_arithmetic = 0.5 - 0.2 * 0.076775  # from the seed's printed (cut) gradient
    assert abs(seed_arithmetic - 0.484645) < 1e-15


def test_one_full_backprop_step_updates_all_weights_as_seed():
    # The seed's "E after one step" (out_y 0.699553, E 0.244687) is reached only when all
    # of W1, B1, W2, B2 are updated on the sample (0, 0); updating w5 alone gives 0.7059.
    params = mlp.backprop_step(SAMPLE_00, TARGET_0, *mlp.seed_params(), learning_rate=0.2)
    _, _, layer2 = mlp.predict(SAMPLE_00, *params)
    assert digits(layer2[0, 0], 0.699553, 6)
    assert digits(mlp.loss(layer2, TARGET_0), 0.244687, 6)


# --------------------------------------------------------- seed 001: training listings


def test_fit_from_seed_start_learns_xor():
    W1, B1, W2, B2 = mlp.fit(mlp.SEED_X, mlp.SEED_T_XOR, *mlp.seed_params(), 0.2, 10_000)
    _, _, out = mlp.predict(mlp.SEED_X, W1, B1, W2, B2)
    assert np.array_equal(np.round(out), mlp.SEED_T_XOR)
    assert mlp.loss(out, mlp.SEED_T_XOR) < 0.05


@pytest.mark.slow
def test_fit_xnor_90000_epochs_reproduces_seed_printout():
    params = mlp.fit(mlp.SEED_X, mlp.SEED_T_XNOR, *mlp.seed_params(), 0.2, 90_000)
    printed = [0.99196032, 0.00835708, 0.00836107, 0.98974873]
    for x, want in zip(mlp.SEED_X, printed, strict=True):
        _, _, layer2 = mlp.predict(np.reshape(x, (1, -1)), *params)
        assert digits(layer2[0, 0], want, 8)


# ------------------------------------------------------ seed 001: gradient descent lab


def test_gradient_descent_trajectory_matches_seed_floats_exactly():
    xs = optim.gradient_descent(
        optim.seed_gradient, optim.SEED_X0, optim.SEED_LEARNING_RATE, optim.SEED_MAX_ITERATIONS
    )
    assert len(xs) == 100
    # The first step is x = 7.2 (the seed's listing starts at its 2nd line); these are the
    # exact floats Python prints for the seed's loop.
    assert xs[:5] == [7.199999999999999, 5.52, 4.512, 3.9071999999999996, 3.54432]
    assert xs[-1] == 3.0000000000000004


def test_gradient_descent_losses_match_seed_printout():
    xs = optim.gradient_descent(optim.seed_gradient, 10, 0.2, 100)
    assert [optim.seed_loss(x) for x in xs[1:5]] == [
        16.350399999999997,
        12.286143999999998,
        10.82301184,
        10.2962842624,
    ]
    assert optim.seed_loss(xs[-1]) == 10.0


def test_bowl_quiver_field_is_negative_gradient_on_seed_grid():
    X, Y = np.meshgrid(np.arange(-5, 5, 0.5), np.arange(-5, 5, 0.5))
    U, V = optim.bowl_gradient_field(X, Y)
    assert np.array_equal(U, -2 * X) and np.array_equal(V, -2 * Y)
    assert U[0, 0] == 10.0 and V[0, 0] == 10.0  # at (-5, -5) the arrow points to (0, 0)


# ------------------------------------------------------ seed 000: 3-layer W·x example


def test_three_layer_forward_matches_seed():
    (X_hidden, O_hidden), (X_output, _) = mlp.forward_wx(
        [mlp.SEED000_W_INPUT_HIDDEN, mlp.SEED000_W_HIDDEN_OUTPUT], mlp.SEED000_INPUT
    )
    assert np.allclose(X_hidden, [1.16, 0.42, 0.62], atol=1e-12)
    assert np.array_equal(np.round(O_hidden, 3), [0.761, 0.603, 0.650])
    assert digits(np.exp(-X_hidden[0]), 0.3135, 4)  # "e^(-x) = 0.3135"
    # The slide multiplies by the *rounded* O_hidden and truncates: 0.975, 0.888, 1.254.
    from_rounded = mlp.SEED000_W_HIDDEN_OUTPUT @ np.round(O_hidden, 3)
    assert np.array_equal(np.floor(from_rounded * 1000) / 1000, [0.975, 0.888, 1.254])
    # The exact values are within 2e-3 of the slide's.
    assert np.allclose(X_output, [0.975, 0.888, 1.254], atol=2e-3)
    assert np.array_equal(np.round(X_output, 3), [0.976, 0.889, 1.255])


# ------------------------------------------------------ seeds 000, 004: perceptrons


def test_and_gate_table():
    assert perceptron.truth_table(perceptron.and_gate) == [
        (0, 0, 0),
        (0, 1, 0),
        (1, 0, 0),
        (1, 1, 1),
    ]


def test_or_gate_table():
    assert perceptron.truth_table(perceptron.or_gate) == [
        (0, 0, 0),
        (0, 1, 1),
        (1, 0, 1),
        (1, 1, 1),
    ]


def test_nand_gate_table():
    assert perceptron.truth_table(perceptron.nand_gate) == [
        (0, 0, 1),
        (0, 1, 1),
        (1, 0, 1),
        (1, 1, 0),
    ]


def test_xor_gate_table():
    assert perceptron.truth_table(perceptron.xor_gate) == [
        (0, 0, 0),
        (0, 1, 1),
        (1, 0, 1),
        (1, 1, 0),
    ]


def test_seed_004_gate_sums_against_thresholds():
    # "0*0.5 + 0.5*1 < 0.7" and "1*0.5 + 0.5*1 > 0.7" (AND); "0*0.5 + 0.5*1 > 0.2" (OR)
    assert perceptron.gate(0, 1, 0.5, 0.5, 0.7) == 0
    assert perceptron.gate(1, 1, 0.5, 0.5, 0.7) == 1
    assert perceptron.gate(0, 1, 0.5, 0.5, 0.2) == 1


def test_xor_by_hand_network_table_matches_seed():
    assert perceptron.xor_network_table() == [
        (0, 0, 0, 1, 0),
        (0, 1, 0, 0, 1),
        (1, 0, 0, 0, 1),
        (1, 1, 1, 0, 0),
    ]


def test_xor_by_hand_network_net_inputs_match_seed():
    # Seed: (0,0): -8 and 3, then -11*1 + 6 = -5; (1,1): 2 and -11, then -11 + 6 = -5.
    hidden_net = np.array([[0, 0], [1, 1]]) @ perceptron.XOR_HIDDEN_W + perceptron.XOR_HIDDEN_B
    assert hidden_net.tolist() == [[-8, 3], [2, -11]]
    output_net = np.array([[0, 1], [1, 0]]) @ perceptron.XOR_OUTPUT_W + perceptron.XOR_OUTPUT_B
    assert output_net.ravel().tolist() == [-5, -5]


def test_perceptron_example_outing_decision():
    # Seed 004: x = (1, 1), w = (-5, 6): y = 1; with bias -2, y = -1 < 0, so no outing.
    assert perceptron.gate(1, 1, -5, 6, 2) == 0  # -5 + 6 - 2 > 0 is false
    assert perceptron.gate(1, 1, -5, 6, 0) == 1


@pytest.mark.parametrize(
    ("sizes", "count"),
    [
        ((3, 4, 2), 26),
        ((3, 4, 4, 1), 41),
        ((784, 300, 100, 10), 266_610),
        ((784, 512, 10), 407_050),
        ((2, 2, 1), 9),
    ],
)
def test_dense_parameter_count_matches_seeds(sizes, count):
    assert perceptron.dense_parameter_count(sizes) == count


def test_fashion_summary_per_layer_counts():
    # model.summary(): 235500, 30100, 1010
    assert perceptron.dense_parameter_count((784, 300)) == 235_500
    assert perceptron.dense_parameter_count((300, 100)) == 30_100
    assert perceptron.dense_parameter_count((100, 10)) == 1_010


# ---------------------------------------------------------- seed 002: linear regression


def test_regression_on_heights_matches_sklearn_printout():
    slope, intercept = regression.fit_normal_equation(regression.HEIGHTS, regression.WEIGHTS)
    assert digits(slope, 0.82021132, 8)
    assert abs(intercept - (-68.0248807089298)) < 1e-9
    fitted = regression.predict(regression.HEIGHTS, slope, intercept)
    assert abs(regression.r2_score(regression.WEIGHTS, fitted) - 0.9812769231994423) < 1e-12
    assert digits(regression.predict(178, slope, intercept), 77.97273347, 8)


def test_regression_with_2d_input_returns_coefficient_array_like_sklearn():
    coef, intercept = regression.fit_normal_equation(
        regression.HEIGHTS.reshape(-1, 1), regression.WEIGHTS
    )
    assert coef.shape == (1,)
    assert digits(coef[0], 0.82021132, 8)
    prediction = regression.predict([[178]], coef, intercept)
    assert prediction.shape == (1,) and digits(prediction[0], 77.97273347, 8)


def test_regression_by_gradient_descent_reaches_seed_fit():
    slope, intercept = regression.fit_gradient_descent(regression.HEIGHTS, regression.WEIGHTS)
    assert digits(slope, 0.82021132, 8)
    assert digits(intercept, -68.0248807, 7)


def test_regression_lab_data_fit():
    slope, intercept = regression.fit_normal_equation(regression.LAB_X, regression.LAB_Y)
    # By hand: x̄ = 3, ȳ = 2.14, Sxy = Σ(x - x̄)(y - ȳ) = 4.4, Sxx = 10, so slope 0.44
    # and intercept ȳ - slope·x̄ = 0.82.
    assert slope == pytest.approx(0.44, abs=1e-12)
    assert intercept == pytest.approx(0.82, abs=1e-12)
