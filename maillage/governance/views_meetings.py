"""Meeting pages: the meeting, its agenda, attendance, decisions and action items."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core import trash
from maillage.core.concurrency import ConcurrentEditError, conflict
from maillage.core.permissions import Perm, check, request_has_perm, require
from maillage.core.tenancy import get_object_or_404
from maillage.core.wording import long_date
from maillage.organisation.rules import own_agent_ids
from maillage.projects.idempotency import create_and_redirect

from . import selectors, services
from .forms import (
    ActionForm,
    ActionStatusForm,
    AgendaItemForm,
    DecisionForm,
    MeetingForm,
    attendance_statuses,
    default_due,
)
from .models import ActionItem, AgendaItem, Attendance, Committee, Decision, Meeting
from .views_committees import committee_crumbs, confirm_page, form_page


def meeting_label(meeting: Meeting) -> str:
    return _("Réunion du %(date)s") % {
        "date": long_date(timezone.localtime(meeting.starts_at).date())
    }


def meeting_crumbs(meeting: Meeting) -> list[tuple[str, str | None]]:
    return [
        *committee_crumbs(meeting.committee),
        (meeting_label(meeting), reverse("meeting_detail", args=[meeting.pk])),
    ]


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    return get_object_or_404(
        request, Meeting.objects.select_related("committee", "authority"), pk=pk
    )


# --- Meetings --------------------------------------------------------------------------------


def _meeting_data(form: MeetingForm) -> dict[str, object]:
    return {name: form.cleaned_data[name] for name in services.MEETING_FIELDS}


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_COMMITTEES)
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Plan a meeting of a committee (or record a past one)."""
    committee = get_object_or_404(request, Committee, pk=pk)
    crumbs = committee_crumbs(committee)
    data = request.POST if request.method == "POST" else None
    form = MeetingForm(data)
    if data is not None and form.is_valid():
        return create_and_redirect(
            request,
            form,
            lambda: services.create_meeting(committee, by=request.user, data=_meeting_data(form)),
            url=lambda meeting: reverse("meeting_detail", args=[meeting.pk]),
            success=lambda meeting: (
                _("%(meeting)s enregistrée. Préparez son ordre du jour.")
                % {"meeting": meeting_label(meeting)}
            ),
        )
    return form_page(request, form, _("Nouvelle réunion"), crumbs, crumbs[-1][1])


@require_GET
@require(Perm.VIEW_COMMITTEES)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A meeting: agenda, attendance, minutes, decisions, actions created and carried."""
    meeting = _meeting(request, pk)
    crumbs = meeting_crumbs(meeting)
    context = selectors.meeting_page(meeting)
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "committee": meeting.committee,
            **context,
            "attendance_choices": Attendance.Status.choices,
            "page_title": f"{meeting.committee.name} — {meeting_label(meeting)}",
            "breadcrumb": [*crumbs[:-1], (crumbs[-1][0], None)],
            "nav": "committees",
        },
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_COMMITTEES)
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a meeting: date, place, status, minutes."""
    meeting = _meeting(request, pk)
    crumbs = meeting_crumbs(meeting)
    data = request.POST if request.method == "POST" else None
    form = MeetingForm(data, instance=meeting)
    extra = None
    if data is not None and form.is_valid():
        try:
            services.update_meeting(
                meeting, by=request.user, data=_meeting_data(form), version=form.version
            )
        except ConcurrentEditError as exc:
            form, extra = conflict(request, exc, form)
        else:
            messages.success(request, _("Réunion enregistrée."))
            return redirect("meeting_detail", pk=pk)
    return form_page(request, form, _("Modifier la réunion"), crumbs, crumbs[-1][1], extra=extra)


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_COMMITTEES)
def meeting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then move a meeting and what was recorded in it to the trash."""
    meeting = _meeting(request, pk)
    crumbs = meeting_crumbs(meeting)
    if request.method == "POST":
        services.delete_meeting(meeting, by=request.user)
        messages.success(request, _("Réunion placée dans la corbeille."))
        return redirect("committee_detail", pk=meeting.committee_id)
    return confirm_page(
        request,
        _("Supprimer la réunion"),
        _(
            "La %(meeting)s, son ordre du jour, les présences, les décisions prises et les "
            "actions décidées ce jour-là seront placés dans la corbeille."
        )
        % {"meeting": meeting_label(meeting).lower()},
        crumbs,
        crumbs[-1][1],
        trash.preview(meeting),
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_COMMITTEES)
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendance sheet: present, excused or absent, per member."""
    meeting = _meeting(request, pk)
    crumbs = meeting_crumbs(meeting)
    members = selectors.members_of(meeting.committee)
    if request.method == "POST":
        statuses = attendance_statuses(members, request.POST)
        services.record_attendance(meeting, by=request.user, statuses=statuses)
        messages.success(request, _("Feuille de présence enregistrée."))
        return redirect(f"{reverse('meeting_detail', args=[pk])}#presences")
    current = dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "status"))
    for member in members:
        member.attendance = current.get(member.pk, "")
    title = _("Feuille de présence")
    return render(
        request,
        "governance/attendance.html",
        {
            "meeting": meeting,
            "members": members,
            "choices": Attendance.Status.choices,
            "cancel_url": crumbs[-1][1],
            "page_title": title,
            "breadcrumb": [*crumbs, (title, None)],
            "nav": "committees",
        },
    )


