"""Service functions of the committees: writes, audit, numbering, closing, carried actions."""

from __future__ import annotations

import datetime
import threading
from contextlib import nullcontext

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from maillage.core.models import AuditEvent
from maillage.governance import selectors, services
from maillage.governance.models import ActionItem, Attendance, Committee, Meeting

from ..factories import AgentFactory, ElectedOfficialFactory, ProjectFactory, ServiceFactory
from .factories import ActionFactory, CommitteeFactory, MeetingFactory, MemberFactory, at


@pytest.fixture
def committee(authority):
    return CommitteeFactory(authority=authority, name="Comité de pilotage international")


def events(obj) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


@pytest.mark.django_db
def test_create_and_update_committee_are_audited(authority, users):
    project = ProjectFactory(authority=authority)
    committee = services.create_committee(
        authority,
        by=users["dri"],
        data={
            "name": "Comité de pilotage",
            "purpose": "Piloter",
            "kind": Committee.Kind.STEERING,
            "active": True,
            "projects": [project],
            "policy_areas": [],
        },
    )
    assert committee.authority == authority
    assert list(committee.projects.all()) == [project]
    event = AuditEvent.objects.get(object_type="governance.Committee", action="create")
    assert event.user == users["dri"] and event.changes["projects"] == [[], [str(project.pk)]]
    services.update_committee(
        committee, by=users["dri"], data={"name": "Comité international", "projects": []}
    )
    committee.refresh_from_db()
    assert committee.name == "Comité international"
    assert not committee.projects.exists()
    update = AuditEvent.objects.get(object_type="governance.Committee", action="update")
    assert update.changes["name"] == ["Comité de pilotage", "Comité international"]


@pytest.mark.django_db
def test_committee_refuses_another_authoritys_project(authority, other_authority):
    foreign = ProjectFactory(authority=other_authority)
    with pytest.raises(ValidationError, match="pas à la collectivité"):
        services.create_committee(
            authority, by=None, data={"name": "X", "kind": "steering", "projects": [foreign]}
        )


@pytest.mark.django_db
def test_member_is_exactly_one_person(committee, authority, other_authority):
    agent = AgentFactory(service=ServiceFactory(authority=authority))
    official = ElectedOfficialFactory(authority=authority)
    member = services.add_member(committee, by=None, data={"agent": agent, "position": "chair"})
    assert member.name == str(agent) and member.authority_id == authority.pk
    with pytest.raises(ValidationError, match="soit un agent"):
        services.add_member(committee, by=None, data={"agent": agent, "elected_official": official})
    with pytest.raises(ValidationError, match="soit un agent"):
        services.add_member(committee, by=None, data={"position": "member"})
    foreign = AgentFactory(service=ServiceFactory(authority=other_authority))
    with pytest.raises(ValidationError, match="pas à la collectivité"):
        services.add_member(committee, by=None, data={"agent": foreign})
    outside = services.add_member(
        committee,
        by=None,
        data={"external_name": "Aminata Fall", "external_organisation": "Ville de Thiès"},
    )
    assert outside.affiliation == "Ville de Thiès"
    services.update_member(outside, by=None, data={"mandate_end": datetime.date(2026, 3, 1)})
    outside.refresh_from_db()
    assert outside.mandate_end == datetime.date(2026, 3, 1)
    assert events(outside) == ["create", "update"]


@pytest.mark.django_db
def test_decisions_are_numbered_per_committee_and_year(committee, authority):
    first = MeetingFactory(committee=committee, starts_at=at(2025, 11, 4))
    second = MeetingFactory(committee=committee, starts_at=at(2026, 2, 3))
    other = MeetingFactory(committee=CommitteeFactory(authority=authority))
    d1 = services.add_decision(first, by=None, data={"text": "Un"})
    d2 = services.add_decision(first, by=None, data={"text": "Deux"})
    d3 = services.add_decision(second, by=None, data={"text": "Trois"})
    d4 = services.add_decision(other, by=None, data={"text": "Ailleurs"})
    assert [d.reference for d in (d1, d2, d3)] == ["2025-001", "2025-002", "2026-001"]
    assert d1.decided_on == datetime.date(2025, 11, 4)
    assert d4.number == 1
    assert events(d1) == ["create"]
    services.delete_decision(d1, by=None)
    # The register is never renumbered: the decisions keep their numbers, the next one follows.
    d2.refresh_from_db()
    assert d2.number == 2
    assert services.add_decision(first, by=None, data={"text": "Quatre"}).number == 3


@pytest.mark.django_db
def test_closing_an_action_records_the_date_and_reopening_clears_it(committee):
    meeting = MeetingFactory(committee=committee)
    action = services.create_action(
        meeting, by=None, data={"title": "Relancer l'AFD", "owner_text": "DRI"}
    )
    assert action.status == ActionItem.Status.OPEN and action.closed_on is None
    services.set_action_status(
        action, status=ActionItem.Status.IN_PROGRESS, by=None, today=datetime.date(2026, 1, 5)
    )
    assert action.closed_on is None
    services.set_action_status(
        action, status=ActionItem.Status.DONE, by=None, today=datetime.date(2026, 1, 10)
    )
    action.refresh_from_db()
    assert (action.status, action.closed_on) == ("done", datetime.date(2026, 1, 10))
    # Cancelling a closed action keeps the day it was closed.
    services.set_action_status(
        action, status=ActionItem.Status.CANCELLED, by=None, today=datetime.date(2026, 2, 1)
    )
    assert action.closed_on == datetime.date(2026, 1, 10)
    services.set_action_status(action, status=ActionItem.Status.OPEN, by=None)
    action.refresh_from_db()
    assert action.closed_on is None
    assert events(action) == ["create", "update", "update", "update", "update"]
    with pytest.raises(ValidationError):
        services.set_action_status(action, status="lost", by=None)


