"""The project history names fields by their labels, and choices by their words."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from maillage.core.audit import describe_changes, field_label
from maillage.core.models import Role
from maillage.projects.models import Mobilisation, Project
from maillage.projects.registry import selectors
from maillage.projects.registry import services as project_services
from tests.factories import ServiceFactory

# "service" is both the code and the French word, so it is not listed.
CODE_NAMES = ("lead_service", "start_date", "marker_gender", "days_planned", "project", "role")


@pytest.mark.django_db
def test_history_shows_labels_and_choice_words(authority, users, client_for):
    service = ServiceFactory(authority=authority, name="Direction de l'eau")
    by = users[Role.DRI]
    project = project_services.create_project(
        authority,
        by=by,
        data={"title": "Forages", "kind": "other", "lead_service": service, "marker_gender": 1},
    )
    today = timezone.localdate()
    project_services.change_status(project, by=by, to_status="preparation", on=today)
    # The lead service is mobilised as pilot with the project: propose another one.
    other = ServiceFactory(authority=authority, name="Direction des sports")
    project_services.propose_mobilisation(project, by=by, service=other, days_planned=Decimal("3"))

    with translation.override("fr"):
        history = selectors.project_history(project)
    lines = [line for event in history["events"] for line in event.fields]
    assert "statut : Idée → En préparation" in lines
    assert "statut : Idée" in lines  # the creation
    assert "service pilote" in lines
    assert "égalité femmes-hommes : 1 — objectif significatif" in lines
    assert {"projet", "service", "rôle : Contributeur", "jours-agent prévus"} <= set(lines)
    assert not [line for line in lines if line.split(" : ")[0] in CODE_NAMES]

    # Each event is named by its kind, not by the broad create/update of the audit trail.
    assert [event.label for event in history["events"]] == [
        "Mobilisation proposée",
        "Changement de statut",
        "Service pilote mobilisé",
        "Projet créé",
    ]

    response = client_for(users[Role.AGENT]).get(reverse("project_history", args=[project.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "statut : Idée → En préparation" in html
    assert "<td>Changement de statut</td>" in html


def test_dates_and_yes_no_in_words():
    with translation.override("fr"):
        lines = describe_changes(
            Project,
            {"start_date": [None, "2026-12-01"], "end_date": ["2026-03-01", "2027-01-02"]},
        )
    assert lines == ["début : 1er décembre 2026", "fin : 1er mars 2026 → 2 janvier 2027"]


def test_a_foreign_key_without_label_is_named_by_its_model():
    assert field_label(Mobilisation, "project") == "projet"
    assert field_label(Mobilisation, "service") == "service"
    assert field_label(Mobilisation, "proposed_by", {"proposed_by": "proposée par"}) == (
        "proposée par"
    )
    # A key that is no field at all still reads as words, not as a code.
    assert field_label(Project, "some_key") == "some key"
