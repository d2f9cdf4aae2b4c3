"""The demo's notifications: a few lines in each demo account's centre, so that the centre and
the header's count show something, and a few preferences (weekly digest, never).

Written directly (no e-mail is sent for the demo) and idempotently: a line is found again by
its recipient, kind and title; a second run changes nothing, and whether a line was read is
left as the person left it.
"""

from __future__ import annotations

from django.urls import reverse

from maillage.core.models import Authority, User
from maillage.governance.models import ActionItem, Meeting
from maillage.notices.models import Delivery, Kind, Notification, NotificationPreference
from maillage.projects.models import Mobilisation

from .sync import Result, upsert_one

PREFERENCES = {
    "agent": {Kind.MINUTES_PUBLISHED: Delivery.DIGEST, Kind.CALL_RESPONSE: Delivery.NEVER},
    "referent": {Kind.ACTION_DUE_SOON: Delivery.DIGEST, Kind.MEETING_SCHEDULED: Delivery.DIGEST},
    "direction": {Kind.MINUTES_PUBLISHED: Delivery.NEVER, Kind.MEETING_SCHEDULED: Delivery.DIGEST},
    "dri": {Kind.MOBILISATION_ANSWERED: Delivery.DIGEST},
}


def _lines(authority: Authority) -> list[tuple[str, str, str, str, str]]:
    """(username, kind, title, body, link) drawn from the demo's own objects."""
    lines = []
    mobilisation = (
        Mobilisation.objects.filter(project__authority=authority)
        .select_related("project", "service")
        .order_by("pk")
        .first()
    )
    if mobilisation is not None:
        project, service = mobilisation.project, mobilisation.service
        link = reverse("project_services", args=[project.pk])
        lines += [
            (
                "referent",
                Kind.MOBILISATION_REQUESTED,
                f"Mobilisation demandée : {service.name} sur « {project.title} »",
                "L'équipe des relations internationales demande au service de participer au "
                "projet. Confirmez sa participation ou indiquez pourquoi il décline.",
                link,
            ),
            (
                "dri",
                Kind.MOBILISATION_ANSWERED,
                f"Mobilisation confirmée : {service.name} sur « {project.title} »",
                f"Le service « {service.name} » confirme sa participation au projet.",
                link,
            ),
        ]
    action = ActionItem.objects.filter(authority=authority).order_by("due_date", "pk").first()
    if action is not None:
        link = reverse("action_status", args=[action.pk])
        lines.append(
            (
                "agent",
                Kind.ACTION_ASSIGNED,
                f"Action confiée : {action.title}",
                f"Le comité « {action.committee.name} » vous confie l'action « {action.title} ».",
                link,
            )
        )
        lines.append(
            (
                "referent",
                Kind.ACTION_OVERDUE,
                f"Action en retard : {action.title}",
                "L'action qui vous est confiée a dépassé son échéance.",
                link,
            )
        )
    meeting = (
        Meeting.objects.filter(authority=authority)
        .select_related("committee")
        .order_by("-starts_at")
        .first()
    )
    if meeting is not None:
        link = reverse("meeting_detail", args=[meeting.pk])
        when = meeting.date.strftime("%d/%m/%Y")
        for username in ("elected", "direction"):
            lines.append(
                (
                    username,
                    Kind.MEETING_SCHEDULED,
                    f"Réunion du comité « {meeting.committee.name} » le {when}",
                    "Le comité dont vous êtes membre se réunira ; l'invitation est jointe.",
                    link,
                )
            )
    return lines


def load_notices(authority: Authority, users: dict[str, User], result: Result) -> None:
    counts = result.count("notification preferences")
    for username, choices in PREFERENCES.items():
        user = users.get(username)
        if user is None:
            continue
        for kind, delivery in choices.items():
            _obj, created = upsert_one(
                NotificationPreference,
                {"user": user, "authority": authority, "kind": kind},
                {"delivery": delivery},
            )
            counts.created += created
    counts = result.count("notifications")
    for username, kind, title, body, link in _lines(authority):
        user = users.get(username)
        if user is None:
            continue
        _obj, created = upsert_one(
            Notification,
            {"recipient": user, "authority": authority, "kind": kind, "title": title[:250]},
            {"body": body, "link": link, "delivery": Delivery.IMMEDIATE},
        )
        counts.created += created
