"""A class of hw6 notebooks for the similarity report: 48 honest students and planted copies.

Honest students do what a class does with chapter 6 (seed 001): they type the lecture's code
into the template (`assignments/hw6/lecture/lecture6.py` is that code, the assignment's
`--base` file) and adapt it to the template's signatures, each in their own way: one of the
usual ways to write each function (`np.maximum(x, 0)` or `np.where(...)`, the lecture's
`W2 += -learning_rate*...` or `W2 = W2 - ...`, a loss history or not, ...), the lecture's
comments or none, and one to three cells of their own experiments (a loss curve, learning
rates compared, a decision boundary, a gradient check, ...) whose lines vary too. Everything is
drawn from one seeded `random.Random`, so the class is the same on every machine.

Plants copy an honest student's notebook and disguise it the way copiers do:

* `renamed`: every variable and helper renamed;
* `reordered`: the function cells in another order, the four activations in reverse;
* `recommented`: comments removed or reworded in Korean, blank lines added;
* `junk`: five cells of unrelated code and notes inserted between the cells;
* `disguised`: all of the above at once.
"""

from __future__ import annotations

import copy
import json
import random
import re
from pathlib import Path

from tests.helpers import HW6

LECTURE = HW6 / "lecture" / "lecture6.py"
LECTURE_CELLS: list[str] = []  # filled below, from LECTURE
HONEST = 48
PLANTS = {  # plant -> (the honest student copied, disguise)
    "copy-renamed": ("s07", "renamed"),
    "copy-reordered": ("s15", "reordered"),
    "copy-recommented": ("s23", "recommented"),
    "copy-junk": ("s31", "junk"),
    "copy-disguised": ("s40", "disguised"),
}

# -- the ways to write each function (cell index of the template -> choices) ------------------

