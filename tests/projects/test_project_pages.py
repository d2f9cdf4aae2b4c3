"""Project pages: list (filters, sort, CSV), project page tabs, create, edit, status, delete."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.core.models import AuditEvent, Country, PolicyArea, Role, SdgTarget
from maillage.projects.models import Mobilisation, Project, StatusChange

from ..factories import (
    AuthorityFactory,
    MissionFactory,
    MobilisationFactory,
    PartnerFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ServiceFactory,
    member,
)


def today():
    """Today, read at each use: a module constant goes stale when a run crosses midnight."""
    return timezone.localdate()


def names(response) -> list[str]:
    return [p.title for p in response.context["page_obj"].object_list]


@pytest.fixture
def catalogue(authority):
    """Three projects that differ on every filter."""
    senegal = PartnerFactory(
        authority=authority, name="Thiès", country=Country.objects.get(iso2="SN")
    )
    morocco = PartnerFactory(
        authority=authority, name="Agadir", country=Country.objects.get(iso2="MA")
    )
    environment = ServiceFactory(authority=authority, name="Environnement")
    youth = ServiceFactory(authority=authority, name="Jeunesse")
    water = ProjectFactory(
        authority=authority,
        title="Eau potable",
        summary="Forages et assainissement",
        status=Project.Status.ONGOING,
        start_date=datetime.date(2023, 1, 1),
        end_date=datetime.date(2024, 6, 30),
    )
    water.policy_areas.set([PolicyArea.objects.get(code="71")])
    water.sdg_targets.set([SdgTarget.objects.get(code="6.1")])
    ProjectPartnerFactory(project=water, partner=senegal)
    MobilisationFactory(project=water, service=environment)
    MobilisationFactory(project=water, service=youth, status=Mobilisation.Status.DECLINED)
    jobs = ProjectFactory(
        authority=authority,
        title="Apprentissage des jeunes",
        summary="Chantiers de jeunes",
        status=Project.Status.IDEA,
        start_date=datetime.date(2026, 1, 1),
        end_date=None,
    )
    jobs.policy_areas.set([PolicyArea.objects.get(code="33")])
    jobs.sdg_targets.set([SdgTarget.objects.get(code="8.6")])
    ProjectPartnerFactory(project=jobs, partner=morocco)
    MobilisationFactory(project=jobs, service=youth)
    culture = ProjectFactory(
        authority=authority,
        title="Biennale",
        status=Project.Status.COMPLETED,
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2021, 1, 1),
    )
    ProjectFactory(authority=AuthorityFactory(), title="Projet d'une autre ville")
    return {
        "water": water,
        "jobs": jobs,
        "culture": culture,
        "senegal": senegal,
        "environment": environment,
        "youth": youth,
    }


# --- List -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_list_shows_rows_of_the_authority_only(users, client_for, catalogue):
    response = client_for(users[Role.AGENT]).get(reverse("project_list"))
    assert response.status_code == 200
    assert set(names(response)) == {"Eau potable", "Apprentissage des jeunes", "Biennale"}
    page = response.content.decode()
    assert "Projet d'une autre ville" not in page
    row = next(p for p in response.context["page_obj"].object_list if p.title == "Eau potable")
    assert row.partner_names == ["Thiès"]
    assert row.country_names == ["Sénégal"]
    # Only confirmed mobilisations count: the proposed one is apart, the declined one nowhere.
    assert (row.n_services, row.n_proposed) == (0, 1)
    assert "text-bg-success" in page  # the ongoing badge
    assert "Nouveau projet" not in page  # an agent reads only


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=idea", {"Apprentissage des jeunes"}),
        ("country=SN", {"Eau potable"}),
        ("policy_area=7", {"Eau potable"}),  # a level-1 code takes in its sub-functions
        ("policy_area=33", {"Apprentissage des jeunes"}),
        ("sdg_goal=8", {"Apprentissage des jeunes"}),
        ("year=2024", {"Eau potable"}),
        ("year=2027", {"Apprentissage des jeunes"}),  # no end date: still running
        ("q=assainissement", {"Eau potable"}),
        ("q=jeunes", {"Apprentissage des jeunes"}),
        ("status=ongoing&country=MA", set()),
    ],
)
def test_list_filters(users, client_for, catalogue, query, expected):
    response = client_for(users[Role.AGENT]).get(f"{reverse('project_list')}?{query}")
    assert response.status_code == 200
    assert set(names(response)) == expected


@pytest.mark.django_db
def test_list_filters_by_partner_and_mobilised_service(users, client_for, catalogue):
    client = client_for(users[Role.AGENT])
    url = reverse("project_list")
    assert names(client.get(f"{url}?partner={catalogue['senegal'].pk}")) == ["Eau potable"]
    assert names(client.get(f"{url}?service={catalogue['environment'].pk}")) == ["Eau potable"]
    # Declined mobilisations do not count as "mobilised".
    assert names(client.get(f"{url}?service={catalogue['youth'].pk}")) == [
        "Apprentissage des jeunes"
    ]


@pytest.mark.django_db
def test_invalid_filter_is_ignored_with_an_error(users, client_for, catalogue):
    response = client_for(users[Role.AGENT]).get(f"{reverse('project_list')}?status=nope&year=x")
    assert response.status_code == 200
    assert len(names(response)) == 3
    assert response.context["form"].errors


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("titre", ["Apprentissage des jeunes", "Biennale", "Eau potable"]),
        ("-titre", ["Eau potable", "Biennale", "Apprentissage des jeunes"]),
        ("debut", ["Biennale", "Eau potable", "Apprentissage des jeunes"]),
        ("-debut", ["Apprentissage des jeunes", "Eau potable", "Biennale"]),
        ("statut", ["Apprentissage des jeunes", "Eau potable", "Biennale"]),  # life-cycle order
        ("-statut", ["Biennale", "Eau potable", "Apprentissage des jeunes"]),
    ],
)
def test_list_sort(users, client_for, catalogue, sort, expected):
    response = client_for(users[Role.AGENT]).get(f"{reverse('project_list')}?tri={sort}")
    assert names(response) == expected


@pytest.mark.django_db
def test_list_sorts_by_last_update_by_default(users, client_for, catalogue):
    Project.objects.filter(pk=catalogue["culture"].pk).update(updated_at=timezone.now())
    response = client_for(users[Role.AGENT]).get(reverse("project_list"))
    assert names(response)[0] == "Biennale"
    assert response.context["sort"] == "-maj"


@pytest.mark.django_db
def test_list_paginates_by_25(authority, users, client_for):
    ProjectFactory.create_batch(27, authority=authority)
    client = client_for(users[Role.AGENT])
    assert len(names(client.get(reverse("project_list")))) == 25
    assert len(names(client.get(f"{reverse('project_list')}?page=2"))) == 2


@pytest.mark.django_db
def test_csv_export_of_the_filtered_list(users, client_for, catalogue):
    response = client_for(users[Role.AGENT]).get(f"{reverse('project_list')}?format=csv&country=SN")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:4] == ["id", "intitule", "type", "statut"]
    assert len(rows) == 2
    line = dict(zip(rows[0], rows[1], strict=True))
    assert line["intitule"] == "Eau potable"
    assert line["statut"] == "En cours"
    assert line["partenaires"] == "Thiès"
    assert line["pays"] == "Sénégal"
    assert line["services_mobilises"] == "0"  # confirmed only (the one there is proposed)


@pytest.mark.django_db
def test_list_wrong_method(users, client_for):
    assert client_for(users[Role.ADMIN]).post(reverse("project_list")).status_code == 405


# --- Project page tabs ------------------------------------------------------------------------


@pytest.mark.django_db
def test_overview_shows_partners_classifications_and_markers(authority, users, client_for):
    partner = PartnerFactory(authority=authority, name="Commune de Thiès")
    project = ProjectFactory(
        authority=authority, title="Coopération Thiès", summary="Un résumé", marker_gender=2
    )
    ProjectPartnerFactory(project=project, partner=partner, role="1")
    project.sdg_targets.set([SdgTarget.objects.get(code="6.1")])
    response = client_for(users[Role.ELECTED]).get(reverse("project_detail", args=[project.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for text in ["Coopération Thiès", "Un résumé", "Commune de Thiès", "Financeur", "Sénégal"]:
        assert text in page
    assert "6.1 —" in page
    assert "objectif principal" in page
    assert response.context["active_tab"] == "overview"
    assert 'aria-current="page">Vue d&#x27;ensemble' in page or "Vue d'ensemble" in page
    assert "Modifier le projet" not in page  # the elected official reads only


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "tab"),
    [
        ("project_detail", "overview"),
        ("project_services", "services"),
        ("project_missions", "missions"),
        ("project_history", "history"),
    ],
)
def test_tabs_render_and_refuse_other_authority(name, tab, authority, users, client_for):
    project = ProjectFactory(authority=authority)
    client = client_for(users[Role.AGENT])
    response = client.get(reverse(name, args=[project.pk]))
    assert response.status_code == 200
    assert response.context["active_tab"] == tab
    assert reverse("project_services", args=[project.pk]) in response.content.decode()
    foreign = ProjectFactory(authority=AuthorityFactory())
    assert client.get(reverse(name, args=[foreign.pk])).status_code == 404
    assert client.post(reverse(name, args=[project.pk])).status_code == 405


@pytest.mark.django_db
def test_missions_tab_lists_the_projects_missions(authority, users, client_for):
    project = ProjectFactory(authority=authority)
    MissionFactory(authority=authority, project=project, title="Mission à Thiès")
    MissionFactory(authority=authority, title="Mission sans projet")
    page = client_for(users[Role.AGENT]).get(reverse("project_missions", args=[project.pk]))
    assert "Mission à Thiès" in page.content.decode()
    assert "Mission sans projet" not in page.content.decode()


@pytest.mark.django_db
def test_history_tab_shows_steps_and_audit(authority, users, client_for):
    client = client_for(users[Role.DRI])
    client.post(
        reverse("project_create"),
        {"title": "Historique", "kind": "other", "initial_status": "idea", "visibility": "internal"}
        | MARKERS,
    )
    project = Project.objects.get(title="Historique")
    client.post(
        reverse("project_status", args=[project.pk]),
        {"to_status": "preparation", "on": today().isoformat(), "comment": "Délibération 12"},
    )
    response = client_for(users[Role.AGENT]).get(reverse("project_history", args=[project.pk]))
    page = response.content.decode()
    assert "Délibération 12" in page
    assert len(response.context["steps"]) == 2
    assert {e.event.action for e in response.context["events"]} == {"create", "update"}


# --- Create -----------------------------------------------------------------------------------

MARKERS = dict.fromkeys(Project.MARKER_FIELDS, "0")


@pytest.mark.django_db
def test_create_project_from_the_form(authority, users, client_for):
    service = ServiceFactory(authority=authority)
    partner = PartnerFactory(authority=authority)
    client = client_for(users[Role.DRI])
    form_page = client.get(reverse("project_create"))
    assert form_page.status_code == 200
    assert "ODD 6" in form_page.content.decode()  # SDG targets grouped by goal
    response = client.post(
        reverse("project_create"),
        {
            "title": "Déchets à Agadir",
            "kind": "climate",
            "initial_status": "preparation",
            "start_date": "2026-02-01",
            "lead_service": service.pk,
            "policy_areas": ["023"],
            "sdg_targets": ["12.5"],
            "partners_implementing": [partner.pk],
            "visibility": "public",
            **MARKERS,
            "marker_environment": "2",
        },
    )
    project = Project.objects.get(title="Déchets à Agadir")
    assert response.status_code == 302
    assert response["Location"] == reverse("project_detail", args=[project.pk])
    assert project.authority == authority
    assert project.status == "preparation"
    assert project.lead_service == service
    assert project.marker_environment == 2
    assert project.visibility == "public"
    assert list(project.policy_areas.values_list("code", flat=True)) == ["023"]
    assert project.project_partners.get().partner == partner
    assert StatusChange.objects.filter(project=project, to_status="preparation").exists()
    assert AuditEvent.objects.filter(object_id=str(project.pk), action="create").exists()


@pytest.mark.django_db
def test_create_shows_errors(authority, users, client_for):
    response = client_for(users[Role.DRI]).post(
        reverse("project_create"),
        {
            "title": "",
            "kind": "other",
            "initial_status": "idea",
            "visibility": "internal",
            "start_date": "2026-05-01",
            "end_date": "2026-01-01",
            **MARKERS,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"title", "end_date"}
    assert "Le projet n'a pas été enregistré" in response.content.decode()
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_create_refuses_another_authoritys_service(authority, users, client_for):
    foreign = ServiceFactory(authority=AuthorityFactory())
    response = client_for(users[Role.DRI]).post(
        reverse("project_create"),
        {
            "title": "T",
            "kind": "other",
            "initial_status": "idea",
            "visibility": "internal",
            "lead_service": foreign.pk,
            **MARKERS,
        },
    )
    assert response.status_code == 200
    assert "lead_service" in response.context["form"].errors
    assert not Project.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.AGENT, Role.ELECTED, Role.DIRECTION, Role.REFERENT])
def test_read_only_roles_cannot_write(role, authority, users, client_for):
    project = ProjectFactory(authority=authority, title="Intact")
    client = client_for(users[role])
    data = {"title": "Piraté", "kind": "other", "visibility": "internal", **MARKERS}
    assert client.post(reverse("project_create"), data).status_code == 403
    assert client.post(reverse("project_edit", args=[project.pk]), data).status_code == 403
    assert (
        client.post(reverse("project_status", args=[project.pk]), {"to_status": "suspended"})
    ).status_code == 403
    assert client.post(reverse("project_delete", args=[project.pk])).status_code == 403
    project.refresh_from_db()
    assert (project.title, project.status) == ("Intact", "ongoing")
    assert Project.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["project_edit", "project_status", "project_delete"])
def test_writes_on_another_authoritys_project_are_404(name, users, client_for):
    foreign = ProjectFactory(authority=AuthorityFactory(), title="Ailleurs")
    client = client_for(users[Role.DRI])
    assert client.get(reverse(name, args=[foreign.pk])).status_code == 404
    assert client.post(reverse(name, args=[foreign.pk]), {}).status_code == 404
    assert Project.objects.get(pk=foreign.pk).title == "Ailleurs"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["project_edit", "project_status", "project_delete"])
def test_writes_wrong_method(name, authority, users, client_for):
    project = ProjectFactory(authority=authority)
    assert client_for(users[Role.DRI]).put(reverse(name, args=[project.pk])).status_code == 405
    assert client_for(users[Role.DRI]).put(reverse("project_create")).status_code == 405


# --- Edit and concurrent edits ----------------------------------------------------------------


def edit_data(project, **changes) -> dict:
    data = {
        "title": project.title,
        "kind": project.kind,
        "summary": project.summary,
        "visibility": project.visibility,
        "version": str(project.version),
        **MARKERS,
    }
    return data | changes


@pytest.mark.django_db
def test_edit_project(authority, users, client_for):
    project = ProjectFactory(authority=authority, title="Avant")
    client = client_for(users[Role.DRI])
    page = client.get(reverse("project_edit", args=[project.pk]))
    assert page.status_code == 200
    assert 'name="version" value="1"' in page.content.decode()
    response = client.post(
        reverse("project_edit", args=[project.pk]), edit_data(project, title="Après")
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title, project.version) == ("Après", 2)


@pytest.mark.django_db
def test_concurrent_edit_keeps_the_first_and_shows_the_second_its_input(authority, client_for):
    first_user = member(authority, Role.DRI, username="awa", first_name="Awa", last_name="Diop")
    second_user = member(authority, Role.DRI, username="lou", first_name="Lou", last_name="Marin")
    project = ProjectFactory(authority=authority, title="Original", summary="Résumé initial")
    url = reverse("project_edit", args=[project.pk])
    first, second = Client(), Client()
    first.force_login(first_user)
    second.force_login(second_user)
    # Both load the form at version 1.
    assert 'name="version" value="1"' in first.get(url).content.decode()
    assert 'name="version" value="1"' in second.get(url).content.decode()

    saved = first.post(url, edit_data(project, title="Titre d'Awa", summary="Résumé d'Awa"))
    assert saved.status_code == 302

    refused = second.post(
        url, edit_data(project, title="Titre de Lou", objectives="Objectifs de Lou")
    )
    assert refused.status_code == 409
    page = refused.content.decode()
    at = AuditEvent.objects.filter(object_id=str(project.pk)).latest("at").at
    hhmm = timezone.localtime(at).strftime("%H:%M")
    assert (
        f"Cette fiche a été modifiée par Awa Diop à {hhmm} pendant votre saisie."
        in page.replace("&#x27;", "'")
    )
    assert "Vos modifications n&#x27;ont pas été enregistrées" in page
    # Lou's input is shown again, with the new version so a second save goes through.
    assert 'value="Titre de Lou"' in page
    assert "Objectifs de Lou" in page
    assert 'name="version" value="2"' in page
    # What Awa saved meanwhile is listed.
    assert "Titre d&#x27;Awa" in page
    project.refresh_from_db()
    assert (project.title, project.summary, project.objectives, project.version) == (
        "Titre d'Awa",
        "Résumé d'Awa",
        "",
        2,
    )
    # Lou checks and saves again: now it is recorded.
    retry = refused.context["form"].data.copy()
    assert second.post(url, retry).status_code == 302
    project.refresh_from_db()
    assert (project.title, project.objectives, project.version) == (
        "Titre de Lou",
        "Objectifs de Lou",
        3,
    )


# --- Status and delete ------------------------------------------------------------------------


@pytest.mark.django_db
def test_change_status_from_the_form(authority, users, client_for):
    project = ProjectFactory(authority=authority, status="preparation", start_date=None)
    client = client_for(users[Role.DRI])
    page = client.get(reverse("project_status", args=[project.pk]))
    choices = [value for value, _label in page.context["form"].fields["to_status"].choices]
    assert choices == ["ongoing", "suspended"]
    day = today() - datetime.timedelta(days=2)
    response = client.post(
        reverse("project_status", args=[project.pk]),
        {"to_status": "ongoing", "on": day.isoformat(), "comment": "Convention signée"},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == "ongoing"
    assert project.start_date == day
    step = project.status_changes.get()
    assert (step.from_status, step.to_status, step.on, step.comment) == (
        "preparation",
        "ongoing",
        day,
        "Convention signée",
    )


@pytest.mark.django_db
def test_change_status_refuses_invalid_step_and_future_date(authority, users, client_for):
    project = ProjectFactory(authority=authority, status="idea")
    client = client_for(users[Role.DRI])
    url = reverse("project_status", args=[project.pk])
    wrong = client.post(url, {"to_status": "completed", "on": today().isoformat()})
    assert wrong.status_code == 200
    assert "to_status" in wrong.context["form"].errors
    future = client.post(
        url, {"to_status": "preparation", "on": (today() + datetime.timedelta(days=3)).isoformat()}
    )
    assert future.status_code == 200
    assert "future" in future.content.decode()
    project.refresh_from_db()
    assert project.status == "idea"
    assert not project.status_changes.exists()


@pytest.mark.django_db
def test_delete_project_after_confirmation(authority, users, client_for):
    project = ProjectFactory(authority=authority, title="Fin")
    MobilisationFactory(project=project)
    mission = MissionFactory(authority=authority, project=project)
    client = client_for(users[Role.DRI])
    confirm = client.get(reverse("project_delete", args=[project.pk]))
    page = confirm.content.decode()
    assert "Placer « Fin » dans la corbeille ?" in page
    assert "1 mobilisation de service" in page
    assert "1 mission ou délégation" in page  # kept, without project
    response = client.post(reverse("project_delete", args=[project.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("project_list")
    assert not Project.objects.filter(pk=project.pk).exists()
    assert not Mobilisation.objects.exists()
    mission.refresh_from_db()
    assert mission.project is None


@pytest.mark.django_db
def test_main_navigation_links_projects(users, client_for):
    page = client_for(users[Role.AGENT]).get(reverse("project_list")).content.decode()
    assert f'href="{reverse("project_list")}" aria-current="page"' in page
