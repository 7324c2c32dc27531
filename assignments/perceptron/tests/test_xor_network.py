"""xor_network: seed 000's hand-made 2-2-1 step network, and its worked table."""

from nngrade.testing import check, task, text


@task("xor_network", points=1)
def test_network_gives_hidden_and_output_units_of_the_lecture(student, ref):
    for x1, x2 in ref.perceptron.INPUTS:
        got = check.parts(student.xor_network(x1, x2), 3, what=f"xor_network({x1}, {x2})")
        want = ref.perceptron.xor_network(x1, x2)
        for name, g, w in zip(("y1", "y2", "y_hat"), got, want, strict=True):
            check.equal(
                g,
                w,
                what=text(
                    en=f"{name} of xor_network({x1}, {x2})",
                    ko=f"xor_network({x1}, {x2})의 {name}",
                ),
            )


@task("xor_network", points=1)
def test_table_is_the_lecture_table(student, ref):
    # Seed 000's table, rows (x1, x2, y1, y2, ŷ): the oracle reproduces it, and the project's
    # own tests pin the oracle to the seed's numbers.
    want = ref.perceptron.xor_network_table()
    check.equal(
        student.xor_table(),
        want,
        what=text(
            en="xor_table() (rows [x1, x2, y1, y2, y_hat])",
            ko="xor_table() (각 행: [x1, x2, y1, y2, y_hat])",
        ),
    )
