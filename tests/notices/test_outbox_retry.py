"""The send task retried after a crash mid-batch never mails the same message twice."""

from __future__ import annotations

import pytest
from django.core import mail

from maillage.core.models import Role
from maillage.notices import delivery, tasks
from maillage.notices.models import Kind, OutboxMessage
from maillage.notices.services import notify

from ..factories import member
from .backends import Crash, CrashingBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def crashing(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.notices.backends.CrashingBackend"}}
    CrashingBackend.count = 0
    CrashingBackend.crash_on = 3
    yield CrashingBackend
    CrashingBackend.crash_on = None


def pending(authority, count: int = 5) -> list[int]:
    people = [
        member(authority, Role.AGENT, username=f"p{i}", email=f"p{i}@example.fr")
        for i in range(count)
    ]
    # Outside a commit capture: the rows are written, nothing is sent yet.
    rows = notify(
        Kind.MEETING_SCHEDULED,
        recipients=people,
        authority=authority,
        title="Réunion du comité",
        body="Bonjour",
    )
    return [row.pk for row in rows]


def test_a_retry_after_a_crash_sends_only_what_was_not_sent(authority, crashing):
    ids = pending(authority)
    with pytest.raises(Crash):
        tasks.send_outbox.call(ids)  # the worker dies on the third message
    assert [m.to for m in mail.outbox] == [["p0@example.fr"], ["p1@example.fr"]]
    statuses = dict(OutboxMessage.objects.values_list("to", "status"))
    assert statuses == {
        "p0@example.fr": "sent",
        "p1@example.fr": "sent",
        "p2@example.fr": "pending",
        "p3@example.fr": "pending",
        "p4@example.fr": "pending",
    }

    crashing.crash_on = None
    assert tasks.send_outbox.call(ids) == 3  # the task run again
    sent_to = [m.to[0] for m in mail.outbox]
    assert sorted(sent_to) == [f"p{i}@example.fr" for i in range(5)]
    assert len(sent_to) == len(set(sent_to))  # no one twice
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
    assert tasks.send_outbox.call(ids) == 0  # and a third run sends nothing


def test_a_failing_server_keeps_the_rows_pending_then_gives_up(authority, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.notices.backends.FailingBackend"}}
    ids = pending(authority, 1)
    for _attempt in range(delivery.MAX_ATTEMPTS - 1):
        assert delivery.send_pending(ids) == 0
        assert OutboxMessage.objects.get().status == "pending"
    delivery.send_pending(ids)
    row = OutboxMessage.objects.get()
    assert (row.status, row.attempts) == ("failed", delivery.MAX_ATTEMPTS)
    assert "SMTP server unreachable" in row.last_error
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert delivery.send_pending() == 0  # a failed row is not retried by the sweep
    assert mail.outbox == []
