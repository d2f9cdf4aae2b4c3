"""Object rules of the projects app, registered in ``core.permissions`` (``projects.*``)."""

from __future__ import annotations

from django.http import HttpRequest

from maillage.core.permissions import Perm, request_has_perm, rule
from maillage.organisation.rules import own_agent_ids, referent_service_ids
from maillage.projects.models import Mobilisation, WorkedDays


@rule("projects.edit_mobilisation")
def can_edit_mobilisation(request: HttpRequest, mobilisation: Mobilisation) -> bool:
    """DRI and admin edit every mobilisation; a référent only those of their own services."""
    if request_has_perm(request, Perm.EDIT_PROJECTS):
        return True
    return request_has_perm(
        request, Perm.ANSWER_MOBILISATIONS
    ) and mobilisation.service_id in referent_service_ids(request)


def _involves_user(request: HttpRequest, mobilisation: Mobilisation) -> bool:
    """Is one of the user's agent records among the mobilisation's agents? An agent joins it
    when their manager approves their answer to a call for competences (``skills``), or when
    the service names them. Annotated by the funding tab as ``involves_user``."""
    known = getattr(mobilisation, "involves_user", None)
    if known is not None:
        return bool(known)
    own = own_agent_ids(request)
    return bool(own) and mobilisation.agents.filter(pk__in=own).exists()


@rule("projects.enter_worked_days")
def can_enter_worked_days(request: HttpRequest, mobilisation: Mobilisation) -> bool:
    """Worked days of a mobilisation: DRI and admin, the référent of the mobilised service,
    and the agents working on it (for their own days only, see ``edit_worked_days``)."""
    if mobilisation.status == Mobilisation.Status.DECLINED:
        return False
    return can_edit_mobilisation(request, mobilisation) or _involves_user(request, mobilisation)


def enters_for_anyone(request: HttpRequest, mobilisation: Mobilisation) -> bool:
    """May the user enter days for any agent of the mobilisation, or only their own?"""
    return can_edit_mobilisation(request, mobilisation)


@rule("projects.edit_worked_days")
def can_edit_worked_days(request: HttpRequest, worked: WorkedDays) -> bool:
    """Change or delete a month of worked days: those who enter them for anyone, and an agent
    for the rows of their own days."""
    mobilisation = worked.mobilisation
    if can_edit_mobilisation(request, mobilisation):
        return True
    return worked.agent_id in own_agent_ids(request) and _involves_user(request, mobilisation)
