"""The background work of notifications, run by the task worker (``manage.py db_worker``).

``send_outbox`` mails pending outbox rows one by one and records each as sent right after its
send: a task retried after a crash mid-batch starts again from the rows still pending, never
mailing a sent row twice. ``send_digests`` groups each person's "weekly digest" notifications
into one e-mail; ``send_reminders`` runs the reminders the feature apps registered.
"""

from __future__ import annotations

from django.tasks import task

from . import delivery


@task()
def send_outbox(ids: list[int] | None = None) -> int:
    """Send these pending rows (all pending rows when None); returns how many were sent."""
    return delivery.send_pending(ids)


@task()
def send_digests() -> int:
    return delivery.send_digests()


@task()
def send_reminders() -> int:
    from . import reminders

    return reminders.run_all()