STEP = [
    "    result = x > 0.000001  # True 또는 False\n    return result.astype(int)  # 정수로 반환",
    "    result = np.asarray(x) > 0\n    return result.astype(int)",
    "    return np.where(np.asarray(x) > 0, 1, 0)",
    "    return np.array(np.asarray(x) > 0, dtype=int)",
    "    x = np.asarray(x)\n    out = np.zeros_like(x, dtype=int)\n    out[x > 0] = 1\n    return out",
]
SIGMOID = [
    "    return 1.0 / (1.0 + np.exp(-x))",
    "    return 1/(1+np.exp(-x))",
    "    x = np.asarray(x, dtype=float)\n    return 1.0 / (1.0 + np.exp(-x))",
]
TANH = [
    "    return np.tanh(x)",
    "    return 2 / (1 + np.exp(-2 * x)) - 1",
    "    return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))",
    "    return 2 * sigmoid(2 * x) - 1",
]
RELU = [
    "    return np.maximum(x, 0)",
    "    return np.maximum(0, x)",
    "    return np.where(np.asarray(x) > 0, x, 0)",
    "    x = np.asarray(x)\n    return x * (x > 0)",
]
DERIV = [
    "    return out * (1 - out)",
    "    return out*(1-out)  # 시그모이드 함수의 미분치",
    "    return out - out ** 2",
]
PREDICT = [
    "    layer0 = x  # 입력을 layer0에 대입한다.\n    Z1 = np.dot(layer0, W1) + B1  # 행렬의 곱을 계산한다.\n"
    "    layer1 = sigmoid(Z1)  # 활성화 함수를 적용한다.\n    Z2 = np.dot(layer1, W2) + B2\n"
    "    layer2 = sigmoid(Z2)\n    return layer0, layer1, layer2",
    "    layer0 = x\n    layer1 = sigmoid(np.dot(layer0, W1) + B1)\n"
    "    layer2 = sigmoid(np.dot(layer1, W2) + B2)\n    return layer0, layer1, layer2",
    "    layer1 = sigmoid(x @ W1 + B1)\n    layer2 = sigmoid(layer1 @ W2 + B2)\n    return x, layer1, layer2",
]
LOSS = [
    "    return 0.5 * np.sum((y - t) ** 2)",
    "    return np.sum((y - t) ** 2) / 2",
    "    return float(0.5 * np.sum(np.square(np.asarray(y) - np.asarray(t))))",
    "    total = 0.0\n    for a, b in zip(np.ravel(y), np.ravel(t)):\n        total += (a - b) ** 2\n"
    "    return 0.5 * total",
]
DESCENT = [
    "    x = x0\n    history = []\n    for i in range(max_iterations):\n"
    "        x = x - learning_rate * gradient(x)\n        history.append(x)\n    return history",
    "    xs = []\n    x = x0\n    for _ in range(max_iterations):\n        x -= learning_rate * gradient(x)\n"
    "        xs.append(x)\n    return xs",
    "    x = x0\n    result = []\n    i = 0\n    while i < max_iterations:\n"
    "        x = x - learning_rate * gradient(x)\n        result.append(x)\n        i += 1\n    return result",
]
BACKPROP = [
    # the lecture's fit() body, with `W = W - ...` so that the caller's arrays stay as they were
    "    layer0, layer1, layer2 = predict(x, W1, B1, W2, B2)  # 순방향 계산\n"
    "    layer2_error = layer2 - t  # 오차 계산\n"
    "    layer2_delta = layer2_error * sigmoid_deriv(layer2)  # 출력층의 델타 계산\n"
    "    layer1_error = np.dot(layer2_delta, W2.T)  # 은닉층의 오차 계산\n"
    "    layer1_delta = layer1_error * sigmoid_deriv(layer1)  # 은닉층의 델타 계산\n"
    "    W2 = W2 - learning_rate * np.dot(layer1.T, layer2_delta)\n"
    "    W1 = W1 - learning_rate * np.dot(layer0.T, layer1_delta)\n"
    "    B2 = B2 - learning_rate * np.sum(layer2_delta, axis=0)\n"
    "    B1 = B1 - learning_rate * np.sum(layer1_delta, axis=0)\n"
    "    return W1, B1, W2, B2",
    # the lecture's lines as they are, on copies
    "    W1, B1, W2, B2 = W1.copy(), B1.copy(), W2.copy(), B2.copy()\n"
    "    layer0, layer1, layer2 = predict(x, W1, B1, W2, B2)\n"
    "    layer2_error = layer2-t\n"
    "    layer2_delta = layer2_error*sigmoid_deriv(layer2)\n"
    "    layer1_error = np.dot(layer2_delta, W2.T)\n"
    "    layer1_delta = layer1_error*sigmoid_deriv(layer1)\n"
    "    W2 += -learning_rate*np.dot(layer1.T, layer2_delta)\n"
    "    W1 += -learning_rate*np.dot(layer0.T, layer1_delta)\n"
    "    B2 += -learning_rate*np.sum(layer2_delta, axis=0)\n"
    "    B1 += -learning_rate*np.sum(layer1_delta, axis=0)\n"
    "    return W1, B1, W2, B2",
    # gradients first, then one update
    "    layer0, layer1, layer2 = predict(x, W1, B1, W2, B2)\n"
    "    delta2 = (layer2 - t) * sigmoid_deriv(layer2)\n"
    "    delta1 = np.dot(delta2, W2.T) * sigmoid_deriv(layer1)\n"
    "    dW2, dB2 = np.dot(layer1.T, delta2), np.sum(delta2, axis=0)\n"
    "    dW1, dB1 = np.dot(layer0.T, delta1), np.sum(delta1, axis=0)\n"
    "    return (W1 - learning_rate * dW1, B1 - learning_rate * dB1,\n"
    "            W2 - learning_rate * dW2, B2 - learning_rate * dB2)",
]
FIT = [
    "    for i in range(epochs):\n        for x, y in zip(X, T):  # 학습 샘플을 하나씩 꺼낸다.\n"
    "            x = np.reshape(x, (1, -1))  # 2차원 행렬로 만든다.\n            y = np.reshape(y, (1, -1))\n"
    "            W1, B1, W2, B2 = backprop_step(x, y, W1, B1, W2, B2, learning_rate)\n"
    "    return W1, B1, W2, B2",
    "    for epoch in range(epochs):\n        for i in range(len(X)):\n"
    "            x = X[i].reshape(1, -1)\n            t = T[i].reshape(1, -1)\n"
    "            W1, B1, W2, B2 = backprop_step(x, t, W1, B1, W2, B2, learning_rate)\n"
    "    return W1, B1, W2, B2",
    "    params = (W1, B1, W2, B2)\n    for _ in range(epochs):\n        for x, t in zip(X, T):\n"
    "            params = backprop_step(x.reshape(1, -1), t.reshape(1, -1), *params, learning_rate)\n"
    "    return params",
]


