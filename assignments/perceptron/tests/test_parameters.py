"""parameters: count_parameters(layer_sizes), weights plus biases of a dense network (seed 000)."""

from nngrade.testing import check, task


@task("parameters", points=1)
def test_lecture_networks_have_26_and_41_parameters(student):
    check.equal(student.count_parameters([3, 4, 2]), 26, what="count_parameters([3, 4, 2])")
    check.equal(student.count_parameters([3, 4, 4, 1]), 41, what="count_parameters([3, 4, 4, 1])")


@task("parameters", points=1)
def test_other_networks_match_reference(student, ref, rng):
    networks = [[2, 2, 1], [784, 300, 100, 10], [784, 512, 10], [5, 1]]
    networks.append([int(n) for n in rng.integers(1, 50, size=int(rng.integers(3, 7)))])
    for sizes in networks:
        want = ref.perceptron.dense_parameter_count(sizes)
        check.equal(student.count_parameters(sizes), want, what=f"count_parameters({sizes})")
