"""The référent network: its page, exports and mailing list; designate, replace, end."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core.concurrency import ConcurrentEditError
from maillage.core.filters import bad_filters
from maillage.core.lists import export_list, page_context, render_list, sort_links
from maillage.core.permissions import Perm, request_has_perm, require
from maillage.core.tenancy import get_object_or_404
from maillage.core.wording import long_date

from . import selectors_referents as selectors
from . import services
from .filters import ReferentNetworkFilterSet
from .forms import DesignateReferentForm, EndReferentForm, ReplaceReferentForm, add_service_errors
from .models import Referent, Service

PAGE_SIZE = 50

EXPORT_HEADER = ("direction", "service", "qualite", "nom", "prenom", "courriel", "debut", "fin")


def _network_crumbs() -> list[tuple[str, str | None]]:
    return [(_("Réseau des référents"), reverse("referent_network"))]


def _back(request: HttpRequest, service_id: int) -> str:
    """Where to go after a change: the page the form was opened from, else the service page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("service_detail", args=[service_id])


def _service_crumbs(service: Service, label: str) -> list[tuple[str, str | None]]:
    return [
        *_network_crumbs(),
        (service.name, reverse("service_detail", args=[service.pk])),
        (label, None),
    ]


# --- The network -----------------------------------------------------------------------------


