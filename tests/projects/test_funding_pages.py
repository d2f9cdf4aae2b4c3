"""The funding tab and its forms: budget lines, contributions, the agent day rate."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from maillage.core.models import AuditEvent, Role
from maillage.projects.models import BudgetLine, Contribution, Project

from ..factories import (
    BudgetLineFactory,
    ContributionFactory,
    MobilisationFactory,
    ProjectFactory,
    WorkedDaysFactory,
)

D = Decimal


@pytest.fixture
def project(authority):
    project = ProjectFactory(authority=authority, title="Caen – Thiès", agent_day_rate=D("250"))
    BudgetLineFactory(
        project=project, category="activities", label="Chantiers jeunes", amount=D("10000")
    )
    mobilisation = MobilisationFactory(project=project, days_planned=D("10"), days_actual=D("4"))
    WorkedDaysFactory(mobilisation=mobilisation, days=D("4"))
    ContributionFactory(project=project, funder="own", nature="cash", amount=D("1000"))
    ContributionFactory(
        project=project, funder="ministry", funder_name="MEAE DAECT", amount=D("9000")
    )
    return project


@pytest.fixture
def dri(users, client_for):
    return client_for(users[Role.DRI])


def funding_url(project: Project, query: str = "") -> str:
    return reverse("project_funding", args=[project.pk]) + query


def test_funding_page_shows_budget_resources_balance_and_rules(project, users, client_for):
    response = client_for(users[Role.AGENT]).get(funding_url(project))
    assert response.status_code == 200
    assert response.context["active_tab"] == "funding"
    assert response.context["project"] == project
    html = response.content.decode()
    assert "Chantiers jeunes" in html
    assert "MEAE DAECT" in html
    assert "10 jours × 250 €" in html  # the valued agent-days line
    assert "4 jours travaillés saisis" in html
    assert "12\xa0500 €" in html  # budget: 10,000 + 2,500 of agent-days
    assert "Valorisation des jours-agent" in html
    plan = response.context["plan"]
    assert plan.budget_total == plan.resources_total == D("12500")
    # Default rule set: MEAE, least-developed countries.
    assert response.context["rule_set"].code == "meae-aap-2024-2025-pma"
    outcomes = {o.rule.numerator: o for o in response.context["outcomes"]}
    assert outcomes["own_total"].met  # 3,500 / 12,500 = 28 %
    assert not outcomes["own_in_kind"].met  # 2,500 / 3,500 = 71.4 %
    assert outcomes["funder:ministry"].met  # 72 %
    assert "text-bg-success" in html and "respectée" in html
    assert "text-bg-danger" in html and "non respectée" in html
    assert "71,4 %" in html
    # Read-only roles get no edit links.
    assert reverse("funding_line_create", args=[project.pk]) not in html


def test_funding_page_offers_edit_links_to_dri(project, dri):
    html = dri.get(funding_url(project)).content.decode()
    line = project.budget_lines.get()
    assert reverse("funding_line_create", args=[project.pk]) in html
    assert reverse("funding_line_update", args=[project.pk, line.pk]) in html
    assert reverse("funding_day_rate", args=[project.pk]) in html


def test_rule_set_is_picked_with_the_regles_parameter(project, dri):
    response = dri.get(funding_url(project, "?regles=meae-aap-2024-2025-autres"))
    assert response.context["rule_set"].code == "meae-aap-2024-2025-autres"
    ministry = [o for o in response.context["outcomes"] if o.rule.numerator == "funder:ministry"]
    assert not ministry[0].met  # 72 % > 70 %
    response = dri.get(funding_url(project, "?regles=inconnu"))
    assert response.context["rule_set"].code == "meae-aap-2024-2025-pma"


def test_zero_budget_is_shown_not_evaluable(authority, users, client_for):
    project = ProjectFactory(authority=authority)
    html = client_for(users[Role.AGENT]).get(funding_url(project)).content.decode()
    assert "text-bg-warning" in html
    assert "Non évaluable : le budget est nul" in html
    assert "Aucune dépense" in html


def test_create_budget_line(project, dri, users):
    url = reverse("funding_line_create", args=[project.pk])
    assert dri.get(url).status_code == 200
    response = dri.post(
        url, {"category": "monitoring", "label": "Évaluation finale", "amount": "900"}
    )
    assert response.status_code == 302
    assert response["Location"] == funding_url(project) + "#budget"
    line = BudgetLine.objects.get(label="Évaluation finale")
    assert (line.project, line.category, line.amount) == (project, "monitoring", D("900"))
    event = AuditEvent.objects.get(object_type="projects.BudgetLine", object_id=str(line.pk))
    assert (event.action, event.user, event.authority) == (
        "create",
        users[Role.DRI],
        project.authority,
    )


def test_invalid_budget_line_is_shown_again_with_errors(project, dri):
    url = reverse("funding_line_create", args=[project.pk])
    response = dri.post(url, {"category": "travel", "label": "", "amount": "-5"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"label", "amount"}
    assert project.budget_lines.count() == 1
    assert not AuditEvent.objects.exists()


def test_update_budget_line(project, dri):
    line = project.budget_lines.get()
    url = reverse("funding_line_update", args=[project.pk, line.pk])
    assert 'value="Chantiers jeunes"' in dri.get(url).content.decode()
    response = dri.post(
        url, {"category": "activities", "label": "Chantiers", "amount": "8000", "version": "1"}
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert (line.label, line.amount) == ("Chantiers", D("8000"))
    event = AuditEvent.objects.get(action="update")
    assert event.changes["label"] == ["Chantiers jeunes", "Chantiers"]


def test_delete_budget_line_asks_then_deletes(project, dri):
    line = project.budget_lines.get()
    url = reverse("funding_line_delete", args=[project.pk, line.pk])
    response = dri.get(url)
    assert response.status_code == 200
    assert "Chantiers jeunes" in response.content.decode()
    assert BudgetLine.objects.filter(pk=line.pk).exists()
    response = dri.post(url)
    assert response.status_code == 302
    assert not BudgetLine.objects.filter(pk=line.pk).exists()
    assert AuditEvent.objects.get().action == "delete"


def test_contribution_create_update_delete(project, dri):
    response = dri.post(
        reverse("funding_contribution_create", args=[project.pk]),
        {"funder": "region", "funder_name": "Région Normandie", "nature": "cash", "amount": "2000"},
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get(funder="region")
    assert contribution.project == project
    response = dri.post(
        reverse("funding_contribution_update", args=[project.pk, contribution.pk]),
        {
            "funder": "region",
            "funder_name": "Région Normandie",
            "nature": "in_kind",
            "amount": "2500",
            "version": "1",
        },
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert (contribution.nature, contribution.amount) == ("in_kind", D("2500"))
    url = reverse("funding_contribution_delete", args=[project.pk, contribution.pk])
    assert "Région Normandie" in dri.get(url).content.decode()
    assert dri.post(url).status_code == 302
    assert not Contribution.objects.filter(pk=contribution.pk).exists()
    assert list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)) == [
        "create",
        "update",
        "delete",
    ]


def test_day_rate(project, dri):
    url = reverse("funding_day_rate", args=[project.pk])
    assert dri.get(url).status_code == 200
    response = dri.post(url, {"agent_day_rate": "300", "version": project.version})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.agent_day_rate == D("300")
    assert "10 jours × 300 €" in dri.get(funding_url(project)).content.decode()


def test_day_rate_form_built_on_an_old_version_is_refused(project, dri):
    url = reverse("funding_day_rate", args=[project.pk])
    old_version = project.version
    Project.objects.filter(pk=project.pk).update(version=old_version + 1)
    response = dri.post(url, {"agent_day_rate": "300", "version": old_version})
    assert response.status_code == 409
    assert "Cette fiche a été modifiée par" in response.content.decode()
    project.refresh_from_db()
    assert project.agent_day_rate == D("250")
    assert not AuditEvent.objects.exists()


def test_other_authoritys_project_answers_404(project, other_authority, dri):
    foreign = ProjectFactory(authority=other_authority)
    foreign_line = BudgetLineFactory(project=foreign)
    foreign_contribution = ContributionFactory(project=foreign)
    for url in [
        funding_url(foreign),
        reverse("funding_line_create", args=[foreign.pk]),
        reverse("funding_line_update", args=[foreign.pk, foreign_line.pk]),
        reverse("funding_contribution_delete", args=[foreign.pk, foreign_contribution.pk]),
        reverse("funding_day_rate", args=[foreign.pk]),
    ]:
        assert dri.get(url).status_code == 404, url
    assert dri.post(reverse("funding_line_create", args=[foreign.pk]), {}).status_code == 404


def test_line_of_another_project_answers_404(project, authority, other_authority, dri):
    """Sub-objects come through the project: a line of another project is not found."""
    foreign_line = BudgetLineFactory(project=ProjectFactory(authority=other_authority))
    sibling_line = BudgetLineFactory(project=ProjectFactory(authority=authority))
    foreign_contribution = ContributionFactory(project=ProjectFactory(authority=other_authority))
    for line in (foreign_line, sibling_line):
        for name in ("funding_line_update", "funding_line_delete"):
            url = reverse(name, args=[project.pk, line.pk])
            assert dri.get(url).status_code == 404
            assert (
                dri.post(url, {"category": "other", "label": "x", "amount": "1"}).status_code == 404
            )
    url = reverse("funding_contribution_delete", args=[project.pk, foreign_contribution.pk])
    assert dri.post(url).status_code == 404
    assert BudgetLine.objects.filter(pk__in=[foreign_line.pk, sibling_line.pk]).count() == 2
    assert Contribution.objects.filter(pk=foreign_contribution.pk).exists()


@pytest.mark.parametrize("role", [Role.AGENT, Role.REFERENT, Role.ELECTED, Role.DIRECTION])
def test_read_only_roles_cannot_write(project, users, client_for, role):
    client = client_for(users[role])
    line = project.budget_lines.get()
    contribution = project.contributions.first()
    data = {"category": "other", "label": "x", "amount": "1"}
    for url in [
        reverse("funding_line_create", args=[project.pk]),
        reverse("funding_line_update", args=[project.pk, line.pk]),
        reverse("funding_line_delete", args=[project.pk, line.pk]),
        reverse("funding_contribution_delete", args=[project.pk, contribution.pk]),
        reverse("funding_day_rate", args=[project.pk]),
    ]:
        assert client.post(url, data).status_code == 403, url
    line.refresh_from_db()
    assert line.label == "Chantiers jeunes"
    assert project.contributions.count() == 2
    assert not AuditEvent.objects.exists()


def test_wrong_method_is_refused(project, dri):
    line = project.budget_lines.get()
    assert dri.post(funding_url(project)).status_code == 405
    assert dri.put(reverse("funding_line_create", args=[project.pk])).status_code == 405
    assert dri.delete(reverse("funding_line_delete", args=[project.pk, line.pk])).status_code == 405
    assert BudgetLine.objects.filter(pk=line.pk).exists()


def test_anonymous_is_sent_to_login(project, client):
    response = client.get(funding_url(project))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_valued_days_agree_with_decimal_counts(authority, dri):
    project = ProjectFactory(authority=authority, agent_day_rate=D("300"))
    mobilisation = MobilisationFactory(project=project, days_planned=D("1.5"))
    # The worked days entered month by month, not the mobilisation's own "days done" figure.
    WorkedDaysFactory(mobilisation=mobilisation, days=D("0.5"))

    html = dri.get(funding_url(project)).content.decode()

    assert "1,5 jour × 300 €" in html
    assert "jour prévu ; 0,5 jour travaillé saisi à ce jour" in html
