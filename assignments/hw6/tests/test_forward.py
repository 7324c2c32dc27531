"""forward: predict(x, W1, B1, W2, B2) -> (layer0, layer1, layer2)."""

import numpy as np

from nngrade.testing import check, task, text

# The lecture's starting weights (chapter 6).
W1 = np.array([[0.10, 0.20], [0.30, 0.40]])
W2 = np.array([[0.50], [0.60]])
B1 = np.array([0.1, 0.2])
B2 = np.array([0.3])
X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


@task("forward", points=0.5)
def test_predict_gives_the_lecture_numbers(student):
    got = check.parts(student.predict(X[:1], W1, B1, W2, B2), 3, what="predict(x, W1, B1, W2, B2)")
    check.close(got[1], [[0.524979, 0.549834]], what="layer1", rtol=1e-6, input="x = [[0, 0]]")
    check.close(got[2], [[0.709383]], what="layer2", rtol=1e-6, input="x = [[0, 0]]")
    got = check.parts(student.predict(X, W1, B1, W2, B2), 3, what="predict(X, W1, B1, W2, B2)")
    want = [[0.70938314], [0.72844306], [0.71791234], [0.73598705]]
    check.close(
        got[2],
        want,
        what="layer2",
        rtol=1e-7,
        input=text(en="the four XOR inputs", ko="XOR의 입력 4개"),
    )


@task("forward", points=0.5)
def test_predict_matches_reference_for_random_sizes(student, ref, rng):
    for n, inputs, hiddens, outputs in [(1, 3, 4, 2), (6, 5, 3, 1), (8, 2, 7, 3)]:
        x = rng.normal(size=(n, inputs))
        params = ref.mlp.init_params(rng, inputs, hiddens, outputs)
        call = student.call("predict", x, *params)
        got = check.parts(call.value, 3, what="predict(x, W1, B1, W2, B2)")
        want = ref.mlp.predict(x, *params)
        shape = text(
            en=f"x of shape {x.shape}, {hiddens} hidden units, {outputs} outputs",
            ko=f"shape이 {x.shape}인 x, 은닉 유닛 {hiddens}개, 출력 {outputs}개",
        )
        for i in range(3):
            check.close(got[i], want[i], what=f"layer{i}", input=shape)
        check.unchanged(call, what="predict", arg_names=["x", "W1", "B1", "W2", "B2"])
