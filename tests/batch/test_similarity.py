"""The class similarity report: the normaliser, winnowing, and the report through the CLI.

The end-to-end tests grade the generated class of `similarity_class.py` (48 honest students
who type the lecture's code, and 5 disguised copies) once, as an instructor does, with the
lecture's code as the base file.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import zipfile

import pytest

from nngrade.assignment import load_assignment
from nngrade.batch import similar_command, similarity
from nngrade.batch.similarity import Token, compare, document, kgram_hashes, normalise, winnow
from nngrade.batch.similarity_report import read_base, read_code
from tests.batch.similarity_class import HONEST, LECTURE, PLANTS, make_similarity_class
from tests.batch.support import CLI_FIXTURES, nngrade
from tests.helpers import HW6


def texts(source: str) -> list[str]:
    return [t.text for t in normalise(source)]


# -- the normaliser -------------------------------------------------------------------------


def test_names_become_V_and_attribute_names_stay():
    assert texts("hidden = np.dot(x, w)") == [
        "V", "=", "V", ".", ".dot", "(", "V", ",", "V", ")", "NEWLINE",
    ]  # fmt: skip


def test_numbers_strings_and_fstrings_are_abstracted():
    assert texts("y = 1.5 + 2 * len('ab') + f'{x:.2f}'") == texts('z = 7 + 0 * len("") + "s"')
    assert texts("y = 1.5")[-2] == "N" and texts("y = 'a'")[-2] == "S"


def test_keywords_stay_as_they_are():
    assert texts("for i in range(3):\n    pass")[:4] == ["for", "V", "in", "V"]


def test_comments_blank_lines_and_docstrings_do_not_count():
    plain = "def f(x):\n    y = x + 1\n    return y\n"
    dressed = (
        '# 함수\n\ndef f(x):\n    """Add one."""\n\n    # 하나 더한다\n    y = x + 1  # 여기\n\n\n'
        "    'a string used as a comment'\n    return y\n"
    )
    assert texts(dressed) == texts(plain)


def test_renaming_every_variable_leaves_the_tokens_as_they_were():
    a = "def predict(x, W1):\n    layer1 = sigmoid(np.dot(x, W1))\n    return layer1\n"
    b = "def forward(inp, weights):\n    hid = act(np.dot(inp, weights))\n    return hid\n"
    assert texts(a) == texts(b)


def test_magics_and_shell_lines_are_left_out():
    assert texts("%matplotlib inline\n!pip install numpy\nx = 1\n") == texts("x = 1\n")


def test_code_with_a_syntax_error_still_gives_tokens():
    tokens = normalise("def f(x:\n    return x +* 2\n", cell=3)
    assert [t.text for t in tokens][:3] == ["def", "V", "("]
    assert {t.cell for t in tokens} == {3} and tokens[-1].line == 2


def test_statements_before_a_syntax_error_keep_their_structure():
    tokens = texts("def f(x):\n    return x\n\ny = (1,\n")
    assert tokens[:11] == texts("def f(x):\n    return x\n")[:11]  # INDENT and all
    assert tokens[-3:] == ["N", ",", "NEWLINE"]  # the unclosed line, by the simpler lexer


def test_tokens_know_their_cell_and_lines():
    tokens = normalise("x = 1\n\ny = (2,\n     3)\n", cell=7)
    y = [t for t in tokens if t.text == "V"][1]
    assert (y.cell, y.line) == (7, 3)
    assert max(t.end_line for t in tokens) == 4


def test_the_same_cell_in_another_place_keeps_that_place():
    source = "def f(x):\n    return x + 1\n"
    first, again = normalise(source, cell=2), normalise(source, cell=9)
    assert [t.text for t in first] == [t.text for t in again]
    assert {t.cell for t in first} == {2} and {t.cell for t in again} == {9}


def test_the_same_file_twice_gives_equal_documents_that_share_nothing():
    cells = [(1, "import numpy as np"), (2, LECTURE_FIT)]
    kim, lee = document("kim", cells), document("lee", cells)
    assert (kim.name, lee.name) == ("kim", "lee")
    assert kim.tokens == lee.tokens and kim.fingerprints == lee.fingerprints
    assert kim.fingerprints  # a function of the lecture's length has some
    some = next(iter(kim.fingerprints))
    kim.fingerprints[some].append(-1)
    kim.tokens.clear()
    assert -1 not in lee.fingerprints[some] and lee.tokens
    similarity.forget()
    assert document("kim", cells).fingerprints == lee.fingerprints


LECTURE_FIT = """
def fit(X, T, W1, B1, W2, B2, learning_rate, epochs):
    for epoch in range(epochs):
        H, _, Y = predict(X, W1, B1, W2, B2)
        dY = (Y - T) * Y * (1 - Y)
        dH = dY @ W2.T * H * (1 - H)
        W2 = W2 - learning_rate * H.T @ dY
        B2 = B2 - learning_rate * dY.sum(axis=0)
        W1 = W1 - learning_rate * X.T @ dH
        B1 = B1 - learning_rate * dH.sum(axis=0)
    return W1, B1, W2, B2