# -- the students' own cells: each line one of a few ways, some lines optional -----------------


def _lines(rng: random.Random, *slots: str | list[str]) -> str:
    """A cell from slots: a slot is a line (or lines), or a list of ways to write it ("" for
    leaving it out); `{fit}` and the like are filled in by the caller."""
    out = [rng.choice(slot) if isinstance(slot, list) else slot for slot in slots]
    return "\n".join(line for line in out if line)


FIT_CALLS = [
    "fit(X, T, {w}, learning_rate={lr}, epochs={n})",
    "fit(X, T, {w}, {lr}, {n})",
    "fit(X=X, T=T, W1={w1}, B1={b1}, W2={w2}, B2={b2}, learning_rate={lr}, epochs={n})",
]
OUTPUTS = ["predict(X, {w})[2]", "predict(X, {w})[-1]"]


def _fit(rng: random.Random, w: str = "W1, B1, W2, B2", lr: str = "1.0", n: str = "300") -> str:
    call = rng.choice(FIT_CALLS)
    parts = [p.strip().lstrip("*") for p in w.split(",")]
    if "{w1}" in call and len(parts) == 4:
        w1, b1, w2, b2 = parts
        return call.format(w1=w1, b1=b1, w2=w2, b2=b2, lr=lr, n=n)
    return call.replace("X=X, T=T, W1={w1}, B1={b1}, W2={w2}, B2={b2}", "X, T, {w}").format(
        w=w, lr=lr, n=n
    )


def _out(rng: random.Random, w: str = "W1, B1, W2, B2") -> str:
    return rng.choice(OUTPUTS).format(w=w)


def _loss_curve(rng: random.Random) -> str:
    name = rng.choice(["losses", "history"])
    return _lines(rng,
        f"{name} = []",
        ["w = [W1.copy(), B1.copy(), W2.copy(), B2.copy()]", "w = (W1, B1, W2, B2)", "w = [W1, B1, W2, B2]"],
        [f"for epoch in range({rng.choice([200, 300, 500])}):", "for _ in range(300):"],
        [f"    w = {_fit(rng, '*w', n='1')}", f"    w = list({_fit(rng, '*w', n='1')})"],
        [f"    {name}.append(loss({_out(rng, '*w')}, T))",
         f"    out = {_out(rng, '*w')}\n    {name}.append(loss(out, T))",
         f"    {name} += [loss({_out(rng, '*w')}, T)]"],
        [f"plt.plot({name})", f"plt.semilogy({name})", f"plt.plot(range(len({name})), {name}, 'r-')",
         f"fig, ax = plt.subplots()\nax.plot({name})"],
        ["plt.xlabel('epoch')\nplt.ylabel('loss')", "plt.title('손실 곡선')", "", "plt.grid(True)"],
        ["plt.show()", "plt.show()\nprint('마지막 손실:', " + name + "[-1])", "plt.savefig('loss.png')\nplt.show()"],
    )  # fmt: skip


def _learning_rates(rng: random.Random) -> str:
    rates = rng.choice(["[0.1, 0.5, 1.0, 2.0]", "(0.05, 0.2, 1.0)", "np.linspace(0.1, 2.0, 5)"])
    return _lines(rng,
        ["", "results = {}", "scores = []"],
        [f"for lr in {rates}:", f"for rate in {rates}:"],
        [f"    params = {_fit(rng, lr='lr')}", f"    trained = {_fit(rng, lr='lr', n='200')}"],
        ["    print(lr, loss(predict(X, *params)[2], T))",
         "    final = loss(predict(X, *params)[2], T)\n    print(f'lr={lr}: {final:.4f}')",
         "    print('학습률', lr, '손실', round(float(loss(predict(X, *params)[-1], T)), 5))"],
    )  # fmt: skip


