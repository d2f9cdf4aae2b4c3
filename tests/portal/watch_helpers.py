"""A hand-made authority for the watch page: one item of each kind, late or due, and another
authority's items that must never show."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from maillage.governance.models import ActionItem, Meeting
from maillage.projects.models import Mobilisation
from tests.factories import (
    AgentFactory,
    AgreementFactory,
    MobilisationFactory,
    ProjectFactory,
    ReferentFactory,
    ServiceFactory,
)
from tests.governance.factories import ActionFactory, MeetingFactory


def days_from_today(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def proposed_days_ago(mobilisation: Mobilisation, days: int) -> Mobilisation:
    # proposed_at is set on creation (auto_now_add): moved back afterwards, to noon local time
    # that many calendar days ago (a plain 24-hour shift crosses midnight across a DST change).
    day = timezone.localdate() - datetime.timedelta(days=days)
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    Mobilisation.objects.filter(pk=mobilisation.pk).update(proposed_at=moment)
    mobilisation.refresh_from_db()
    return mobilisation


def build_watch(authority, marker: str = "") -> dict[str, object]:
    culture = ServiceFactory(
        authority=authority, name=f"Direction Culture{marker}", kind="directorate"
    )
    museums = ServiceFactory(authority=authority, name=f"Musées{marker}", parent=culture)
    archives = ServiceFactory(authority=authority, name=f"Archives{marker}", parent=culture)
    alice = AgentFactory(
        service=museums,
        first_name="Alice",
        last_name=f"Martin{marker}",
        email=f"alice{marker.lower()}@ville.example.fr",
    )
    ReferentFactory(agent=alice, start=days_from_today(-400))
    bruno = AgentFactory(
        service=museums,
        first_name="Bruno",
        last_name=f"Petit{marker}",
        email=f"bruno{marker.lower()}@ville.example.fr",
    )
    project = ProjectFactory(
        authority=authority,
        title=f"Jumelage culturel{marker}",
        start_date=days_from_today(-365),
        end_date=days_from_today(365),
    )
    awaiting = proposed_days_ago(
        MobilisationFactory(
            project=project, service=museums, days_planned=Decimal("6"), status="proposed"
        ),
        20,
    )
    confirmed = MobilisationFactory(
        project=project,
        service=archives,
        status="confirmed",
        days_planned=Decimal("10"),
        days_actual=Decimal("4"),
    )
    meeting = MeetingFactory(committee__authority=authority, committee__name=f"Copil{marker}")
    overdue = ActionFactory(
        meeting=meeting,
        title=f"Rédiger le bilan{marker}",
        owner_agent=bruno,
        owner_text="",
        due_date=days_from_today(-10),
        status=ActionItem.Status.IN_PROGRESS,
    )
    done = ActionFactory(
        meeting=meeting,
        title=f"Action close{marker}",
        owner_agent=bruno,
        owner_text="",
        due_date=days_from_today(-30),
        status=ActionItem.Status.DONE,
        closed_on=days_from_today(-31),
    )
    soon = AgreementFactory(
        authority=authority, title=f"Convention proche{marker}", end_date=days_from_today(150)
    )
    far = AgreementFactory(
        authority=authority, title=f"Convention lointaine{marker}", end_date=days_from_today(240)
    )
    return {
        "culture": culture,
        "museums": museums,
        "archives": archives,
        "alice": alice,
        "bruno": bruno,
        "project": project,
        "awaiting": awaiting,
        "confirmed": confirmed,
        "meeting": meeting,
        "overdue": overdue,
        "done": done,
        "soon": soon,
        "far": far,
    }


def planned_meeting(committee, days: int) -> Meeting:
    starts = timezone.make_aware(
        datetime.datetime.combine(days_from_today(days), datetime.time(14))
    )
    return MeetingFactory(committee=committee, starts_at=starts, status=Meeting.Status.PLANNED)


def section(html: str, anchor: str) -> str:
    """The part of the page between ``id="anchor"`` and the end of its section."""
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</section>", start)]
