"""The decision register and the list of action items, with their CSV and XLSX exports."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from maillage.core.filters import bad_filters
from maillage.core.lists import export_list, render_list
from maillage.core.permissions import Perm, request_has_perm, require
from maillage.organisation.rules import own_agent_ids

from . import selectors
from .filters import ActionFilterSet, DecisionFilterSet
from .models import ActionItem

PAGE_SIZE = 50


# --- Decisions -------------------------------------------------------------------------------

DECISION_HEADER = ("numero", "date", "comite", "decision", "projet", "reunion")


@require_GET
@require(Perm.VIEW_COMMITTEES)
def decision_list(request: HttpRequest) -> HttpResponse:
    """The decision register of the authority, filtered; ``?format=csv`` or ``xlsx`` exports it."""
    filters = DecisionFilterSet(request.GET)
    values = filters.values
    committee_id, project_id = values["comite"], values["projet"]
    year, query = values["annee"], values["q"]
    if values["format"] and filters.errors:
        return bad_filters(filters)
    decisions = selectors.decision_register(
        request.authority,
        committee_id=committee_id,
        project_id=project_id,
        year=year,
        query=query,
    )
    if values["format"]:
        return export_list(
            request,
            values["format"],
            "decisions",
            DECISION_HEADER,
            (
                (
                    d.reference,
                    d.decided_on.isoformat(),
                    d.committee.name,
                    d.text,
                    d.project.title if d.project else "",
                    timezone.localtime(d.meeting.starts_at).strftime("%Y-%m-%d %H:%M"),
                )
                for d in decisions.iterator(chunk_size=2000)
            ),
            sheet=_("Décisions"),
        )
    page = Paginator(decisions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_list(
        request,
        "governance/decision_list.html",
        {
            "page_obj": page,
            "filters": filters,
            "committee_id": committee_id,
            "project_id": project_id,
            "year": year,
            "query": query,
            "committees": selectors.committee_choices(request.authority),
            "projects": selectors.project_choices(request.authority),
            "years": selectors.decision_years(request.authority),
            "filtered": bool(committee_id or project_id or year or query),
        },
        title=_("Relevé de décisions"),
        nav="committees",
    )


# --- Action items ----------------------------------------------------------------------------

ACTION_HEADER = (
    "id",
    "action",
    "comite",
    "reunion",
    "decision",
    "responsable",
    "echeance",
    "etat",
    "cloturee_le",
    "projet",
)


@require_GET
@require(Perm.VIEW_COMMITTEES)
def action_list(request: HttpRequest) -> HttpResponse:
    """Action items of every committee, filtered; "mes actions"; ``?format=csv`` or ``xlsx``
    exports them."""
    today = timezone.localdate()
    filters = ActionFilterSet(request.GET)
    values = filters.values
    status, query = values["etat"], values["q"]
    committee_id, owner_id = values["comite"], values["responsable"]
    mine, overdue = values["mes"], values["retard"]
    if values["format"] and filters.errors:
        return bad_filters(filters)
    my_agents = own_agent_ids(request)
    owner_ids = my_agents if mine else frozenset({owner_id}) if owner_id else None
    actions = selectors.action_list(
        request.authority,
        today=today,
        status=status,
        committee_id=committee_id,
        owner_ids=owner_ids,
        overdue=overdue,
        query=query,
    )
    if values["format"]:
        return export_list(
            request,
            values["format"],
            "actions",
            ACTION_HEADER,
            (
                (
                    a.pk,
                    a.title,
                    a.committee.name,
                    a.meeting.date.isoformat(),
                    a.decision.reference if a.decision else "",
                    a.owner_name,
                    a.due_date.isoformat() if a.due_date else "",
                    a.get_status_display(),
                    a.closed_on.isoformat() if a.closed_on else "",
                    a.project.title if a.project else "",
                )
                for a in actions.iterator(chunk_size=2000)
            ),
            sheet=_("Actions"),
        )
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    editor = request_has_perm(request, Perm.EDIT_COMMITTEES)
    for action in page:
        action.can_update = editor or action.owner_agent_id in my_agents
    return render_list(
        request,
        "governance/action_list.html",
        {
            "page_obj": page,
            "filters": filters,
            "status": status,
            "statuses": ActionItem.Status.choices,
            "committee_id": committee_id,
            "owner_id": owner_id,
            "mine": mine,
            "has_agent": bool(my_agents),
            "manage_column": editor or any(a.can_update for a in page),
            "overdue": overdue,
            "query": query,
            "committees": selectors.committee_choices(request.authority),
            "owners": selectors.action_owner_choices(request.authority),
            "filtered": bool(committee_id or owner_id or mine or overdue or query)
            or status != "ouvertes",
        },
        title=_("Mes actions") if mine else _("Suivi des actions"),
        crumb=_("Suivi des actions"),
        nav="committees",
    )
