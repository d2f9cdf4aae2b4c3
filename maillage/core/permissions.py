"""Permissions, in one place: which role may do what.

Views declare the permission they need with :func:`require`; templates ask with
``perms_for(request)``. Object-level rules (a référent and their own services) live here too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Role

ALL_ROLES = frozenset(Role.values)
READERS = ALL_ROLES  # every member of the authority reads internal organisation data


class Perm(StrEnum):
    VIEW_HOME = "home.view"
    VIEW_ORGANISATION = "organisation.view"
    VIEW_AGENTS = "organisation.view_agents"
    VIEW_ELECTED = "organisation.view_elected"
    IMPORT_HR = "organisation.import_hr"
    VIEW_PROJECTS = "projects.view"
    EDIT_PROJECTS = "projects.edit"
    ANSWER_MOBILISATIONS = "projects.answer_mobilisations"
    VIEW_PARTNERS = "projects.view_partners"
    EDIT_PARTNERS = "projects.edit_partners"
    VIEW_SKILLS = "skills.view"
    SEARCH_PROFILES = "skills.search"
    MANAGE_CALLS = "skills.manage_calls"
    VIEW_COMMITTEES = "governance.view"
    EDIT_COMMITTEES = "governance.edit"
    VIEW_DASHBOARD = "reporting.view_dashboard"
    EXPORT_DATA = "interop.export"
    MANAGE_TRASH = "core.manage_trash"
    VIEW_AUDIT = "core.view_audit"
    ADMINISTER = "core.administer"


POLICY: dict[Perm, frozenset[str]] = {
    Perm.VIEW_HOME: ALL_ROLES,
    Perm.VIEW_ORGANISATION: READERS,
    Perm.VIEW_AGENTS: READERS,
    Perm.VIEW_ELECTED: READERS,
    Perm.IMPORT_HR: frozenset({Role.ADMIN, Role.DRI}),
    Perm.VIEW_PROJECTS: READERS,
    Perm.EDIT_PROJECTS: frozenset({Role.ADMIN, Role.DRI}),
    # Object rule on top: a référent answers only for the services they are référent of.
    Perm.ANSWER_MOBILISATIONS: frozenset({Role.ADMIN, Role.DRI, Role.REFERENT}),
    Perm.VIEW_PARTNERS: READERS,
    Perm.EDIT_PARTNERS: frozenset({Role.ADMIN, Role.DRI}),
    # Own profile, language inventory (aggregates), calls for competences.
    Perm.VIEW_SKILLS: READERS,
    # Object rule on top: who sees which profile, see ``profile_scope``.
    Perm.SEARCH_PROFILES: frozenset({Role.ADMIN, Role.DRI, Role.REFERENT}),
    Perm.MANAGE_CALLS: frozenset({Role.ADMIN, Role.DRI}),
    # Committees, meetings, decisions: internal data every member reads. Object rule on top:
    # the owner of an action item updates its status, see ``can_update_action``.
    Perm.VIEW_COMMITTEES: READERS,
    Perm.EDIT_COMMITTEES: frozenset({Role.ADMIN, Role.DRI}),
    # The transversality dashboard and its exports: steering roles only.
    Perm.VIEW_DASHBOARD: frozenset({Role.ADMIN, Role.DRI, Role.DIRECTION, Role.ELECTED}),
    # Exports to the State's channels (IATI, e-APD, Atlas); internal projects in the IATI file
    # need EDIT_PROJECTS on top.
    Perm.EXPORT_DATA: frozenset({Role.ADMIN, Role.DRI, Role.DIRECTION}),
    # The trash: deleted projects, partners, agreements, committees and meetings, restorable.
    Perm.MANAGE_TRASH: frozenset({Role.ADMIN, Role.DRI}),
    Perm.VIEW_AUDIT: frozenset({Role.ADMIN}),
    Perm.ADMINISTER: frozenset({Role.ADMIN}),
}


def has_perm(roles: Iterable[str], perm: Perm) -> bool:
    return not POLICY[perm].isdisjoint(roles)


def request_has_perm(request: HttpRequest, perm: Perm) -> bool:
    return request.authority is not None and has_perm(request.roles, perm)


def perms_for(request: HttpRequest) -> dict[str, bool]:
    """Template-friendly map: ``perms_map.organisation_import_hr`` and so on."""
    return {p.value.replace(".", "_"): request_has_perm(request, p) for p in Perm}


def require(perm: Perm) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Log in first; then the current authority must grant ``perm`` (else 403)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.authority is None:
                return render(request, "core/no_authority.html", status=403)
            if not has_perm(request.roles, perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_perm = perm  # read by the permission-matrix test
        return wrapped

    return decorator


def referent_service_ids(request: HttpRequest) -> frozenset[int]:
    """Services the user is a current référent of in the current authority (cached per request)."""
    cached = getattr(request, "_referent_service_ids", None)
    if cached is not None:
        return cached
    ids: frozenset[int] = frozenset()
    if request.authority is not None and Role.REFERENT in request.roles:
        from maillage.organisation.models import Referent

        ids = frozenset(
            Referent.objects.current()
            .filter(authority=request.authority, agent__user=request.user)
            .values_list("service_id", flat=True)
        )
    request._referent_service_ids = ids
    return ids


def can_edit_mobilisation(request: HttpRequest, service_id: int) -> bool:
    """DRI and admin edit every mobilisation; a référent only those of their own services."""
    if request_has_perm(request, Perm.EDIT_PROJECTS):
        return True
    return request_has_perm(
        request, Perm.ANSWER_MOBILISATIONS
    ) and service_id in referent_service_ids(request)


# --- International profiles (maillage/skills) --------------------------------------------------

# The value of ``skills.Profile.visibility`` that opens a profile to every agent of the authority.
PROFILE_VISIBLE_TO_AUTHORITY = "authority"
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
        if visibility == PROFILE_VISIBLE_TO_AUTHORITY or self.all_restricted:
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
                q(visibility=PROFILE_VISIBLE_TO_AUTHORITY)
                | q(agent__service_id__in=sorted(self.service_ids))
            )
        return q(authority_id=self.authority_id, agent__active=True) & (own | shown)


def profile_scope(request: HttpRequest) -> ProfileScope:
    """The profiles the current user may see in the current authority (cached per request)."""
    cached = getattr(request, "_profile_scope", None)
    if cached is not None:
        return cached
    if request.authority is None or not request.user.is_authenticated:
        scope = ProfileScope(authority_id=None, user_id=None)
    else:
        scope = ProfileScope(
            authority_id=request.authority.pk,
            user_id=request.user.pk,
            all_restricted=not PROFILE_READERS.isdisjoint(request.roles),
            service_ids=referent_service_ids(request),
        )
    request._profile_scope = scope
    return scope


def can_see_profile(request: HttpRequest, profile: Any) -> bool:
    """May the current user see this international profile (``skills.Profile``) by name?"""
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
    """Answers to calls for competences (``skills.CallResponse``) that ``user_id`` decides on.

    The agent's manager approves or refuses: the head of the agent's service, or one of its
    current référents; when the service has neither (besides the agent), the head of the parent
    service. Nobody decides on their own answer.
    """
    from maillage.organisation.models import Referent

    def referents(user: bool) -> Exists:
        rows = Referent.objects.current().filter(service_id=OuterRef("agent__service_id"))
        if user:
            rows = rows.filter(agent__user_id=user_id)
        return Exists(rows.exclude(agent_id=OuterRef("agent_id")))

    head = Q(agent__service__head__user_id=user_id) & ~Q(agent__service__head_id=F("agent_id"))
    no_direct_manager = (
        Q(agent__service__head__isnull=True) | Q(agent__service__head_id=F("agent_id"))
    ) & ~referents(user=False)
    parent_head = (
        Q(agent__service__parent__head__user_id=user_id)
        & ~Q(agent__service__parent__head_id=F("agent_id"))
        & no_direct_manager
    )
    return (head | referents(user=True) | parent_head) & ~Q(agent__user_id=user_id)


def can_decide_response(request: HttpRequest, response: Any) -> bool:
    """Is the current user the manager who approves or refuses this answer to a call?"""
    if request.authority is None or response.authority_id != request.authority.pk:
        return False
    return (
        type(response)
        ._default_manager.filter(pk=response.pk)
        .filter(response_manager_q(request.user.pk))
        .exists()
    )


# --- Steering committees (maillage/governance) -------------------------------------------------


def can_update_action(request: HttpRequest, action: Any) -> bool:
    """The DRI and administrators update every action item; its owner agent updates its status."""
    if request.authority is None or action.authority_id != request.authority.pk:
        return False
    if request_has_perm(request, Perm.EDIT_COMMITTEES):
        return True
    if not request_has_perm(request, Perm.VIEW_COMMITTEES) or action.owner_agent_id is None:
        return False
    return action.owner_agent_id in own_agent_ids(request)


def own_agent_ids(request: HttpRequest) -> frozenset[int]:
    """The current user's agent records in the current authority (cached per request)."""
    cached = getattr(request, "_own_agent_ids", None)
    if cached is not None:
        return cached
    ids: frozenset[int] = frozenset()
    if request.authority is not None and request.user.is_authenticated:
        from maillage.organisation.models import Agent

        ids = frozenset(
            Agent.objects.filter(authority=request.authority, user=request.user).values_list(
                "pk", flat=True
            )
        )
    request._own_agent_ids = ids
    return ids