# --- Agenda ----------------------------------------------------------------------------------


def _agenda_data(form: AgendaItemForm) -> dict[str, object]:
    return {name: form.cleaned_data[name] for name in services.AGENDA_FIELDS}


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_COMMITTEES)
def agenda_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an item to the agenda of a meeting."""
    meeting = _meeting(request, pk)
    crumbs = meeting_crumbs(meeting)
    data = request.POST if request.method == "POST" else None
    form = AgendaItemForm(data, authority=request.authority)
    if data is not None and form.is_valid():
        return create_and_redirect(
            request,
            form,
            lambda: services.add_agenda_item(meeting, by=request.user, data=_agenda_data(form)),
            url=lambda _item: f"{crumbs[-1][1]}#ordre-du-jour",
            success=lambda _item: _("Point ajouté à l'ordre du jour."),
        )
    return form_page(request, form, _("Ajouter un point à l'ordre du jour"), crumbs, crumbs[-1][1])


def _agenda_item(request: HttpRequest, pk: int) -> AgendaItem:
    return get_object_or_404(
        request,
        AgendaItem.objects.select_related("meeting__committee", "meeting__authority"),
        field="meeting__authority",
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_COMMITTEES)
def agenda_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit an agenda item."""
    item = _agenda_item(request, pk)
    crumbs = meeting_crumbs(item.meeting)
    data = request.POST if request.method == "POST" else None
    form = AgendaItemForm(data, instance=item, authority=request.authority)
    extra = None
    if data is not None and form.is_valid():
        try:
            services.update_agenda_item(
                item, by=request.user, data=_agenda_data(form), version=form.version
            )
        except ConcurrentEditError as exc:
            form, extra = conflict(request, exc, form)
        else:
            messages.success(request, _("Point de l'ordre du jour enregistré."))
            return redirect(f"{crumbs[-1][1]}#ordre-du-jour")
    return form_page(request, form, _("Modifier le point"), crumbs, crumbs[-1][1], extra=extra)


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_COMMITTEES)
def agenda_item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then remove an agenda item."""
    item = _agenda_item(request, pk)
    crumbs = meeting_crumbs(item.meeting)
    if request.method == "POST":
        services.delete_agenda_item(item, by=request.user)
        messages.success(request, _("Point retiré de l'ordre du jour."))
        return redirect(f"{crumbs[-1][1]}#ordre-du-jour")
    return confirm_page(
        request,
        _("Retirer le point « %(title)s »") % {"title": item.title},
        _("Le point « %(title)s » sera retiré de l'ordre du jour.") % {"title": item.title},
        crumbs,
        crumbs[-1][1],
    )


# --- Decisions -------------------------------------------------------------------------------


def _decision_data(form: DecisionForm) -> dict[str, object]:
    return {name: form.cleaned_data[name] for name in services.DECISION_FIELDS}


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_COMMITTEES)
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a decision taken in a meeting; it gets the next number of the register."""
    meeting = _meeting(request, pk)
    crumbs = meeting_crumbs(meeting)
    data = request.POST if request.method == "POST" else None
    form = DecisionForm(data, authority=request.authority, initial={"decided_on": meeting.date})
    if data is not None and form.is_valid():
        return create_and_redirect(
            request,
            form,
            lambda: services.add_decision(meeting, by=request.user, data=_decision_data(form)),
            url=lambda _decision: f"{crumbs[-1][1]}#decisions",
            success=lambda decision: (
                _("Décision n° %(ref)s enregistrée.") % {"ref": decision.reference}
            ),
        )
    return form_page(request, form, _("Nouvelle décision"), crumbs, crumbs[-1][1])


def _decision(request: HttpRequest, pk: int) -> Decision:
    return get_object_or_404(
        request,
        Decision.objects.select_related("meeting__committee", "authority"),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_COMMITTEES)
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a decision (its number stays)."""
    decision = _decision(request, pk)
    crumbs = meeting_crumbs(decision.meeting)
    data = request.POST if request.method == "POST" else None
    form = DecisionForm(data, instance=decision, authority=request.authority)
    extra = None
    if data is not None and form.is_valid():
        try:
            services.update_decision(
                decision, by=request.user, data=_decision_data(form), version=form.version
            )
        except ConcurrentEditError as exc:
            form, extra = conflict(request, exc, form)
        else:
            messages.success(
                request, _("Décision n° %(ref)s enregistrée.") % {"ref": decision.reference}
            )
            return redirect(f"{crumbs[-1][1]}#decisions")
    return form_page(
        request,
        form,
        _("Modifier la décision n° %(ref)s") % {"ref": decision.reference},
        crumbs,
        crumbs[-1][1],
        extra=extra,
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_COMMITTEES)
def decision_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then delete a decision recorded by mistake."""
    decision = _decision(request, pk)
    crumbs = meeting_crumbs(decision.meeting)
    if request.method == "POST":
        services.delete_decision(decision, by=request.user)
        messages.success(request, _("Décision n° %(ref)s supprimée.") % {"ref": decision.reference})
        return redirect(f"{crumbs[-1][1]}#decisions")
    return confirm_page(
        request,
        _("Supprimer la décision n° %(ref)s") % {"ref": decision.reference},
        _(
            "La décision n° %(ref)s sera retirée du relevé de décisions ; son numéro ne sera pas "
            "réattribué. Les actions qui en découlent sont conservées."
        )
        % {"ref": decision.reference},
        crumbs,
        crumbs[-1][1],
    )


