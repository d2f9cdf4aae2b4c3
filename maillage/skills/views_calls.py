"""Calls for competences: the project's tab, the calls, volunteering, inviting, and each answer
followed step by step by the agent, their manager and the DRI."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core.lists import render_list
from maillage.core.permissions import (
    Perm,
    check,
    request_has_perm,
    require,
)
from maillage.core.tenancy import get_object_or_404
from maillage.projects.models import Project
from maillage.projects.registry.services import awaits_referent

from . import selectors, selectors_calls, services
from .filters import CallListFilterSet
from .forms import CallForm, DecisionForm, MessageForm
from .models import CallResponse, Profile, SkillCall

PAGE_SIZE = 25


def _project(request: HttpRequest, pk: int) -> Project:
    return get_object_or_404(request, Project.objects.select_related("lead_service"), pk=pk)


def _call(request: HttpRequest, pk: int) -> SkillCall:
    return get_object_or_404(
        request,
        SkillCall.objects.select_related(
            "project", "language", "min_level", "country", "created_by"
        ),
        pk=pk,
    )


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _call_crumbs(call: SkillCall, label: str | None = None) -> list[tuple[str, str | None]]:
    crumbs = [
        (_("Projets"), reverse("project_list")),
        (call.project.title, reverse("project_detail", args=[call.project_id])),
        (_("Compétences"), reverse("project_skills", args=[call.project_id])),
    ]
    if label is None:
        return [*crumbs, (call.title, None)]
    return [*crumbs, (call.title, reverse("call_detail", args=[call.pk])), (label, None)]


def _next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# --- The project's tab ------------------------------------------------------------------------


@require_GET
@require(Perm.VIEW_PROJECTS)
def project_skills(request: HttpRequest, pk: int) -> HttpResponse:
    """Competences tab of a project: its calls, and who could help (with the reasons)."""
    project = _project(request, pk)
    title = _("Compétences")
    return render(
        request,
        "skills/project_skills.html",
        {
            "project": project,
            "active_tab": "skills",
            "calls": selectors_calls.project_calls(project),
            "suggestions": selectors_calls.project_suggestions(request, project),
            "page_title": f"{title} — {project.title}",
            "breadcrumb": [
                (_("Projets"), reverse("project_list")),
                (project.title, reverse("project_detail", args=[project.pk])),
                (title, None),
            ],
            "nav": "projects",
        },
    )


# --- Calls ------------------------------------------------------------------------------------


@require_GET
@require(Perm.VIEW_SKILLS)
def call_list(request: HttpRequest) -> HttpResponse:
    """Open calls for competences (``?statut=clos`` for the closed ones)."""
    closed = CallListFilterSet(request.GET).values["statut"]
    status = SkillCall.Status.CLOSED if closed else SkillCall.Status.OPEN
    page = Paginator(selectors_calls.call_list(request, status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    agent = selectors.request_agent(request)
    return render_list(
        request,
        "skills/call_list.html",
        {
            "page_obj": page,
            "closed": closed,
            "page_params": {"statut": "clos"} if closed else {},
            "my_calls": selectors_calls.calls_for_agent(
                agent, Profile.objects.filter(agent=agent).first(), limit=20
            )
            if agent is not None and not closed
            else None,
        },
        title=_("Appels à compétences"),
        nav="skills",
        has_results_partial=False,
    )


@require_GET
@require(Perm.VIEW_SKILLS)
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A call: the need, its criteria, and the answers the user may follow."""
    call = _call(request, pk)
    manage = request_has_perm(request, Perm.MANAGE_CALLS)
    agent = selectors.request_agent(request)
    responses = selectors_calls.responses_for(request, call, manage)
    mine = next((r for r in responses if agent and r.agent_id == agent.pk), None)
    context: dict[str, Any] = {
        "call": call,
        **selectors_calls.call_detail(call),
        "responses": responses,
        "my_response": mine,
        "can_volunteer": agent is not None
        and call.is_open
        and mine is None
        and selectors_calls.call_open_to(call, agent),
        "manage": manage,
        "page_title": call.title,
        "breadcrumb": _call_crumbs(call),
        "nav": "projects",
    }
    if manage:
        context["search_url"] = f"{reverse('skills_search')}?{urlencode({'appel': call.pk})}"
    return render(request, "skills/call_detail.html", context)


