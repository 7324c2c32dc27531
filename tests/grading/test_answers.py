"""How the grading core maps the template's call onto the student's function (issue 13)."""

from __future__ import annotations

from nngrade.answers import near_misses, plan_call
from nngrade.assignment import FunctionSpec

PREDICT = FunctionSpec("predict", params=("x", "W1", "B1", "W2", "B2"))
FIT = FunctionSpec(
    "fit", params=("X", "T", "W1", "B1", "W2", "B2", "learning_rate", "epochs"), epochs="epochs"
)


def sig(*params, defaults=0, varargs=False, reads=()):
    return {
        "params": list(params),
        "kwonly": [],
        "defaults": defaults,
        "varargs": varargs,
        "varkw": False,
        "lambda": False,
        "reads": list(reads),
        "writes": [],
    }


def test_the_template_signature_is_called_as_it_is_whatever_the_spelling():
    assert plan_call(PREDICT, sig("x", "W1", "B1", "W2", "B2"), set()) is None
    assert plan_call(PREDICT, sig("inputs", "w1", "b1", "w2", "b2"), set()) is None
    assert plan_call(PREDICT, sig("x", "W1", "B1", "W2", "B2", varargs=True), set()) is None


def test_the_lectures_predict_gets_the_weights_as_globals():
    plan = plan_call(PREDICT, sig("x"), {"W1", "B1", "W2", "B2", "actf", "np"})
    assert plan.keywords == (("x", 0),)
    assert dict(plan.globals) == {"W1": 1, "B1": 2, "W2": 3, "B2": 4}
    assert not plan.missing and not plan.reordered and plan.epochs is None


def test_the_lectures_fit_gets_data_and_weights_as_globals_and_its_epochs_capped():
    reads = {"X", "T", "W1", "B1", "W2", "B2", "learning_rate", "predict", "range"}
    plan = plan_call(FIT, sig(), reads)
    assert dict(plan.globals) == {n: i for i, n in enumerate(FIT.params[:7])}
    assert plan.epochs == 7 and not plan.missing


def test_a_weight_the_global_style_never_reads_is_set_all_the_same_and_noted():
    plan = plan_call(PREDICT, sig("x"), {"W1", "W2", "B2"})  # the forgotten bias
    assert ("B1", 2) in plan.globals and plan.unread == (2,) and not plan.missing


def test_arguments_in_another_order_are_matched_by_name_and_said():
    plan = plan_call(PREDICT, sig("X", "W1", "W2", "b1", "b2"), set())
    assert dict(plan.keywords) == {"X": 0, "W1": 1, "W2": 3, "b1": 2, "b2": 4}
    assert plan.reordered


def test_a_synonym_and_a_leftover_name_take_their_template_places():
    plan = plan_call(FIT, sig("X", "T", "W1", "B1", "W2", "B2", "lr", "n"), set())
    assert plan is None  # lr is learning_rate, n takes epochs: the template's order
    plan = plan_call(FIT, sig("X", "T", "W1", "B1", "W2", "B2", "n", "lr"), set())
    assert dict(plan.keywords)["lr"] == 6 and dict(plan.keywords)["n"] == 7 and plan.reordered


def test_what_can_be_placed_nowhere_is_missing():
    plan = plan_call(PREDICT, sig("x"), {"weights", "np"})
    assert plan.missing == (1, 2, 3, 4)


def test_near_misses_are_misspellings_not_other_functions():
    functions = ["step_function", "Sigmoid", "gradient", "relu_fn", "predikt"]
    assert near_misses("step", functions) == ["step_function"]
    assert near_misses("sigmoid", functions) == ["Sigmoid"]
    assert near_misses("relu", functions) == ["relu_fn"]
    assert near_misses("predict", functions) == ["predikt"]
    assert near_misses("gradient_descent", functions) == []


def test_a_leftover_parameter_comes_before_a_global_of_a_similar_name():
    spec = FunctionSpec("backprop_step", params=("x", "t", "W1", "B1", "W2", "B2", "learning_rate"))
    plan = plan_call(spec, sig("x", "y", "W1", "B1", "W2", "B2", "lr"), {"T", "np"})
    assert plan is None  # y takes t, as a positional call would; the global T is left alone


