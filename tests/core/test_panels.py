"""Panels: a page of a lower app shows blocks that apps above register into its slot."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from maillage.core import panels
from maillage.core.panels import Panel, panels_for, register
from maillage.organisation.views import SERVICE_PANELS
from maillage.projects.registry.views import PROJECT_OVERVIEW_PANELS


@pytest.fixture
def slots(monkeypatch):
    """A copy of the registry for the test, so that its panels do not outlive it."""
    monkeypatch.setattr(panels, "_SLOTS", {k: dict(v) for k, v in panels._SLOTS.items()})


def test_the_portal_fills_the_slots_of_the_service_and_project_pages():
    assert [p.template for p in panels._SLOTS[SERVICE_PANELS].values()] == [
        "portal/_service_projects.html"
    ]
    assert [p.template for p in panels._SLOTS[PROJECT_OVERVIEW_PANELS].values()] == [
        "portal/_project_committees.html"
    ]


def test_panels_come_in_order_and_a_panel_without_context_is_left_out(slots):
    request = RequestFactory().get("/")
    register("tests.page", Panel("late", "late.html", lambda r, obj: {"n": obj}, order=20))
    register("tests.page", Panel("early", "early.html", lambda r, obj: {"n": obj * 2}, order=10))
    register("tests.page", Panel("hidden", "hidden.html", lambda r, obj: None, order=0))

    assert panels_for("tests.page", request, 3) == [
        {"name": "early", "template": "early.html", "context": {"n": 6}},
        {"name": "late", "template": "late.html", "context": {"n": 3}},
    ]
    assert panels_for("tests.empty", request, 3) == []


def test_a_panel_is_rendered_with_the_pages_context_and_its_own():
    page = Template("{% load panels %}{% for p in panels %}{% render_panel p %}{% endfor %}")
    panel = {
        "name": "committees",
        "template": "portal/_project_committees.html",
        "context": {"committees": []},
    }

    html = page.render(Context({"panels": [panel], "can": {"governance_edit": True}}))

    assert "Aucun comité ne suit ce projet." in html
    assert "Le rattacher à un comité" in html  # ``can`` comes from the page
    assert "&lt;" not in html  # markup is not escaped twice
