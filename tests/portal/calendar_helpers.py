"""A person's calendar items and someone else's, and a minimal iCalendar reader."""

from __future__ import annotations

import datetime

from django.utils import timezone

from maillage.governance.models import ActionItem, Meeting
from maillage.projects.models import Deadline, Mission
from tests.factories import (
    AgentFactory,
    AgreementFactory,
    ElectedOfficialFactory,
    MissionFactory,
    MobilisationFactory,
    ProjectFactory,
    ReferentFactory,
    ServiceFactory,
)
from tests.governance.factories import (
    ActionFactory,
    CommitteeFactory,
    MeetingFactory,
    MemberFactory,
)


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


def moment(offset: int, hour: int = 14) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day(offset), datetime.time(hour)))


def build_items(authority, user, marker: str, offset: int = 5) -> dict[str, list[str]]:
    """Items concerning ``user`` (their agent record, a référent of the service) and items that
    do not; returns the titles of each, as {"mine": […], "others": […]}."""
    service = ServiceFactory(authority=authority, name=f"Service {marker}")
    agent = AgentFactory(service=service, user=user, last_name=f"Agent {marker}"[:100])
    ReferentFactory(agent=agent)
    stranger = AgentFactory(service=ServiceFactory(authority=authority))
    official = ElectedOfficialFactory(authority=authority)

    seat = CommitteeFactory(authority=authority, name=f"Comité suivi {marker}")
    MemberFactory(committee=seat, agent=agent, external_name="", external_organisation="")
    meeting = MeetingFactory(
        committee=seat, starts_at=moment(offset), status=Meeting.Status.PLANNED
    )
    other_committee = CommitteeFactory(authority=authority, name=f"Comité étranger {marker}")
    MemberFactory(committee=other_committee, agent=stranger, external_name="")
    MeetingFactory(
        committee=other_committee, starts_at=moment(offset), status=Meeting.Status.PLANNED
    )

    mission = MissionFactory(
        authority=authority,
        title=f"Mission suivie {marker}",
        start_date=day(offset),
        end_date=day(offset + 2),
    )
    mission.agents.add(agent)
    delegation = MissionFactory(
        authority=authority,
        direction=Mission.Direction.INCOMING,
        title=f"Délégation suivie {marker}",
        start_date=day(offset + 1),
        end_date=day(offset + 1),
    )
    delegation.agents.add(agent)
    MissionFactory(
        authority=authority,
        title=f"Mission étrangère {marker}",
        start_date=day(offset),
        end_date=day(offset),
    ).elected_officials.add(official)

    ActionFactory(
        meeting=meeting, title=f"Action due {marker}", owner_agent=agent, due_date=day(offset)
    )
    ActionFactory(
        meeting=meeting,
        title=f"Action close {marker}",
        owner_agent=agent,
        due_date=day(offset),
        status=ActionItem.Status.DONE,
    )
    ActionFactory(
        meeting=meeting,
        title=f"Action étrangère {marker}",
        owner_agent=stranger,
        due_date=day(offset),
    )

    worked = ProjectFactory(authority=authority, title=f"Projet suivi {marker}")
    MobilisationFactory(project=worked, service=service)
    Deadline.objects.create(
        authority=authority,
        project=worked,
        kind=Deadline.Kind.REPORT,
        date=day(offset + 3),
        title=f"Rapport dû {marker}",
    )
    renewal = AgreementFactory(
        authority=authority, title=f"Convention suivie {marker}", end_date=day(offset + 4)
    )
    renewal.projects.add(worked)
    unrelated = ProjectFactory(authority=authority, title=f"Projet étranger {marker}")
    Deadline.objects.create(
        authority=authority,
        project=unrelated,
        kind=Deadline.Kind.CALL,
        date=day(offset + 3),
        title=f"Appel étranger {marker}",
    )
    AgreementFactory(
        authority=authority, title=f"Convention étrangère {marker}", end_date=day(offset + 4)
    ).projects.add(unrelated)
    return {
        "mine": [
            f"Comité suivi {marker}",
            f"Mission suivie {marker}",
            f"Délégation suivie {marker}",
            f"Action due {marker}",
            f"Rapport dû {marker}",
            f"Convention suivie {marker}",
        ],
        "others": [
            f"Comité étranger {marker}",
            f"Mission étrangère {marker}",
            f"Action close {marker}",
            f"Action étrangère {marker}",
            f"Appel étranger {marker}",
            f"Convention étrangère {marker}",
        ],
    }


def parse_ics(body: bytes) -> list[dict[str, str]]:
    """Check the file's shape and return its events as {property name: value}.

    Lines end with CRLF and are at most 75 octets; continuation lines start with a space; the
    file is one VCALENDAR; every VEVENT has a UID, a DTSTAMP and a DTSTART; UIDs are unique.
    """
    assert body.endswith(b"\r\n")
    physical = body[:-2].split(b"\r\n")
    assert all(len(line) <= 75 for line in physical), "a line is longer than 75 octets"
    assert b"\n" not in body.replace(b"\r\n", b"")
    lines: list[str] = []
    for raw in physical:
        text = raw.decode()
        if text.startswith(" "):
            lines[-1] += text[1:]
        else:
            lines.append(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines
    events, current = [], None
    for line in lines[1:-1]:
        if line == "BEGIN:VEVENT":
            assert current is None
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            events.append(current)
            current = None
        elif current is not None:
            name, _sep, value = line.partition(":")
            current[name.split(";")[0]] = value
    assert current is None
    for event in events:
        assert {"UID", "DTSTAMP", "DTSTART", "SUMMARY"} <= event.keys(), event
    uids = [event["UID"] for event in events]
    assert len(uids) == len(set(uids)), "UIDs repeat"
    return events


def unescape(value: str) -> str:
    return value.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")
