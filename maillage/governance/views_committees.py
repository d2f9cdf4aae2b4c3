"""Committee pages: list, committee page, forms, members, calendar file."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core import trash
from maillage.core.concurrency import ConcurrentEditError, conflict
from maillage.core.lists import render_list, sort_links
from maillage.core.permissions import Perm, require
from maillage.core.tenancy import get_object_or_404
from maillage.projects.idempotency import create_and_redirect

from . import calendar, selectors, services
from .filters import CommitteeFilterSet
from .forms import CommitteeForm, MemberForm
from .models import Committee, CommitteeMember

PAGE_SIZE = 50
MEETINGS_PAGE_SIZE = 10


def committees_crumb() -> tuple[str, str]:
    return (_("Comités"), reverse("committee_list"))


def committee_crumbs(committee: Committee) -> list[tuple[str, str | None]]:
    return [committees_crumb(), (committee.name, reverse("committee_detail", args=[committee.pk]))]


def form_page(
    request: HttpRequest,
    form,
    title: str,
    breadcrumb: list,
    cancel_url: str,
    intro: str = "",
    extra: dict | None = None,
) -> HttpResponse:
    """A form page; ``extra`` is the context of a 409 answer (``core.concurrency.conflict``)."""
    extra = dict(extra or {})
    status = extra.pop("status", 200)
    return render(
        request,
        "governance/form.html",
        {
            "form": form,
            "intro": intro,
            "cancel_url": cancel_url,
            "page_title": title,
            "breadcrumb": [*breadcrumb, (title, None)],
            "nav": "committees",
            **extra,
        },
        status=status,
    )


def confirm_page(
    request: HttpRequest,
    title: str,
    text: str,
    breadcrumb: list,
    cancel_url: str,
    preview: trash.Preview | None = None,
) -> HttpResponse:
    """``preview``: what goes to the trash with the object, for the deletions that keep it."""
    return render(
        request,
        "governance/confirm_delete.html",
        {
            "text": text,
            "preview": preview,
            "cancel_url": cancel_url,
            "page_title": title,
            "breadcrumb": [*breadcrumb, (_("Supprimer"), None)],
            "nav": "committees",
        },
    )


def paginate(request: HttpRequest, items: QuerySet, param: str, size: int) -> Page:
    """A page of ``items`` read from ``?<param>=`` (``page.param``, which its links set)."""
    page = Paginator(items, size).get_page(request.GET.get(param))
    page.param = param
    return page


# --- Committees ------------------------------------------------------------------------------


@require_GET
@require(Perm.VIEW_COMMITTEES)
def committee_list(request: HttpRequest) -> HttpResponse:
    """Committees, searched and filtered, with their next meeting and open actions."""
    filters = CommitteeFilterSet(request.GET)
    values = filters.values
    query, active, sort = values["q"], values["actif"] or "", values["tri"]
    found = selectors.committee_list(
        request.authority, now=timezone.now(), query=query, active=active, sort=sort
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_list(
        request,
        "governance/committee_list.html",
        {
            "page_obj": page,
            "filters": filters,
            "query": query,
            "active": active,
            "sort": sort,
            "sorting": sort_links(sort, ["nom"]),
            "filtered": bool(query or active),
        },
        title=_("Comités de pilotage"),
        crumb=_("Comités"),
        nav="committees",
    )


@require_GET
@require(Perm.VIEW_COMMITTEES)
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The committee page: members, meetings, open actions, decisions, projects."""
    committee = get_object_or_404(request, Committee, pk=pk)
    now = timezone.now()
    return render(
        request,
        "governance/committee_detail.html",
        {
            "committee": committee,
            **selectors.committee_page(committee, now=now),
            "upcoming": paginate(
                request, selectors.upcoming_meetings(committee, now), "a_venir", MEETINGS_PAGE_SIZE
            ),
            "past": paginate(
                request, selectors.past_meetings(committee, now), "passees", MEETINGS_PAGE_SIZE
            ),
            "page_title": committee.name,
            "breadcrumb": [committees_crumb(), (committee.name, None)],
            "nav": "committees",
        },
    )


