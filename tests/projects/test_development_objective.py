"""A project says whether the development of the partner country is its main objective."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from maillage.core.models import AuditEvent, Role
from maillage.demo.projects_data import ALGERIA_PROJECT, ORAN_RELAY_PROJECT, PROJECTS
from maillage.projects.models import Project

from ..factories import ProjectFactory

MARKERS = dict.fromkeys(Project.MARKER_FIELDS, "0")


def edit_data(project, **changes) -> dict:
    return {
        "title": project.title,
        "kind": project.kind,
        "summary": project.summary,
        "visibility": project.visibility,
        "version": str(project.version),
        **MARKERS,
        **changes,
    }


@pytest.mark.django_db
def test_the_form_asks_with_the_oecd_definition(authority, users, client_for):
    html = client_for(users[Role.DRI]).get(reverse("project_create")).content.decode()
    assert "Son objectif principal est-il le développement du pays partenaire ?" in html
    assert "définition du CAD de l'OCDE" in html
    assert "La promotion commerciale de nos entreprises n'en fait pas partie." in html
    assert 'name="development_main_objective" value="False"' in html
    assert "Pas encore précisé" in html


@pytest.mark.django_db
def test_created_projects_say_no_or_nothing(authority, users, client_for):
    client = client_for(users[Role.DRI])
    common = {"kind": "economic", "initial_status": "idea", "visibility": "internal", **MARKERS}
    client.post(
        reverse("project_create"),
        {"title": "Salon à Alger", "development_main_objective": "False", **common},
    )
    client.post(reverse("project_create"), {"title": "Sans réponse", **common})
    assert Project.objects.get(title="Salon à Alger").development_main_objective is False
    assert Project.objects.get(title="Sans réponse").development_main_objective is None


@pytest.mark.django_db
def test_edit_sets_keeps_and_clears_the_answer(authority, users, client_for):
    project = ProjectFactory(authority=authority, development_main_objective=None)
    client = client_for(users[Role.DRI])
    url = reverse("project_edit", args=[project.pk])
    page = client.get(url).content.decode()
    assert 'name="development_main_objective" value="" ' in page
    assert (
        client.post(url, edit_data(project, development_main_objective="True")).status_code == 302
    )
    project.refresh_from_db()
    assert project.development_main_objective is True
    event = AuditEvent.objects.filter(object_id=str(project.pk), action="update").latest("at")
    assert event.changes["development_main_objective"] == [None, True]
    # A request that does not send the radio at all keeps the saved answer.
    client.post(url, edit_data(project, title="Renommé"))
    project.refresh_from_db()
    assert (project.title, project.development_main_objective) == ("Renommé", True)
    client.post(url, edit_data(project, development_main_objective=""))
    project.refresh_from_db()
    assert project.development_main_objective is None


@pytest.mark.django_db
def test_another_authoritys_project_and_a_read_only_role(
    authority, other_authority, users, client_for
):
    foreign = ProjectFactory(authority=other_authority, development_main_objective=True)
    client = client_for(users[Role.DRI])
    response = client.post(
        reverse("project_edit", args=[foreign.pk]),
        edit_data(foreign, development_main_objective="False"),
    )
    assert response.status_code == 404
    own = ProjectFactory(authority=authority, development_main_objective=True)
    response = client_for(users[Role.ELECTED]).post(
        reverse("project_edit", args=[own.pk]), edit_data(own, development_main_objective="False")
    )
    assert response.status_code == 403
    foreign.refresh_from_db()
    own.refresh_from_db()
    assert foreign.development_main_objective is True
    assert own.development_main_objective is True


def test_the_demo_trade_missions_are_not_development_aid():
    answers = {spec.title: spec.development_main_objective for spec in PROJECTS}
    assert answers[ALGERIA_PROJECT] is False
    assert answers[ORAN_RELAY_PROJECT] is False
    assert any(answer is True for answer in answers.values())


@pytest.mark.django_db
def test_the_demo_algeria_mission_is_excluded_from_the_declaration():
    from django.core.management import call_command

    from maillage.core.models import Authority
    from maillage.interop import eapd

    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    authority = Authority.objects.get(slug="bellerive")
    algeria = Project.objects.get(authority=authority, title=ALGERIA_PROJECT)
    assert algeria.development_main_objective is False
    declaration = eapd.declaration(authority, 2025)
    assert algeria.pk not in {row.project_id for row in declaration.rows}
    (exclusion,) = [e for e in declaration.exclusions if e.project_id == algeria.pk]
    assert exclusion.country_iso == "" and exclusion.amount_eur > 0
    assert "promotion commerciale" in exclusion.reason
