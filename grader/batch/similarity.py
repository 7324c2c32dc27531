"""Which submissions share code beyond what everyone was given: fingerprints, as MOSS takes them.

Each submission becomes a sequence of normalised tokens (Python's own tokenizer, cell by cell):
every name becomes `V` (attribute names after a dot stay: a copier renames `hidden`, not
`np.dot`), every number `N`, every string `S`; comments, blank lines, docstrings and IPython
magics are dropped, and line structure stays only as NEWLINE, INDENT and DEDENT. So renaming
variables, rewording comments, adding blank lines or moving a function into another cell
leaves the tokens as they were.

Every run of K tokens inside a cell (a k-gram) is hashed, and winnowing (Schleimer, Wilkerson
and Aiken, "Winnowing: local algorithms for document fingerprinting", SIGMOD 2003) keeps the
smallest hash of each window of W consecutive k-gram hashes, the rightmost on a tie, as a
fingerprint. The paper's guarantee: two documents that share a run of at least K + W - 1 tokens
share a fingerprint, and a run shorter than K never matches. Fingerprints are sets, so moving
whole functions around changes nothing either.

A fingerprint found anywhere in the base code (every k-gram of the assignment's starter notebook
and of the lecture's code the instructor gives) is removed from every submission, so typing the
lecture's `fit` is not evidence. A pair's score is the share of the smaller submission's
remaining fingerprints that the other also has; a pair is listed from a threshold score and
MIN_SHARED shared fingerprints, ranked by how many it shares (a long copy before a short
coincidence), and the shared runs are kept as token positions so that they can be shown as
source lines side by side.

Pure functions over text: no gradebook, no sandbox (nothing here runs student code).
"""

from __future__ import annotations

import bisect
import heapq
import io
import keyword
import re
import tokenize
import zlib
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from functools import lru_cache
from itertools import combinations

from nngrade import settings

# The data the comparison makes (drawn by `nngrade.render.similarity`); `cell_lines` is
# re-exported for the callers that read it from here.
from nngrade.class_report import Document, Fragment, Pair, Token, cell_lines  # noqa: F401

K = 15
"""Tokens per k-gram: runs shorter than this never match (a line or two of code)."""
W = 10
"""Winnowing window: every shared run of K + W - 1 = 24 tokens (two or three lines) is found.
K and W were chosen on the hw6 class of tests/batch/similarity_class.py: of K from 8 to 25 and
W from 8 to 15, K=15, W=10 set the planted copies (0.94 and up) furthest above the honest pairs
(0.64 at most)."""
THRESHOLD = settings.SIMILARITY_THRESHOLD
"""The score from which a pair is listed by default (between the two, with room on each side)."""
MAX_SHARE = settings.SIMILARITY_MAX_SHARE
"""A fingerprint found in more than this many submissions is ignored, as MOSS's `-m` (whose
default is 10) does: code that a large part of the class wrote the same way (the obvious way
to adapt the lecture to the template) is not evidence that two of them copied."""
MIN_SHARED = 15
"""A pair needs at least this many shared fingerprints (about 80 tokens, eight to ten lines of
code beyond the base) to be reported, whatever its score: two submissions with little code of
their own beyond the base would otherwise score 100% on the strength of a few shared lines
(issue 24: pairs sharing 11 fingerprints tied with a real copy sharing 47). On the generated
hw6 classes of tests/batch/similarity_class.py, every planted copy of 48 honest students
shares 31 or more; no honest pair of 200 at or above the threshold shares more than 10."""

# What one submission may cost (issue 20: two identical crafted submissions kept the report
# busy for more than 600 s). Each bound is far above the hw6 solution (3,100 characters of
# code, 940 tokens, 120 fingerprints) and makes the work linear in the class.
MAX_CODE_CHARS = 50_000
"""Characters of code read per submission; the rest is not compared."""
MAX_FINGERPRINTS = 2_000
"""Fingerprints a submission contributes: the smallest hashes left after the base, the same
choice in every submission (a bottom-k sample), so two copies still keep the same ones."""
SEEDS_PER_FINGERPRINT = 4
"""Positions of one fingerprint, on each side, that fragments are grown from."""
GROW_BUDGET = 8
"""Token comparisons spent growing one pair's fragments, per token of the two submissions;
past it the remaining shared fingerprints are shown as k-grams without growing."""
FRAGMENT_PAIRS = 100
"""Listed pairs whose shared code is traced, the most shared first (the page shows 25); the
others are listed with their counts only, so that a class of copies costs pairs x size once."""