def _boundary(rng: random.Random) -> str:
    steps = rng.choice(["50", "100", "200"])
    return _lines(rng,
        [f"xx, yy = np.meshgrid(np.linspace(-0.5, 1.5, {steps}), np.linspace(-0.5, 1.5, {steps}))",
         f"g = np.linspace(-0.5, 1.5, {steps})\nxx, yy = np.meshgrid(g, g)",
         f"xx, yy = np.mgrid[-0.5:1.5:{steps}j, -0.5:1.5:{steps}j]"],
        ["grid = np.c_[xx.ravel(), yy.ravel()]", "grid = np.stack([xx.ravel(), yy.ravel()], axis=1)",
         "grid = np.column_stack((xx.flatten(), yy.flatten()))"],
        ["zz = predict(grid, W1, B1, W2, B2)[2].reshape(xx.shape)", "_, _, z = predict(grid, W1, B1, W2, B2)\nzz = z.reshape(xx.shape)"],
        ["plt.contourf(xx, yy, zz, levels=20)", "plt.contour(xx, yy, zz, [0.5])", "plt.imshow(zz, origin='lower', extent=(-0.5, 1.5, -0.5, 1.5))"],
        ["plt.scatter(X[:, 0], X[:, 1], c=T.ravel(), edgecolors='k')",
         "for p, q in zip(X, T):\n    plt.plot(p[0], p[1], 'o' if q[0] else 'x')", ""],
        ["plt.colorbar()", "", "plt.title('결정 경계')"],
        "plt.show()",
    )  # fmt: skip


def _accuracy(rng: random.Random) -> str:
    return rng.choice([
        _lines(rng, [f"pred = {_out(rng)} > 0.5", f"pred = np.round({_out(rng)})"],
               ["accuracy = np.mean(pred == (T > 0.5))", "accuracy = (pred == T).mean()"],
               ["print(f'정확도: {accuracy:.2%}')", "print('accuracy', accuracy)"]),
        _lines(rng, ["correct = 0", "hits = 0\ncorrect = 0"], "for x, t in zip(X, T):",
               ["    y = predict(x.reshape(1, -1), W1, B1, W2, B2)[2]", "    _, _, y = predict(np.array([x]), W1, B1, W2, B2)"],
               ["    if round(float(y[0, 0])) == t[0]:\n        correct += 1", "    correct += int(round(y.item()) == t.item())"],
               ["print(correct, '/', len(X))", "print(f'{correct}/{len(X)} 맞음')"]),
        _lines(rng, [f"labels = ({_out(rng)} >= 0.5).astype(int)", f"labels = np.where({_out(rng)} > 0.5, 1, 0)"],
               ["print(np.hstack([X, T, labels]))", "for row in zip(X, T, labels):\n    print(*row)"],
               ["assert (labels == T).all(), '틀린 샘플이 있다'", "", "print('모두 맞음' if (labels == T).all() else '틀림')"]),
    ])  # fmt: skip


def _gradient_check(rng: random.Random) -> str:
    eps = rng.choice(["1e-5", "1e-4", "0.0001"])
    return rng.choice([
        _lines(rng, f"eps = {eps}", ["z = np.linspace(-3, 3, 7)", "z = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])"],
               ["numeric = (sigmoid(z + eps) - sigmoid(z - eps)) / (2 * eps)", "numeric = (sigmoid(z + eps) - sigmoid(z)) / eps"],
               ["analytic = sigmoid_deriv(sigmoid(z))", "analytic = sigmoid(z) * (1 - sigmoid(z))"],
               ["print(np.max(np.abs(numeric - analytic)))", "print(np.allclose(numeric, analytic, atol=1e-4))"]),
        _lines(rng, f"def numeric_grad(f, x, h={eps}):",
               ["    return (f(x + h) - f(x - h)) / (2 * h)", "    return (f(x + h) - f(x)) / h"], "",
               ["for z in [-2.0, 0.0, 1.5]:", "for z in np.linspace(-2, 2, 5):"],
               ["    print(z, numeric_grad(sigmoid, z), sigmoid_deriv(sigmoid(z)))",
                "    diff = numeric_grad(sigmoid, z) - sigmoid_deriv(sigmoid(z))\n    print(f'{z:+.1f} {diff:.2e}')"]),
    ])  # fmt: skip


