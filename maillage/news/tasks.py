"""The newsletter's sending, run by the task worker (``manage.py db_worker``)."""

from __future__ import annotations

from django.tasks import task

from . import newsletters


@task()
def send_newsletter(newsletter_id: int, base_url: str = "") -> dict[str, int]:
    """Write the missing outbox rows of the letter and mail its pending ones; a retry after a
    crash mails only what was not sent."""
    return newsletters.deliver(newsletter_id, base_url)
