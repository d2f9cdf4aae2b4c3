"""The projects an agreement covers: the form, the service functions, the pages, the migration."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from maillage.core import trash
from maillage.core.models import AuditEvent, Role
from maillage.projects.models import Agreement
from maillage.projects.partners import services

from ..factories import AgreementFactory, PartnerFactory, ProjectFactory, ProjectPartnerFactory

migration = importlib.import_module("maillage.projects.migrations.0006_agreement_projects")


@pytest.fixture
def dri(users, client_for):
    return client_for(users[Role.DRI])


@pytest.fixture
def partner(authority):
    return PartnerFactory(authority=authority, name="Thiès")


def form_post(partner_ids, project_ids, **overrides) -> dict[str, object]:
    data = {
        "kind": "twinning",
        "title": "Jumelage Caen – Thiès",
        "partners": [str(pk) for pk in partner_ids],
        "projects": [str(pk) for pk in project_ids],
        "deliberation_number": "",
        "deliberation_date": "",
        "signature_date": "2024-03-01",
        "end_date": "2029-03-01",
        "status": "in_force",
        "notes": "",
    }
    return data | overrides


def test_create_form_saves_the_projects_and_records_them(authority, partner, dri):
    project = ProjectFactory(authority=authority, title="Eau potable à Thiès")
    response = dri.post(reverse("agreement_create"), form_post([partner.pk], [project.pk]))
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert list(agreement.projects.all()) == [project]
    event = AuditEvent.objects.get(object_type="projects.Agreement", action="create")
    assert event.changes["projects"] == [[], [project.pk]]


def test_update_form_changes_the_projects_and_records_them(authority, partner, dri):
    kept, dropped, added = ProjectFactory.create_batch(3, authority=authority)
    agreement = AgreementFactory(authority=authority)
    agreement.partners.add(partner)
    agreement.projects.add(kept, dropped)
    response = dri.post(
        reverse("agreement_update", args=[agreement.pk]),
        form_post([partner.pk], [kept.pk, added.pk], version="1"),
    )
    assert response.status_code == 302
    assert set(agreement.projects.all()) == {kept, added}
    event = AuditEvent.objects.get(object_type="projects.Agreement", action="update")
    assert event.changes["projects"] == [
        sorted([kept.pk, dropped.pk]),
        sorted([kept.pk, added.pk]),
    ]


def test_another_authoritys_project_is_refused(authority, other_authority, partner, dri):
    foreign = ProjectFactory(authority=other_authority)
    response = dri.post(reverse("agreement_create"), form_post([partner.pk], [foreign.pk]))
    assert response.status_code == 200
    assert "projects" in response.context["form"].errors
    assert not Agreement.objects.exists()
    agreement = AgreementFactory(authority=authority)
    agreement.partners.add(partner)
    response = dri.post(
        reverse("agreement_update", args=[agreement.pk]),
        form_post([partner.pk], [foreign.pk], version="1"),
    )
    assert response.status_code == 200
    assert "projects" in response.context["form"].errors
    assert not agreement.projects.exists()


def test_service_refuses_another_authoritys_project(authority, other_authority, partner):
    foreign = ProjectFactory(authority=other_authority)
    data = {"kind": "twinning", "title": "X", "partners": [partner], "projects": [foreign]}
    with pytest.raises(ValidationError):
        services.create_agreement(authority, by=None, data=data)
    assert not Agreement.objects.exists()


def test_overview_shows_the_linked_agreements_only(authority, partner, users, client_for):
    project = ProjectFactory(authority=authority)
    ProjectPartnerFactory(project=project, partner=partner)
    linked = AgreementFactory(authority=authority, title="Convention rattachée")
    linked.projects.add(project)
    sharing = AgreementFactory(authority=authority, title="Convention du même partenaire")
    sharing.partners.add(partner)
    html = client_for(users[Role.AGENT]).get(reverse("project_detail", args=[project.pk]))
    html = html.content.decode()
    assert "Convention rattachée" in html
    assert reverse("agreement_detail", args=[linked.pk]) in html
    assert "Convention du même partenaire" not in html
    assert "Aucune convention rattachée" not in html
    assert "Rattacher une convention" not in html  # an agent does not edit partners


def test_overview_empty_state_links_the_list_for_the_dri(authority, dri):
    project = ProjectFactory(authority=authority)
    html = dri.get(reverse("project_detail", args=[project.pk])).content.decode()
    assert "Aucune convention rattachée" in html
    assert f'<a href="{reverse("agreement_list")}">Rattacher une convention' in html


def test_agreement_page_lists_its_projects(authority, dri):
    project = ProjectFactory(authority=authority, title="Maison de la francophonie")
    agreement = AgreementFactory(authority=authority)
    agreement.projects.add(project)
    html = dri.get(reverse("agreement_detail", args=[agreement.pk])).content.decode()
    assert "Maison de la francophonie" in html
    assert reverse("project_detail", args=[project.pk]) in html


def test_migration_links_agreements_to_projects_sharing_a_partner(authority, other_authority):
    partner, other_partner = PartnerFactory.create_batch(2, authority=authority)
    sharing, not_sharing = ProjectFactory.create_batch(2, authority=authority)
    ProjectPartnerFactory(project=sharing, partner=partner)
    ProjectPartnerFactory(project=not_sharing, partner=other_partner)
    # Defensive: a project of another authority with the same partner is never linked.
    foreign = ProjectFactory(authority=other_authority)
    ProjectPartnerFactory(project=foreign, partner=partner)
    agreement = AgreementFactory(authority=authority)
    agreement.partners.add(partner)
    lonely = AgreementFactory(authority=authority)
    migration.link_by_shared_partner(apps, None)
    assert list(agreement.projects.all()) == [sharing]
    assert not lonely.projects.exists()
    migration.link_by_shared_partner(apps, None)  # running it twice changes nothing
    assert agreement.projects.count() == 1


def test_trash_restores_the_links_from_either_side(authority):
    project = ProjectFactory(authority=authority)
    agreement = AgreementFactory(authority=authority)
    agreement.projects.add(project)
    agreement_id, project_id = agreement.pk, project.pk  # a deleted instance loses its pk
    links = Agreement.projects.through.objects
    trash.restore(trash.move_to_trash(agreement, by=None), by=None)
    assert list(links.values_list("agreement_id", "project_id")) == [(agreement_id, project_id)]
    entry = trash.move_to_trash(project, by=None)
    assert not links.exists()
    trash.restore(entry, by=None)
    assert list(links.values_list("agreement_id", "project_id")) == [(agreement_id, project_id)]