def _activations_table(rng: random.Random) -> str:
    values = rng.choice(["[-2, -0.5, 0, 0.5, 2]", "[-1.0, 0.0, 1.0]", "list(range(-3, 4))"])
    return rng.choice([
        _lines(rng, f"for v in {values}:",
               ["    print(v, step(v), round(float(sigmoid(v)), 3), round(float(tanh(v)), 3), relu(v))",
                "    print(f'{v:5} {step(v)} {float(sigmoid(v)):.3f} {float(tanh(v)):.3f} {relu(v)}')"]),
        _lines(rng, ["funcs = {'step': step, 'sigmoid': sigmoid, 'tanh': tanh, 'relu': relu}",
                     "funcs = dict(step=step, sigmoid=sigmoid, tanh=tanh, relu=relu)"],
               [f"inputs = np.array({values}, dtype=float)", f"inputs = np.asarray({values})"],
               ["for name, f in funcs.items():\n    print(f'{name:>8}', np.round(f(inputs), 3))",
                "for name in funcs:\n    print(name, funcs[name](inputs))"]),
    ])  # fmt: skip


def _subplots(rng: random.Random) -> str:
    layout = rng.choice(["1, 4, figsize=(12, 3)", "2, 2, figsize=(8, 6)"])
    flat = ".ravel()" if "2, 2" in layout else ""
    return _lines(rng, f"fig, axes = plt.subplots({layout})",
        ["z = np.linspace(-5, 5, 200)", "z = np.arange(-5, 5, 0.05)"],
        [f"for ax, f in zip(axes{flat}, [step, sigmoid, tanh, relu]):",
         f"for i, f in enumerate([step, sigmoid, tanh, relu]):\n    ax = axes{flat}[i]"],
        ["    ax.plot(z, f(z))", "    ax.plot(z, f(z), lw=2)"],
        ["    ax.set_title(f.__name__)", "    ax.set_title(f.__name__, fontsize=10)", ""],
        ["    ax.axhline(0, color='gray', lw=0.5)", "    ax.grid(alpha=0.3)", ""],
        ["plt.tight_layout()", ""], "plt.show()",
    )  # fmt: skip


def _descent_other(rng: random.Random) -> str:
    func = rng.choice([
        ("lambda x: x ** 4 - 3 * x ** 2", "lambda x: 4 * x ** 3 - 6 * x"),
        ("lambda x: np.cos(x) + x ** 2 / 10", "lambda x: -np.sin(x) + x / 5"),
    ])  # fmt: skip
    return _lines(rng, f"f = {func[0]}", f"df = {func[1]}",
        ["xs = gradient_descent(df, 2.0, 0.01, 300)", "path = gradient_descent(df, x0=2.0, learning_rate=0.01, max_iterations=300)"],
        ["plt.plot(xs, [f(v) for v in xs], '.-')", "plt.plot(path, list(map(f, path)), 'o')",
         "grid = np.linspace(-2.5, 2.5, 100)\nplt.plot(grid, f(grid))\nplt.plot(xs, f(np.array(xs)), 'r.')"],
        ["plt.title('다른 함수에서 경사하강법')", ""], "plt.show()",
    ).replace("path = gradient_descent", "xs = gradient_descent").replace("map(f, path)", "map(f, xs)").replace("(path,", "(xs,")  # fmt: skip