_MOD = (1 << 61) - 1
_BASE = 1_000_003
_DROP = {
    tokenize.COMMENT,
    tokenize.NL,
    tokenize.ENCODING,
    tokenize.ENDMARKER,
}
_STATEMENT_START = {"NEWLINE", "INDENT", "DEDENT"}


# -- normalising ----------------------------------------------------------------------------


def normalise(source: str, cell: int = 1) -> list[Token]:
    """The normalised tokens of one cell's (or module's) code.

    Names become `V` (keywords stay; an attribute name after `.` stays as `.name`), numbers
    `N`, strings and f-strings `S`; comments, blank lines and docstrings (any statement that
    is only a string) are dropped; IPython magics and shell lines (`%...`, `!...`) are blanked.
    Code the tokenizer cannot read (a syntax error a student left in) is read by a simpler
    lexer instead, so that it still counts.
    """
    return [Token(text, cell, line, end) for text, line, end in _normalised(source)]


@lru_cache(maxsize=4096)
def _normalised(source: str) -> tuple[tuple[str, int, int], ...]:
    """`normalise` without the cell index: (text, line, end line) of each token. Kept per
    source text, since a class's notebooks share most of their cells (the template, the
    lecture's code, an unchanged notebook): each is tokenized once per process (issue 23)."""
    lines = ["" if ln.lstrip().startswith(("%", "!")) else ln for ln in source.split("\n")]
    raw: list[tuple[str, str, int, int]] = []
    try:
        raw.extend(_python_tokens("\n".join(lines)))
    except (tokenize.TokenError, SyntaxError):  # IndentationError is a SyntaxError
        # Keep the statements read so far; lex the rest, from the line after the last one.
        ends = [i for i, tok in enumerate(raw) if tok[0] == "NEWLINE"]
        raw = raw[: ends[-1] + 1] if ends else []
        done = raw[-1][3] if raw else 0
        raw.extend(
            (kind, text, line + done, end + done)
            for kind, text, line, end in _fallback_tokens("\n".join(lines[done:]))
        )
    return tuple(_drop_docstrings(raw))


def _python_tokens(code: str) -> Iterable[tuple[str, str, int, int]]:
    """(kind, text, line, end_line) from Python's tokenizer, normalised."""
    previous = ""
    depth = 0  # inside an f-string (Python 3.12+ splits them into parts)
    for tok in tokenize.generate_tokens(io.StringIO(code).readline):
        kind = tokenize.tok_name[tok.type]
        if kind.startswith("FSTRING"):
            if kind == "FSTRING_START":
                if depth == 0:
                    yield "STRING", "S", tok.start[0], tok.end[0]
                depth += 1
            elif kind == "FSTRING_END":
                depth -= 1
            continue
        if depth or tok.type in _DROP:
            continue
        if tok.type == tokenize.ERRORTOKEN and not tok.string.strip():
            continue
        line, end = tok.start[0], tok.end[0]
        if tok.type == tokenize.NAME:
            if keyword.iskeyword(tok.string):
                text = tok.string
            elif previous == ".":
                text = "." + tok.string
            else:
                text = "V"
        elif tok.type == tokenize.NUMBER:
            text = "N"
        elif tok.type == tokenize.STRING:
            text = "S"
        elif tok.type in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
            text = kind
        else:
            text = tok.string
        previous = tok.string if tok.type == tokenize.OP else ""
        yield ("STRING" if text == "S" else kind), text, line, end


