"""Under CI, a missing Chromium must fail the browser tests, never skip them silently.

An inner pytest session loads the project's tests/conftest.py as a plugin, on a machine
where the Chromium path points nowhere.
"""

from __future__ import annotations

import pytest

import tests.conftest as project_conftest

pytest_plugins = ["pytester"]

INNER_TESTS = """
import pytest


@pytest.mark.browser
def test_in_the_browser():
    pass


def test_without_browser():
    pass
"""


@pytest.fixture
def without_chromium(pytester, monkeypatch):
    monkeypatch.setattr(project_conftest, "CHROMIUM", str(pytester.path / "no-chromium"))
    pytester.makeini("[pytest]\nmarkers =\n    browser: drives Chromium\n")
    pytester.makepyfile(INNER_TESTS)
    return pytester


def run(pytester):
    # The project's conftest as a plugin; Django, Playwright and xdist are not needed inside.
    return pytester.runpytest_inprocess(
        "-p", "tests.conftest", "-p", "no:django", "-p", "no:playwright", "-p", "no:xdist", "-rA"
    )


def test_missing_chromium_fails_browser_tests_in_ci(without_chromium, monkeypatch):
    monkeypatch.setenv("CI", "true")
    result = run(without_chromium)
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed") == 1, result.stdout.str()
    assert outcomes.get("failed", 0) + outcomes.get("errors", 0) == 1, result.stdout.str()
    assert "skipped" not in outcomes, result.stdout.str()
    result.stdout.fnmatch_lines(["*CI=true and */no-chromium is missing*"])


def test_missing_chromium_skips_browser_tests_locally(without_chromium, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    result = run(without_chromium)
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(["*no-chromium is not installed*"])
