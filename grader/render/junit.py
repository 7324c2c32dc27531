"""JUnit XML, shaped as pytest writes it, for CI test reporters.

One `<testsuite>` per assignment, one `<testcase>` per test (classname = task). CI consumers
(dorny/test-reporter, mikepenz/action-junit-report, EnricoMi/publish-unit-test-result-action)
read testsuite/testcase/failure/error and ignore `<properties>`, so the points go in the test
name (`test_x [0/2 pts]`) and the failure message as well as in the properties.
"""

from __future__ import annotations

import platform
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from nngrade.messages import say
from nngrade.outcomes import ERROR_OUTCOMES
from nngrade.render.i18n import (
    cell_label,
    error_line,
    limit_lines,
    notes,
    outcome,
    points,
    pts,
    status_line,
    timing_line,
)
from nngrade.results import Results, TestResult

if TYPE_CHECKING:
    from nngrade.render.formats import RenderOptions

# Characters XML 1.0 cannot carry at all, escaped or not (ANSI colour codes from a traceback,
# NULs from a binary print). Like pytest, write them as visible `\x1b` text instead.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render_junit(
    results: Results,
    options: RenderOptions | None = None,
    *,
    timestamp: datetime | str | None = None,
    hostname: str | None = None,
) -> str:
    """The results as a JUnit XML document (`<testsuites>` with one `<testsuite>`).

    `timestamp` and `hostname` default to `results.environment["timestamp"|"hostname"]` when
    the grading run recorded them, else to now and this machine.
    """
    counts = results.counts()
    suite = ET.Element(
        "testsuite",
        {
            "name": results.assignment,
            "tests": "0",  # set below, once the status testcase is known
            "failures": str(counts["failed"]),
            "errors": str(sum(counts[o] for o in ERROR_OUTCOMES)),
            "skipped": "0",
            "time": f"{_suite_time(results):.3f}",
            "timestamp": _timestamp(results, timestamp),
            "hostname": _clean(hostname or results.environment.get("hostname") or platform.node()),
        },
    )
    props = ET.SubElement(suite, "properties")
    for name, value in (
        ("score", points(results.score)),
        ("max_score", points(results.max_score)),
        ("status", results.status),
        ("seed", str(results.seed)),
        ("submission", results.submission.path),
        ("assignment_version", results.assignment_version),
    ):
        ET.SubElement(props, "property", name=name, value=_clean(value))

    hidden_number = 0
    for task in results.tasks:
        for test in task.tests:
            if test.hidden:
                hidden_number += 1
            _testcase(suite, test, hidden_number if test.hidden else None, results.lang)

    cases = len(results.tests)
    if results.status != "graded":
        # The submission was not (fully) graded: say so as a failing case, so a CI reporter that
        # only counts testcases still shows red, with the reason.
        case = ET.SubElement(suite, "testcase", classname=results.assignment, name="grading")
        case.set("time", "0.000")
        error = ET.SubElement(case, "error", type=results.status)
        error.set("message", _clean(results.error_words or results.status))
        error.text = _clean(status_line(results) or results.status)
        cases += 1
        suite.set("errors", str(int(suite.get("errors", "0")) + 1))
    suite.set("tests", str(cases))

    system_out = ET.SubElement(suite, "system-out")
    system_out.text = _clean(_summary(results))

    root = ET.Element("testsuites", name="nngrade")
    for attr in ("tests", "failures", "errors", "skipped", "time"):
        root.set(attr, suite.get(attr, "0"))
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _testcase(
    suite: ET.Element, test: TestResult, hidden_number: int | None, lang: str = "en"
) -> None:
    score = f"[{pts(lang, test.earned, test.points)}]"
    name = (
        say("junit.hidden_test", lang, n=hidden_number) if hidden_number is not None else test.name
    )
    case = ET.SubElement(suite, "testcase", classname=test.task, name=_clean(f"{name} {score}"))
    case.set("time", f"{test.duration:.3f}")
    props = ET.SubElement(case, "properties")
    ET.SubElement(props, "property", name="points", value=points(test.points))
    ET.SubElement(props, "property", name="earned", value=points(test.earned))
    ET.SubElement(props, "property", name="outcome", value=test.outcome)
    if test.passed:
        return
    # A hidden test's message would reveal what it checks: only its outcome is reported.
    message = (
        say("junit.hidden_outcome", lang, outcome=outcome(lang, test.outcome))
        if hidden_number is not None
        else test.message
    )
    first_line = message.strip().splitlines()[0] if message.strip() else test.outcome
    tag = "error" if test.outcome in ERROR_OUTCOMES else "failure"
    element = ET.SubElement(case, tag, type=test.outcome)
    element.set("message", _clean(f"{score} {first_line}"))
    element.text = _clean(f"{score} {message}" if message else score)


def _summary(results: Results) -> str:
    """Plain text for `<system-out>`: the score, why not graded, cell errors, notes, seed, timing."""
    lang = results.lang
    lines = [
        say(
            "junit.score",
            lang,
            title=results.title,
            score=points(results.score),
            max=points(results.max_score),
        )
    ]
    if status := status_line(results):
        lines.append(status)
    for err in results.cell_errors:
        module = results.submission.kind == "module"
        where = (
            cell_label(lang, "module", err.cell)
            if module
            else say("limit.where.cell", lang, n=err.cell)
        )
        lines.append(f"{where}: {error_line(results.lang, err)}")
        lines.extend(f"    {line}" for line in err.traceback)
    lines.extend(say("junit.limit", lang, line=line) for line in limit_lines(results))
    lines.extend(say("junit.note", lang, note=note) for note in notes(results))
    lines.append(say("junit.seed", lang, seed=results.seed))
    if timing := timing_line(results):
        lines.append(say("junit.timing", lang, timing=timing))
    return "\n".join(lines)


def _suite_time(results: Results) -> float:
    if "total" in results.timings:
        return results.timings["total"]
    return sum(t.duration for t in results.tests)


def _timestamp(results: Results, given: datetime | str | None) -> str:
    if isinstance(given, datetime):
        return given.isoformat(timespec="seconds")
    if given:
        return given
    recorded = results.environment.get("timestamp")
    return recorded or datetime.now(UTC).isoformat(timespec="seconds")


def _clean(text: str) -> str:
    return _ILLEGAL_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
