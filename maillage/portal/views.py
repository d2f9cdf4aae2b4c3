"""The home page: one block per role the user holds, read from every app."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from maillage.core.models import Role
from maillage.core.permissions import Perm, require
from maillage.governance.selectors import open_actions_for_agent
from maillage.governance.watch import due_watch_items
from maillage.organisation import selectors as org_selectors
from maillage.organisation.rules import referent_service_ids
from maillage.projects.registry import selectors as project_selectors
from maillage.skills.selectors_calls import home_blocks as skills_blocks

from .selectors_elected import elected_context


@require_GET
@require(Perm.VIEW_HOME)
def home(request: HttpRequest) -> HttpResponse:
    """The home page: one block per role the user holds in the current authority."""
    # The agent with its international profile: the skills blocks read it without a query.
    agent = org_selectors.user_agent(request.authority, request.user, "international_profile")
    context = org_selectors.home_summary(request.authority, request.user, request.roles, agent)
    context.update(
        project_selectors.home_blocks(
            request.authority, request.roles, referent_service_ids(request)
        )
    )
    context.update(skills_blocks(request, agent))
    context["my_actions"] = open_actions_for_agent(agent) if agent is not None else []
    context["new_referent"] = is_new_referent(context.get("my_referent_roles", ()))
    # The shared watch's items falling due soon: for the DRI and the general management.
    context["due_watch_items"] = (
        due_watch_items(request.authority)
        if {Role.DRI, Role.DIRECTION} & set(request.roles)
        else None
    )
    if Role.ELECTED in request.roles and context.get("my_officials"):
        context.update(elected_context(request.authority, context["my_officials"]))
    return render(request, "portal/home.html", {**context, "page_title": _("Accueil")})


# How long a référent sees what the role is about on their home page.
NEW_REFERENT_DAYS = 30


def is_new_referent(mandates, today: datetime.date | None = None) -> bool:
    """Whether one of the user's current mandates began less than NEW_REFERENT_DAYS ago."""
    since = (today or timezone.localdate()) - datetime.timedelta(days=NEW_REFERENT_DAYS)
    return any(mandate.start > since for mandate in mandates)
