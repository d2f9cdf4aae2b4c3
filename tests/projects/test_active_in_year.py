"""One rule for "project active in year N": the project list's year filter and the dashboard
read ``projects.periods.active_in_year``."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.core.models import Role
from maillage.projects.models import Mobilisation, Project
from maillage.projects.periods import active_in_year
from maillage.reporting.selectors import Period
from tests.factories import MobilisationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def projects(authority):
    def make(title, start, end):
        return ProjectFactory(authority=authority, title=title, start_date=start, end_date=end)

    made = {
        "within": make("within", D(2024, 3, 1), D(2024, 9, 30)),
        "across": make("across", D(2022, 1, 1), D(2026, 6, 30)),
        "open": make("open", D(2023, 5, 1), None),
        "before": make("before", D(2020, 1, 1), D(2023, 12, 31)),
        "after": make("after", D(2025, 1, 1), D(2025, 12, 31)),
        "undated": make("undated", None, None),
    }
    Project.objects.filter(pk=made["undated"].pk).update(
        created_at=timezone.make_aware(datetime.datetime(2024, 6, 1))
    )
    return made


def titles(queryset) -> set[str]:
    return set(queryset.values_list("title", flat=True))


def test_the_rule(projects):
    assert titles(Project.objects.filter(active_in_year(2024))) == {
        "within",
        "across",
        "open",
        "undated",  # no start date: counts from the year it was entered
    }
    assert titles(Project.objects.filter(active_in_year(2023))) == {"across", "open", "before"}


def test_through_another_model(projects):
    for project in projects.values():
        MobilisationFactory(project=project)
    rows = Mobilisation.objects.filter(active_in_year(2023, prefix="project__"))
    assert set(rows.values_list("project__title", flat=True)) == {"across", "open", "before"}


def test_the_list_and_the_dashboard_agree(projects, users, client_for):
    page = client_for(users[Role.DRI]).get(reverse("project_list") + "?year=2024")
    listed = {p.title for p in page.context["page_obj"].object_list}
    dashboard = titles(Project.objects.filter(Period(2024, "all").projects_q()))
    assert listed == dashboard == {"within", "across", "open", "undated"}