@pytest.mark.django_db
def test_action_follows_a_decision_of_its_own_committee(committee, authority):
    meeting = MeetingFactory(committee=committee)
    elsewhere = services.add_decision(
        MeetingFactory(committee=CommitteeFactory(authority=authority)),
        by=None,
        data={"text": "Autre comité"},
    )
    with pytest.raises(ValidationError, match="son propre comité"):
        services.create_action(meeting, by=None, data={"title": "X", "decision": elsewhere})


@pytest.mark.django_db
def test_carried_actions_are_those_open_when_the_meeting_was_held(committee):
    january = MeetingFactory(committee=committee, starts_at=at(2026, 1, 12))
    march = MeetingFactory(committee=committee, starts_at=at(2026, 3, 9))
    june = MeetingFactory(committee=committee, starts_at=at(2026, 6, 8))
    still_open = ActionFactory(meeting=january, title="Toujours ouverte")
    closed_in_february = ActionFactory(
        meeting=january,
        title="Close en février",
        status="done",
        closed_on=datetime.date(2026, 2, 1),
    )
    closed_in_april = ActionFactory(
        meeting=january, title="Close en avril", status="done", closed_on=datetime.date(2026, 4, 2)
    )
    closed_at_march = ActionFactory(
        meeting=january,
        title="Close en séance",
        status="cancelled",
        closed_on=datetime.date(2026, 3, 9),
    )
    from_march = ActionFactory(meeting=march, title="Décidée en mars")
    ActionFactory(meeting=MeetingFactory(starts_at=at(2026, 1, 1)), title="Autre comité")

    def carried(meeting: Meeting) -> set[str]:
        return {a.title for a in selectors.carried_actions(meeting)}

    assert carried(january) == set()
    assert carried(march) == {still_open.title, closed_in_april.title, closed_at_march.title}
    assert carried(june) == {still_open.title, from_march.title}
    assert closed_in_february.title not in carried(march)


@pytest.mark.django_db
def test_attendance_is_recorded_per_member(committee, authority):
    meeting = MeetingFactory(committee=committee)
    a, b = MemberFactory(committee=committee), MemberFactory(committee=committee)
    outsider = MemberFactory(committee=CommitteeFactory(authority=authority))
    changes = services.record_attendance(
        meeting, by=None, statuses={a.pk: "present", b.pk: "excused"}
    )
    assert len(changes) == 2
    services.record_attendance(meeting, by=None, statuses={a.pk: "absent", b.pk: ""})
    assert dict(Attendance.objects.values_list("member_id", "status")) == {a.pk: "absent"}
    with pytest.raises(ValidationError):
        services.record_attendance(meeting, by=None, statuses={outsider.pk: "present"})
    assert AuditEvent.objects.filter(object_type="governance.Attendance").count() == 2


@pytest.mark.django_db
def test_selectors_for_composite_pages(committee, authority):
    project = ProjectFactory(authority=authority)
    committee.projects.add(project)
    CommitteeFactory(authority=authority)  # follows no project
    assert selectors.committees_of_project(project) == [committee]
    agent = AgentFactory(service=ServiceFactory(authority=authority))
    meeting = MeetingFactory(committee=committee)
    late = ActionFactory(meeting=meeting, owner_agent=agent, due_date=datetime.date(2026, 1, 1))
    soon = ActionFactory(meeting=meeting, owner_agent=agent, due_date=datetime.date(2026, 5, 1))
    ActionFactory(
        meeting=meeting, owner_agent=agent, status="done", closed_on=datetime.date.today()
    )
    ActionFactory(meeting=meeting)  # someone else's
    assert selectors.open_actions_for_agent(agent, limit=5) == [late, soon]
    assert selectors.open_actions_for_agent(agent, limit=1) == [late]


@pytest.mark.django_db
def test_deleting_a_committee_deletes_its_records(committee):
    meeting = MeetingFactory(committee=committee)
    services.add_decision(meeting, by=None, data={"text": "Un"})
    ActionFactory(meeting=meeting)
    services.delete_committee(committee, by=None)
    assert not Meeting.objects.exists() and not ActionItem.objects.exists()
    assert AuditEvent.objects.filter(object_type="governance.Committee", action="delete").exists()


@pytest.mark.django_db(transaction=True)
def test_two_attendance_sheets_saved_at_once_write_each_member_once(authority):
    """Two secretaries save the same sheet at the same moment, each with its own connection
    (in turns on SQLite, whose in-memory test database refuses concurrent writers): the
    second finds the first's rows, nothing fails and nothing is written twice."""
    meeting = MeetingFactory(committee=CommitteeFactory(authority=authority))
    a, b = MemberFactory(committee=meeting.committee), MemberFactory(committee=meeting.committee)
    start = threading.Barrier(2)
    turns = threading.Lock() if connection.vendor == "sqlite" else nullcontext()
    failures: list[Exception] = []

    def save() -> None:
        try:
            start.wait()
            with turns:
                services.record_attendance(
                    Meeting.objects.get(pk=meeting.pk),
                    by=None,
                    statuses={a.pk: "present", b.pk: "excused"},
                )
        except Exception as exc:  # noqa: BLE001 - the failure is the assertion below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert sorted(Attendance.objects.values_list("member_id", "status")) == sorted(
        [(a.pk, "present"), (b.pk, "excused")]
    )
    assert AuditEvent.objects.filter(kind="meeting.attendance_recorded").count() == 1