def _timing(rng: random.Random) -> str:
    return rng.choice([
        _lines(rng, "import time", ["start = time.time()", "t0 = time.time()\nstart = t0"],
               f"{_fit(rng, n='500')}",
               ["print('500 epochs:', round(time.time() - start, 3), 's')", "print(time.time() - start)"]),
        _lines(rng, "from time import perf_counter", "t0 = perf_counter()", f"_ = {_fit(rng, lr='0.5')}",
               ["elapsed = perf_counter() - t0\nprint(f'{elapsed * 1000:.1f} ms')", "print('걸린 시간', perf_counter() - t0)"]),
    ])  # fmt: skip


def _random_init(rng: random.Random) -> str:
    seed = rng.choice(["0", "42", "2024"])
    return rng.choice([
        _lines(rng, f"rng = np.random.default_rng({seed})",
               ["w1, b1 = rng.uniform(0, 1, (2, 2)), rng.uniform(0, 1, 2)", "w1 = rng.random((2, 2))\nb1 = rng.random(2)"],
               ["w2, b2 = rng.uniform(0, 1, (2, 1)), rng.uniform(0, 1, 1)", "w2 = rng.random((2, 1))\nb2 = rng.random(1)"],
               f"trained = {_fit(rng, 'w1, b1, w2, b2', n='400')}",
               ["print(predict(X, *trained)[2].round(2))", "print(loss(predict(X, *trained)[2], T))"]),
        _lines(rng, f"np.random.seed({seed})",
               ["params = [np.random.rand(2, 2), np.random.rand(2), np.random.rand(2, 1), np.random.rand(1)]",
                "params = [np.random.randn(*s) for s in [(2, 2), (2,), (2, 1), (1,)]]"],
               ["for k in range(3):", "for trial in range(2):"],
               f"    params = list({_fit(rng, '*params', n='100')})",
               ["    print(loss(predict(X, *params)[2], T))", "    print(predict(X, *params)[2].ravel())"]),
    ])  # fmt: skip


EXTRAS = [_loss_curve, _learning_rates, _boundary, _accuracy, _gradient_check,
          _activations_table, _subplots, _descent_other, _timing, _random_init]  # fmt: skip


# -- notebooks ------------------------------------------------------------------------------