"""


# -- fingerprints ---------------------------------------------------------------------------


def stream(words: list[str], cell: int = 1) -> list[Token]:
    return [Token(w, cell, i + 1, i + 1) for i, w in enumerate(words)]


def test_kgrams_stay_inside_a_cell():
    tokens = stream(list("abcd"), 1) + stream(list("efg"), 2)
    starts = [p for _, p in kgram_hashes(tokens, 3)]
    assert starts == [0, 1, 4]  # abc, bcd | efg: nothing across the cells


def test_kgram_hashes_are_the_same_in_every_process():
    words = [
        "def",
        "V",
        "(",
        "V",
        ")",
        ":",
        "NEWLINE",
        "INDENT",
        "return",
        "V",
        "NEWLINE",
        "DEDENT",
    ]
    here = [h for h, _ in kgram_hashes(stream(words), 5)]
    code = (
        "from nngrade.batch.similarity import Token, kgram_hashes\n"
        f"w = {words!r}\n"
        "print([h for h, _ in kgram_hashes([Token(x, 1, 1, 1) for x in w], 5)])"
    )
    other = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={"PYTHONHASHSEED": "12345", "PATH": ""},
    )  # fmt: skip
    assert json.loads(other.stdout) == here


def test_winnowing_takes_the_rightmost_minimum_of_each_window_once():
    hashes = [(h, i) for i, h in enumerate([5, 3, 3, 7, 8, 2, 9, 4])]
    assert winnow(hashes, 3) == [
        (3, 2),
        (2, 5),
    ]  # windows 5 3 [3] | 3 [3] 7 | [3] 7 8 | 7 8 [2] ...
    assert winnow([(4, 0), (4, 1), (4, 2), (4, 3)], 2) == [(4, 1), (4, 2), (4, 3)]
    assert winnow(hashes[:2], 3) == [(3, 1)]  # shorter than a window: its minimum
    assert winnow([], 3) == []


def test_winnowing_finds_every_shared_run_of_k_plus_w_minus_1_tokens():
    rng = random.Random(1)
    k, w = similarity.K, similarity.W
    for _ in range(200):
        shared = [f"t{rng.randrange(30)}" for _ in range(k + w - 1)]
        a = [f"a{rng.randrange(30)}" for _ in range(rng.randrange(0, 60))]
        b = [f"b{rng.randrange(30)}" for _ in range(rng.randrange(0, 60))]
        one = [f"a{rng.randrange(30)}" for _ in range(rng.randrange(0, 60))]
        two = [f"b{rng.randrange(30)}" for _ in range(rng.randrange(0, 60))]
        da = {h for h, _ in winnow(kgram_hashes(stream(a + shared + one), k), w)}
        db = {h for h, _ in winnow(kgram_hashes(stream(b + shared + two), k), w)}
        assert da & db


def test_winnowing_keeps_about_two_in_w_plus_one_hashes():
    rng = random.Random(2)
    hashes = [(rng.randrange(1 << 60), i) for i in range(20_000)]
    density = len(winnow(hashes, 10)) / len(hashes)
    assert 0.15 < density < 0.22  # 2 / (w + 1) = 0.18 for random hashes


def test_winnowing_selects_as_the_definition_says_on_any_input():
    rng = random.Random(3)
    for _ in range(300):
        w = rng.randrange(1, 8)
        hashes = [(rng.randrange(6), i) for i in range(rng.randrange(0, 40))]
        expected, last = [], -1  # the definition: each window's rightmost minimum, once
        if len(hashes) <= w:
            expected = [min(reversed(hashes), key=lambda hp: hp[0])] if hashes else []
        for start in range(len(hashes) - w + 1) if len(hashes) > w else ():
            best = min(reversed(range(start, start + w)), key=lambda i: hashes[i][0])
            if best != last:
                expected.append(hashes[best])
                last = best
        assert winnow(hashes, w) == expected


# -- comparing ------------------------------------------------------------------------------

OWN_A = """
def backprop_step(x, t, W1, B1, W2, B2, learning_rate):
    layer0, layer1, layer2 = predict(x, W1, B1, W2, B2)
    delta2 = (layer2 - t) * sigmoid_deriv(layer2)
    delta1 = np.dot(delta2, W2.T) * sigmoid_deriv(layer1)
    grads = [np.dot(layer0.T, delta1), delta1.sum(axis=0), np.dot(layer1.T, delta2)]
    return [p - learning_rate * g for p, g in zip((W1, B1, W2), grads)] + [B2 - delta2.sum(axis=0)]
