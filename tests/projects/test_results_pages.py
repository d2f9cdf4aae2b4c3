"""The results tab and its forms: results, indicators and their periods."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from maillage.core.models import AuditEvent, Role
from maillage.projects.models import Indicator, IndicatorPeriod, Result

from ..factories import (
    IndicatorFactory,
    IndicatorPeriodFactory,
    ProjectFactory,
    ResultFactory,
)

D = Decimal


@pytest.fixture
def project(authority):
    return ProjectFactory(authority=authority, title="Caen – Thiès")


@pytest.fixture
def caen(project):
    """The Caen–Thiès case: 5 of the 6 youths welcomed were hired by the city."""
    result = ResultFactory(
        project=project,
        title="Insertion professionnelle des jeunes du quartier",
        territory=Result.Territory.HOME,
    )
    indicator = IndicatorFactory(
        result=result, title="Jeunes du territoire recrutés par la ville", unit="jeunes", target=6
    )
    period = IndicatorPeriodFactory(indicator=indicator, target=D(6), actual=D(5))
    return result, indicator, period


@pytest.fixture
def dri(users, client_for):
    return client_for(users[Role.DRI])


def results_url(project) -> str:
    return reverse("project_results", args=[project.pk])


def test_results_page_shows_both_territories_and_progress(project, caen, users, client_for):
    partner = ResultFactory(
        project=project, title="Centre de formation ouvert", territory=Result.Territory.PARTNER
    )
    IndicatorFactory(result=partner, title="Formations données", unit="sessions", target=None)
    response = client_for(users[Role.AGENT]).get(results_url(project))
    assert response.status_code == 200
    assert response.context["active_tab"] == "results"
    html = response.content.decode()
    assert "Sur le territoire partenaire" in html
    assert "Retombées locales sur notre territoire" in html
    assert html.index("Centre de formation ouvert") < html.index("Insertion professionnelle")
    assert "5 / 6 jeunes (83 %)" in html
    assert '<progress max="100" value="83"' in html
    assert "sans cible, pas d'avancement calculé" in html
    assert 'id="progress-home">83 %<' in html
    assert 'id="progress-partner">—<' in html
    assert reverse("result_create", args=[project.pk]) not in html  # read-only role


def test_results_page_offers_edit_links_to_dri(project, caen, dri):
    result, indicator, period = caen
    html = dri.get(results_url(project)).content.decode()
    for url in [
        reverse("result_create", args=[project.pk]) + "?territoire=home",
        reverse("result_update", args=[project.pk, result.pk]),
        reverse("indicator_create", args=[project.pk, result.pk]),
        reverse("indicator_update", args=[project.pk, indicator.pk]),
        reverse("period_create", args=[project.pk, indicator.pk]),
        reverse("period_delete", args=[project.pk, period.pk]),
    ]:
        assert url in html


def test_create_result_indicator_and_period(project, dri, users):
    url = reverse("result_create", args=[project.pk])
    response = dri.get(url + "?territoire=home")
    assert response.context["form"].initial == {"territory": "home"}
    response = dri.post(
        url,
        {
            "title": "Insertion professionnelle des jeunes du quartier",
            "territory": "home",
            "result_type": "2",
            "description": "",
        },
    )
    assert response.status_code == 302
    result = Result.objects.get(project=project)
    response = dri.post(
        reverse("indicator_create", args=[project.pk, result.pk]),
        {
            "title": "Jeunes du territoire recrutés par la ville",
            "unit": "jeunes",
            "baseline": "0",
            "baseline_year": "2024",
            "target": "6",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#resultat-{result.pk}")
    indicator = Indicator.objects.get(result=result)
    response = dri.post(
        reverse("period_create", args=[project.pk, indicator.pk]),
        {"start": "2024-09-01", "end": "2025-08-31", "target": "6", "actual": "5", "comment": ""},
    )
    assert response.status_code == 302
    period = IndicatorPeriod.objects.get(indicator=indicator)
    assert (period.start, period.actual) == (datetime.date(2024, 9, 1), D(5))
    assert "5 / 6 jeunes (83 %)" in dri.get(results_url(project)).content.decode()
    events = AuditEvent.objects.order_by("pk")
    assert [e.object_type for e in events] == [
        "projects.Result",
        "projects.Indicator",
        "projects.IndicatorPeriod",
    ]
    assert {e.user for e in events} == {users[Role.DRI]}


def test_period_ending_before_it_starts_is_shown_again(project, caen, dri):
    _result, indicator, _period = caen
    response = dri.post(
        reverse("period_create", args=[project.pk, indicator.pk]),
        {"start": "2025-06-01", "end": "2025-01-01", "actual": "1"},
    )
    assert response.status_code == 200
    assert "end" in response.context["form"].errors
    assert IndicatorPeriod.objects.count() == 1


def test_update_result_indicator_and_period(project, caen, dri):
    result, indicator, period = caen
    response = dri.post(
        reverse("result_update", args=[project.pk, result.pk]),
        {
            "title": result.title,
            "territory": "partner",
            "result_type": "1",
            "description": "x",
            "version": "1",
        },
    )
    assert response.status_code == 302
    response = dri.post(
        reverse("indicator_update", args=[project.pk, indicator.pk]),
        {"title": indicator.title, "unit": "jeunes", "baseline": "0", "target": "10", "version": 1},
    )
    assert response.status_code == 302
    response = dri.post(
        reverse("period_update", args=[project.pk, period.pk]),
        {"start": "2025-01-01", "end": "2025-12-31", "actual": "6", "version": "1"},
    )
    assert response.status_code == 302
    result.refresh_from_db()
    indicator.refresh_from_db()
    period.refresh_from_db()
    assert (result.territory, indicator.target, period.actual) == ("partner", D(10), D(6))
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["update"] * 3


@pytest.mark.parametrize(
    ("name", "key", "model"),
    [
        ("period_delete", "period", IndicatorPeriod),
        ("indicator_delete", "indicator", Indicator),
        ("result_delete", "result", Result),
    ],
)
def test_delete_asks_then_deletes(project, caen, dri, name, key, model):
    obj = dict(zip(("result", "indicator", "period"), caen, strict=True))[key]
    url = reverse(name, args=[project.pk, obj.pk])
    assert dri.get(url).status_code == 200
    assert model.objects.filter(pk=obj.pk).exists()
    response = dri.post(url)
    assert response.status_code == 302
    assert response["Location"] == results_url(project)
    assert not model.objects.filter(pk=obj.pk).exists()
    assert AuditEvent.objects.get().action == "delete"


def test_other_authoritys_objects_answer_404(project, caen, authority, other_authority, dri):
    foreign_period = IndicatorPeriodFactory(indicator__result__project__authority=other_authority)
    foreign_indicator = foreign_period.indicator
    foreign_result = foreign_indicator.result
    foreign_project = foreign_result.project
    sibling = IndicatorPeriodFactory(indicator__result__project__authority=authority)
    assert dri.get(results_url(foreign_project)).status_code == 404
    assert dri.get(reverse("result_create", args=[foreign_project.pk])).status_code == 404
    # Through our own project, another project's objects are not found either.
    for name, obj in [
        ("result_update", foreign_result),
        ("indicator_create", foreign_result),
        ("indicator_delete", foreign_indicator),
        ("period_create", foreign_indicator),
        ("period_update", foreign_period),
        ("period_delete", foreign_period),
        ("period_delete", sibling),
        ("indicator_update", sibling.indicator),
    ]:
        url = reverse(name, args=[project.pk, obj.pk])
        assert dri.get(url).status_code == 404, name
        assert dri.post(url, {}).status_code == 404, name
    assert IndicatorPeriod.objects.filter(pk__in=[foreign_period.pk, sibling.pk]).count() == 2
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("role", [Role.AGENT, Role.REFERENT, Role.ELECTED, Role.DIRECTION])
def test_read_only_roles_cannot_write(project, caen, users, client_for, role):
    result, indicator, period = caen
    client = client_for(users[role])
    assert client.get(results_url(project)).status_code == 200
    for url in [
        reverse("result_create", args=[project.pk]),
        reverse("result_delete", args=[project.pk, result.pk]),
        reverse("indicator_update", args=[project.pk, indicator.pk]),
        reverse("period_create", args=[project.pk, indicator.pk]),
        reverse("period_delete", args=[project.pk, period.pk]),
    ]:
        assert client.post(url, {"title": "x", "territory": "home"}).status_code == 403, url
    assert Result.objects.count() == Indicator.objects.count() == 1
    assert IndicatorPeriod.objects.get().actual == D(5)
    assert not AuditEvent.objects.exists()


def test_wrong_method_is_refused(project, caen, dri):
    result, _indicator, period = caen
    assert dri.post(results_url(project)).status_code == 405
    assert dri.put(reverse("result_update", args=[project.pk, result.pk])).status_code == 405
    assert dri.delete(reverse("period_delete", args=[project.pk, period.pk])).status_code == 405
    assert IndicatorPeriod.objects.filter(pk=period.pk).exists()
