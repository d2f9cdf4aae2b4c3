"""Permissions, in one place: which role may do what.

Views declare the permission they need with :func:`require`; templates ask with
``perms_for(request)``. Object rules ("a référent answers for their own services", "who sees
this profile") are written by the app that owns the object, in its ``rules.py``, and registered
here by name with :func:`rule`; anyone asks with :func:`check` without importing that app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
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
    MANAGE_REFERENTS = "organisation.manage_referents"
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
    EDIT_ANNUAL_REPORT = "reporting.edit_annual_report"
    VIEW_WATCH = "portal.view_watch"
    VIEW_NEWS = "news.view"
    EDIT_NEWS = "news.edit"
    MANAGE_NEWS_FEEDS = "news.manage_feeds"
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
    # Designate, replace and end the services' référents (the DRI keeps the network).
    Perm.MANAGE_REFERENTS: frozenset({Role.ADMIN, Role.DRI}),
    Perm.VIEW_PROJECTS: READERS,
    Perm.EDIT_PROJECTS: frozenset({Role.ADMIN, Role.DRI}),
    # Object rule on top: a référent answers only for the services they are référent of.
    Perm.ANSWER_MOBILISATIONS: frozenset({Role.ADMIN, Role.DRI, Role.REFERENT}),
    Perm.VIEW_PARTNERS: READERS,
    Perm.EDIT_PARTNERS: frozenset({Role.ADMIN, Role.DRI}),
    # Own profile, language inventory (aggregates), calls for competences.
    Perm.VIEW_SKILLS: READERS,
    # Object rule on top: who sees which profile, see ``skills.rules.profile_scope``.
    Perm.SEARCH_PROFILES: frozenset({Role.ADMIN, Role.DRI, Role.REFERENT}),
    Perm.MANAGE_CALLS: frozenset({Role.ADMIN, Role.DRI}),
    # Committees, meetings, decisions: internal data every member reads. Object rule on top:
    # the owner of an action item updates its status, see ``governance.rules``.
    Perm.VIEW_COMMITTEES: READERS,
    Perm.EDIT_COMMITTEES: frozenset({Role.ADMIN, Role.DRI}),
    # The transversality dashboard and its exports: steering roles only.
    Perm.VIEW_DASHBOARD: frozenset({Role.ADMIN, Role.DRI, Role.DIRECTION, Role.ELECTED}),
    # The annual report to the council is read by the same roles; its introduction and the
    # order of its sections are the DRI's.
    Perm.EDIT_ANNUAL_REPORT: frozenset({Role.ADMIN, Role.DRI}),
    # The general management's watch page (what is late, what is due) and its relaunches:
    # the direction watches over the DRI's work, so the DRI does not hold it.
    Perm.VIEW_WATCH: frozenset({Role.ADMIN, Role.DIRECTION}),
    # Internal news: every member reads those addressed to them (``news.audience``); the DRI
    # writes, publishes and turns recorded events into drafts; the administrator chooses what
    # the intranet's feeds and embeddable page expose.
    Perm.VIEW_NEWS: READERS,
    Perm.EDIT_NEWS: frozenset({Role.ADMIN, Role.DRI}),
    Perm.MANAGE_NEWS_FEEDS: frozenset({Role.ADMIN}),
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


# --- Object rules ------------------------------------------------------------------------------

ObjectRule = Callable[[HttpRequest, Any], bool]
_RULES: dict[str, ObjectRule] = {}


def rule(name: str) -> Callable[[ObjectRule], ObjectRule]:
    """Register ``predicate(request, obj) -> bool`` as the object rule ``name`` ("app.verb").

    Used in each app's ``rules.py``, imported from its ``AppConfig.ready``. A registry of our
    own rather than django-rules: our rules read the current authority and roles from the
    request and cache what they query on it for the rest of the request (a référent's services,
    the user's agent records: :func:`cached_on_request`), and the same rule must also exist as
    a queryset filter (the profiles one may see, the answers one decides on), beside the
    boolean, which a library of predicates on ``(user, obj)`` does not give.
    """

    def decorator(predicate: ObjectRule) -> ObjectRule:
        registered = _RULES.get(name)
        same = registered is not None and (
            (registered.__module__, registered.__qualname__)
            == (predicate.__module__, predicate.__qualname__)
        )
        if registered is not None and not same:
            raise ImproperlyConfigured(f"Object rule {name!r} is registered twice.")
        _RULES[name] = predicate
        return predicate

    return decorator


def check(request: HttpRequest, name: str, obj: Any) -> bool:
    """Does the object rule ``name`` allow the current user this ``obj``?"""
    try:
        predicate = _RULES[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"Unknown object rule {name!r}: is the app that defines it installed?"
        ) from None
    return bool(predicate(request, obj))


def cached_on_request[T](request: HttpRequest, key: str, compute: Callable[[], T]) -> T:
    """``compute()`` once per request: object rules run several times on one page."""
    cache = request.__dict__.setdefault("_object_rule_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]