@never_cache
@require_GET
@require(Perm.VIEW_ORGANISATION)
def referent_network(request: HttpRequest) -> HttpResponse:
    """Every active service with its current holder and substitute; search, filter, sort;
    ``?format=csv`` or ``?format=xlsx`` exports it, one row per current référent."""
    filters = ReferentNetworkFilterSet(request.GET)
    values = filters.values
    if values["format"]:
        if filters.errors:
            return bad_filters(filters)
        rows = _export_rows(_network_rows(request, filters))
        return export_list(
            request, values["format"], "referents", EXPORT_HEADER, rows, sheet=_("Référents")
        )
    services_qs = selectors.referent_network(
        request.authority,
        query=values["q"],
        without_referent=values["sans_referent"],
        sort=values["tri"],
    )
    page = Paginator(services_qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.network_rows(request.authority, page.object_list)
    return render_list(
        request,
        "organisation/referent_network.html",
        {
            "page_obj": page,
            "filters": filters,
            "query": values["q"],
            "without_referent": values["sans_referent"],
            "sort": values["tri"],
            "sorting": sort_links(values["tri"], ["service"]),
            "can_manage": request_has_perm(request, Perm.MANAGE_REFERENTS),
        },
        title=_("Réseau des référents"),
        nav="referents",
    )


def _network_rows(request: HttpRequest, filters: ReferentNetworkFilterSet):
    values = filters.values
    services_qs = selectors.referent_network(
        request.authority,
        query=values["q"],
        without_referent=values["sans_referent"],
        sort=values["tri"],
    )
    return selectors.network_rows(request.authority, services_qs.iterator(chunk_size=2000))


def _export_rows(rows: list[selectors.NetworkRow]):
    for row in rows:
        if not row.referents:
            yield (row.direction, row.service.name, "", "", "", "", "", "")
        for r in row.referents:
            yield (
                row.direction,
                row.service.name,
                r.get_kind_display(),
                r.agent.last_name,
                r.agent.first_name,
                r.agent.email,
                r.start.isoformat(),
                r.end.isoformat() if r.end else "",
            )


@never_cache
@require_GET
@require(Perm.VIEW_ORGANISATION)
def referent_mailing_list(request: HttpRequest) -> HttpResponse:
    """The current référents' addresses, separated by ";", to paste into a message."""
    filters = ReferentNetworkFilterSet(request.GET)
    addresses, missing = selectors.mailing_list(_network_rows(request, filters))
    return render(
        request,
        "organisation/referent_mailing_list.html",
        {
            "filters": filters,
            "addresses": "; ".join(addresses),
            "address_count": len(addresses),
            "missing": missing,
            **page_context(
                _("Liste de diffusion des référents"),
                nav="referents",
                parents=_network_crumbs(),
            ),
        },
    )


# --- Designate, replace, end -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@require(Perm.MANAGE_REFERENTS)
def referent_designate(request: HttpRequest, pk: int) -> HttpResponse:
    """Designate a référent (holder or substitute) of the service."""
    service = get_object_or_404(request, Service.objects.filter(active=True), pk=pk)
    form = DesignateReferentForm(request.POST or None, authority=request.authority, service=service)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referent = services.designate_referent(
                service,
                by=request.user,
                agent=data["agent"],
                kind=data["kind"],
                start=data["start"],
                end=data["end"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Désignation enregistrée : %(agent)s, %(kind)s de « %(service)s » "
                    "à partir du %(date)s."
                )
                % {
                    "agent": referent.agent,
                    "kind": referent.get_kind_display().lower(),
                    "service": service.name,
                    "date": long_date(referent.start),
                },
            )
            return redirect(_back(request, service.pk))
    return render(
        request,
        "organisation/referent_designate.html",
        {
            "form": form,
            "service": service,
            "next": _back(request, service.pk),
            **page_context(
                _("Désigner un référent"),
                nav="referents",
                parents=_service_crumbs(service, _("Désigner un référent"))[:-1],
            ),
        },
    )


def _current_referent(request: HttpRequest, pk: int) -> Referent:
    return get_object_or_404(request, Referent.objects.select_related("agent", "service"), pk=pk)


def _mandate_page(
    request: HttpRequest, template: str, title: str, form: Form, referent: Referent
) -> HttpResponse:
    """The page of a form acting on one mandate (replace, end), under its service."""
    return render(
        request,
        template,
        {
            "form": form,
            "referent": referent,
            "service": referent.service,
            "next": _back(request, referent.service_id),
            **page_context(
                title, nav="referents", parents=_service_crumbs(referent.service, "")[:-1]
            ),
        },
    )


def _changed_meanwhile(
    request: HttpRequest, exc: ConcurrentEditError, form_class: type[Form], referent: Referent
) -> tuple[Referent, Form]:
    """The mandate changed since the form was opened: nothing was written. The page shows the
    mandate as it is now, with what the user typed, on the new version: saving again is a
    deliberate choice."""
    referent = _current_referent(request, referent.pk)
    data = request.POST.copy()
    data["version"] = str(referent.version)
    kwargs = {"authority": request.authority} if form_class is ReplaceReferentForm else {}
    form = form_class(data, referent=referent, **kwargs)
    form.is_valid()
    form.add_error(
        None,
        _(
            "Ce mandat a été modifié par %(who)s à %(when)s pendant votre saisie : rien n'a été "
            "enregistré. Vérifiez le mandat tel qu'il est maintenant, puis validez à nouveau."
        )
        % exc.who_and_when,
    )
    return referent, form


@require_http_methods(["GET", "POST"])
@require(Perm.MANAGE_REFERENTS)
def referent_replace(request: HttpRequest, pk: int) -> HttpResponse:
    """Another agent takes over the mandate from a date; the current one ends the day before."""
    referent = _current_referent(request, pk)
    form = ReplaceReferentForm(request.POST or None, authority=request.authority, referent=referent)
    if request.method == "POST" and form.is_valid():
        try:
            successor = services.replace_referent(
                referent,
                by=request.user,
                agent=form.cleaned_data["agent"],
                start=form.cleaned_data["start"],
                version=form.cleaned_data["version"],
            )
        except ConcurrentEditError as exc:
            referent, form = _changed_meanwhile(request, exc, ReplaceReferentForm, referent)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(agent)s remplace %(previous)s à partir du %(date)s.")
                % {
                    "agent": successor.agent,
                    "previous": referent.agent,
                    "date": long_date(successor.start),
                },
            )
            return redirect(_back(request, referent.service_id))
    return _mandate_page(
        request, "organisation/referent_replace.html", _("Remplacer un référent"), form, referent
    )


@require_http_methods(["GET", "POST"])
@require(Perm.MANAGE_REFERENTS)
def referent_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End the mandate on a date, after confirmation; the mandate stays in the history."""
    referent = _current_referent(request, pk)
    form = EndReferentForm(request.POST or None, referent=referent)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_referent(
                referent,
                by=request.user,
                end=form.cleaned_data["end"],
                version=form.cleaned_data["version"],
            )
        except ConcurrentEditError as exc:
            referent, form = _changed_meanwhile(request, exc, EndReferentForm, referent)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Le mandat de %(agent)s prend fin le %(date)s.")
                % {"agent": referent.agent, "date": long_date(form.cleaned_data["end"])},
            )
            return redirect(_back(request, referent.service_id))
    return _mandate_page(
        request, "organisation/referent_end.html", _("Mettre fin au mandat"), form, referent
    )
