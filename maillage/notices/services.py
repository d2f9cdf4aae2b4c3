"""Notifying people: the one function the feature apps call, and the centre's writes.

``notify(kind, recipients=…, authority=…, title=…, body=…, link=…)`` records, in the caller's
transaction, a :class:`Notification` for each user recipient (their notification centre) and
an :class:`OutboxMessage` for each e-mail to send now, according to each person's
:class:`NotificationPreference` for that kind; once the transaction commits, the send task
(``tasks.send_outbox``) mails them. A rolled-back write therefore notifies no one. Lines in
"weekly digest" mode wait for ``send_digests``; "never" mails nothing (the centre still lists
the line, with its link to act). Kinds a role requires (``REQUIRED_KINDS``) are never "never".
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import audit, mail
from maillage.core.models import Authority, User
from maillage.core.services import write_service

from . import tokens
from .models import (
    REQUIRED_KINDS,
    Delivery,
    Kind,
    NoticeEvent,
    Notification,
    NotificationPreference,
    OutboxMessage,
)

SUBJECT_PREFIX = "[Maillage] "


@dataclass(frozen=True)
class Recipient:
    """Someone to notify: a user (centre and preferences) and/or an address (e-mail only)."""

    email: str = ""
    user_id: int | None = None

    @classmethod
    def of(cls, person: User | Recipient) -> Recipient:
        if isinstance(person, Recipient):
            return person
        return cls(email=person.email or "", user_id=person.pk)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: str
    mimetype: str


def site_root(given: str = "") -> str:
    """The address links in e-mails start with: the request's, else ``MAILLAGE_BASE_URL``."""
    return (given or getattr(settings, "MAILLAGE_BASE_URL", "")).rstrip("/")


def absolute(path: str, given_base: str = "") -> str:
    """``path`` made absolute when a base address is known (links in e-mails)."""
    if not path or path.startswith(("http://", "https://")):
        return path
    root = site_root(given_base)
    return f"{root}{path}" if root else path


def deliveries(authority: Authority, kind: str, user_ids: Iterable[int]) -> dict[int, str]:
    """Each user's delivery for ``kind`` in ``authority`` (1 query); required kinds are never
    "never"."""
    chosen = dict(
        NotificationPreference.objects.filter(
            authority=authority, kind=kind, user_id__in=list(user_ids)
        ).values_list("user_id", "delivery")
    )
    result = {}
    for user_id in user_ids:
        delivery = chosen.get(user_id, Delivery.IMMEDIATE)
        if delivery == Delivery.NEVER and kind in REQUIRED_KINDS:
            delivery = Delivery.IMMEDIATE
        result[user_id] = delivery
    return result


def _footer(kind: str, user_id: int | None, authority: Authority, root: str) -> str:
    if user_id is None:
        return ""
    preferences = absolute(reverse("notice_preferences"), root)
    if kind in REQUIRED_KINDS:
        return "\n-- \n" + _(
            "Ce message est lié à votre rôle : vous pouvez le recevoir dans le résumé "
            "hebdomadaire plutôt qu'immédiatement. Vos préférences : %(link)s"
        ) % {"link": preferences}
    unsubscribe = absolute(tokens.unsubscribe_path(user_id, authority.pk, kind), root)
    return "\n-- \n" + _(
        "Ne plus recevoir ce type de courriel (« %(kind)s ») : %(unsubscribe)s\n"
        "Toutes vos préférences : %(link)s"
    ) % {"kind": Kind(kind).label, "unsubscribe": unsubscribe, "link": preferences}


def excluding(people: Iterable[User | Recipient], by: User | None) -> list[User | Recipient]:
    """Everyone but the person who acted (no one is notified of their own action)."""
    if by is None or not by.is_authenticated:
        return list(people)
    return [p for p in people if Recipient.of(p).user_id != by.pk]