_LEX = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<string>[rbuRBUfF]{0,2}(?:'''[\s\S]*?'''|\"\"\"[\s\S]*?\"\"\"|'[^'\n]*'|"[^"\n]*"))
      | (?P<number>\d[\w.]*|\.\d[\w]*)
      | (?P<name>[^\W\d]\w*)
      | (?P<newline>\n)
      | (?P<space>[ \t\f\r\\]+)
      | (?P<op>\*\*=?|//=?|>>=?|<<=?|->|:=|[-+*/%&|^@=<>!]=|[^\s\w])
    """,
    re.VERBOSE,
)


def _fallback_tokens(code: str) -> Iterable[tuple[str, str, int, int]]:
    """A forgiving lexer for code the tokenizer refuses: the same token texts, no indentation."""
    line = 1
    previous = ""
    for match in _LEX.finditer(code):
        kind, value = match.lastgroup, match.group()
        start = line
        line += value.count("\n")
        if kind in ("comment", "space"):
            continue
        if kind == "newline":
            yield "NEWLINE", "NEWLINE", start, start
            previous = ""
            continue
        if kind == "name":
            text = value if keyword.iskeyword(value) else ("." + value if previous == "." else "V")
        elif kind == "number":
            text = "N"
        elif kind == "string":
            text = "S"
        else:
            text = value
        previous = value if kind == "op" else ""
        yield ("STRING" if text == "S" else "OP"), text, start, line


def _drop_docstrings(raw: Sequence[tuple[str, str, int, int]]) -> Iterable[tuple[str, int, int]]:
    """Drop statements made of strings alone (docstrings, strings used as comments)."""
    i = 0
    while i < len(raw):
        at_start = i == 0 or raw[i - 1][0] in _STATEMENT_START
        if at_start and raw[i][0] == "STRING":
            j = i
            while j < len(raw) and raw[j][0] == "STRING":
                j += 1
            if j == len(raw) or raw[j][0] == "NEWLINE":
                i = j + 1  # the strings and their NEWLINE
                continue
        if raw[i][0] == "NEWLINE" and i > 0 and raw[i - 1][0] == "NEWLINE":
            i += 1  # the fallback lexer's blank lines
            continue
        kind, text, line, end = raw[i]
        yield text, line, end
        i += 1


def tokens_of(cells: Iterable[tuple[int, str]]) -> list[Token]:
    """The normalised tokens of several cells, in order."""
    return [token for index, source in cells for token in normalise(source, index)]


# -- fingerprints ---------------------------------------------------------------------------


def kgram_hashes(tokens: Sequence[Token], k: int = K) -> list[tuple[int, int]]:
    """(hash, start position) of every run of k tokens that lies inside one cell, in order.

    Karp-Rabin rolling hash over the tokens' CRC-32: stable across runs and machines (Python's
    own `hash` of a string is salted per process).
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    values = [zlib.crc32(t.text.encode()) + 1 for t in tokens]
    top = pow(_BASE, k - 1, _MOD)
    out: list[tuple[int, int]] = []
    start = 0
    while start < len(tokens):  # one cell at a time
        end = start
        while end < len(tokens) and tokens[end].cell == tokens[start].cell:
            end += 1
        h = 0
        for i in range(start, end):
            if i - start >= k:
                h = (h - values[i - k] * top) % _MOD
            h = (h * _BASE + values[i]) % _MOD
            if i - start >= k - 1:
                out.append((h, i - k + 1))
        start = end
    return out


def winnow(hashes: Sequence[tuple[int, int]], w: int = W) -> list[tuple[int, int]]:
    """The fingerprints winnowing selects from (hash, position) pairs: in every window of w
    consecutive hashes the smallest, the rightmost one on a tie, each selected once."""
    if w < 1:
        raise ValueError("w must be at least 1")
    if len(hashes) <= w:
        return [min(reversed(hashes), key=lambda hp: hp[0])] if hashes else []
    selected: list[tuple[int, int]] = []
    last = -1
    # A deque of positions whose hashes rise from front to back: its front is the window's
    # minimum, the rightmost on a tie (a new hash drops every one not smaller). O(n), not O(nw).
    window: deque[int] = deque()
    for i, (h, _) in enumerate(hashes):
        while window and hashes[window[-1]][0] >= h:
            window.pop()
        window.append(i)
        if window[0] <= i - w:
            window.popleft()
        if i >= w - 1 and window[0] != last:
            last = window[0]
            selected.append(hashes[last])
    return selected


