"""The similarity report on a class of hw6: what it finds, and what it costs.

    python benchmarks/bench_similarity.py            # 48 honest students + 5 planted copies
    python benchmarks/bench_similarity.py --n 200    # a larger class (the same 5 copies)
    python benchmarks/bench_similarity.py --n 195 --crafted 2   # + 2 identical crafted files

The class is the one of tests/batch/similarity_class.py (honest students who type the lecture's
code, assignments/hw6/lecture/lecture6.py, along with their own; copies renamed,
reordered, recommented, padded with junk cells, and all at once). Every figure is measured in
this process, on the files, without grading: reading the notebooks, normalising and
fingerprinting them (`similarity.document`), and comparing every pair with their fragments
(`similarity.compare`), under four settings: the defaults with the lecture as base, no
`--max-share`, no lecture base, and neither.

`--crafted N` adds N crafted submissions (issue 20), identical, or in `--groups G` groups of
identical ones: one cell of 40,000 lines `x.a0_0 = y.b0(z.c0)` ... whose attribute names keep
every k-gram distinct, 1.2 MB of code that winnowing turns into ~90,000 fingerprints per copy
(before the caps of `similarity.py`, two such copies kept the report busy for more than 600 s).
It prints the time of the whole report.

    python benchmarks/bench_similarity.py --n 0 --crafted 200 --groups 20   # the worst class
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nngrade.batch import similarity  # noqa: E402
from nngrade.batch.similarity_report import read_base, read_code  # noqa: E402
from tests.batch.similarity_class import LECTURE, PLANTS, make_similarity_class  # noqa: E402

CRAFTED_LINES = 40_000


def crafted_code(group: int = 0) -> list[tuple[int, str]]:
    """One cell whose every k-gram is distinct (attribute names are not abstracted); each
    group's differs from the others'."""
    lines = (f"x.a{group}_{i} = y.b{i}(z.c{i})" for i in range(CRAFTED_LINES))
    return [(1, "\n".join(lines))]


def run(n: int, crafted: int = 0, groups: int = 1) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "class"
        make_similarity_class(folder, n)
        paths = sorted(folder.glob("*/hw6.ipynb"))
        started = time.perf_counter()
        codes = [(p.parent.name.removeprefix("hw6-"), read_code(p)) for p in paths]
        read = time.perf_counter() - started
    codes += [(f"crafted{i}", crafted_code(i % groups)) for i in range(crafted)]
    whole, cpu = time.perf_counter(), time.process_time()
    started = whole
    docs = [similarity.document(name, cells) for name, cells in codes]
    starter = similarity.base_hashes(read_code(ROOT / "assignments" / "hw6" / "hw6.ipynb"))
    lecture = similarity.base_hashes(read_base(LECTURE)[1])
    fingerprinted = time.perf_counter() - started
    fingerprinted_cpu = time.process_time() - cpu
    tokens = sum(len(d.tokens) for d in docs)
    print(f"{len(docs)} submissions ({len(PLANTS)} planted copies, {crafted} crafted), "
          f"{tokens} tokens")  # fmt: skip
    print(f"read {read:.2f} s · normalise + fingerprint {fingerprinted:.2f} s")
    copies = {frozenset((plant, source)) for plant, (source, _) in PLANTS.items()}
    settings = [
        ("defaults: starter + lecture, --max-share 10", starter | lecture, similarity.MAX_SHARE),
        ("starter + lecture, no --max-share", starter | lecture, 10**9),
        ("starter only, --max-share 10", starter, similarity.MAX_SHARE),
        ("starter only, no --max-share", starter, 10**9),
    ]
    for label, base, max_share in settings:
        started, started_cpu = time.perf_counter(), time.process_time()
        flagged, scored = similarity.compare(docs, base, threshold=similarity.THRESHOLD,
                                             max_share=max_share)  # fmt: skip
        took, took_cpu = time.perf_counter() - started, time.process_time() - started_cpu
        found = {frozenset((p.a, p.b)): p.score for p in scored if frozenset((p.a, p.b)) in copies}
        honest = [p for p in scored if frozenset((p.a, p.b)) not in copies
                  and p.shared >= similarity.MIN_SHARED]  # fmt: skip
        wrong = [p for p in flagged if frozenset((p.a, p.b)) not in copies]
        listed = sum(frozenset((p.a, p.b)) in copies for p in flagged)
        top = f"{honest[0].score:.2f} ({honest[0].a}, {honest[0].b})" if honest else "–"
        print(f"\n{label}: compare {took:.2f} s")
        print(
            f"  copies listed {listed}/{len(PLANTS)}, scores "
            + ", ".join(f"{s:.2f}" for s in sorted(found.values(), reverse=True))
        )
        print(f"  honest pairs listed {len(wrong)}; highest honest pair {top}")
        if label.startswith("defaults"):
            report, report_cpu = fingerprinted + took, fingerprinted_cpu + took_cpu
            print(f"  the whole report (normalise, fingerprint, compare): {report:.2f} s, "
                  f"{report_cpu:.2f} s of CPU")  # fmt: skip
        if crafted:
            pair = next((p for p in flagged if p.a.startswith("crafted")), None)
            if pair is not None:
                print(f"  crafted pair: {pair.score:.2f}, {pair.shared} shared, "
                      f"{len(pair.fragments)} fragments")  # fmt: skip
    print(f"\nall four settings: {time.perf_counter() - whole:.2f} s "
          f"({time.process_time() - cpu:.2f} s of CPU: the machine may be shared)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=48, help="honest students (default 48)")
    parser.add_argument("--crafted", type=int, default=0, help="crafted submissions")
    parser.add_argument("--groups", type=int, default=1, help="distinct crafted codes")
    args = parser.parse_args()
    run(args.n, args.crafted, args.groups)


if __name__ == "__main__":
    main()
