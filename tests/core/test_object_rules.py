"""Object rules: each app registers its own in ``core.permissions``; anyone asks by name."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from maillage.core import permissions
from maillage.core.permissions import cached_on_request, check, rule


@pytest.fixture
def registry(monkeypatch):
    """A copy of the registry for the test, so that its rules do not outlive it."""
    monkeypatch.setattr(permissions, "_RULES", dict(permissions._RULES))
    return permissions._RULES


def test_every_app_registers_its_rules_when_django_starts():
    assert {
        "projects.edit_mobilisation",
        "skills.see_profile",
        "skills.decide_response",
        "governance.update_action",
    } <= set(permissions._RULES)


def test_check_asks_the_registered_predicate(registry):
    @rule("tests.owner")
    def is_owner(request, obj):
        return obj.owner == request.user

    request = RequestFactory().get("/")
    request.user = "alice"
    assert check(request, "tests.owner", SimpleNamespace(owner="alice")) is True
    assert check(request, "tests.owner", SimpleNamespace(owner="bob")) is False


def test_an_unknown_rule_is_a_configuration_error_not_a_refusal(registry):
    with pytest.raises(ImproperlyConfigured, match="tests.nowhere"):
        check(RequestFactory().get("/"), "tests.nowhere", None)


def test_two_predicates_under_one_name_are_refused(registry):
    rule("tests.twice")(lambda request, obj: True)
    with pytest.raises(ImproperlyConfigured, match="registered twice"):

        @rule("tests.twice")
        def other(request, obj):
            return False


def test_what_a_rule_queries_is_computed_once_per_request():
    calls = []
    request, other = RequestFactory().get("/"), RequestFactory().get("/")

    def compute():
        calls.append(1)
        return frozenset({1, 2})

    assert cached_on_request(request, "ids", compute) == frozenset({1, 2})
    assert cached_on_request(request, "ids", compute) == frozenset({1, 2})
    assert len(calls) == 1
    cached_on_request(other, "ids", compute)
    assert len(calls) == 2