# --- Action items ----------------------------------------------------------------------------


def _action_data(form: ActionForm) -> dict[str, object]:
    return {name: form.cleaned_data[name] for name in services.ACTION_FIELDS}


def _action(request: HttpRequest, pk: int) -> ActionItem:
    return get_object_or_404(
        request,
        ActionItem.objects.select_related("meeting__committee", "meeting__authority", "authority"),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_COMMITTEES)
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an action decided in a meeting: owner, due date, status."""
    meeting = _meeting(request, pk)
    crumbs = meeting_crumbs(meeting)
    data = request.POST if request.method == "POST" else None
    initial = {"due_date": default_due(meeting.date), "status": ActionItem.Status.OPEN}
    form = ActionForm(data, meeting=meeting, initial=initial)
    if data is not None and form.is_valid():
        return create_and_redirect(
            request,
            form,
            lambda: services.create_action(meeting, by=request.user, data=_action_data(form)),
            url=lambda _action: f"{crumbs[-1][1]}#actions",
            success=lambda action: _("Action « %(title)s » enregistrée.") % {"title": action.title},
        )
    return form_page(request, form, _("Nouvelle action"), crumbs, crumbs[-1][1])


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_COMMITTEES)
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit an action item."""
    action = _action(request, pk)
    crumbs = meeting_crumbs(action.meeting)
    data = request.POST if request.method == "POST" else None
    form = ActionForm(data, instance=action, meeting=action.meeting)
    extra = None
    if data is not None and form.is_valid():
        try:
            services.update_action(
                action, by=request.user, data=_action_data(form), version=form.version
            )
        except ConcurrentEditError as exc:
            form, extra = conflict(request, exc, form)
        else:
            messages.success(
                request, _("Action « %(title)s » enregistrée.") % {"title": action.title}
            )
            if request.GET.get("retour") == "actions":
                return redirect("action_list")
            return redirect(f"{crumbs[-1][1]}#actions")
    return form_page(request, form, _("Modifier l'action"), crumbs, crumbs[-1][1], extra=extra)


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_COMMITTEES)
def action_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then delete an action item recorded by mistake."""
    action = _action(request, pk)
    crumbs = meeting_crumbs(action.meeting)
    if request.method == "POST":
        services.delete_action(action, by=request.user)
        messages.success(request, _("Action « %(title)s » supprimée.") % {"title": action.title})
        return redirect(f"{crumbs[-1][1]}#actions")
    return confirm_page(
        request,
        _("Supprimer l'action"),
        _(
            "L'action « %(title)s » sera supprimée définitivement. Pour une action qui ne se "
            "fera pas, préférez l'état « Abandonnée » : elle reste dans l'historique."
        )
        % {"title": action.title},
        crumbs,
        crumbs[-1][1],
    )


@require_http_methods(["GET", "POST"])
@require(Perm.VIEW_COMMITTEES)
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the state of an action: the DRI, or the agent in charge of it."""
    # A user with no agent record owns no action: refused (403) before the lookup.
    if not request_has_perm(request, Perm.EDIT_COMMITTEES) and not own_agent_ids(request):
        raise PermissionDenied
    action = _action(request, pk)
    if not check(request, "governance.update_action", action):
        raise PermissionDenied
    crumbs = meeting_crumbs(action.meeting)
    data = request.POST if request.method == "POST" else None
    form = ActionStatusForm(data, initial={"status": action.status})
    if data is not None and form.is_valid():
        services.set_action_status(action, status=form.cleaned_data["status"], by=request.user)
        if action.closed_on:
            message = _("Action « %(title)s » clôturée le %(date)s.") % {
                "title": action.title,
                "date": long_date(action.closed_on),
            }
        else:
            message = _("Action « %(title)s » : %(status)s.") % {
                "title": action.title,
                "status": action.get_status_display().lower(),
            }
        messages.success(request, message)
        if request.GET.get("retour") == "actions":
            return redirect("action_list")
        return redirect(f"{crumbs[-1][1]}#actions")
    return form_page(
        request,
        form,
        _("État de l'action « %(title)s »") % {"title": action.title},
        crumbs,
        crumbs[-1][1],
        _(
            "Une action réalisée ou abandonnée est clôturée à la date du jour ; elle n'est plus "
            "reportée aux réunions suivantes."
        ),
    )