def _call_form(request: HttpRequest, data=None, instance: SkillCall | None = None) -> CallForm:
    choices = selectors.search_choices()
    return CallForm(
        data,
        instance=instance,
        authority=request.authority,
        area_choices=choices["policy_areas"],
        tag_suggestions=selectors.tag_suggestions(request.authority),
    )


@require_http_methods(["GET", "POST"])
@require(Perm.MANAGE_CALLS)
def call_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a call for competences on a project."""
    project = _project(request, pk)
    form = _call_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.create_call(
                project, by=request.user, data=form.call_data(), tags=form.cleaned_data["tags"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Appel à compétences ouvert."))
            return redirect("call_detail", call.pk)
    return render(
        request,
        "skills/call_form.html",
        {
            "form": form,
            "project": project,
            "page_title": _("Nouvel appel à compétences"),
            "breadcrumb": [
                (_("Projets"), reverse("project_list")),
                (project.title, reverse("project_detail", args=[project.pk])),
                (_("Compétences"), reverse("project_skills", args=[project.pk])),
                (_("Nouvel appel"), None),
            ],
            "nav": "projects",
        },
    )


@require_http_methods(["GET", "POST"])
@require(Perm.MANAGE_CALLS)
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a call for competences."""
    call = _call(request, pk)
    form = _call_form(request, request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_call(
                call, by=request.user, data=form.call_data(), tags=form.cleaned_data["tags"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Appel enregistré."))
            return redirect("call_detail", call.pk)
    return render(
        request,
        "skills/call_form.html",
        {
            "form": form,
            "project": call.project,
            "call": call,
            "page_title": _("Modifier l'appel"),
            "breadcrumb": _call_crumbs(call, _("Modifier")),
            "nav": "projects",
        },
    )


@require_http_methods(["GET", "POST"])
@require(Perm.MANAGE_CALLS)
def call_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the call, or open it again, after confirmation."""
    call = _call(request, pk)
    target = SkillCall.Status.OPEN if not call.is_open else SkillCall.Status.CLOSED
    if request.method == "POST":
        services.set_call_status(call, by=request.user, status=target)
        messages.success(
            request, _("Appel clos.") if target == SkillCall.Status.CLOSED else _("Appel rouvert.")
        )
        return redirect("call_detail", call.pk)
    label = _("Clore l'appel") if call.is_open else _("Rouvrir l'appel")
    return render(
        request,
        "skills/call_status.html",
        {
            "call": call,
            "label": label,
            "page_title": label,
            "breadcrumb": _call_crumbs(call, label),
            "nav": "projects",
        },
    )


@require_http_methods(["GET", "POST"])
@require(Perm.VIEW_SKILLS)
def call_volunteer(request: HttpRequest, pk: int) -> HttpResponse:
    """An agent offers to answer a call, with an optional message."""
    agent = selectors.request_agent(request)
    if agent is None:
        # Only an agent of the authority can volunteer: refused before looking the call up.
        raise PermissionDenied
    call = _call(request, pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer(
                call,
                agent=agent,
                by=request.user,
                message=form.cleaned_data["message"],
                base_url=_base_url(request),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Merci ! Votre responsable est sollicité pour donner son accord."),
            )
            return redirect("call_detail", call.pk)
    return render(
        request,
        "skills/call_volunteer.html",
        {
            "call": call,
            "form": form,
            "open_to_me": selectors_calls.call_open_to(call, agent),
            "managers": selectors.manager_users(agent),
            "page_title": _("Me proposer"),
            "breadcrumb": _call_crumbs(call, _("Me proposer")),
            "nav": "projects",
        },
    )


@require_http_methods(["GET", "POST"])
@require(Perm.MANAGE_CALLS)
def call_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """The DRI invites the agent of a published profile (``?profil=<id>``) to answer a call."""
    call = _call(request, pk)
    profile = _invitable(request, request.POST.get("profil") or request.GET.get("profil"))
    form = MessageForm(request.POST or None)
    back = _next(request, reverse("call_detail", args=[call.pk]))
    if request.method == "POST" and profile is not None and form.is_valid():
        try:
            services.invite(
                call,
                profile=profile,
                by=request.user,
                message=form.cleaned_data["message"],
                base_url=_base_url(request),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Invitation envoyée à %(agent)s.") % {"agent": profile.agent}
            )
            return redirect(back)
    return render(
        request,
        "skills/call_invite.html",
        {
            "call": call,
            "profile": profile,
            "form": form,
            "next": back,
            "search_url": f"{reverse('skills_search')}?{urlencode({'appel': call.pk})}",
            "page_title": _("Inviter un agent"),
            "breadcrumb": _call_crumbs(call, _("Inviter un agent")),
            "nav": "projects",
        },
    )


def _invitable(request: HttpRequest, raw: str | None) -> Profile | None:
    """A published profile the DRI may see, from the request (None if absent or hidden)."""
    try:
        pk = int(raw or 0)
    except ValueError:
        return None
    if not pk:
        return None
    profile = selectors.with_entries(selectors.published_visible(request)).filter(pk=pk).first()
    if profile is None or not check(request, "skills.see_profile", profile):
        return None
    return profile


# --- One answer -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@require(Perm.VIEW_SKILLS)
def call_response(request: HttpRequest, pk: int) -> HttpResponse:
    """An answer to a call with its dated steps; the agent answers, the manager decides."""
    manage = request_has_perm(request, Perm.MANAGE_CALLS)
    agent = selectors.request_agent(request)
    if not manage and agent is None:
        # Answers concern an agent and their managers (agents too) or the DRI.
        raise PermissionDenied
    response = get_object_or_404(
        request,
        CallResponse.objects.select_related(
            "call__project", "agent__service", "decided_by", "call__created_by"
        ),
        pk=pk,
    )
    is_agent = agent is not None and response.agent_id == agent.pk
    # Without any manager on record (no head, no référent), the DRI decides in their place.
    is_manager = check(request, "skills.decide_response", response) or (
        manage
        and not is_agent
        and response.status == CallResponse.Status.ACCEPTED
        and not selectors.manager_users(response.agent)
    )
    if not (manage or is_agent or is_manager):
        raise PermissionDenied
    message_form = MessageForm(request.POST or None) if is_agent else None
    decision_form = (
        DecisionForm(request.POST if request.POST.get("action") == "decide" else None)
        if is_manager
        else None
    )
    if request.method == "POST":
        done = _act(request, response, is_agent, is_manager, message_form, decision_form)
        if done:
            return redirect(_next(request, reverse("call_response", args=[response.pk])))
    return render(
        request,
        "skills/response_detail.html",
        {
            "response": response,
            "call": response.call,
            "steps": selectors_calls.response_with_steps(response),
            "is_agent": is_agent,
            "is_manager": is_manager,
            "message_form": message_form,
            "decision_form": decision_form,
            "page_title": _("Réponse de %(agent)s") % {"agent": response.agent},
            "breadcrumb": _call_crumbs(response.call, str(response.agent)),
            "nav": "projects",
        },
    )


def _act(
    request: HttpRequest,
    response: CallResponse,
    is_agent: bool,
    is_manager: bool,
    message_form: MessageForm | None,
    decision_form: DecisionForm | None,
) -> bool:
    """Apply the posted action; True when done (a message says what happened)."""
    action = request.POST.get("action", "")
    base_url = _base_url(request)
    try:
        if is_agent and action in {"accept", "decline", "withdraw"}:
            if not message_form.is_valid():
                return False
            comment = message_form.cleaned_data["message"]
            if action == "accept":
                services.accept(response, by=request.user, comment=comment, base_url=base_url)
                messages.success(
                    request, _("Merci ! Votre responsable est sollicité pour donner son accord.")
                )
            elif action == "decline":
                services.decline(response, by=request.user, comment=comment, base_url=base_url)
                messages.success(request, _("Invitation déclinée."))
            else:
                services.withdraw(response, by=request.user, base_url=base_url)
                messages.success(request, _("Votre réponse est retirée."))
            return True
        if is_manager and action == "decide":
            if not decision_form.is_valid():
                return False
            comment = decision_form.cleaned_data["comment"]
            if decision_form.cleaned_data["decision"] == "approve":
                services.approve(response, by=request.user, comment=comment, base_url=base_url)
                messages.success(
                    request,
                    _("Accord donné : %(agent)s est mobilisé sur le projet.")
                    % {"agent": response.agent},
                )
                if awaits_referent(response.mobilisation):
                    messages.warning(
                        request,
                        _(
                            "La mobilisation du service %(service)s sur ce projet attend la "
                            "confirmation de son référent : l'agent y est ajouté avec ses "
                            "jours, le référent confirmera la participation du service."
                        )
                        % {"service": response.mobilisation.service},
                    )
            else:
                services.refuse(response, by=request.user, comment=comment, base_url=base_url)
                messages.success(request, _("Refus enregistré ; l'agent et la DRI sont prévenus."))
            return True
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return True
    raise PermissionDenied
