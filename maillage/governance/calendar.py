"""iCalendar files (RFC 5545), written by hand: a committee's meetings, and any list of
dated events (``Event``, ``events_ics``: a person's private feed, built in ``portal``)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from .models import Committee, Meeting

STATUS = {
    Meeting.Status.PLANNED: "CONFIRMED",
    Meeting.Status.HELD: "CONFIRMED",
    Meeting.Status.CANCELLED: "CANCELLED",
}


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Lines of at most 75 octets, continued by CRLF and a space (RFC 5545 §3.1)."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def committee_ics(
    committee: Committee,
    meetings: list[Meeting],
    *,
    host: str,
    url: str,
    now: datetime.datetime,
) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Maillage//Comites de pilotage//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(committee.name)}",
    ]
    for meeting in meetings:
        lines += [
            "BEGIN:VEVENT",
            f"UID:maillage-meeting-{meeting.pk}@{host or 'maillage'}",
            f"DTSTAMP:{utc(now)}",
            f"DTSTART:{utc(meeting.starts_at)}",
            f"DTEND:{utc(meeting.ends_at)}",
            f"SUMMARY:{escape(committee.name)}",
            f"STATUS:{STATUS[meeting.status]}",
        ]
        if meeting.place:
            lines.append(f"LOCATION:{escape(meeting.place)}")
        if committee.purpose:
            lines.append(f"DESCRIPTION:{escape(committee.purpose)}")
        lines += [f"URL:{url}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


@dataclass(frozen=True)
class Event:
    """One VEVENT. ``start``/``end`` are aware datetimes, or dates for a whole-day event
    (``end`` then the last day, included; the file says the day after, as RFC 5545 wants)."""

    uid: str
    summary: str
    start: datetime.datetime | datetime.date
    end: datetime.datetime | datetime.date | None = None
    description: str = ""
    location: str = ""
    url: str = ""
    status: str = "CONFIRMED"


def _when(name: str, value: datetime.datetime | datetime.date) -> str:
    if isinstance(value, datetime.datetime):
        return f"{name}:{utc(value)}"
    return f"{name};VALUE=DATE:{value:%Y%m%d}"


def events_ics(name: str, events: Iterable[Event], *, host: str, now: datetime.datetime) -> str:
    """A calendar of ``events``, each UID made unique on ``host``."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Maillage//Agenda//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for event in events:
        end = event.end or event.start
        if not isinstance(end, datetime.datetime):
            end = end + datetime.timedelta(days=1)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}@{host or 'maillage'}",
            f"DTSTAMP:{utc(now)}",
            _when("DTSTART", event.start),
            _when("DTEND", end),
            f"SUMMARY:{escape(event.summary)}",
            f"STATUS:{event.status}",
        ]
        if event.location:
            lines.append(f"LOCATION:{escape(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{escape(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
