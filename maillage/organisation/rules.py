"""Object rules of the organisation: who the current user is in the org chart.

Per-request sets that the rules of the apps above build on (a référent answers for their own
services; the owner agent of an action updates it).
"""

from __future__ import annotations

from django.http import HttpRequest

from maillage.core.models import Role
from maillage.core.permissions import cached_on_request, rule

from .models import Agent, ElectedOfficial, Referent

# Those who prepare or follow the council's work read any elected official's brief.
BRIEF_READERS = frozenset({Role.ADMIN, Role.DRI, Role.DIRECTION})


def referent_service_ids(request: HttpRequest) -> frozenset[int]:
    """Services the user is a current référent of in the current authority (cached per request)."""

    def compute() -> frozenset[int]:
        if request.authority is None or Role.REFERENT not in request.roles:
            return frozenset()
        return frozenset(
            Referent.objects.current()
            .filter(authority=request.authority, agent__user=request.user)
            .values_list("service_id", flat=True)
        )

    return cached_on_request(request, "referent_service_ids", compute)


def own_agent_ids(request: HttpRequest) -> frozenset[int]:
    """The current user's agent records in the current authority (cached per request)."""

    def compute() -> frozenset[int]:
        if request.authority is None or not request.user.is_authenticated:
            return frozenset()
        return frozenset(
            Agent.objects.filter(authority=request.authority, user=request.user).values_list(
                "pk", flat=True
            )
        )

    return cached_on_request(request, "own_agent_ids", compute)


@rule("organisation.see_brief")
def can_see_brief(request: HttpRequest, official: ElectedOfficial) -> bool:
    """An elected official reads her own brief; the DRI, the direction and the administrator
    read every official's."""
    if request.authority is None or official.authority_id != request.authority.pk:
        return False
    if not BRIEF_READERS.isdisjoint(request.roles):
        return True
    return Role.ELECTED in request.roles and official.user_id == request.user.pk