def _committee_data(form: CommitteeForm) -> dict[str, object]:
    names = [*services.COMMITTEE_FIELDS, *services.COMMITTEE_LINKS]
    return {name: form.cleaned_data[name] for name in names}


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_COMMITTEES)
def committee_create(request: HttpRequest) -> HttpResponse:
    """Create a committee."""
    data = request.POST if request.method == "POST" else None
    form = CommitteeForm(data, authority=request.authority)
    if data is not None and form.is_valid():
        return create_and_redirect(
            request,
            form,
            lambda: services.create_committee(
                request.authority, by=request.user, data=_committee_data(form)
            ),
            url=lambda committee: reverse("committee_detail", args=[committee.pk]),
            success=lambda committee: (
                _("Comité « %(name)s » créé. Ajoutez maintenant ses membres.")
                % {"name": committee.name}
            ),
        )
    return form_page(
        request,
        form,
        _("Nouveau comité"),
        [committees_crumb()],
        reverse("committee_list"),
        _(
            "Un comité de pilotage réunit services, élus et partenaires autour de l'action "
            "internationale : il prend des décisions et suit les actions jusqu'à leur terme."
        ),
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_COMMITTEES)
def committee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a committee."""
    committee = get_object_or_404(request, Committee, pk=pk)
    crumbs = committee_crumbs(committee)
    data = request.POST if request.method == "POST" else None
    form = CommitteeForm(data, instance=committee, authority=request.authority)
    extra = None
    if data is not None and form.is_valid():
        try:
            services.update_committee(
                committee, by=request.user, data=_committee_data(form), version=form.version
            )
        except ConcurrentEditError as exc:
            form, extra = conflict(request, exc, form)
        else:
            messages.success(
                request, _("Comité « %(name)s » enregistré.") % {"name": committee.name}
            )
            return redirect("committee_detail", pk=pk)
    return form_page(request, form, _("Modifier le comité"), crumbs, crumbs[-1][1], extra=extra)


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_COMMITTEES)
def committee_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then move a committee and everything recorded in it to the trash."""
    committee = get_object_or_404(request, Committee, pk=pk)
    if request.method == "POST":
        services.delete_committee(committee, by=request.user)
        messages.success(
            request,
            _("Comité « %(name)s » placé dans la corbeille.") % {"name": committee.name},
        )
        return redirect("committee_list")
    crumbs = committee_crumbs(committee)
    return confirm_page(
        request,
        _("Supprimer « %(name)s »") % {"name": committee.name},
        _(
            "Le comité « %(name)s », ses membres, ses réunions, son relevé de décisions et ses "
            "actions seront placés dans la corbeille. Pour garder l'historique, décochez plutôt "
            "« actif » dans sa fiche."
        )
        % {"name": committee.name},
        crumbs,
        crumbs[-1][1],
        trash.preview(committee),
    )


@never_cache
@require_GET
@require(Perm.VIEW_COMMITTEES)
def committee_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """The committee's meetings as an iCalendar file, to add to an agenda."""
    committee = get_object_or_404(request, Committee, pk=pk)
    body = calendar.committee_ics(
        committee,
        selectors.committee_meetings(committee),
        host=request.get_host().split(":")[0],
        url=request.build_absolute_uri(reverse("committee_detail", args=[pk])),
        now=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="comite-{committee.pk}.ics"'
    return response


# --- Members ---------------------------------------------------------------------------------


def _member_data(form: MemberForm) -> dict[str, object]:
    return {name: form.cleaned_data[name] for name in services.MEMBER_FIELDS}


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_COMMITTEES)
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an agent, an elected official or an outside person to a committee."""
    committee = get_object_or_404(request, Committee, pk=pk)
    crumbs = committee_crumbs(committee)
    data = request.POST if request.method == "POST" else None
    form = MemberForm(data, authority=request.authority)
    if data is not None and form.is_valid():
        return create_and_redirect(
            request,
            form,
            lambda: services.add_member(committee, by=request.user, data=_member_data(form)),
            url=lambda _member: f"{reverse('committee_detail', args=[pk])}#membres",
            success=lambda member: _("%(name)s ajouté au comité.") % {"name": member.name},
        )
    return form_page(request, form, _("Ajouter un membre"), crumbs, crumbs[-1][1])


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_COMMITTEES)
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a member's role or mandate."""
    member = get_object_or_404(
        request,
        CommitteeMember.objects.select_related("committee", "agent", "elected_official"),
        pk=pk,
    )
    crumbs = committee_crumbs(member.committee)
    data = request.POST if request.method == "POST" else None
    form = MemberForm(data, instance=member, authority=request.authority)
    extra = None
    if data is not None and form.is_valid():
        try:
            services.update_member(
                member, by=request.user, data=_member_data(form), version=form.version
            )
        except ConcurrentEditError as exc:
            form, extra = conflict(request, exc, form)
        else:
            messages.success(request, _("Membre « %(name)s » enregistré.") % {"name": member.name})
            return redirect(f"{crumbs[-1][1]}#membres")
    return form_page(
        request,
        form,
        _("Modifier « %(name)s »") % {"name": member.name},
        crumbs,
        crumbs[-1][1],
        extra=extra,
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_COMMITTEES)
def member_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then remove a member from a committee."""
    member = get_object_or_404(
        request,
        CommitteeMember.objects.select_related("committee", "agent", "elected_official"),
        pk=pk,
    )
    crumbs = committee_crumbs(member.committee)
    if request.method == "POST":
        services.remove_member(member, by=request.user)
        messages.success(request, _("%(name)s retiré du comité.") % {"name": member.name})
        return redirect(f"{crumbs[-1][1]}#membres")
    return confirm_page(
        request,
        _("Retirer « %(name)s »") % {"name": member.name},
        _(
            "%(name)s ne sera plus membre du comité « %(committee)s » ; ses présences aux "
            "réunions passées seront effacées."
        )
        % {"name": member.name, "committee": member.committee.name},
        crumbs,
        crumbs[-1][1],
    )