def document(name: str, cells: Iterable[tuple[int, str]], k: int = K, w: int = W) -> Document:
    """A submission's code, normalised and fingerprinted (its first MAX_CODE_CHARS)."""
    cells = _bounded(cells)
    tokens, fingerprints = _fingerprinted(tuple(cells), k, w)
    return Document(name, dict(cells), list(tokens), {h: list(p) for h, p in fingerprints.items()})


@lru_cache(maxsize=512)
def _fingerprinted(
    cells: tuple[tuple[int, str], ...], k: int, w: int
) -> tuple[tuple[Token, ...], dict[int, tuple[int, ...]]]:
    """The tokens and fingerprints (hash -> positions) of some cells, made once per process
    for the same code: identical files (an unchanged notebook, a copy) are common in a class
    (issue 23). The caller gets its own lists."""
    tokens = tokens_of(cells)
    fingerprints: dict[int, list[int]] = {}
    for h, position in winnow(kgram_hashes(tokens, k), w):
        fingerprints.setdefault(h, []).append(position)
    return tuple(tokens), {h: tuple(p) for h, p in fingerprints.items()}


def forget() -> None:
    """Drop what `normalise` and `document` keep once a report is made (its memory)."""
    _normalised.cache_clear()
    _fingerprinted.cache_clear()


