"""Object rules of the international profiles, registered in ``core.permissions`` (``skills.*``).

Who sees an agent's profile (:class:`ProfileScope`, for one profile and for querysets) and who
approves an agent's answer to a call for competences (:func:`response_manager_q`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q
from django.http import HttpRequest

from maillage.core.models import Role
from maillage.core.permissions import cached_on_request, rule
from maillage.organisation.models import Agent, Referent
from maillage.organisation.rules import referent_service_ids

from .models import CallResponse, Profile

# Roles that see every published profile, whatever its visibility (DESIGN.md: "see agents'
# international profiles"); référents see the restricted ones of their services' agents only.
PROFILE_READERS = frozenset({Role.ADMIN, Role.DRI})


@dataclass(frozen=True)
class ProfileScope:
    """Which international profiles a user may see, by name, in the current authority.

    The one rule, used by :func:`can_see_profile` for one profile and by :meth:`as_q` for
    querysets (search, inventory names, suggestions, calls):

    * nothing of another authority, nor of an agent who left (inactive);
    * an agent always sees their own profile, published or not;
    * nobody else sees an unpublished profile;
    * a published profile open to the authority is seen by every member of it;
    * a restricted one ("DRI and référents") by the DRI and administrators, and by the current
      référents of the agent's service.
    """

    authority_id: int | None
    user_id: int | None
    all_restricted: bool = False
    service_ids: frozenset[int] = frozenset()

    def allows(
        self,
        *,
        authority_id: int,
        published: bool,
        visibility: str,
        agent_user_id: int | None,
        agent_service_id: int | None,
        agent_active: bool,
    ) -> bool:
        if self.authority_id is None or authority_id != self.authority_id or not agent_active:
            return False
        if agent_user_id is not None and agent_user_id == self.user_id:
            return True
        if not published:
            return False
        if visibility == Profile.Visibility.AUTHORITY or self.all_restricted:
            return True
        return agent_service_id in self.service_ids

    def as_q(self, prefix: str = "") -> Q:
        """The same rule as a filter on profiles (``prefix`` reaches them from another model)."""
        if self.authority_id is None:
            return Q(pk__in=[])

        def q(**lookups: object) -> Q:
            return Q(**{f"{prefix}{name}": value for name, value in lookups.items()})

        own = q(agent__user_id=self.user_id) if self.user_id is not None else Q(pk__in=[])
        if self.all_restricted:
            shown = q(published=True)
        else:
            shown = q(published=True) & (
                q(visibility=Profile.Visibility.AUTHORITY)
                | q(agent__service_id__in=sorted(self.service_ids))
            )
        return q(authority_id=self.authority_id, agent__active=True) & (own | shown)


def profile_scope(request: HttpRequest) -> ProfileScope:
    """The profiles the current user may see in the current authority (cached per request)."""

    def compute() -> ProfileScope:
        if request.authority is None or not request.user.is_authenticated:
            return ProfileScope(authority_id=None, user_id=None)
        return ProfileScope(
            authority_id=request.authority.pk,
            user_id=request.user.pk,
            all_restricted=not PROFILE_READERS.isdisjoint(request.roles),
            service_ids=referent_service_ids(request),
        )

    return cached_on_request(request, "profile_scope", compute)


@rule("skills.see_profile")
def can_see_profile(request: HttpRequest, profile: Profile) -> bool:
    """May the current user see this international profile by name?"""
    agent = profile.agent
    return profile_scope(request).allows(
        authority_id=profile.authority_id,
        published=profile.published,
        visibility=profile.visibility,
        agent_user_id=agent.user_id,
        agent_service_id=agent.service_id,
        agent_active=agent.active,
    )


def response_manager_q(user_id: int) -> Q:
    """Answers to calls for competences (``CallResponse``) that ``user_id`` decides on.

    The agent's manager approves or refuses: the head of the agent's service, or one of its
    current référents; when the service has neither (besides the agent), the head of the parent
    service. Nobody decides on their own answer.
    """

    # The user's agent records, compared by id: joining the head's and the référent's agent
    # rows to read their user made this condition five times slower for PostgreSQL to plan.
    mine = Agent.objects.filter(user_id=user_id).values("pk")

    def referents(user: bool) -> Exists:
        rows = Referent.objects.current().filter(service_id=OuterRef("agent__service_id"))
        if user:
            rows = rows.filter(agent_id__in=mine)
        return Exists(rows.exclude(agent_id=OuterRef("agent_id")))

    head = Q(agent__service__head_id__in=mine) & ~Q(agent__service__head_id=F("agent_id"))
    no_direct_manager = (
        Q(agent__service__head__isnull=True) | Q(agent__service__head_id=F("agent_id"))
    ) & ~referents(user=False)
    parent_head = (
        Q(agent__service__parent__head_id__in=mine)
        & ~Q(agent__service__parent__head_id=F("agent_id"))
        & no_direct_manager
    )
    return (head | referents(user=True) | parent_head) & ~Q(agent__user_id=user_id)


@rule("skills.decide_response")
def can_decide_response(request: HttpRequest, response: CallResponse) -> bool:
    """Is the current user the manager who approves or refuses this answer to a call?"""
    if request.authority is None or response.authority_id != request.authority.pk:
        return False
    return (
        CallResponse.objects.filter(pk=response.pk)
        .filter(response_manager_q(request.user.pk))
        .exists()
    )