"""
OWN_B = """
history = {}
for rate in (0.1, 0.5, 1.0):
    weights = fit(X, T, W1, B1, W2, B2, learning_rate=rate, epochs=300)
    history[rate] = loss(predict(X, *weights)[2], T)
    print(f'{rate}: {history[rate]:.4f}')
best = min(history, key=history.get)
plt.bar([str(r) for r in history], list(history.values()))
plt.show()
"""
LECTURE_FIT = """
def fit():
    global W1, W2, B1, B2
    for i in range(90000):
        for x, y in zip(X, T):
            x = np.reshape(x, (1, -1))
            y = np.reshape(y, (1, -1))
            layer0, layer1, layer2 = predict(x)
            layer2_error = layer2-y
            layer2_delta = layer2_error*actf_deriv(layer2)
            layer1_error = np.dot(layer2_delta, W2.T)
            layer1_delta = layer1_error*actf_deriv(layer1)
            W2 += -learning_rate*np.dot(layer1.T, layer2_delta)
            W1 += -learning_rate*np.dot(layer0.T, layer1_delta)
"""


def test_code_from_the_base_is_not_evidence():
    docs = [document("kim", [(1, LECTURE_FIT), (2, OWN_A)]),
            document("lee", [(1, LECTURE_FIT), (2, OWN_B)])]  # fmt: skip
    without, _ = compare(docs, threshold=0.3)
    assert [(p.a, p.b) for p in without] == [("kim", "lee")]
    base = similarity.base_hashes([(1, LECTURE_FIT)])
    with_base, scored = compare(docs, base, threshold=0.3)
    assert with_base == [] and scored == []


def test_code_in_more_than_max_share_submissions_is_ignored():
    docs = [document(f"s{i}", [(1, LECTURE_FIT)]) for i in range(4)]
    assert len(compare(docs, max_share=4)[0]) == 6
    assert compare(docs, max_share=3) == ([], [])


def test_a_copy_with_functions_reordered_and_renamed_scores_as_a_copy():
    original = [(1, OWN_A), (2, OWN_B)]
    renamed = OWN_A.replace("delta", "d").replace("grads", "gs").replace("layer", "h")
    copy = [(4, OWN_B.replace("history", "log").replace("rate", "lr")), (9, renamed)]
    flagged, _ = compare([document("kim", original), document("lee", copy)], threshold=0.9)
    assert len(flagged) == 1 and flagged[0].score == 1.0


def test_fragments_give_the_shared_lines_of_each_side():
    a = document("kim", [(3, "import numpy as np\n" + OWN_A)])
    b = document("lee", [(5, "# copied\n\n\n" + OWN_A.replace("learning_rate", "lr"))])
    (pair,), _ = compare([a, b], threshold=0.5)
    (fragment,) = pair.fragments
    assert (fragment.a_cell, fragment.b_cell) == (3, 5)
    assert fragment.a_lines == (3, 8) and fragment.b_lines == (5, 10)
    left = similarity.cell_lines(a, 3, fragment.a_lines)
    assert left[0] == (3, "def backprop_step(x, t, W1, B1, W2, B2, learning_rate):")


def crafted(lines: int) -> str:
    """Code whose every k-gram is distinct: attribute names are kept by the normaliser."""
    return "\n".join(f"x.a{i} = y.b{i}(z.c{i})" for i in range(lines))


def test_two_identical_crafted_submissions_cost_seconds_not_hours():
    # Issue 20: two such copies kept the report busy for more than 600 s (4,000 lines took
    # 195 s in compare, growing with the square of the lines).
    code = [(1, crafted(40_000))]  # 1.1 MB
    started = time.process_time()
    docs = [document("mallory", code), document("trudy", code)]
    flagged, _ = compare(docs, threshold=0.75)
    took = time.process_time() - started
    assert took < 10, took
    (pair,) = flagged
    assert pair.score == 1.0 and pair.shared == similarity.MAX_FINGERPRINTS
    assert len(pair.fragments) == 1  # one run, grown once
    assert docs[0].tokens[-1].line < 40_000  # read up to MAX_CODE_CHARS


def test_only_the_pairs_that_share_most_are_traced_to_their_lines(monkeypatch):
    monkeypatch.setattr(similarity, "FRAGMENT_PAIRS", 2)
    docs = [document(f"s{i}", [(1, OWN_A), (2, OWN_B)]) for i in range(4)]
    flagged, _ = compare(docs, threshold=0.75)
    assert len(flagged) == 6
    assert [bool(p.fragments) for p in flagged] == [True, True, False, False, False, False]


def test_a_class_of_200_with_crafted_copies_is_compared_in_seconds(tmp_path):
    make_similarity_class(tmp_path / "class", 195)
    codes = [(p.parent.name, read_code(p)) for p in sorted(tmp_path.glob("class/*/hw6.ipynb"))]
    codes += [(f"crafted{i}", [(1, crafted(40_000))]) for i in range(2)]
    assert len(codes) == 202
    base = similarity.base_hashes(read_base(LECTURE)[1])
    started = time.process_time()
    docs = [document(name, cells) for name, cells in codes]
    flagged, _ = compare(docs, base, threshold=similarity.THRESHOLD)
    took = time.process_time() - started
    assert took < 15, took  # about 3 s of CPU on the machine these were written on
    assert frozenset(("crafted0", "crafted1")) in {frozenset((p.a, p.b)) for p in flagged}


def test_grade_and_similar_end_on_two_identical_crafted_notebooks(tmp_path):
    notebook = json.loads((HW6 / "solution.ipynb").read_text(encoding="utf-8"))
    notebook["cells"].append({"cell_type": "code", "metadata": {}, "execution_count": None,
                              "outputs": [], "source": crafted(40_000)})  # fmt: skip
    for name in ("mallory", "trudy"):
        target = tmp_path / "class" / f"hw6-{name}" / "hw6.ipynb"
        target.parent.mkdir(parents=True)
        target.write_text(json.dumps(notebook), encoding="utf-8")
    (tmp_path / "class" / "hw6-alice").mkdir()
    shutil.copyfile(CLI_FIXTURES / "hw6_kim.ipynb", tmp_path / "class" / "hw6-alice" / "hw6.ipynb")
    out = tmp_path / "out"
    proc = nngrade("grade", "hw6", tmp_path / "class", "--out", out, "--lang", "en", "-j", "2",
                   timeout=300)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert (out / "summary.html").is_file()
    assert "similar code: 1 pairs score 75% or more" in proc.stdout
    started = time.perf_counter()
    shown = nngrade("similar", out, "--lang", "en", timeout=120)
    took = time.perf_counter() - started
    assert shown.returncode == 0, shown.stderr
    assert listed_pairs(shown.stdout) == {frozenset(("mallory", "trudy")): 100}
    assert took < 30, took  # about 2 s when the machine is not shared


def test_with_the_bases_hw6_declares_one_planted_copy_ranks_first_and_alone(tmp_path):
    # Issue 24: a class that types the lecture's code flooded the report without --base.
    assignment = load_assignment(HW6)
    assert [p.name for p in assignment.similarity_base] == ["lecture6.py"]
    base = similarity.base_hashes(read_code(assignment.student))
    for path in assignment.similarity_base:
        base |= similarity.base_hashes(read_base(path)[1])
    make_similarity_class(tmp_path / "class")
    codes = {p.parent.name.removeprefix("hw6-"): read_code(p)
             for p in sorted(tmp_path.glob("class/*/hw6.ipynb"))}  # fmt: skip
    honest = [document(name, cells) for name, cells in codes.items() if name.startswith("s")]
    for plant, (source, _) in PLANTS.items():
        flagged, _ = compare([*honest, document(plant, codes[plant])], base,
                             threshold=similarity.THRESHOLD)  # fmt: skip
        assert [{p.a, p.b} for p in flagged] == [{plant, source}], plant


def test_a_pair_with_little_shared_code_is_not_listed_whatever_its_score():
    three_lines = "\n".join(OWN_A.strip().split("\n")[2:5])  # delta2, delta1, grads
    a = document("kim", [(1, LECTURE_FIT), (2, three_lines)])
    b = document("lee", [(1, LECTURE_FIT), (2, three_lines)])
    base = similarity.base_hashes([(1, LECTURE_FIT)])
    flagged, scored = compare([a, b], base, threshold=0.75)
    assert scored[0].score == 1.0 and 4 <= scored[0].shared < similarity.MIN_SHARED  # 7
    assert flagged == []


def test_listed_pairs_rank_by_the_amount_shared():
    long_copy = [(1, OWN_A), (2, OWN_B)]
    docs = [document("kim", long_copy), document("lee", long_copy),
            document("park", [(1, OWN_A)]), document("choi", [(1, OWN_A + "\nq = 1\n")])]  # fmt: skip
    flagged, _ = compare(docs, threshold=0.75)
    assert (flagged[0].a, flagged[0].b) == ("kim", "lee")
    assert [p.shared for p in flagged] == sorted((p.shared for p in flagged), reverse=True)


def test_the_report_never_imports_the_sandbox():
    code = (
        "import sys, nngrade.batch.similarity_report, nngrade.batch.similar_command\n"
        "print(sorted(m for m in sys.modules if m.startswith('nngrade.sandbox')))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_the_command_line_defaults_are_the_algorithm_s():
    assert similar_command.THRESHOLD == similarity.THRESHOLD
    assert similar_command.MAX_SHARE == similarity.MAX_SHARE


@pytest.mark.parametrize("raw, share", [("0.5", 0.5), ("50", 0.5), ("75%", 0.75), ("1", 1.0)])
def test_threshold_is_a_share_or_a_percentage(raw, share):
    assert similar_command.threshold_value(raw) == share


def test_a_markdown_base_gives_its_fenced_code(tmp_path):
    notes = tmp_path / "lecture.md"
    notes.write_text("# 6장\n\n```python\nx = 1\n```\n\ntext\n\n```\ny = 2\n```\n", "utf-8")
    _, cells = read_base(notes)
    assert cells == [(1, "x = 1\n"), (2, "y = 2\n")]


# -- through the CLI ------------------------------------------------------------------------

EXPECTED = {frozenset((plant, source)) for plant, (source, _) in PLANTS.items()}
PAIR_ROW = re.compile(r"^\s*(\d+)%\s*│\s*(\S+)\s*│\s*(\S+)\s*│", re.MULTILINE)
SHARED_COLUMN = re.compile(r"^\s*\d+%\s*│\s*\S+\s*│\s*\S+\s*│\s*(\d+)\s*│", re.MULTILINE)


def listed_pairs(output: str) -> dict[frozenset, int]:
    """{pair: score %} from the table `nngrade similar` prints."""
    return {frozenset((a, b)): int(score) for score, a, b in PAIR_ROW.findall(output)}


@pytest.fixture(scope="module")
def class_graded(tmp_path_factory):
    """The class of 48 honest students and 5 copies, graded once; the lecture is the base that
    hw6 declares (`[similarity] base`), with no --base flag."""
    tmp = tmp_path_factory.mktemp("similar")
    make_similarity_class(tmp / "class")
    out = tmp / "out"
    proc = nngrade("grade", "hw6", tmp / "class", "--out", out,
                   "--seed", "1", "--lang", "en", "-j", "2", timeout=900)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return proc, out


@pytest.mark.slow
def test_every_planted_copy_is_found_and_no_honest_pair(class_graded):
    proc, out = class_graded
    assert f"similar code: {len(PLANTS)} pairs score 75% or more" in proc.stdout
    shown = nngrade("similar", out, "--lang", "en")
    assert shown.returncode == 0, shown.stderr
    assert (
        f"{HONEST + len(PLANTS)} submissions (the latest of each student) compared" in shown.stdout
    )
    pairs = listed_pairs(shown.stdout)
    assert set(pairs) == EXPECTED, shown.stdout
    assert min(pairs.values()) >= 90
    assert "lecture6.py" in shown.stdout and "No base file was given" not in shown.stdout
    shared = [int(n) for n in SHARED_COLUMN.findall(shown.stdout)]
    assert len(shared) == len(PLANTS) and shared == sorted(shared, reverse=True)  # as MOSS ranks
    highest = re.search(r"Highest score below the threshold: (\d+)%", shown.stdout)
    assert highest and int(highest.group(1)) < 75


@pytest.mark.slow
def test_the_lecture_as_base_keeps_honest_students_apart(class_graded):
    _, out = class_graded
    # Code in more than --max-share submissions is ignored too: turn that off to see the base.
    with_lecture = nngrade("similar", out, "--max-share", "1000", "--lang", "en")
    assert set(listed_pairs(with_lecture.stdout)) == EXPECTED, with_lecture.stdout
    starter_only = nngrade("similar", out, "--base", HW6 / "hw6.ipynb", "--max-share", "1000",
                           "--lang", "en")  # fmt: skip
    honest = set(listed_pairs(starter_only.stdout)) - EXPECTED
    assert honest, starter_only.stdout  # without the lecture, students who typed it match
    assert set(listed_pairs(starter_only.stdout)) >= EXPECTED


@pytest.mark.slow
def test_similar_shows_the_shared_code_side_by_side(class_graded):
    _, out = class_graded
    shown = nngrade("similar", out, "--lang", "en").stdout
    assert "copy-renamed ↔ s07" in shown
    assert re.search(r"copy-renamed · cell \d+, lines \d+–\d+", shown)
    assert re.search(
        r"def backprop_step\(x, t, W1, B1, W2, B2, learning_rate\):.*│.*def backprop_step", shown
    )


@pytest.mark.slow
def test_similar_in_korean(class_graded):
    _, out = class_graded
    shown = nngrade("similar", out, "--lang", "ko").stdout
    assert "비슷한 코드" in shown and "셀" in shown and "Similar code" not in shown


@pytest.mark.slow
def test_summary_page_lists_the_copies_with_the_evidence(class_graded):
    _, out = class_graded
    page = (out / "summary.html").read_text(encoding="utf-8")
    section = page[page.index('id="similar"') :]
    assert '<a href="#similar">5 pairs of submissions share code' in page
    assert section.count('<details class="pair"') == len(PLANTS)
    for plant, (source, _) in PLANTS.items():
        assert f"{plant} ↔ {source}" in section
    assert section.count('<div class="frag">') >= 2 * len(PLANTS)
    assert "x &gt; 0" in section  # student code is escaped
    assert "<script" not in page and "Content-Security-Policy" in page
    honest_names = {f"s{i:02d}" for i in range(1, HONEST + 1)} - {s for s, _ in PLANTS.values()}
    table = section[: section.index("<details")]
    assert not any(f"<td>{name}</td>" in table for name in honest_names)


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    pytest.skip("chromium is not installed (CI installs it: apt-get install -y chromium)")


@pytest.mark.slow
def test_chromium_shows_the_similar_code_section(class_graded, tmp_path):
    _, out = class_graded
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", f"--user-data-dir={tmp_path / 'profile'}"]  # fmt: skip
    page = (out / "summary.html").as_uri()
    dom = subprocess.run([chromium(), *flags, "--dump-dom", page], capture_output=True,
                         text=True, timeout=120)  # fmt: skip
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "Similar code" in dom.stdout and "copy-disguised ↔ s40" in dom.stdout
    shot = tmp_path / "summary.png"
    proc = subprocess.run([chromium(), *flags, f"--screenshot={shot}", "--window-size=1100,3000",
                           page], capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_code_from_a_zip_is_compared_after_the_run(tmp_path):
    source = (CLI_FIXTURES / "hw6_kim.ipynb").read_text(encoding="utf-8")
    copy = source.replace("layer1", "hidden").replace("history", "trace")
    archive = tmp_path / "lms.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("kim_hw6.ipynb", source)
        z.writestr("park_hw6.ipynb", copy)
        z.writestr("choi_hw6.ipynb", (CLI_FIXTURES / "lecture_code.ipynb").read_text("utf-8"))
    out = tmp_path / "out"
    proc = nngrade("grade", "hw6", archive, "--out", out, "--lang", "en", "-j", "2")
    assert proc.returncode == 0, proc.stderr
    assert not (out / ".work").exists()  # the archive's files are gone: the code was kept
    shown = nngrade("similar", out, "--lang", "en")
    assert shown.returncode == 0, shown.stderr
    assert frozenset(("kim", "park")) in listed_pairs(shown.stdout), shown.stdout
    assert "No base file was given" not in shown.stdout  # the assignment declares the lecture's
    assert "lecture6.py" in shown.stdout


def test_a_base_that_cannot_be_read_is_refused_before_grading(tmp_path):
    out = tmp_path / "out"
    proc = nngrade("grade", "hw6", CLI_FIXTURES / "hw6_kim.ipynb", "--out", out,
                   "--base", tmp_path / "lecture.py")  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"nngrade: --base {tmp_path / 'lecture.py'}: file not found"
    assert not out.exists()


def test_similar_needs_a_gradebook_folder(tmp_path):
    proc = nngrade("similar", tmp_path)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert "no gradebook.sqlite here" in proc.stderr
    bad = nngrade("similar", tmp_path, "--threshold", "150")
    assert bad.returncode == 2 and "percentage up to 100" in bad.stderr


def test_a_gradebook_without_kept_code_reads_the_files_still_there(tmp_path):
    folder = tmp_path / "class"
    source = (CLI_FIXTURES / "hw6_kim.ipynb").read_text(encoding="utf-8")
    for name, text in [("kim", source), ("park", source.replace("layer1", "hidden")),
                       ("lee", (CLI_FIXTURES / "lecture_code.ipynb").read_text("utf-8"))]:  # fmt: skip
        (folder / f"{name}_hw6.ipynb").parent.mkdir(exist_ok=True)
        (folder / f"{name}_hw6.ipynb").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert nngrade("grade", "hw6", folder, "--out", out, "-j", "2").returncode == 0
    db = sqlite3.connect(out / "gradebook.sqlite")
    with db:
        db.execute("DELETE FROM sources")  # as an older nngrade left it
    db.close()
    (folder / "lee_hw6.ipynb").unlink()
    shown = nngrade("similar", out, "--lang", "en")
    assert shown.returncode == 0, shown.stderr
    assert frozenset(("kim", "park")) in listed_pairs(shown.stdout), shown.stdout
    assert "Not compared (no code to read): lee." in shown.stdout
