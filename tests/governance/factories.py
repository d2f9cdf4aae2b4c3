"""factory-boy factories of the committee models."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from maillage.governance.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Committee,
    CommitteeMember,
    Decision,
    Meeting,
)

from ..factories import AuthorityFactory


def at(year: int, month: int, day: int, hour: int = 14) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


class CommitteeFactory(DjangoModelFactory):
    class Meta:
        model = Committee

    authority = factory.SubFactory(AuthorityFactory)
    name = factory.Sequence(lambda n: f"Comité n°{n}")
    purpose = "Piloter l'action internationale."
    kind = Committee.Kind.STEERING


class MemberFactory(DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    committee = factory.SubFactory(CommitteeFactory)
    authority = factory.LazyAttribute(lambda m: m.committee.authority)
    external_name = factory.Sequence(lambda n: f"Partenaire {n}")
    external_organisation = "Ville partenaire"
    position = CommitteeMember.Position.MEMBER


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    authority = factory.LazyAttribute(lambda m: m.committee.authority)
    # Held meetings lie in the past: the weekly sequence wraps after 80 weeks (mid-2026), however
    # many meetings a test process has made before.
    starts_at = factory.Sequence(lambda n: at(2025, 1, 6) + datetime.timedelta(days=7 * (n % 80)))
    place = "Salle du conseil"
    status = Meeting.Status.HELD


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Point {n}")


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.SubFactory(MemberFactory)
    status = Attendance.Status.PRESENT


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    committee = factory.LazyAttribute(lambda d: d.meeting.committee)
    authority = factory.LazyAttribute(lambda d: d.meeting.authority)
    decided_on = factory.LazyAttribute(lambda d: d.meeting.date)
    year = factory.LazyAttribute(lambda d: d.decided_on.year)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Décision {n}")


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    committee = factory.LazyAttribute(lambda a: a.meeting.committee)
    authority = factory.LazyAttribute(lambda a: a.meeting.authority)
    title = factory.Sequence(lambda n: f"Action {n}")
    owner_text = "Service des relations internationales"
    due_date = datetime.date(2025, 6, 30)
