"""The general management's watch page: what is late, what falls due, where to act."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.core.models import Role
from maillage.governance.models import ActionItem
from maillage.portal.selectors_watch import eapd_deadline, watch_page
from maillage.projects.models import Project
from tests.factories import (
    AgreementFactory,
    MobilisationFactory,
    ProjectFactory,
    ReferentFactory,
)
from tests.skills.factories import SkillCallFactory

from .watch_helpers import (
    build_watch,
    days_from_today,
    planned_meeting,
    proposed_days_ago,
    section,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def watch(authority):
    return build_watch(authority)


@pytest.fixture
def elsewhere(other_authority):
    return build_watch(other_authority, marker="Ailleurs")


@pytest.fixture
def html(watch, elsewhere, users, client_for):
    response = client_for(users[Role.DIRECTION]).get(reverse("watch"))
    assert response.status_code == 200
    return response.content.decode()


def test_an_unanswered_mobilisation_is_listed_with_its_age_and_where_to_answer(watch, html):
    block = section(html, "mobilisations")
    assert "Musées" in block
    assert "Jumelage culturel" in block
    assert '<td class="text-end">20</td>' in block
    assert reverse("project_services", args=[watch["project"].pk]) in block
    assert "Alice Martin" in block  # the référent who must answer
    assert reverse("watch_relaunch_mobilisation", args=[watch["awaiting"].pk]) in block
    # The confirmed mobilisation is not late.
    assert reverse("watch_relaunch_mobilisation", args=[watch["confirmed"].pk]) not in block


def test_mobilisations_are_listed_oldest_first(watch):
    older = proposed_days_ago(
        MobilisationFactory(
            project=ProjectFactory(authority=watch["project"].authority, title="Projet ancien"),
            service=watch["archives"],
        ),
        45,
    )
    page = watch_page(watch["project"].authority)
    assert [line.mobilisation.pk for line in page.awaiting] == [older.pk, watch["awaiting"].pk]
    assert [line.days for line in page.awaiting] == [45, 20]


def test_a_completed_projects_mobilisation_awaits_nobody(watch):
    finished = ProjectFactory(
        authority=watch["project"].authority,
        title="Projet terminé",
        status=Project.Status.COMPLETED,
    )
    proposed_days_ago(MobilisationFactory(project=finished, service=watch["archives"]), 900)
    page = watch_page(watch["project"].authority)
    assert [line.mobilisation.pk for line in page.awaiting] == [watch["awaiting"].pk]


def test_an_overdue_action_is_listed_under_its_directorate_and_owner(watch, html):
    block = section(html, "actions")
    directorate = block.index("Direction Culture")
    owner = block.index("Bruno Petit")
    title = block.index("Rédiger le bilan")
    assert directorate < owner < title
    assert '<td class="text-end">10</td>' in block
    assert reverse("meeting_detail", args=[watch["meeting"].pk]) in block
    assert reverse("watch_relaunch_action", args=[watch["overdue"].pk]) in block
    assert "Action close" not in block


def test_an_outside_owner_and_an_ownerless_action_are_grouped_apart(watch):
    overdue = watch["overdue"]
    ActionItem.objects.filter(pk=overdue.pk).update(owner_agent=None, owner_text="Mme Ndiaye")
    page = watch_page(overdue.authority)
    assert [g.name for g in page.overdue] == ["Personnes extérieures à l'organigramme"]
    assert page.overdue[0].owners[0].name == "Mme Ndiaye"
    ActionItem.objects.filter(pk=overdue.pk).update(owner_text="")
    page = watch_page(overdue.authority)
    assert [g.name for g in page.overdue] == ["Sans responsable"]


def test_agreements_to_renew_within_six_months_only(watch, html):
    block = section(html, "conventions")
    assert "Convention proche" in block
    assert reverse("agreement_detail", args=[watch["soon"].pk]) in block
    assert "Convention lointaine" not in block


def test_another_authoritys_items_never_show(html):
    assert "Ailleurs" not in html


def test_services_without_referent_are_listed_by_directorate(watch, html):
    block = section(html, "referents")
    assert "Archives" in block
    assert reverse("service_detail", args=[watch["archives"].pk]) in block
    assert reverse("service_detail", args=[watch["museums"].pk]) not in block


def test_agent_days_by_directorate_against_plan(watch):
    page = watch_page(watch["project"].authority)
    [row] = page.days
    assert row.name == "Direction Culture"
    # 6 days proposed to the museums, 10 confirmed by the archives, of which 4 done.
    assert (row.planned, row.confirmed, row.awaiting, row.actual) == (16, 10, 6, 4)
    assert row.percent == 62
    assert page.days_total.planned == 16


def test_deadlines_of_the_next_thirty_days(watch):
    authority = watch["project"].authority
    ActionItem.objects.filter(pk=watch["overdue"].pk).update(due_date=days_from_today(10))
    meeting = planned_meeting(watch["meeting"].committee, 5)
    planned_meeting(watch["meeting"].committee, 45)
    AgreementFactory(authority=authority, title="Convention du mois", end_date=days_from_today(15))
    ProjectFactory(
        authority=authority,
        title="Projet qui s'achève",
        start_date=days_from_today(-100),
        end_date=days_from_today(20),
    )
    ProjectFactory(
        authority=authority,
        title="Projet plus long",
        start_date=days_from_today(-100),
        end_date=days_from_today(40),
    )
    SkillCallFactory(
        project=watch["project"],
        title="Appel traducteur",
        start_date=days_from_today(25),
        end_date=days_from_today(60),
    )
    ReferentFactory(agent=watch["alice"], service=watch["archives"], end=days_from_today(3))
    page = watch_page(authority)
    titles = [(d.in_days, d.title) for d in page.deadlines]
    assert (3, "Archives") in titles
    assert (5, meeting.committee.name) in titles
    assert (10, "Rédiger le bilan") in titles
    assert (15, "Convention du mois") in titles
    assert (20, "Projet qui s'achève") in titles
    assert (25, "Appel traducteur") in titles
    assert titles == sorted(titles, key=lambda t: t[0])
    assert "Projet plus long" not in {t for _d, t in titles}
    assert len([t for d, t in titles if t == meeting.committee.name]) == 1


def test_empty_page_reassures(authority, users, client_for):
    html = client_for(users[Role.DIRECTION]).get(reverse("watch")).content.decode()
    assert "Rien en retard : chaque service sollicité a répondu." in section(html, "mobilisations")
    assert "Rien en retard : aucune action" in section(html, "actions")
    assert "Aucune convention en vigueur" in section(html, "conventions")


@pytest.mark.parametrize(
    ("today", "filed_in", "days_left", "is_open"),
    [
        (datetime.date(2026, 12, 3), 2027, 179, False),
        (datetime.date(2026, 3, 1), 2026, 91, False),
        (datetime.date(2026, 4, 20), 2026, 41, True),
        (datetime.date(2026, 5, 31), 2026, 0, True),
        (datetime.date(2026, 6, 1), 2027, 364, False),
    ],
)
def test_eapd_deadline(today, filed_in, days_left, is_open):
    deadline = eapd_deadline(today)
    assert (deadline.filed_in, deadline.days_left, deadline.is_open) == (
        filed_in,
        days_left,
        is_open,
    )
    assert deadline.amounts_of == filed_in - 1
    assert deadline.closes == datetime.date(filed_in, 5, 31)


def test_eapd_block_links_to_the_declaration(html):
    block = section(html, "e-apd")
    deadline = eapd_deadline(timezone.localdate())
    assert f"{reverse('export_eapd')}?annee={deadline.amounts_of}" in block
