"""Deleting a company of the directory, and the wording of a mission's deletion."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.models import AuditEvent, Role
from maillage.projects.models import Company, Mission

from ..factories import (
    BusinessMeetingFactory,
    CompanyFactory,
    MissionCompanyFactory,
    MissionFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def dri(users, client_for):
    return client_for(users[Role.DRI])


def test_a_company_in_no_mission_is_deleted_after_confirmation(authority, dri):
    company = CompanyFactory(authority=authority, name="Orne Béton Préfa")
    url = reverse("company_delete", args=[company.pk])
    page = dri.get(url).content.decode()
    assert "L'entreprise « Orne Béton Préfa » et ses coordonnées" in page
    assert "Supprimer définitivement" in page
    assert Company.objects.filter(pk=company.pk).exists()

    response = dri.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("company_list")
    assert not Company.objects.filter(pk=company.pk).exists()
    event = AuditEvent.objects.get(kind="company.deleted")
    assert event.authority == authority


def test_the_company_form_links_to_its_deletion(authority, dri):
    company = CompanyFactory(authority=authority)
    page = dri.get(reverse("company_update", args=[company.pk])).content.decode()
    assert reverse("company_delete", args=[company.pk]) in page
    assert reverse("company_delete", args=[company.pk]) not in (
        dri.get(reverse("company_create")).content.decode()
    )


def test_a_company_named_in_a_mission_stays(authority, dri):
    company = CompanyFactory(authority=authority, name="Hydro-Nord Pompes")
    mission = MissionFactory(authority=authority, title="Mission à Oran")
    MissionCompanyFactory(mission=mission, company=company)
    met = MissionFactory(authority=authority, title="Mission à Alger")
    BusinessMeetingFactory(mission=met, company=company)
    url = reverse("company_delete", args=[company.pk])

    page = dri.get(url).content.decode()
    assert "est citée dans 2 missions" in page
    assert reverse("mission_detail", args=[mission.pk]) in page
    assert reverse("mission_detail", args=[met.pk]) in page
    assert "Supprimer définitivement" not in page

    response = dri.post(url, follow=True)
    assert response.redirect_chain[-1][0] == url
    assert "Retirez d&#x27;abord cette entreprise" in response.content.decode()
    assert Company.objects.filter(pk=company.pk).exists()
    assert not AuditEvent.objects.filter(kind="company.deleted").exists()


def test_another_authoritys_company_is_not_found(other_authority, dri):
    company = CompanyFactory(authority=other_authority)
    url = reverse("company_delete", args=[company.pk])
    assert dri.get(url).status_code == 404
    assert dri.post(url).status_code == 404
    assert Company.objects.filter(pk=company.pk).exists()


@pytest.mark.parametrize("role", [Role.AGENT, Role.ELECTED, Role.DIRECTION])
def test_only_editors_delete_companies(authority, users, client_for, role):
    company = CompanyFactory(authority=authority)
    url = reverse("company_delete", args=[company.pk])
    assert client_for(users[role]).post(url).status_code == 403
    assert Company.objects.filter(pk=company.pk).exists()


def test_wrong_method(authority, dri):
    company = CompanyFactory(authority=authority)
    assert dri.put(reverse("company_delete", args=[company.pk])).status_code == 405


def test_mission_deletion_says_what_goes_and_what_stays(authority, dri):
    project = ProjectFactory(authority=authority)
    mission = MissionFactory(authority=authority, title="Mission Oran", project=project)
    page = dri.get(reverse("mission_delete", args=[mission.pk])).content.decode()
    assert "La mission « Mission Oran » sera supprimée définitivement" in page
    assert "les entreprises et les rendez-vous d'affaires, les coûts" in page
    assert "ne compteront plus dans le budget du projet" in page
    assert "Les entreprises restent dans l'annuaire" in page

    alone = MissionFactory(
        authority=authority,
        title="Accueil Belo Horizonte",
        direction=Mission.Direction.INCOMING,
        project=None,
    )
    page = dri.get(reverse("mission_delete", args=[alone.pk])).content.decode()
    assert "L'accueil de délégation « Accueil Belo Horizonte » sera supprimé" in page
    assert "les membres de la délégation, le programme" in page
    assert "budget du projet" not in page


def test_a_mission_page_lists_only_the_participants_it_has(authority, dri):
    mission = MissionFactory(
        authority=authority, youths=6, associations=0, other_participants=0, companies=0
    )
    page = dri.get(reverse("mission_detail", args=[mission.pk])).content.decode()
    assert "6 jeunes" in page
    assert "0 association" not in page
    assert "0 autre participant" not in page
    assert "entreprise nommée" not in page

    nobody = MissionFactory(
        authority=authority, youths=0, associations=0, other_participants=0, companies=0
    )
    page = dri.get(reverse("mission_detail", args=[nobody.pk])).content.decode()
    assert "Aucun autre participant." in page


def test_the_delete_page_runs_the_same_queries_for_any_number_of_missions(authority, dri):
    company = CompanyFactory(authority=authority)
    url = reverse("company_delete", args=[company.pk])

    def count(missions: int) -> int:
        for _ in range(missions):
            MissionCompanyFactory(mission=MissionFactory(authority=authority), company=company)
        with CaptureQueriesContext(connection) as ctx:
            assert dri.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count(2)
    assert count(6) == small <= 6
