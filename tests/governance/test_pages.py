"""Committee pages through the views: create, record a meeting, decisions, actions."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from maillage.core.models import AuditEvent, Role
from maillage.governance.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Committee,
    CommitteeMember,
    Decision,
    Meeting,
)

from ..factories import AgentFactory, ElectedOfficialFactory, ProjectFactory, ServiceFactory
from .factories import (
    ActionFactory,
    AgendaItemFactory,
    CommitteeFactory,
    DecisionFactory,
    MeetingFactory,
    MemberFactory,
    at,
)


@pytest.fixture
def dri(users, client_for):
    return client_for(users[Role.DRI])


@pytest.mark.django_db
def test_dri_runs_a_committee_from_creation_to_closed_action(authority, users, dri):
    project = ProjectFactory(authority=authority, title="Chantier Thiès")
    agent = AgentFactory(service=ServiceFactory(authority=authority), last_name="Diop")
    official = ElectedOfficialFactory(authority=authority, last_name="Belkacem")

    # The committee.
    response = dri.post(
        reverse("committee_create"),
        {
            "name": "Comité de pilotage de l'action internationale",
            "kind": "steering",
            "purpose": "Décider et suivre.",
            "projects": [project.pk],
            "active": "on",
        },
    )
    committee = Committee.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("committee_detail", args=[committee.pk])
    assert committee.authority == authority and list(committee.projects.all()) == [project]

    # Its members: an agent, an elected official, a partner's representative.
    url = reverse("member_add", args=[committee.pk])
    assert dri.post(url, {"agent": agent.pk, "position": "secretary"}).status_code == 302
    assert dri.post(url, {"elected_official": official.pk, "position": "chair"}).status_code == 302
    data = {"external_name": "Aminata Fall", "external_organisation": "Ville de Thiès"}
    assert dri.post(url, {**data, "position": "member"}).status_code == 302
    both = dri.post(url, {"agent": agent.pk, "elected_official": official.pk, "position": "member"})
    assert both.status_code == 200
    assert "Choisissez une seule personne" in both.content.decode()
    assert CommitteeMember.objects.filter(committee=committee).count() == 3

    # A meeting, held last month, with its agenda and attendance.
    held = timezone.localtime() - datetime.timedelta(days=30)
    response = dri.post(
        reverse("meeting_create", args=[committee.pk]),
        {
            "starts_at": held.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 90,
            "place": "Salle des mariages",
            "status": "held",
            "minutes": "Tour de table des services.",
        },
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("meeting_detail", args=[meeting.pk])
    assert meeting.authority == authority and meeting.duration_minutes == 90
    response = dri.post(
        reverse("agenda_item_add", args=[meeting.pk]),
        {"title": "Point d'étape du chantier", "project": project.pk},
    )
    assert response.status_code == 302
    assert AgendaItem.objects.get().position == 1
    members = {m.name: m for m in CommitteeMember.objects.all()}
    response = dri.post(
        reverse("meeting_attendance", args=[meeting.pk]),
        {
            f"presence-{members[str(agent)].pk}": "present",
            f"presence-{members[str(official)].pk}": "excused",
        },
    )
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("member__pk", "status")) == {
        members[str(agent)].pk: "present",
        members[str(official)].pk: "excused",
    }

    # A decision and an action owned by the agent.
    response = dri.post(
        reverse("decision_create", args=[meeting.pk]),
        {
            "text": "Le comité valide le départ de six jeunes.",
            "project": project.pk,
            "decided_on": meeting.date.isoformat(),
        },
    )
    decision = Decision.objects.get()
    assert decision.number == 1 and decision.year == meeting.date.year
    response = dri.post(
        reverse("action_create", args=[meeting.pk]),
        {
            "title": "Réserver les billets",
            "owner_agent": agent.pk,
            "due_date": "2030-01-15",
            "decision": decision.pk,
            "status": "open",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    action = ActionItem.objects.get()
    assert (action.committee, action.meeting, action.authority) == (committee, meeting, authority)

    page = dri.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    for text in (
        "Point d'étape du chantier",
        "Chantier Thiès",
        "Tour de table des services",
        "Le comité valide",
        "Réserver les billets",
        "1 membre présent sur 3",
    ):
        assert escape(text) in page, text
    page = dri.get(reverse("committee_detail", args=[committee.pk])).content.decode()
    assert "Aminata Fall" in page and "Réserver les billets" in page and decision.reference in page

    # Closing the action records the day.
    response = dri.post(reverse("action_status", args=[action.pk]), {"status": "done"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.closed_on == timezone.localdate()
    assert AuditEvent.objects.filter(object_type="governance.ActionItem").count() == 2


@pytest.mark.django_db
def test_forms_show_errors(authority, dri):
    committee = CommitteeFactory(authority=authority)
    response = dri.post(reverse("committee_create"), {"name": "", "kind": "steering"})
    assert response.status_code == 200
    assert "Le formulaire contient des erreurs" in response.content.decode()
    future = (timezone.localtime() + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = dri.post(
        reverse("meeting_create", args=[committee.pk]),
        {"starts_at": future, "duration_minutes": 120, "status": "held"},
    )
    assert response.status_code == 200
    assert "ne peut pas être marquée comme tenue" in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_delete_pages_confirm_first(authority, dri):
    committee = CommitteeFactory(authority=authority, name="Comité à supprimer")
    meeting = MeetingFactory(committee=committee)
    url = reverse("meeting_delete", args=[meeting.pk])
    assert "placés dans la corbeille" in dri.get(url).content.decode()
    assert Meeting.objects.exists()
    response = dri.post(url)
    assert response["Location"] == reverse("committee_detail", args=[committee.pk])
    assert not Meeting.objects.exists()
    response = dri.post(reverse("committee_delete", args=[committee.pk]))
    assert response["Location"] == reverse("committee_list")
    assert not Committee.objects.exists()


@pytest.mark.django_db
def test_agent_reads_but_cannot_edit(authority, users, client_for):
    committee = CommitteeFactory(authority=authority, name="Comité lu")
    meeting = MeetingFactory(committee=committee)
    client = client_for(users[Role.AGENT])
    page = client.get(reverse("committee_detail", args=[committee.pk]))
    assert page.status_code == 200 and "Nouvelle réunion" not in page.content.decode()
    assert client.get(reverse("meeting_detail", args=[meeting.pk])).status_code == 200
    response = client.post(reverse("committee_edit", args=[committee.pk]), {"name": "Pirate"})
    assert response.status_code == 403
    response = client.post(reverse("decision_create", args=[meeting.pk]), {"text": "Non"})
    assert response.status_code == 403
    committee.refresh_from_db()
    assert committee.name == "Comité lu" and not Decision.objects.exists()


@pytest.mark.django_db
def test_action_owner_changes_its_status_and_nobody_else(authority, users, client_for):
    service = ServiceFactory(authority=authority)
    owner = AgentFactory(service=service, user=users[Role.AGENT])
    AgentFactory(service=service, user=users[Role.REFERENT])
    meeting = MeetingFactory(committee=CommitteeFactory(authority=authority))
    action = ActionFactory(meeting=meeting, owner_agent=owner, title="Préparer la note")
    url = reverse("action_status", args=[action.pk])

    other = client_for(users[Role.REFERENT])
    assert other.get(url).status_code == 403
    assert other.post(url, {"status": "done"}).status_code == 403

    client = client_for(users[Role.AGENT])
    listing = client.get(reverse("action_list") + "?mes=1").content.decode()
    assert "Préparer la note" in listing and "Changer l'état" in listing
    assert client.get(url).status_code == 200
    response = client.post(url + "?retour=actions", {"status": "in_progress"})
    assert response["Location"] == reverse("action_list")
    action.refresh_from_db()
    assert action.status == "in_progress" and action.closed_on is None
    # The owner changes the state, not the rest of the action.
    assert client.get(reverse("action_edit", args=[action.pk])).status_code == 403


@pytest.mark.django_db
def test_other_authoritys_objects_answer_404(authority, other_authority, users, dri):
    meeting = MeetingFactory(committee=CommitteeFactory(authority=other_authority))
    action = ActionFactory(meeting=meeting)
    decision = DecisionFactory(meeting=meeting)
    member = MemberFactory(committee=meeting.committee)
    for name, pk in [
        ("committee_detail", meeting.committee_id),
        ("meeting_detail", meeting.pk),
        ("action_status", action.pk),
        ("decision_edit", decision.pk),
        ("member_edit", member.pk),
    ]:
        assert dri.get(reverse(name, args=[pk])).status_code == 404, name
    assert (
        dri.post(reverse("action_status", args=[action.pk]), {"status": "done"}).status_code == 404
    )
    action.refresh_from_db()
    assert action.status == "open"


@pytest.mark.django_db
def test_wrong_method_is_refused(authority, dri):
    committee = CommitteeFactory(authority=authority)
    assert dri.post(reverse("committee_detail", args=[committee.pk])).status_code == 405
    assert dri.put(reverse("action_list")).status_code == 405


@pytest.mark.django_db
def test_committee_page_highlights_mandates_and_paginates_meetings(authority, dri):
    committee = CommitteeFactory(authority=authority)
    today = timezone.localdate()
    MemberFactory(
        committee=committee,
        external_name="Mandat échu",
        mandate_end=today - datetime.timedelta(days=1),
    )
    MemberFactory(
        committee=committee,
        external_name="Bientôt fini",
        mandate_end=today + datetime.timedelta(days=30),
    )
    MemberFactory(
        committee=committee,
        external_name="Tranquille",
        mandate_end=today + datetime.timedelta(days=400),
    )
    for i in range(12):
        MeetingFactory(committee=committee, starts_at=at(2020, 1, 1) + datetime.timedelta(days=i))
    response = dri.get(reverse("committee_detail", args=[committee.pk]))
    page = response.content.decode()
    assert 'text-bg-danger">Mandat échu le' in page
    assert page.count('text-bg-warning">Mandat jusqu') == 1
    assert len(response.context["past"].object_list) == 10
    assert "passees=2" in page
    response = dri.get(reverse("committee_detail", args=[committee.pk]) + "?passees=2")
    assert len(response.context["past"].object_list) == 2


@pytest.mark.django_db
def test_committee_page_flags_overdue_open_actions(authority, dri):
    meeting = MeetingFactory(committee=CommitteeFactory(authority=authority))
    today = timezone.localdate()
    late = ActionFactory(meeting=meeting, title="En retard", due_date=today - datetime.timedelta(1))
    ActionFactory(meeting=meeting, title="À temps", due_date=today + datetime.timedelta(days=7))
    response = dri.get(reverse("committee_detail", args=[meeting.committee_id]))
    flags = {action.title: action.overdue for action in response.context["open_actions"]}
    assert flags == {"En retard": True, "À temps": False}
    page = response.content.decode()
    assert page.count("text-bg-danger") == 1 and "(en retard)" in page
    assert late.title in page


@pytest.mark.django_db
def test_committee_list_search_filter_and_counts(authority, dri):
    active = CommitteeFactory(authority=authority, name="Comité jeunesse")
    CommitteeFactory(authority=authority, name="Comité ancien", active=False)
    past = MeetingFactory(committee=active, starts_at=at(2024, 1, 1))
    MeetingFactory(
        committee=active,
        starts_at=timezone.now() + datetime.timedelta(days=10),
        status=Meeting.Status.PLANNED,
    )
    ActionFactory.create_batch(2, meeting=past)
    ActionFactory(meeting=past, status="done", closed_on=datetime.date(2024, 2, 1))
    response = dri.get(reverse("committee_list") + "?actif=oui")
    rows = list(response.context["page_obj"])
    assert [c.name for c in rows] == ["Comité jeunesse"]
    assert rows[0].n_open_actions == 2 and rows[0].next_meeting is not None
    response = dri.get(reverse("committee_list") + "?q=ancien")
    assert [c.name for c in response.context["page_obj"]] == ["Comité ancien"]
    assert (
        "Aucun comité ne correspond"
        in dri.get(reverse("committee_list") + "?q=zzz").content.decode()
    )


@pytest.mark.django_db
def test_empty_states_say_what_to_do(authority, dri):
    assert "Créez le comité de pilotage" in dri.get(reverse("committee_list")).content.decode()
    assert "depuis la page d'une réunion" in dri.get(reverse("decision_list")).content.decode()
    assert "Aucune action en cours" in dri.get(reverse("action_list")).content.decode()


@pytest.mark.django_db
def test_action_list_filters(authority, users, client_for):
    service = ServiceFactory(authority=authority)
    mine = AgentFactory(service=service, user=users[Role.DIRECTION])
    committee = CommitteeFactory(authority=authority)
    meeting = MeetingFactory(committee=committee)
    ActionFactory(
        meeting=meeting,
        title="En retard",
        owner_agent=mine,
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    ActionFactory(
        meeting=meeting,
        title="Plus tard",
        due_date=timezone.localdate() + datetime.timedelta(days=3),
    )
    ActionFactory(meeting=meeting, title="Faite", status="done", closed_on=timezone.localdate())
    ActionFactory(
        meeting=MeetingFactory(committee=CommitteeFactory(authority=authority)),
        title="Autre comité",
        due_date=datetime.date(2099, 1, 1),
    )
    client = client_for(users[Role.DIRECTION])

    def titles(query: str) -> set[str]:
        return {a.title for a in client.get(reverse("action_list") + query).context["page_obj"]}

    assert titles("") == {"En retard", "Plus tard", "Autre comité"}
    assert titles("?retard=1") == {"En retard"}
    assert titles("?mes=1") == {"En retard"}
    assert titles(f"?responsable={mine.pk}") == {"En retard"}
    assert titles(f"?comite={committee.pk}&etat=toutes") == {"En retard", "Plus tard", "Faite"}
    assert titles("?etat=done") == {"Faite"}
    assert titles("?q=tard") == {"En retard", "Plus tard"}


@pytest.mark.django_db
def test_agenda_item_edit_keeps_its_place_and_decision_keeps_its_year(authority, dri):
    meeting = MeetingFactory(committee=CommitteeFactory(authority=authority))
    first = AgendaItemFactory(meeting=meeting, position=1, title="Premier")
    response = dri.post(
        reverse("agenda_item_edit", args=[first.pk]),
        {"title": "Premier point", "position": "", "version": "1"},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.title, first.position) == ("Premier point", 1)
    decision = DecisionFactory(meeting=meeting, decided_on=datetime.date(2025, 1, 6), year=2025)
    response = dri.post(
        reverse("decision_edit", args=[decision.pk]),
        {"text": "Autre texte", "decided_on": "2026-01-06"},
    )
    assert response.status_code == 200
    assert "numérotée dans le relevé de 2025" in response.content.decode()
    response = dri.post(
        reverse("decision_edit", args=[decision.pk]),
        {"text": "Autre texte", "decided_on": "2025-01-07", "version": "1"},
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.text, decision.number) == ("Autre texte", decision.number)
