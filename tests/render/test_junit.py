"""JUnit XML: parsed back with junitparser, as a CI test reporter reads it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from junitparser import Error, Failure, JUnitXml

from nngrade.render.junit import render_junit


def parse(xml: str, tmp_path) -> JUnitXml:
    path = tmp_path / "report.xml"
    path.write_text(xml, encoding="utf-8")
    return JUnitXml.fromfile(str(path))


def suite_of(xml: str, tmp_path):
    (suite,) = list(parse(xml, tmp_path))
    return suite


def test_counts_and_suite_attributes(partial, tmp_path):
    when = datetime(2024, 9, 17, 9, 30, tzinfo=UTC)
    suite = suite_of(render_junit(partial, timestamp=when, hostname="grader-1"), tmp_path)
    assert suite.name == "hw6"
    assert suite.tests == 16
    assert suite.failures == 2  # sigmoid (failed) + the hidden gradient-descent test
    assert suite.errors == 3  # two loss tests (error) + backprop (timeout)
    assert suite.skipped == 0
    assert suite.time == 2.9
    assert suite.timestamp == "2024-09-17T09:30:00+00:00"
    assert suite.hostname == "grader-1"
    assert len(list(suite)) == 16


def test_points_in_name_message_and_properties(partial, tmp_path):
    xml = render_junit(partial)
    cases = {case.name: case for case in suite_of(xml, tmp_path)}
    passed = cases["test_predict_gives_the_lecture_numbers [1/1 pts]"]
    assert passed.classname == "forward"
    assert passed.is_passed

    failed = cases["test_sigmoid_matches_reference_and_survives_extremes [0/0.5 pts]"]
    assert failed.classname == "activations"
    (failure,) = failed.result
    assert isinstance(failure, Failure)
    assert failure.message == "[0/0.5 pts] sigmoid(x) differs at [0]: got nan, expected 0.0"
    assert "np.exp(1000.0) overflows" in failure.text
    # junitparser does not read testcase properties: plain ElementTree does.
    element = ET.fromstring(xml).find(f".//testcase[@name='{failed.name}']")
    props = {p.get("name"): p.get("value") for p in element.iter("property")}
    assert props == {"points": "0.5", "earned": "0", "outcome": "failed"}

    (timeout,) = cases["test_update_follows_the_true_gradient [0/1 pts]"].result
    assert isinstance(timeout, Error)
    assert timeout.type == "timeout"
    assert timeout.message == "[0/1 pts] backprop_step(...) did not return within 10 s"


def test_hidden_tests_are_numbered_and_tell_nothing(partial, tmp_path):
    xml = render_junit(partial)
    assert "SECRET" not in xml
    assert "test_trajectory_far_from_the_minimum" not in xml
    cases = {case.name: case for case in suite_of(xml, tmp_path)}
    (failure,) = cases["hidden test 1 [0/1 pts]"].result
    assert failure.message == "[0/1 pts] hidden test failed"
    assert cases["hidden test 2 [1/1 pts]"].is_passed


def test_not_graded_is_one_error_with_the_reason(not_graded, tmp_path):
    suite = suite_of(render_junit(not_graded), tmp_path)
    assert (suite.tests, suite.errors, suite.failures) == (1, 1, 0)
    (case,) = list(suite)
    (error,) = case.result
    assert isinstance(error, Error)
    assert error.message == "hw6.ipynb: not a notebook (line 1: Expecting value)"


def test_timeout_keeps_the_tests_that_ran(timed_out, tmp_path):
    suite = suite_of(render_junit(timed_out), tmp_path)
    assert (suite.tests, suite.errors) == (6, 1)  # 5 tests that ran + the "grading" case
    assert "grading stopped after 120 s" in [c.result[0].message for c in suite if c.result][0]


def test_korean_and_characters_xml_cannot_carry(korean, tmp_path):
    forward = korean.tasks[2]
    forward.tests[0].message += "\x1b[31m\x00"  # ANSI colour and a NUL from a traceback
    xml = render_junit(korean)
    cases = {case.name: case for case in suite_of(xml, tmp_path)}
    # issue 12: a Korean report writes its points in Korean too
    (failure,) = cases["test_predict_gives_the_lecture_numbers [0/1점]"].result
    assert "0.524979를 얻었지만" in failure.text
    assert "\\x1b[31m\\x00" in failure.text


def test_summary_in_system_out(partial):
    xml = render_junit(partial)
    assert "<system-out>Chapter 6: an MLP from scratch in NumPy: 10.5/14 points" in xml
    assert "cell 5: NameError: name 'np2' is not defined" in xml
