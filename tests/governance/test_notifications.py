"""Committee notifications reach exactly the right people: an action's owner (assigned, due in
7 days, overdue, each reminder once); a committee's members, with the meeting's calendar file,
and its minutes with the decisions and actions — never another committee's members or another
authority's people."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from maillage.core.models import Role
from maillage.governance import services
from maillage.governance.models import ActionItem, Meeting
from maillage.notices import reminders
from maillage.notices.models import Notification

from ..factories import AgentFactory, ElectedOfficialFactory, ServiceFactory, member
from .factories import (
    ActionFactory,
    CommitteeFactory,
    DecisionFactory,
    MeetingFactory,
    MemberFactory,
)

pytestmark = pytest.mark.django_db


def agent_with_account(authority, username, role=Role.AGENT):
    user = member(authority, role, username=username, email="")
    return AgentFactory(
        service=ServiceFactory(authority=authority), user=user, email=f"{username}@ville.example.fr"
    )


@pytest.fixture
def world(authority, other_authority, users):
    committee = CommitteeFactory(authority=authority, name="Comité Thiès")
    other_committee = CommitteeFactory(authority=authority, name="Comité Jumelages")
    foreign_committee = CommitteeFactory(authority=other_authority, name="Comité Zyxqwv")
    ann = agent_with_account(authority, "ann")
    official = ElectedOfficialFactory(
        authority=authority, email="elue@ville.example.fr", user=member(authority, Role.ELECTED)
    )
    MemberFactory(committee=committee, agent=ann, external_name="")
    MemberFactory(committee=committee, elected_official=official, external_name="")
    MemberFactory(committee=committee)  # an outside person: no address
    past = agent_with_account(authority, "past")
    MemberFactory(
        committee=committee,
        agent=past,
        external_name="",
        mandate_end=datetime.date(2020, 1, 1),
    )
    MemberFactory(
        committee=other_committee, agent=agent_with_account(authority, "otto"), external_name=""
    )
    MemberFactory(
        committee=foreign_committee,
        agent=agent_with_account(other_authority, "fred"),
        external_name="",
    )
    return {"committee": committee, "ann": ann, "official": official, "dri": users[Role.DRI]}


def addressees() -> list[str]:
    return sorted(m.to[0] for m in mail.outbox)


def test_meeting_scheduled_invites_the_members_with_a_calendar_file(
    world, django_capture_on_commit_callbacks
):
    starts = timezone.now() + datetime.timedelta(days=20)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.create_meeting(
            world["committee"],
            by=world["dri"],
            data={"starts_at": starts, "place": "Salle du conseil", "status": "planned"},
        )
    assert addressees() == ["ann@ville.example.fr", "elue@ville.example.fr"]
    assert Notification.objects.filter(kind="meeting_scheduled").count() == 2
    message = mail.outbox[0]
    assert "Comité Thiès" in message.subject
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == (f"reunion-{meeting.pk}.ics", "text/calendar")
    # The file parses: unfolded lines, one event with this meeting's start and place.
    lines = content.replace("\r\n ", "").split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    fields = dict(line.split(":", 1) for line in lines if line)
    assert lines.count("BEGIN:VEVENT") == 1
    assert fields["DTSTART"] == starts.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert fields["LOCATION"] == "Salle du conseil"
    assert fields["UID"].startswith(f"maillage-meeting-{meeting.pk}@")

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # a past meeting: no invitation
        services.create_meeting(
            world["committee"],
            by=world["dri"],
            data={"starts_at": timezone.now() - datetime.timedelta(days=3), "status": "held"},
        )
    assert mail.outbox == []


def test_minutes_published_reach_the_members_with_decisions_and_actions(
    world, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(committee=world["committee"], status=Meeting.Status.HELD)
    DecisionFactory(meeting=meeting, text="Le projet Thiès est prolongé d'un an.")
    ActionFactory(meeting=meeting, title="Rédiger l'avenant", owner_agent=world["ann"])
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(
            meeting, by=world["dri"], data={"minutes": "Séance ouverte à 14 h."}
        )
    assert addressees() == ["ann@ville.example.fr", "elue@ville.example.fr"]
    body = mail.outbox[0].body
    assert "Séance ouverte à 14 h." in body
    assert "Le projet Thiès est prolongé d'un an." in body and "Rédiger l'avenant" in body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # corrected minutes: not again
        services.update_meeting(meeting, by=world["dri"], data={"minutes": "Séance ouverte."})
    assert mail.outbox == []


def test_action_owner_is_told_when_assigned_and_no_one_else(
    world, authority, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(committee=world["committee"])
    with django_capture_on_commit_callbacks(execute=True):
        action = services.create_action(
            meeting,
            by=world["dri"],
            data={"title": "Rédiger le bilan", "owner_agent": world["ann"]},
        )
    assert addressees() == ["ann@ville.example.fr"]
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["ann"]
    assert f"/actions/{action.pk}/etat/" in mail.outbox[0].body
    mail.outbox.clear()
    bea = agent_with_account(authority, "bea")
    with django_capture_on_commit_callbacks(execute=True):
        services.update_action(action, by=world["dri"], data={"title": "Rédiger le bilan 2025"})
        services.update_action(action, by=world["dri"], data={"owner_agent": bea})
    assert addressees() == ["bea@ville.example.fr"]


def test_due_soon_and_overdue_reminders_once(world, django_capture_on_commit_callbacks):
    today = datetime.date(2026, 12, 4)
    meeting = MeetingFactory(committee=world["committee"])
    soon = ActionFactory(
        meeting=meeting,
        title="Bientôt",
        owner_agent=world["ann"],
        due_date=today + datetime.timedelta(days=7),
    )
    ActionFactory(
        meeting=meeting,
        title="Plus tard",
        owner_agent=world["ann"],
        due_date=today + datetime.timedelta(days=8),
    )
    ActionFactory(
        meeting=meeting,
        title="En retard",
        owner_agent=world["ann"],
        due_date=today - datetime.timedelta(days=1),
    )
    ActionFactory(
        meeting=meeting,
        title="Faite",
        owner_agent=world["ann"],
        due_date=today - datetime.timedelta(days=1),
        status=ActionItem.Status.DONE,
    )
    with django_capture_on_commit_callbacks(execute=True):
        reminders.run_all(today)
        reminders.run_all(today)
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == [
        "[Maillage] Action en retard : En retard",
        f"[Maillage] Échéance le {soon.due_date:%d/%m/%Y} : Bientôt",
    ]
    assert addressees() == ["ann@ville.example.fr"] * 2
    # The due date moved: a new reminder for the new date.
    ActionItem.objects.filter(pk=soon.pk).update(due_date=today + datetime.timedelta(days=2))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminders.run_all(today)
    assert [m.subject for m in mail.outbox] == [
        f"[Maillage] Échéance le {today + datetime.timedelta(days=2):%d/%m/%Y} : Bientôt"
    ]