def _template() -> dict:
    nb = json.loads((HW6 / "hw6.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if isinstance(cell["source"], list):
            cell["source"] = "".join(cell["source"])
    return nb


def _code(nb: dict) -> dict[int, dict]:
    """The template's code cells by their 1-based notebook index."""
    return {i: c for i, c in enumerate(nb["cells"], start=1) if c["cell_type"] == "code"}


def _cell(source: str, kind: str = "code") -> dict:
    if kind == "markdown":
        return {"cell_type": "markdown", "metadata": {}, "source": source}
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
            "source": source}  # fmt: skip


def _strip_comments(body: str) -> str:
    return "\n".join(re.sub(r"\s*#.*$", "", line) for line in body.split("\n"))


HABITS = [  # habits a student keeps across the notebook, each a choice of (pattern, replacement)
    [
        (r"np\.dot\(([\w.]+), ([\w.]+)\)", r"(\1 @ \2)"),
        (r"np\.dot\(([\w.]+), ([\w.]+)\)", r"\1.dot(\2)"),
    ],
    [(r"np\.sum\(([\w.]+), axis=0\)", r"\1.sum(axis=0)")],
    [
        (r"np\.reshape\((\w+), \(1, -1\)\)", r"\1.reshape(1, -1)"),
        (r"np\.reshape\((\w+), \(1, -1\)\)", r"\1[np.newaxis, :]"),
    ],
    [(r"\b(\w+) = \1 - ", r"\1 -= ")],
    [(r"learning_rate \* (np\.\w+\([^()]*\)|\([^()]*\)|\w+\b(?!\())", r"\1 * learning_rate")],
    [(r"\bzip\(([^()]*)\)", r"zip(\1, strict=True)")],
    [(r"np\.asarray\(", r"np.array(")],
    [(r"\breturn (\w+, [\w, ]+)$", r"return (\1)")],
    [(r"\(([\w.]+) > 0\)", r"(0 < \1)"), (r"([\w.()]+) > 0\b", r"\1 >= 0")],
    [(r"\bprint\((.*)\)$", r"print(\1, sep=' ')"), (r"\bprint\((.*)\)$", r"print(\1, flush=True)")],
    [(r"\b1\.0 / \(1\.0 \+ np\.exp\(-(\w+)\)\)", r"np.exp(-np.logaddexp(0, -\1))")],
    [(r"^(\s*)(\w+) = (\w+)\.copy\(\)", r"\1\2 = np.copy(\3)")],
]


def _style(source: str, habits: list[tuple[str, str]]) -> str:
    for pattern, replacement in habits:
        source = re.sub(pattern, replacement, source, flags=re.MULTILINE)
    return source


def _reorder_updates(body: str, rng: random.Random) -> str:
    """Students write the four weight updates in their own order (the lecture: W2, W1, B2, B1)."""
    lines = body.split("\n")
    at = [i for i, line in enumerate(lines) if re.match(r"\s*[WB][12] (=|\+=|-=) ", line)]
    if len(at) == 4:
        order = rng.choice([[0, 1, 2, 3], [1, 0, 3, 2], [1, 3, 0, 2], [0, 2, 1, 3]])
        moved = [lines[at[i]] for i in order]
        for i, line in zip(at, moved, strict=True):
            lines[i] = line
    return "\n".join(lines)


def lecture_cells() -> list[str]:
    """The lecture's labs (the base file), one cell each, as a student types them along."""
    blocks = LECTURE.read_text(encoding="utf-8").split("# %%\n")[1:]  # the file's cells
    cells = []
    for block in blocks:
        code = block.strip("\n")
        if "else: return 0" in code:  # the slide's one-line `if` that does not run
            continue
        code = code.replace("np.int)", "int)")  # np.int is gone since NumPy 1.24
        code = code.replace("range(90000)", "range(2000)")  # nobody waits 10 s in class
        cells.append(code)
    return cells


LECTURE_CELLS.extend(lecture_cells())


def honest(rng: random.Random) -> dict:
    """One honest student's notebook: the template filled in from the lecture, their way."""
    nb = _template()
    fill = _code(nb)  # the template's code cells by their index
    lecture_comments = rng.random() < 0.6

    def body(options: list[str]) -> str:
        text = rng.choice(options)
        return text if lecture_comments else _strip_comments(text)

    gap = rng.choice(["\n\n", "\n\n\n"])
    fill[4]["source"] = gap.join([
        f"def step(x):\n{body(STEP)}",
        f"def sigmoid(x):\n{body(SIGMOID)}",
        f"def tanh(x):\n{body(TANH)}",
        f"def relu(x):\n{body(RELU)}",
    ])  # fmt: skip
    fill[7]["source"] = f"def sigmoid_deriv(out):\n{body(DERIV)}"
    fill[9]["source"] = f"def predict(x, W1, B1, W2, B2):\n{body(PREDICT)}"
    fill[12]["source"] = f"def loss(y, t):\n{body(LOSS)}"
    fill[14]["source"] = (
        f"def gradient_descent(gradient, x0, learning_rate, max_iterations):\n{body(DESCENT)}"
    )
    fill[17]["source"] = (
        f"def backprop_step(x, t, W1, B1, W2, B2, learning_rate):\n{body(BACKPROP)}"
    )
    fill[19]["source"] = f"def fit(X, T, W1, B1, W2, B2, learning_rate, epochs):\n{body(FIT)}"
    # Typed along in class, right after the imports: some of the lecture's labs, in order.
    typed = sorted(rng.sample(range(len(LECTURE_CELLS)), rng.randint(3, 12)))
    for at, index in enumerate(typed, start=2):
        text = LECTURE_CELLS[index]
        nb["cells"].insert(at, _cell(text if lecture_comments else _strip_comments(text)))
    for index, cell in fill.items():
        cell["metadata"]["template_cell"] = index  # found again by `plant`
    own = len(nb["cells"])  # the student's own cells start here
    for extra in rng.sample(EXTRAS, rng.randint(1, 3)):
        nb["cells"].append(_cell(extra(rng)))
    habits = [rng.choice(choices) for choices in HABITS if rng.random() < 0.4]
    fill[17]["source"] = _reorder_updates(fill[17]["source"], rng)
    for cell in [*fill.values(), *nb["cells"][own:]]:  # the lecture's cells as the slides have them
        cell["source"] = _style(cell["source"], habits)
    return nb


RENAMES = {
    "layer0": "inp", "layer1": "hid", "layer2": "out_", "Z1": "net1", "Z2": "net2",
    "layer2_error": "err2", "layer2_delta": "d2", "layer1_error": "err1", "layer1_delta": "d1",
    "delta1": "g1", "delta2": "g2", "history": "trace", "xs": "path", "result": "res",
    "losses": "curve", "params": "weights", "results": "table", "total": "acc", "epoch": "ep",
    "grid": "pts", "correct": "hits", "rates": "lrs", "funcs": "table_f", "inputs": "vals",
}  # fmt: skip


def _rename(source: str) -> str:
    for old, new in RENAMES.items():
        source = re.sub(rf"(?<![\w.]){re.escape(old)}\b", new, source)
    return source


def _recomment(source: str, rng: random.Random) -> str:
    out = []
    for line in _strip_comments(source).split("\n"):
        if line.strip() and rng.random() < 0.3:
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}# {rng.choice(['여기서 계산', '중요!', '확인할 것', 'TODO'])}")
        out.append(line)
        if rng.random() < 0.2:
            out.append("")
    return "\n".join(out)


