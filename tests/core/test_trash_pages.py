"""The trash pages: list, restore confirmation and restore, for DRI and admin only."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.models import Role, TrashEntry
from maillage.organisation.models import Service
from maillage.projects.models import Project, StatusChange
from maillage.projects.registry import services

from ..factories import (
    AgreementFactory,
    MobilisationFactory,
    PartnerFactory,
    ProjectFactory,
    member,
)
from ..skills.factories import SkillCallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trashed(authority, users):
    project = ProjectFactory(authority=authority, title="Jumelage Thiès")
    SkillCallFactory(project=project, title="Appel wolof")
    pk = project.pk
    entry = services.delete_project(project, by=users[Role.DRI])
    return pk, entry


def test_empty_trash_says_what_it_is(users, client_for):
    page = client_for(users[Role.DRI]).get(reverse("trash_list")).content.decode()
    assert 'id="trash-empty"' in page
    assert "La corbeille est vide." in page
    assert "restaurable" in page


def test_list_shows_kind_label_who_and_dates(trashed, users, client_for):
    _pk, entry = trashed
    page = client_for(users[Role.ADMIN]).get(reverse("trash_list")).content.decode()
    assert "Jumelage Thiès" in page
    assert "Projet" in page
    assert "1 appel à compétences" in page
    assert str(users[Role.DRI]) in page
    assert entry.purge_after.astimezone().strftime("%d/%m/%Y") in page
    assert reverse("trash_restore", args=[entry.pk]) in page


def test_navigation_shows_the_trash_to_dri_and_admin_only(users, client_for, client):
    url = reverse("trash_list")
    assert url in client_for(users[Role.DRI]).get(reverse("home")).content.decode()
    client.logout()
    assert url not in client_for(users[Role.AGENT]).get(reverse("home")).content.decode()


def test_restore_confirms_then_restores(trashed, users, client_for):
    pk, entry = trashed
    client = client_for(users[Role.DRI])
    url = reverse("trash_restore", args=[entry.pk])
    page = client.get(url).content.decode()
    assert "Restaurer « Jumelage Thiès »" in page
    assert "Appel wolof" in page  # what comes back with it
    assert Project.objects.filter(pk=pk).exists() is False
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("trash_list")
    assert Project.objects.filter(pk=pk).exists()
    assert not TrashEntry.objects.filter(pk=entry.pk).exists()
    assert client.get(url).status_code == 404  # restored: no longer in the trash


def test_restore_says_which_links_were_left_empty(authority, users, client_for):
    project = ProjectFactory(authority=authority)
    MobilisationFactory(project=project, proposed_by=users[Role.ADMIN])
    entry = services.delete_project(project, by=users[Role.DRI])
    users[Role.ADMIN].delete()
    client = client_for(users[Role.DRI])
    response = client.post(reverse("trash_restore", args=[entry.pk]), follow=True)
    page = response.content.decode()
    assert "1 lien vers un élément supprimé depuis a été laissé vide." in page


def test_failed_restore_says_why_and_writes_nothing(authority, users, client_for):
    project = ProjectFactory(authority=authority, title="Sans service")
    mobilisation = MobilisationFactory(project=project)
    service = mobilisation.service
    entry = services.delete_project(project, by=users[Role.DRI])
    Service.objects.filter(pk=service.pk).delete()
    response = client_for(users[Role.DRI]).post(reverse("trash_restore", args=[entry.pk]))
    assert response.status_code == 409
    page = response.content.decode()
    assert 'id="restore-error"' in page
    assert f"Service n° {service.pk} n&#x27;existe plus" in page
    assert not Project.objects.filter(title="Sans service").exists()
    assert TrashEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("role", [Role.REFERENT, Role.ELECTED, Role.DIRECTION, Role.AGENT])
def test_other_roles_are_refused(role, trashed, users, client_for):
    pk, entry = trashed
    client = client_for(users[role])
    assert client.get(reverse("trash_list")).status_code == 403
    assert client.post(reverse("trash_restore", args=[entry.pk])).status_code == 403
    assert not Project.objects.filter(pk=pk).exists()


def test_another_authority_entry_answers_404(trashed, other_authority, client_for):
    pk, entry = trashed
    outsider = member(other_authority, Role.DRI, username="other-dri")
    client = client_for(outsider)
    assert client.get(reverse("trash_restore", args=[entry.pk])).status_code == 404
    assert client.post(reverse("trash_restore", args=[entry.pk])).status_code == 404
    assert "Jumelage Thiès" not in client.get(reverse("trash_list")).content.decode()
    assert not Project.objects.filter(pk=pk).exists()


def test_wrong_method_is_refused(trashed, users, client_for):
    _pk, entry = trashed
    client = client_for(users[Role.DRI])
    assert client.post(reverse("trash_list")).status_code == 405
    assert client.put(reverse("trash_restore", args=[entry.pk])).status_code == 405


def test_list_query_count_does_not_grow(authority, users, client_for):
    client = client_for(users[Role.DRI])
    services.delete_project(ProjectFactory(authority=authority), by=None)
    client.get(reverse("trash_list"))  # warm the session
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("trash_list"))
    for _n in range(5):
        project = ProjectFactory(authority=authority)
        SkillCallFactory(project=project)
        services.delete_project(project, by=users[Role.ADMIN])
    with CaptureQueriesContext(connection) as large:
        page = client.get(reverse("trash_list")).content.decode()
    assert page.count("Restaurer…") == 6
    assert len(large.captured_queries) == len(small.captured_queries) <= 6


def test_admin_site_deletions_go_to_the_trash(authority, users, client_for):
    client = client_for(users[Role.ADMIN])
    partner = PartnerFactory(authority=authority, name="Commune de Thiès")
    agreement = AgreementFactory(authority=authority, title="Jumelage")
    for url in [
        f"/admin/projects/partner/{partner.pk}/delete/",
        f"/admin/projects/agreement/{agreement.pk}/delete/",
    ]:
        assert client.post(url, {"post": "yes"}).status_code == 302
    assert set(TrashEntry.objects.values_list("label", flat=True)) == {
        "Commune de Thiès",
        "Jumelage",
    }


@pytest.mark.django_db
def test_status_changes_are_named_by_their_labels(authority):
    """The confirmation pages list a project's status changes by name: labels, not codes."""
    project = ProjectFactory(authority=authority, title="Chantier de Thiès")
    change = StatusChange(
        project=project,
        from_status="preparation",
        to_status="ongoing",
        on=datetime.date(2026, 3, 2),
    )
    assert str(change) == "Chantier de Thiès : En préparation → En cours, 02/03/2026"
    assert str(StatusChange(project=project, to_status="ongoing")) == "Chantier de Thiès : En cours"