def notify(
    kind: str,
    *,
    recipients: Iterable[User | Recipient],
    authority: Authority,
    title: str,
    body: str,
    link: str = "",
    attachment: Attachment | None = None,
    key: str = "",
    base_url: str = "",
) -> list[OutboxMessage]:
    """Record the notifications and e-mails of one event; mail them once committed.

    ``recipients``: users (centre + e-mail to their address, by their preference) or
    :class:`Recipient` rows (an agent's own address, with their user if they have one).
    ``title`` is the centre's line and the e-mail's subject; ``body`` the e-mail's text;
    ``link`` the path where the person acts. ``key`` makes the event happen once only (a
    reminder: ``"mobilisation_reminder:42"``): a second call with the same key does nothing.
    Returns the outbox rows written (sent after commit).
    """
    kind = Kind(kind).value
    people: list[Recipient] = []
    seen_users: set[int] = set()
    seen_emails: set[str] = set()
    for person in recipients:
        if person is None:
            continue
        recipient = Recipient.of(person)
        email = recipient.email.strip()
        if recipient.user_id is not None:
            if recipient.user_id in seen_users:
                continue
            seen_users.add(recipient.user_id)
        elif not email or email.lower() in seen_emails:
            continue
        if email:
            seen_emails.add(email.lower())
        people.append(Recipient(email=email, user_id=recipient.user_id))
    if not people:
        return []
    if key:
        try:
            with transaction.atomic():
                NoticeEvent.objects.create(authority=authority, key=key[:200])
        except IntegrityError:
            return []
    user_ids = [p.user_id for p in people if p.user_id is not None]
    delivery = deliveries(authority, kind, user_ids) if user_ids else {}
    title = mail.subject(title, 250)
    Notification.objects.bulk_create(
        Notification(
            recipient_id=user_id,
            authority=authority,
            kind=kind,
            title=title,
            body=body,
            link=link,
            delivery=delivery[user_id],
        )
        for user_id in user_ids
    )
    root = site_root(base_url)
    message_id = key or f"{kind}:{uuid.uuid4().hex}"
    outbox = [
        OutboxMessage(
            authority=authority,
            recipient_id=person.user_id,
            kind=kind,
            to=person.email,
            subject=mail.subject(SUBJECT_PREFIX + title),
            body=body + _footer(kind, person.user_id, authority, root),
            attachment_name=attachment.filename if attachment else "",
            attachment_type=attachment.mimetype if attachment else "",
            attachment=attachment.content if attachment else "",
            idempotency_key=f"{message_id}:{person.user_id or person.email.lower()}"[:200],
        )
        for person in people
        if person.email
        and (person.user_id is None or delivery[person.user_id] == Delivery.IMMEDIATE)
    ]
    created = OutboxMessage.objects.bulk_create(outbox)
    if created:
        enqueue_send([row.pk for row in created])
    return created


def enqueue_send(ids: list[int]) -> None:
    """Queue the sending of these outbox rows once the current transaction commits."""
    from .tasks import send_outbox

    transaction.on_commit(lambda: send_outbox.enqueue(ids))


# --- The centre and the preferences ------------------------------------------------------------


def mark_read(notification_ids: Iterable[int], *, user: User, authority: Authority) -> int:
    """Mark these notifications of the user in the authority read (others' are ignored)."""
    return Notification.objects.filter(
        pk__in=list(notification_ids),
        recipient=user,
        authority=authority,
        read_at__isnull=True,
    ).update(read_at=timezone.now())


def mark_all_read(*, user: User, authority: Authority) -> int:
    return Notification.objects.filter(
        recipient=user, authority=authority, read_at__isnull=True
    ).update(read_at=timezone.now())


@write_service
def set_preferences(
    authority: Authority, *, by: User, choices: dict[str, str]
) -> dict[str, list[str]]:
    """Save the user's delivery per kind in the authority; returns what changed. A required
    kind set to "never" is a programming error (the form does not offer it)."""
    for kind, delivery in choices.items():
        Kind(kind)
        Delivery(delivery)
        if delivery == Delivery.NEVER and kind in REQUIRED_KINDS:
            raise ValueError(f"{kind} is required by the role and cannot be set to never.")
    before = dict(
        NotificationPreference.objects.filter(user=by, authority=authority).values_list(
            "kind", "delivery"
        )
    )
    changes = {}
    for kind, delivery in choices.items():
        old = before.get(kind, Delivery.IMMEDIATE)
        if old == delivery:
            continue
        NotificationPreference.objects.update_or_create(
            user=by, authority=authority, kind=kind, defaults={"delivery": delivery}
        )
        changes[kind] = [old, delivery]
    if changes:
        audit.record(
            authority=authority,
            user=by,
            kind="notice_preferences.updated",
            object_type="notices.NotificationPreference",
            changes=changes,
        )
    return changes


@write_service
def unsubscribe(authority: Authority, *, by: User, kind: str) -> bool:
    """Set one kind to "never" (the e-mail's link, signed, without login); False when the
    role requires the kind (nothing changes)."""
    if kind in REQUIRED_KINDS:
        return False
    return bool(set_preferences(authority, by=by, choices={kind: Delivery.NEVER})) or True
