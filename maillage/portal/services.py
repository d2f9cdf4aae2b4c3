"""Writes of the legal pages: an authority's own version, and the way back to the default."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.core import audit
from maillage.core.concurrency import ConcurrentEditError, claim_version, last_change
from maillage.core.models import Authority, User
from maillage.core.services import write_service

from .models import LegalPage
from .selectors import forget_conformity

Kind = LegalPage.Kind

STATEMENT_FIELDS = frozenset(LegalPage.STATEMENT_FIELDS)
TEXT_FIELDS = frozenset(LegalPage.TEXT_FIELDS)


def editable_fields(kind: str) -> frozenset[str]:
    return STATEMENT_FIELDS if kind == Kind.ACCESSIBILITY else TEXT_FIELDS


def _forget_status(authority: Authority) -> None:
    # Now, for this process's next page; and after commit, in case a page read the old
    # status in between and cached it again.
    forget_conformity(authority.pk)
    transaction.on_commit(lambda: forget_conformity(authority.pk))


@write_service
def save_legal_page(
    authority: Authority,
    *,
    by: User | None,
    kind: str,
    data: Mapping[str, Any],
    version: int | None = None,
) -> LegalPage:
    """Save the authority's own version of the page ``kind``.

    ``version`` is the one the form was built on: 0 for the default text (no row yet), None
    (commands) to skip the check. Someone who saved or reset the page meanwhile makes it raise
    ``ConcurrentEditError``; invalid values raise ``ValidationError`` and write nothing.
    """
    if kind not in Kind.values:
        raise ValueError(f"Unknown legal page {kind!r}.")
    allowed = editable_fields(kind)
    unknown = set(data) - allowed
    if unknown:
        raise ValueError(f"Not fields of the {kind} page: {sorted(unknown)}.")
    page = LegalPage.objects.select_for_update().filter(authority=authority, kind=kind).first()
    if page is None:
        if version:
            # The page went back to the default text while the form was open.
            raise ConcurrentEditError(LegalPage(authority=authority, kind=kind))
        page = LegalPage(authority=authority, kind=kind)
    elif version == 0:
        # The form showed the default text, but someone saved their own version meanwhile.
        raise ConcurrentEditError(page, *last_change(page))
    else:
        claim_version(page, version)
    changes = audit.diff(page, dict(data))
    for name, value in data.items():
        setattr(page, name, value)
    page.updated_at = timezone.now()
    # The authority comes from the request, not from input: no query to check it exists.
    page.full_clean(
        exclude=["authority", "version"], validate_unique=False, validate_constraints=False
    )
    try:
        with transaction.atomic():
            page.save()
    except IntegrityError:
        # Another administrator created the page first (unique per authority and kind).
        existing = LegalPage.objects.get(authority=authority, kind=kind)
        raise ConcurrentEditError(existing, *last_change(existing)) from None
    audit.record(authority=authority, user=by, kind="legal_page.updated", obj=page, changes=changes)
    _forget_status(authority)
    return page


@write_service
def reset_legal_page(page: LegalPage, *, by: User | None, version: int | None = None) -> None:
    """Delete the authority's own version: the page shows the default text again.

    The audit event keeps the removed text, so that it can be found again.
    """
    claim_version(page, version)
    allowed = editable_fields(page.kind)
    audit.record(
        authority=page.authority,
        user=by,
        kind="legal_page.reset",
        obj=page,
        changes=audit.diff(page, dict.fromkeys(sorted(allowed))),
    )
    page.delete()
    _forget_status(page.authority)
