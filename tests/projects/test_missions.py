"""Missions abroad and incoming delegations: service functions, list, detail, forms, deletion."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maillage.core.models import AuditEvent, Country, Role
from maillage.projects.missions import services as missions
from maillage.projects.models import Mission

from ..factories import (
    AgentFactory,
    ElectedOfficialFactory,
    MissionFactory,
    ProjectFactory,
    ServiceFactory,
)


@pytest.fixture
def dri(users, client_for):
    return client_for(users[Role.DRI])


@pytest.fixture
def people(authority):
    service = ServiceFactory(authority=authority, name="Eau et assainissement")
    return {
        "agent": AgentFactory(service=service, first_name="Inès", last_name="Martin"),
        "gone": AgentFactory(service=service, last_name="Parti", active=False),
        "official": ElectedOfficialFactory(
            authority=authority, first_name="Claire", last_name="Roux"
        ),
        "project": ProjectFactory(authority=authority, title="Eau potable à Thiès"),
    }


def mission_data(**overrides):
    data = {
        "direction": "outgoing",
        "title": "Mission technique à Thiès",
        "start_date": datetime.date(2025, 3, 10),
        "end_date": datetime.date(2025, 3, 17),
        "country": Country.objects.get(iso2="SN"),
        "places": "Thiès, Dakar",
        "project": None,
        "companies": 2,
        "youths": 0,
        "associations": 1,
        "other_participants": 0,
        "report": "",
    }
    return data | overrides


def form_post(**overrides) -> dict[str, object]:
    data = {
        "direction": "outgoing",
        "title": "Mission technique à Thiès",
        "start_date": "2025-03-10",
        "end_date": "2025-03-17",
        "country": "SN",
        "places": "Thiès, Dakar",
        "project": "",
        "agents": [],
        "elected_officials": [],
        "companies": "2",
        "youths": "0",
        "associations": "1",
        "other_participants": "0",
        "report": "",
    }
    return data | overrides


# --- Service functions ---------------------------------------------------------------------


def test_create_update_delete_mission_are_audited(authority, users, people):
    user = users[Role.DRI]
    data = mission_data(project=people["project"], agents=[people["agent"]], elected_officials=[])
    mission = missions.create_mission(authority, by=user, data=data)
    assert mission.authority == authority
    assert list(mission.agents.all()) == [people["agent"]]
    created = AuditEvent.objects.get(object_type="projects.Mission", action="create")
    assert created.changes["agents"] == [[], [people["agent"].pk]]
    assert created.changes["companies"] == [None, 2]
    missions.update_mission(
        mission,
        by=user,
        data={"companies": 3, "elected_officials": [people["official"]]},
    )
    updated = AuditEvent.objects.get(object_type="projects.Mission", action="update")
    assert updated.changes == {
        "companies": [2, 3],
        "elected_officials": [[], [people["official"].pk]],
    }
    pk = mission.pk
    missions.delete_mission(mission, by=user)
    assert not Mission.objects.filter(pk=pk).exists()
    assert AuditEvent.objects.filter(object_id=str(pk), action="delete").exists()


def test_mission_only_names_people_and_projects_of_its_authority(authority, other_authority):
    foreign_agent = AgentFactory(service=ServiceFactory(authority=other_authority))
    with pytest.raises(ValidationError):
        missions.create_mission(authority, by=None, data=mission_data(agents=[foreign_agent]))
    foreign_project = ProjectFactory(authority=other_authority)
    with pytest.raises(ValidationError):
        missions.create_mission(authority, by=None, data=mission_data(project=foreign_project))
    assert not Mission.objects.exists()


def test_mission_cannot_end_before_it_starts(authority):
    mission = missions.create_mission(authority, by=None, data=mission_data())
    with pytest.raises(ValidationError):
        missions.update_mission(mission, by=None, data={"end_date": datetime.date(2025, 3, 1)})


# --- List ----------------------------------------------------------------------------------


def test_list_filters_by_direction_year_and_project(
    authority, other_authority, people, users, client_for
):
    project = people["project"]
    outgoing = MissionFactory(authority=authority, title="Mission Thiès", project=project)
    incoming = MissionFactory(
        authority=authority,
        title="Délégation de Würzburg",
        direction="incoming",
        start_date=datetime.date(2024, 6, 1),
        end_date=datetime.date(2024, 6, 3),
    )
    MissionFactory(authority=other_authority, title="Mission secrète")
    client = client_for(users[Role.AGENT])
    url = reverse("mission_list")
    response = client.get(url)
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == [outgoing, incoming]  # latest first
    assert response.context["years"] == [2025, 2024]
    assert "Mission secrète" not in response.content.decode()
    assert list(client.get(url, {"sens": "incoming"}).context["page_obj"]) == [incoming]
    assert list(client.get(url, {"annee": "2025"}).context["page_obj"]) == [outgoing]
    assert list(client.get(url, {"projet": project.pk}).context["page_obj"]) == [outgoing]
    assert list(client.get(url, {"tri": "objet"}).context["page_obj"]) == [incoming, outgoing]
    assert list(client.get(url, {"annee": "abc"}).context["page_obj"]) == [outgoing, incoming]


def test_list_counts_participants_and_paginates(authority, people, users, client_for):
    mission = MissionFactory(
        authority=authority,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 1, 2),
    )
    mission.agents.add(people["agent"], people["gone"])
    mission.elected_officials.add(people["official"])
    MissionFactory.create_batch(50, authority=authority)
    client = client_for(users[Role.AGENT])
    first = client.get(reverse("mission_list")).context["page_obj"]
    assert len(first) == 50
    assert (first[0].n_agents, first[0].n_officials) == (2, 1)
    assert len(client.get(reverse("mission_list"), {"page": 2}).context["page_obj"]) == 1


def test_empty_list_says_what_to_do(users, client_for):
    client = client_for(users[Role.DRI])
    html = client.get(reverse("mission_list")).content.decode()
    assert "Aucune mission ni délégation n'est encore enregistrée" in html
    assert reverse("mission_create") in html
    html = client.get(reverse("mission_list"), {"sens": "incoming"}).content.decode()
    assert "Aucune mission ni délégation ne correspond à ces filtres" in html


# --- Detail --------------------------------------------------------------------------------


def test_detail_shows_participants_and_project(authority, people, users, client_for):
    mission = MissionFactory(
        authority=authority, project=people["project"], report="Forages visités"
    )
    mission.agents.add(people["agent"])
    mission.elected_officials.add(people["official"])
    response = client_for(users[Role.AGENT]).get(reverse("mission_detail", args=[mission.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Inès Martin" in html
    assert "Claire Roux" in html
    assert "Forages visités" in html
    assert "(8 jours)" in html
    assert reverse("project_detail", kwargs={"pk": people["project"].pk}) in html
    assert reverse("mission_update", args=[mission.pk]) not in html  # an agent only reads


def test_other_authority_mission_is_404(other_authority, dri):
    mission = MissionFactory(authority=other_authority, title="Secrète")
    for name in ["mission_detail", "mission_update", "mission_delete"]:
        assert dri.get(reverse(name, args=[mission.pk])).status_code == 404, name
    url = reverse("mission_update", args=[mission.pk])
    assert dri.post(url, form_post(title="Prise")).status_code == 404
    assert dri.post(reverse("mission_delete", args=[mission.pk])).status_code == 404
    mission.refresh_from_db()
    assert mission.title == "Secrète"


# --- Create and update ---------------------------------------------------------------------


def test_create_mission(authority, people, dri):
    data = form_post(
        project=str(people["project"].pk),
        agents=[str(people["agent"].pk)],
        elected_officials=[str(people["official"].pk)],
    )
    response = dri.post(reverse("mission_create"), data)
    mission = Mission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("mission_detail", args=[mission.pk])
    assert mission.authority == authority
    assert mission.project == people["project"]
    assert list(mission.agents.all()) == [people["agent"]]
    assert list(mission.elected_officials.all()) == [people["official"]]
    assert mission.cost == 0  # the sum of its cost lines, none yet


def test_form_offers_only_the_authority_active_people(authority, other_authority, people, dri):
    foreign = AgentFactory(service=ServiceFactory(authority=other_authority))
    form = dri.get(reverse("mission_create")).context["form"]
    assert list(form.fields["agents"].queryset) == [people["agent"]]
    assert list(form.fields["project"].queryset) == [people["project"]]
    response = dri.post(reverse("mission_create"), form_post(agents=[str(foreign.pk)]))
    assert "agents" in response.context["form"].errors
    response = dri.post(
        reverse("mission_create"),
        form_post(project=str(ProjectFactory(authority=other_authority).pk)),
    )
    assert "project" in response.context["form"].errors
    assert not Mission.objects.exists()


def test_an_agent_who_left_stays_on_the_missions_they_joined(authority, people, dri):
    mission = MissionFactory(authority=authority)
    mission.agents.add(people["gone"])
    form = dri.get(reverse("mission_update", args=[mission.pk])).context["form"]
    assert set(form.fields["agents"].queryset) == {people["agent"], people["gone"]}


def test_end_before_start_is_a_field_error(dri):
    response = dri.post(reverse("mission_create"), form_post(end_date="2025-03-01"))
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == [
        "La date de fin doit être égale ou postérieure à la date de début (10/03/2025)."
    ]
    assert "Le formulaire contient des erreurs" in response.content.decode()
    assert not Mission.objects.exists()


def test_required_fields_and_negative_counts(dri):
    response = dri.post(reverse("mission_create"), form_post(title="", direction="", youths="-1"))
    errors = response.context["form"].errors
    assert errors["title"] == ["Ce champ est obligatoire."]
    assert errors["direction"] == ["Ce champ est obligatoire."]
    assert "youths" in errors


def test_update_mission(authority, people, dri):
    mission = MissionFactory(authority=authority, title="Mission Thiès")
    response = dri.post(
        reverse("mission_update", args=[mission.pk]),
        form_post(title="Mission Thiès 2025", agents=[str(people["agent"].pk)], version="1"),
    )
    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.title == "Mission Thiès 2025"
    assert list(mission.agents.all()) == [people["agent"]]
    event = AuditEvent.objects.get(object_type="projects.Mission", action="update")
    assert event.changes["title"] == ["Mission Thiès", "Mission Thiès 2025"]


def test_read_only_role_cannot_write(authority, users, client_for):
    mission = MissionFactory(authority=authority, title="Mission Thiès")
    client = client_for(users[Role.AGENT])
    assert client.post(reverse("mission_create"), form_post()).status_code == 403
    url = reverse("mission_update", args=[mission.pk])
    assert client.post(url, form_post(title="X")).status_code == 403
    assert client.post(reverse("mission_delete", args=[mission.pk])).status_code == 403
    mission.refresh_from_db()
    assert mission.title == "Mission Thiès"
    assert Mission.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("mission_list", "post"),
        ("mission_detail", "post"),
        ("mission_create", "put"),
        ("mission_update", "delete"),
        ("mission_delete", "put"),
    ],
)
def test_wrong_method_is_405(name, method, authority, dri):
    mission = MissionFactory(authority=authority)
    args = [] if name in {"mission_list", "mission_create"} else [mission.pk]
    assert getattr(dri, method)(reverse(name, args=args)).status_code == 405


# --- Delete --------------------------------------------------------------------------------


def test_delete_asks_for_confirmation(authority, dri):
    mission = MissionFactory(authority=authority, title="Mission Thiès")
    response = dri.get(reverse("mission_delete", args=[mission.pk]))
    assert response.status_code == 200
    assert "La mission « Mission Thiès »" in response.content.decode()
    assert Mission.objects.filter(pk=mission.pk).exists()
    response = dri.post(reverse("mission_delete", args=[mission.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("mission_list")
    assert not Mission.objects.filter(pk=mission.pk).exists()