def test_a_parameter_with_a_default_keeps_it():
    plan = plan_call(
        FIT, sig("verbose", defaults=1), {"X", "T", "W1", "B1", "W2", "B2", "learning_rate"}
    )
    assert ("verbose", 0) not in plan.keywords and dict(plan.globals)["X"] == 0


# -- issue 21: every lab's signatures, students' own names, classes ---------------------------

AND = FunctionSpec("AND", params=("x1", "x2"), one_array=True)
SOFTMAX = FunctionSpec("softmax", params=("x", "axis"), axis="axis")
GD = FunctionSpec(
    "gradient_descent",
    params=("gradient", "x0", "learning_rate", "max_iterations"),
    epochs="max_iterations",
)


def test_a_one_array_gate_takes_the_template_arguments_as_one_array():
    assert plan_call(AND, sig("x"), set()).packed == "x"
    assert plan_call(AND, sig("inputs", "w", "b", defaults=2), set()).packed == "inputs"
    assert plan_call(AND, sig("x1", "x2"), set()) is None  # the template's own form
    assert plan_call(AND, sig("a", "b"), set()) is None  # two inputs, in order
    undeclared = FunctionSpec("AND", params=("x1", "x2"))
    assert plan_call(undeclared, sig("x"), set()).missing == (1,)


def test_a_softmax_without_axis_is_given_the_tests_axis_as_its_last():
    plan = plan_call(SOFTMAX, sig("x"), set())
    assert plan.axis == 1 and plan.keywords == (("x", 0),) and not plan.missing
    assert plan_call(SOFTMAX, sig("x", "axis", defaults=1), set()) is None
    assert plan_call(FunctionSpec("softmax", params=("x", "axis")), sig("x"), set()).missing


def test_the_lectures_gradient_descent_of_learning_rate_reads_the_rest_as_globals():
    plan = plan_call(GD, sig("learning_rate"), {"x", "gradient", "max_iterations", "print"})
    assert plan.keywords == (("learning_rate", 2),)
    assert dict(plan.globals) == {"gradient": 0, "x": 1, "max_iterations": 3}
    hard_coded = plan_call(GD, sig("lr"), {"x", "gradient"})
    assert hard_coded.keywords == (("lr", 2),) and hard_coded.epochs == 3


def test_a_methods_attributes_of_self_take_the_place_of_globals():
    plan = plan_call(PREDICT, sig("x"), {"self.W1", "self.b1", "self.W2", "self.b2", "sigmoid"})
    assert dict(plan.globals) == {"self.W1": 1, "self.b1": 2, "self.W2": 3, "self.b2": 4}


def test_near_miss_hints_never_point_one_function_at_another():
    assert near_misses("NAND", ["AND", "OR"], {"AND", "OR", "XOR"}) == []
    assert near_misses("elu", ["relu"], {"relu", "leaky_relu", "step"}) == []
    others = {"mean_squared_error", "root_mean_squared_error_sklearn"}
    assert near_misses("root_mean_squared_error", ["mean_squeared_error"], others) == []
    assert near_misses(
        "mean_squared_error", ["mean_squeared_error"], {"root_mean_squared_error"}
    ) == ["mean_squeared_error"]
    assert near_misses("sigmoid", ["Sigmoid"], {"step"}) == ["Sigmoid"]


def test_an_assignment_declares_spellings_one_array_axis_and_returns(tmp_path):
    import pytest

    from nngrade.assignment import load_assignment
    from nngrade.errors import UsageError

    toml = tmp_path / "assignment.toml"
    head = 'id = "a"\n[[tasks]]\nname = "t"\npoints = 1\n'
    toml.write_text(
        head + '[functions.AND]\nparams = ["x1", "x2"]\none_array = true\n'
        'spellings = ["and_gate"]\nreturns = ["y"]\n'
        '[functions.softmax]\nparams = ["x", "axis"]\naxis = "axis"\n',
        encoding="utf-8",
    )
    functions = load_assignment(tmp_path).functions
    assert functions["AND"].one_array and functions["AND"].spellings == ("and_gate",)
    assert functions["AND"].returns == ("y",) and functions["softmax"].axis == "axis"
    toml.write_text(head + '[functions.f]\nparams = ["x"]\naxis = "dim"\n', encoding="utf-8")
    with pytest.raises(UsageError, match="axis = 'dim' is not one of its params"):
        load_assignment(tmp_path)
