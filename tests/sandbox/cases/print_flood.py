"""Prints 100 MB in one go, and a million lines from a function."""

print("#" * 100_000_000)


def flood():
    for i in range(1_000_000):
        print(i)
    return "done"
