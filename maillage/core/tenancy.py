"""Tenancy, in one place: the current authority comes from the request.

Every view reads ``request.authority`` and ``request.roles`` set here, and fetches objects
through :func:`scoped` / :func:`get_object_or_404`, so another authority's object answers 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.http import Http404, HttpRequest, HttpResponse

from .models import Authority, Membership

SESSION_KEY = "maillage_authority_id"

# Values an app above wants on every signed-in request, computed in the membership query the
# middleware makes anyway (no query of their own): name -> function returning an expression
# on ``Membership`` (OuterRef("user"), OuterRef("authority")). The current authority's value
# is ``request.membership_values[name]``. ``notices`` registers the header's unread count.
MEMBERSHIP_ANNOTATIONS: dict[str, Callable[[], Any]] = {}


class TenancyMiddleware:
    """Sets request.authority (None when anonymous or without membership) and request.roles."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.authority = None
        request.roles = frozenset()
        request.authorities = []
        request.membership_values = {}
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            _attach(request)
        return self.get_response(request)


def _attach(request: HttpRequest) -> None:
    roles_by_authority: dict[int, set[str]] = {}
    authorities: dict[int, Authority] = {}
    values_by_authority: dict[int, dict[str, Any]] = {}
    memberships = Membership.objects.filter(user=request.user).select_related("authority")
    if MEMBERSHIP_ANNOTATIONS:
        memberships = memberships.annotate(
            **{name: make() for name, make in MEMBERSHIP_ANNOTATIONS.items()}
        )
    for membership in memberships:
        authorities[membership.authority_id] = membership.authority
        roles_by_authority.setdefault(membership.authority_id, set()).add(membership.role)
        values_by_authority[membership.authority_id] = {
            name: getattr(membership, name) for name in MEMBERSHIP_ANNOTATIONS
        }
    if not authorities:
        return
    wanted = request.session.get(SESSION_KEY)
    current_id = (
        wanted if wanted in authorities else min(authorities, key=lambda pk: authorities[pk].name)
    )
    request.authority = authorities[current_id]
    request.roles = frozenset(roles_by_authority[current_id])
    request.membership_values = values_by_authority[current_id]
    request.authorities = sorted(authorities.values(), key=lambda a: a.name)


def select_authority(request: HttpRequest, authority_id: int) -> bool:
    """Make another of the user's authorities current. Returns False if not a member."""
    if not any(a.pk == authority_id for a in request.authorities):
        return False
    request.session[SESSION_KEY] = authority_id
    return True


def scoped[M: models.Model](
    request: HttpRequest, queryset: models.QuerySet[M], field: str = "authority"
) -> models.QuerySet[M]:
    """The part of ``queryset`` that belongs to the current authority."""
    if request.authority is None:
        return queryset.none()
    return queryset.filter(**{field: request.authority})


def get_object_or_404[M: models.Model](
    request: HttpRequest,
    queryset: models.QuerySet[M] | type[M],
    field: str = "authority",
    **lookup: object,
) -> M:
    """An object of the current authority, or 404 — never another authority's object."""
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    try:
        return scoped(request, queryset, field).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc
