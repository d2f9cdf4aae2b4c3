"""Reads of the notification centre and the preferences page."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from maillage.core.models import Authority, User

from .models import REQUIRED_KINDS, Delivery, Kind, Notification, NotificationPreference


def unread_count_expression():
    """On a ``Membership`` row: its user's unread notifications in its authority."""
    unread = (
        Notification.objects.filter(
            recipient=OuterRef("user"), authority=OuterRef("authority"), read_at__isnull=True
        )
        .order_by()
        .values("recipient")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))


def centre(user: User, authority: Authority):
    """The user's notifications in the authority, latest first (paginated by the view)."""
    return Notification.objects.filter(recipient=user, authority=authority).only(
        "kind", "title", "body", "link", "created", "read_at"
    )


def preferences(user: User, authority: Authority) -> list[dict]:
    """Every kind with the user's delivery and whether "never" is allowed (1 query)."""
    chosen = dict(
        NotificationPreference.objects.filter(user=user, authority=authority).values_list(
            "kind", "delivery"
        )
    )
    return [
        {
            "kind": kind,
            "label": label,
            "delivery": chosen.get(kind, Delivery.IMMEDIATE),
            "required": kind in REQUIRED_KINDS,
        }
        for kind, label in Kind.choices
    ]
