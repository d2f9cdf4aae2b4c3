"""Permissions, in one place: which role may do what.

Views declare the permission they need with :func:`require`; templates ask with
``perms_for(request)``. Object-level rules (a référent and their own services) live here too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
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
    return (
        request_has_perm(request, Perm.ANSWER_MOBILISATIONS)
        and service_id in referent_service_ids(request)
    )