def _bounded(cells: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    """The cells up to MAX_CODE_CHARS characters in all (the last one cut)."""
    kept, left = [], MAX_CODE_CHARS
    for index, source in cells:
        if left <= 0:
            break
        kept.append((index, source[:left]))
        left -= len(source)
    return kept


def base_hashes(cells: Iterable[tuple[int, str]], k: int = K) -> set[int]:
    """Every k-gram hash of a base file (all of them, not only the winnowed ones: a student
    fingerprint that occurs anywhere in the base is not evidence)."""
    return {h for h, _ in kgram_hashes(tokens_of(cells), k)}


# -- comparing ------------------------------------------------------------------------------


def compare(
    docs: Sequence[Document],
    base: AbstractSet[int] = frozenset(),
    *,
    threshold: float = 0.0,
    max_share: int = MAX_SHARE,
    min_shared: int = MIN_SHARED,
    k: int = K,
) -> tuple[list[Pair], list[Pair]]:
    """Score every pair of documents that shares a fingerprint outside `base`.

    A fingerprint held by more than `max_share` documents is dropped from all of them before
    scoring. Returns (pairs at or above `threshold` with at least `min_shared` shared
    fingerprints, with their fragments, ranked by the amount shared as MOSS ranks them; every
    scored pair, highest score first, without fragments). Only fingerprints shared by two documents or more
    are looked at, through an index from hash to documents, so the cost grows with what is
    shared, not with the square of the class.
    """
    own = [_sample(d, base) for d in docs]
    holders: dict[int, list[int]] = defaultdict(list)
    for i, hashes in enumerate(own):
        for h in hashes:
            holders[h].append(i)
    common = {h for h, owners in holders.items() if len(owners) > max_share}
    own = [hashes - common for hashes in own]
    for h in common:
        del holders[h]
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for owners in holders.values():
        if len(owners) > 1:
            for pair in combinations(owners, 2):
                counts[pair] += 1
    scored = []
    for (i, j), shared in counts.items():
        smaller = min(len(own[i]), len(own[j]))
        scored.append(Pair(docs[i].name, docs[j].name, shared / smaller, shared,
                           len(own[i]), len(own[j])))  # fmt: skip
    scored.sort(key=lambda p: (-p.score, -p.shared, p.a, p.b))
    index = {d.name: i for i, d in enumerate(docs)}
    flagged = [
        Pair(p.a, p.b, p.score, p.shared, p.a_size, p.b_size)
        for p in scored
        if p.score >= threshold and p.shared >= min_shared
    ]
    flagged.sort(key=lambda p: (-p.shared, -p.score, p.a, p.b))
    for p in flagged[:FRAGMENT_PAIRS]:
        i, j = index[p.a], index[p.b]
        p.fragments = fragments(docs[i], docs[j], own[i] & own[j], k)
    return flagged, scored


def _sample(doc: Document, base: AbstractSet[int]) -> set[int]:
    """The fingerprints `doc` contributes: those not in the base, at most MAX_FINGERPRINTS of
    them (the smallest hashes, so that every submission samples its code the same way)."""
    own = [h for h in doc.fingerprints if h not in base]
    if len(own) > MAX_FINGERPRINTS:
        own = heapq.nsmallest(MAX_FINGERPRINTS, own)
    return set(own)


def fragments(a: Document, b: Document, shared: set[int], k: int = K) -> list[Fragment]:
    """The runs of tokens `a` and `b` share, grown from their shared fingerprints as far as the
    tokens stay equal (within one cell on each side), without overlaps, in `a`'s order.

    Linear in the two submissions: a seed that lies inside a run already grown on its
    diagonal (the same offset between `a` and `b`) is not grown again, and growing stops for
    good after GROW_BUDGET comparisons per token (the rest stay k-grams)."""
    seeds = sorted(
        (pb - pa, pa, pb)
        for h in shared
        for pa in a.fingerprints[h][:SEEDS_PER_FINGERPRINT]
        for pb in b.fingerprints[h][:SEEDS_PER_FINGERPRINT]
    )
    budget = GROW_BUDGET * (len(a.tokens) + len(b.tokens)) + 1_000
    runs: list[tuple[int, int, int]] = []  # (length, start in a, start in b)
    reach: dict[int, int] = {}  # diagonal -> where the last run grown on it ends in `a`
    for diagonal, pa, pb in seeds:
        if pa < reach.get(diagonal, -1):
            continue  # inside a run already found
        if budget > 0:
            run = _grow(a.tokens, b.tokens, pa, pb, k)
            budget -= run[0] + (pa - run[1]) + 1
        else:
            run = (k, pa, pb)
        reach[diagonal] = run[1] + run[0]
        runs.append(run)
    runs.sort(key=lambda r: (-r[0], r[1], r[2]))
    used_a, used_b = _Spans(), _Spans()
    kept = []
    for length, sa, sb in runs:
        if used_a.free(sa, sa + length) and used_b.free(sb, sb + length):
            used_a.take(sa, sa + length)
            used_b.take(sb, sb + length)
            kept.append((sa, sb, length))
    return [
        Fragment(
            a.tokens[sa].cell,
            _lines(a.tokens[sa : sa + length]),
            b.tokens[sb].cell,
            _lines(b.tokens[sb : sb + length]),
            length,
        )  # fmt: skip
        for sa, sb, length in sorted(kept)
    ]


class _Spans:
    """Disjoint half-open spans of token positions, sorted: is a span free, take it."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start)
        if i > 0 and self.ends[i - 1] > start:
            return False  # the span before reaches into it
        return i == len(self.starts) or self.starts[i] >= end

    def take(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def _lines(run: Sequence[Token]) -> tuple[int, int]:
    """The lines a run of tokens covers, not counting the NEWLINE, INDENT and DEDENT at its
    ends (a DEDENT is reported on the line of the statement after the block)."""
    real = [t for t in run if t.text not in _STATEMENT_START] or list(run)
    return real[0].line, real[-1].end_line


def _grow(
    ta: Sequence[Token], tb: Sequence[Token], pa: int, pb: int, k: int
) -> tuple[int, int, int]:
    """The longest run of equal tokens around a matching k-gram, inside one cell on each side."""
    ca, cb = ta[pa].cell, tb[pb].cell
    while (
        pa > 0 and pb > 0 and ta[pa - 1].cell == ca and tb[pb - 1].cell == cb
        and ta[pa - 1].text == tb[pb - 1].text
    ):  # fmt: skip
        pa, pb = pa - 1, pb - 1
    length = 0
    while (
        pa + length < len(ta) and pb + length < len(tb)
        and ta[pa + length].cell == ca and tb[pb + length].cell == cb
        and ta[pa + length].text == tb[pb + length].text
    ):  # fmt: skip
        length += 1
    return max(length, 1), pa, pb
