"""Writes of a project's deadlines, and of each user's private calendar feed token."""

from __future__ import annotations

import hashlib
import secrets

from maillage.core import audit
from maillage.core.models import Authority, User
from maillage.core.services import write_service
from maillage.projects.models import CalendarFeed, Deadline, Project
from maillage.projects.project_rows import create_row, delete_row, pick, update_row

DEADLINE_FIELDS = ("kind", "date", "title", "note")


@write_service
def create_deadline(project: Project, *, by: User | None, **data: object) -> Deadline:
    values = pick(data, DEADLINE_FIELDS)
    deadline = Deadline(project=project, authority_id=project.authority_id, **values)
    return create_row(deadline, project, by, values)


@write_service
def update_deadline(
    deadline: Deadline, *, by: User | None, version: int | None = None, **data: object
) -> Deadline:
    return update_row(deadline, deadline.project, by, pick(data, DEADLINE_FIELDS), version)


@write_service
def delete_deadline(deadline: Deadline, *, by: User | None) -> None:
    delete_row(deadline, deadline.project, by)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@write_service
def renew_calendar_feed(authority: Authority, *, by: User) -> str:
    """Make the user's feed token in ``authority``, replacing any earlier one (which stops
    working at once). Returns the token: it is shown once, only its hash is kept."""
    token = secrets.token_urlsafe(32)  # 32 random bytes
    CalendarFeed.objects.update_or_create(
        authority=authority, user=by, defaults={"token_hash": token_hash(token)}
    )
    audit.record(authority=authority, user=by, kind="calendar_feed.renewed")
    return token


@write_service
def revoke_calendar_feed(authority: Authority, *, by: User) -> None:
    """Revoke the user's feed in ``authority``: its address answers 404 from now on."""
    deleted, _ = CalendarFeed.objects.filter(authority=authority, user=by).delete()
    if deleted:
        audit.record(authority=authority, user=by, kind="calendar_feed.revoked")


def feed_of_token(token: str) -> CalendarFeed | None:
    """The feed a token opens, with its user and authority (1 query); None if unknown."""
    if not token or len(token) > 100:
        return None
    return (
        CalendarFeed.objects.select_related("user", "authority")
        .filter(token_hash=token_hash(token), user__is_active=True)
        .first()
    )
