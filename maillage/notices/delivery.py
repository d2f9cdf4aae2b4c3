"""Mailing the outbox, and the weekly digest.

Each outbox row is claimed (its attempts counted) before its send and marked sent right after
it, each in its own write: a crash between two rows leaves the sent ones sent and the others
pending, and the next run sends only those. A row that fails stays pending (the next run tries
again) until ``MAX_ATTEMPTS``, then is marked failed with the error.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from itertools import groupby

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.core import mail

from . import tokens
from .models import REQUIRED_KINDS, Delivery, Kind, Notification, OutboxMessage
from .services import SUBJECT_PREFIX, absolute, enqueue_send

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
DIGEST = "digest"


HTML = "text/html"


def message(row: OutboxMessage) -> EmailMessage:
    """The row's e-mail. A row whose attachment is ``text/html`` without a file name carries
    the HTML version of its text (the newsletter): sent as an alternative, not as a file."""
    if row.attachment_type == HTML and not row.attachment_name and row.attachment:
        email = EmailMultiAlternatives(row.subject, row.body, None, [row.to])
        email.attach_alternative(row.attachment, HTML)
        return email
    email = EmailMessage(row.subject, row.body, None, [row.to])
    if row.attachment_name:
        email.attach(row.attachment_name, row.attachment, row.attachment_type or None)
    return email


def _send(row: OutboxMessage) -> bool:
    """Mail one claimed row; a failure is recorded on the row (failed for good after
    MAX_ATTEMPTS) and the batch goes on. True when sent."""
    try:
        message(row).send()
    except Exception as exc:  # noqa: BLE001 — recorded on the row, the batch goes on
        failed = row.attempts >= MAX_ATTEMPTS
        OutboxMessage.objects.filter(pk=row.pk).update(
            status=OutboxMessage.Status.FAILED if failed else OutboxMessage.Status.PENDING,
            last_error=f"{type(exc).__name__}: {exc}"[:500],
        )
        logger.warning("Outbox message %s to %s not sent: %s", row.pk, row.to, exc)
        return False
    return True


def send_pending(ids: list[int] | None = None) -> int:
    """Send the pending rows (these ids, or all), oldest first; returns how many were sent."""
    pending = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING)
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    sent = 0
    for pk in list(pending.order_by("pk").values_list("pk", flat=True)):
        claimed = OutboxMessage.objects.filter(pk=pk, status=OutboxMessage.Status.PENDING).update(
            attempts=F("attempts") + 1
        )
        if not claimed:
            continue  # sent meanwhile by another run
        row = OutboxMessage.objects.get(pk=pk)
        if not _send(row):
            continue
        OutboxMessage.objects.filter(pk=pk).update(
            status=OutboxMessage.Status.SENT, sent_at=timezone.now(), last_error=""
        )
        sent += 1
    return sent


def send_batch(ids: list[int]) -> int:
    """``send_pending`` for a large batch (a newsletter's): the rows are claimed in one write
    and read in one query, then each is mailed and recorded as sent right after its send, in
    its own write, as ``send_pending`` does. Returns how many were sent."""
    pending = OutboxMessage.objects.filter(pk__in=ids, status=OutboxMessage.Status.PENDING)
    pending.update(attempts=F("attempts") + 1)
    sent = 0
    for row in pending.order_by("pk"):
        if not _send(row):
            continue
        OutboxMessage.objects.filter(pk=row.pk, status=OutboxMessage.Status.PENDING).update(
            status=OutboxMessage.Status.SENT, sent_at=timezone.now(), last_error=""
        )
        sent += 1
    return sent


def digest_body(notifications: list[Notification], user_id: int, authority) -> str:
    """The digest's text: the lines grouped by kind, each with its link, and per kind the
    link that stops it."""
    count = len(notifications)
    parts = [
        _("Bonjour,"),
        "",
        ngettext(
            "Voici la notification de la semaine dans Maillage (%(authority)s) :",
            "Voici les %(count)d notifications de la semaine dans Maillage (%(authority)s) :",
            count,
        )
        % {"count": count, "authority": authority.name},
    ]
    by_kind: dict[str, list[Notification]] = defaultdict(list)
    for notification in notifications:
        by_kind[notification.kind].append(notification)
    for kind in Kind.values:
        lines = by_kind.get(kind)
        if not lines:
            continue
        parts += ["", f"{Kind(kind).label} ({len(lines)})"]
        for line in lines:
            when = timezone.localtime(line.created).strftime("%d/%m/%Y")
            link = absolute(line.link)
            parts.append(f"- {when} {line.title}" + (f" : {link}" if link else ""))
        if kind not in REQUIRED_KINDS:
            parts.append(
                _("  Ne plus recevoir ce type de courriel : %(link)s")
                % {"link": absolute(tokens.unsubscribe_path(user_id, authority.pk, kind))}
            )
    parts += [
        "",
        "-- ",
        _("Toutes vos notifications : %(centre)s") % {"centre": absolute(reverse("notice_centre"))},
        _("Vos préférences : %(link)s") % {"link": absolute(reverse("notice_preferences"))},
    ]
    return "\n".join(parts) + "\n"


def send_digests(now: datetime.datetime | None = None) -> int:
    """One e-mail per person and authority with their digest-mode notifications not yet
    digested; returns how many digests were written. Run weekly."""
    now = now or timezone.now()
    waiting = (
        Notification.objects.filter(
            delivery=Delivery.DIGEST, digested_at__isnull=True, created__lte=now
        )
        .select_related("recipient", "authority")
        .order_by("recipient_id", "authority_id", "created", "pk")
    )
    written: list[int] = []
    groups = groupby(waiting, key=lambda n: (n.recipient_id, n.authority_id))
    for (user_id, _authority_id), rows in groups:
        lines = list(rows)
        user, authority = lines[0].recipient, lines[0].authority
        with transaction.atomic():
            marked = Notification.objects.filter(
                pk__in=[n.pk for n in lines], digested_at__isnull=True
            ).update(digested_at=now)
            if marked != len(lines) or not user.email:
                continue  # another run took them, or no address: the centre keeps them
            subject = ngettext(
                "Votre résumé de la semaine : %(count)d notification",
                "Votre résumé de la semaine : %(count)d notifications",
                len(lines),
            ) % {"count": len(lines)}
            body = digest_body(lines, user_id, authority)
            row = OutboxMessage.objects.create(
                authority=authority,
                recipient=user,
                kind=DIGEST,
                to=user.email,
                subject=mail.subject(SUBJECT_PREFIX + subject),
                body=body,
                idempotency_key=f"{DIGEST}:{user_id}:{authority.pk}:{lines[-1].pk}",
            )
            written.append(row.pk)
            enqueue_send([row.pk])
    return len(written)