JUNK = [
    "print('hello world')",
    "a = [i ** 2 for i in range(10)]\nprint(sum(a))",
    "import sys\nprint(sys.version)",
    "# 과제 메모: 다음 주까지 제출",
    "b = {'name': 'kim', 'score': 100}\nfor k, v in b.items():\n    print(k, v)",
]


def plant(source: dict, disguise: str, rng: random.Random) -> dict:
    """A copy of `source` (a notebook) disguised as `disguise` says."""
    nb = copy.deepcopy(source)
    cells = nb["cells"]
    if disguise in ("renamed", "disguised"):
        for c in cells:
            if c["cell_type"] == "code":
                c["source"] = _rename(c["source"])
    if disguise in ("recommented", "disguised"):
        for c in cells:
            if c["cell_type"] == "code":
                c["source"] = _recomment(c["source"], rng)
    if disguise in ("reordered", "disguised"):
        code = {
            c["metadata"]["template_cell"]: c for c in cells if "template_cell" in c["metadata"]
        }
        defs = [code[i] for i in (19, 17, 14, 12, 9, 7)]  # the definitions, last first
        activations = code[4]["source"].split("\n\n\n") if "\n\n\n" in code[4]["source"] else (
            code[4]["source"].split("\n\n"))  # fmt: skip
        code[4]["source"] = "\n\n".join(reversed([a.strip("\n") for a in activations]))
        rest = [c for c in cells if all(c is not d for d in defs)]
        at = rest.index(code[4]) + 1  # the definitions right after the activations
        nb["cells"] = rest[:at] + defs + rest[at:]
        cells = nb["cells"]
    if disguise in ("junk", "disguised"):
        for junk in JUNK:
            cells.insert(rng.randrange(1, len(cells)), _cell(junk))
        cells.insert(rng.randrange(1, len(cells)), _cell("## 참고\n그냥 메모입니다.", "markdown"))
    return nb


def make_similarity_class(folder: Path, honest_count: int = HONEST) -> dict[str, str]:
    """Write the class (Classroom layout, `hw6-<student>/hw6.ipynb`) into `folder`; returns
    {plant: the student it copies}."""
    rng = random.Random(6)
    notebooks = {f"s{i:02d}": honest(rng) for i in range(1, honest_count + 1)}
    copied = {}
    for name, (source, disguise) in PLANTS.items():
        if source in notebooks:
            notebooks[name] = plant(notebooks[source], disguise, rng)
            copied[name] = source
    for name, nb in notebooks.items():
        target = folder / f"hw6-{name}" / "hw6.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")
    return copied
