"""The scheduled commands: send_reminders (idempotent), send_digests, send_outbox."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command

from maillage.core.models import Role
from maillage.governance.models import ActionItem
from maillage.notices.models import Delivery, Kind, NotificationPreference, OutboxMessage
from maillage.notices.services import notify

from ..factories import AgentFactory, ServiceFactory, member
from ..governance.factories import ActionFactory

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_send_reminders_records_each_reminder_once(authority, django_capture_on_commit_callbacks):
    user = member(authority, Role.AGENT, username="ann", email="")
    agent = AgentFactory(
        service=ServiceFactory(authority=authority), user=user, email="ann@ville.example.fr"
    )
    ActionFactory(meeting__committee__authority=authority, owner_agent=agent)  # due 30/06/2025
    assert ActionItem.objects.get().status == "open"
    with django_capture_on_commit_callbacks(execute=True):
        assert "1 reminder(s)" in run("send_reminders", "--today", "2026-12-04")
        assert "0 reminder(s)" in run("send_reminders", "--today", "2026-12-05")
        run("send_reminders", "--enqueue")  # the same work through the task backend
    assert [m.to for m in mail.outbox] == [["ann@ville.example.fr"]]


def test_send_digests_and_send_outbox(authority, django_capture_on_commit_callbacks):
    ann = member(authority, Role.AGENT, username="ann", email="ann@example.fr")
    NotificationPreference.objects.create(
        user=ann, authority=authority, kind=Kind.ACTION_ASSIGNED, delivery=Delivery.DIGEST
    )
    notify(Kind.ACTION_ASSIGNED, recipients=[ann], authority=authority, title="Un", body="…")
    with django_capture_on_commit_callbacks(execute=True):
        assert "1 digest(s)" in run("send_digests")
    assert len(mail.outbox) == 1
    # A row left pending (the worker was down) is sent by the sweep, once.
    notify(Kind.MEETING_SCHEDULED, recipients=[ann], authority=authority, title="R", body="…")
    assert OutboxMessage.objects.filter(status="pending").count() == 1
    assert "1 e-mail(s)" in run("send_outbox")
    assert "0 e-mail(s)" in run("send_outbox")
    assert len(mail.outbox) == 2
