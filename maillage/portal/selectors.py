"""Reads for the legal pages, and the accessibility status every page's footer shows."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import OuterRef, Subquery

from maillage.core.models import Authority, Membership, User

from .legal_texts import default_page
from .models import LegalPage

Kind = LegalPage.Kind
Conformity = LegalPage.Conformity

# With a cache local to each process, a worker that did not save the statement shows the old
# status at most this long; a shared cache (database, Redis) shows the new one at once.
STATUS_CACHE_SECONDS = 300


def legal_page(authority: Authority | None, kind: str) -> LegalPage:
    """The authority's own page, else the default text (unsaved); no query when anonymous."""
    page = None
    if authority is not None:
        page = LegalPage.objects.filter(authority=authority, kind=kind).first()
    return page or default_page(kind, authority)


def legal_pages(authority: Authority) -> list[LegalPage]:
    """The four pages in menu order, each the authority's own or the default (one query)."""
    own = {page.kind: page for page in LegalPage.objects.filter(authority=authority)}
    return [own.get(kind) or default_page(kind, authority) for kind in Kind.values]


def _status_key(authority_id: int) -> str:
    return f"maillage:legal:conformity:{authority_id}"


def accessibility_conformity(authority: Authority | None) -> Conformity:
    """The conformity the footer states: cached per authority, read once when missing."""
    if authority is None:
        return Conformity.NONE  # the default statement, with no audit
    key = _status_key(authority.pk)
    value = cache.get(key)
    if value is None:
        value = (
            LegalPage.objects.filter(authority=authority, kind=Kind.ACCESSIBILITY)
            .values_list("conformity", flat=True)
            .first()
        ) or Conformity.NONE
        cache.set(key, value, STATUS_CACHE_SECONDS)
    return Conformity(value)


def forget_conformity(authority_id: int) -> None:
    cache.delete(_status_key(authority_id))


def remember_conformity(user: User) -> None:
    """Cache the status of each of the user's authorities (one query), so that the first pages
    after a login cost no query for the footer either, and so that a page's query count never
    depends on what the cache held."""
    statement = LegalPage.objects.filter(
        authority=OuterRef("authority"), kind=Kind.ACCESSIBILITY
    ).values("conformity")[:1]
    rows = (
        Membership.objects.filter(user=user)
        .annotate(conformity=Subquery(statement))
        .values_list("authority_id", "conformity")
    )
    cache.set_many(
        {_status_key(authority_id): value or Conformity.NONE for authority_id, value in rows},
        STATUS_CACHE_SECONDS,
    )
