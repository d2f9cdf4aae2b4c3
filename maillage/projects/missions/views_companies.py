"""Pages of the company directory: the list, a company's form, its deletion and the SIRENE
import."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core.concurrency import ConcurrentEditError, conflict
from maillage.core.lists import render_list, sort_links
from maillage.core.permissions import Perm, require
from maillage.core.tenancy import get_object_or_404
from maillage.projects.filters import CompanyFilterSet
from maillage.projects.idempotency import create_and_redirect
from maillage.projects.missions import selectors
from maillage.projects.missions import services as missions
from maillage.projects.missions.forms import CompanyForm, CompanyImportForm
from maillage.projects.missions.sirene import plan_import, read_sirene
from maillage.projects.models import Company

PAGE_SIZE = 50


def _crumbs(*more: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("Annuaire des entreprises"), reverse("company_list")), *more]


@require_GET
@require(Perm.VIEW_PROJECTS)
def company_list(request: HttpRequest) -> HttpResponse:
    """The authority's companies, searched by name, SIREN, town or activity."""
    filters = CompanyFilterSet(request.GET)
    values = filters.values
    query, sort = values["q"], values["tri"]
    found = selectors.company_directory(request.authority, query, sort)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_list(
        request,
        "projects/companies/list.html",
        {
            "page_obj": page,
            "filters": filters,
            "query": query,
            "sort": sort,
            "sorting": sort_links(sort, ["nom", "siren", "commune", "missions"]),
        },
        title=_("Annuaire des entreprises"),
        nav="companies",
    )


def _form_page(request, form, title, breadcrumb, extra=None) -> HttpResponse:
    extra = dict(extra or {})
    status = extra.pop("status", 200)
    return render(
        request,
        "projects/companies/form.html",
        {
            "form": form,
            "cancel_url": reverse("company_list"),
            "page_title": title,
            "breadcrumb": breadcrumb,
            "nav": "companies",
            **extra,
        },
        status=status,
    )


def _company_data(form: CompanyForm) -> dict[str, object]:
    return {name: form.cleaned_data[name] for name in missions.COMPANY_FIELDS}


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def company_create(request: HttpRequest) -> HttpResponse:
    """Add a company to the directory by hand."""
    data = request.POST if request.method == "POST" else None
    form = CompanyForm(data, authority=request.authority)
    if data is not None and form.is_valid():
        return create_and_redirect(
            request,
            form,
            lambda: missions.create_company(
                request.authority, by=request.user, data=_company_data(form)
            ),
            url=lambda _company: reverse("company_list"),
            success=lambda company: (
                _("Entreprise « %(name)s » ajoutée à l'annuaire.") % {"name": company.name}
            ),
        )
    title = _("Nouvelle entreprise")
    return _form_page(request, form, title, _crumbs((title, None)))


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def company_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a company of the directory."""
    company = get_object_or_404(request, Company, pk=pk)
    stored_name = company.name
    data = request.POST if request.method == "POST" else None
    form = CompanyForm(data, instance=company, authority=request.authority)
    extra = None
    if data is not None and form.is_valid():
        try:
            missions.update_company(
                company, by=request.user, data=_company_data(form), version=form.version
            )
        except ConcurrentEditError as exc:
            form, extra = conflict(request, exc, form)
        else:
            messages.success(
                request, _("Entreprise « %(name)s » enregistrée.") % {"name": company.name}
            )
            return redirect("company_list")
    title = _("Modifier « %(name)s »") % {"name": stored_name}
    return _form_page(request, form, title, _crumbs((title, None)), extra)


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def company_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then delete a company of the directory that no mission names."""
    company = get_object_or_404(request, Company, pk=pk)
    if request.method == "POST":
        try:
            missions.delete_company(company, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("company_delete", pk=pk)
        messages.success(
            request, _("Entreprise « %(name)s » supprimée de l'annuaire.") % {"name": company.name}
        )
        return redirect("company_list")
    title = _("Supprimer « %(name)s »") % {"name": company.name}
    return render(
        request,
        "projects/companies/delete.html",
        {
            "company": company,
            "missions": missions.company_missions(company),
            "page_title": title,
            "breadcrumb": _crumbs(
                (company.name, reverse("company_update", args=[pk])), (_("Supprimer"), None)
            ),
            "nav": "companies",
        },
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def company_import(request: HttpRequest) -> HttpResponse:
    """Import an INSEE SIRENE extract: every line checked first, then all written or none."""
    form = CompanyImportForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        extract = read_sirene(upload.read())
        context["extract"] = extract
        if not extract.errors:
            if form.cleaned_data["dry_run"]:
                to_create, to_update = plan_import(request.authority, extract.rows)
                context["preview"] = {"created": len(to_create), "updated": len(to_update)}
            else:
                try:
                    created, updated = missions.import_companies(
                        request.authority, by=request.user, extract=extract, filename=upload.name
                    )
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    messages.success(
                        request,
                        _(
                            "Import terminé : %(created)s entreprise(s) ajoutée(s), %(updated)s "
                            "mise(s) à jour, %(skipped)s cessée(s) ignorée(s)."
                        )
                        % {"created": created, "updated": updated, "skipped": extract.skipped},
                    )
                    return redirect("company_list")
    title = _("Importer un extrait SIRENE")
    return render(
        request,
        "projects/companies/import.html",
        {
            **context,
            "page_title": title,
            "breadcrumb": _crumbs((title, None)),
            "nav": "companies",
        },
    )
