"""Partner and agreement pages: lists, details, forms, deletion, documents, city suggestions."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core import trash
from maillage.core.concurrency import ConcurrentEditError, conflict
from maillage.core.lists import export_list, render_list, sort_links
from maillage.core.permissions import Perm, require
from maillage.core.tenancy import get_object_or_404, scoped
from maillage.projects.filters import (
    AgreementFilterSet,
    CityFilters,
    NewAgreementFilters,
    PartnerFilterSet,
)
from maillage.projects.idempotency import create_and_redirect
from maillage.projects.models import Agreement, AgreementDocument, Partner
from maillage.projects.partners import gazetteer, selectors
from maillage.projects.partners import services as partners
from maillage.projects.partners.forms import (
    AgreementDocumentForm,
    AgreementForm,
    ContactFormSet,
    PartnerForm,
    contact_changes,
)

PAGE_SIZE = 50
CITY_OPTIONS = 200  # cities listed in the form's <datalist> before any typing
# Uploaded files are never rendered in the application's origin: a crafted PDF or image could
# otherwise run script with the user's session. The sandbox stops it even if a browser ignores
# the attachment disposition.
UPLOAD_CSP = "sandbox; default-src 'none'"


# --- Partners ------------------------------------------------------------------------------


@require_GET
@require(Perm.VIEW_PARTNERS)
def partner_list(request: HttpRequest) -> HttpResponse:
    """Partners, searched by name or city, filtered by country, sorted and paginated;
    ``?format=csv`` or ``xlsx`` exports them."""
    filters = PartnerFilterSet(request.GET)
    values = filters.values
    query, country, sort = values["q"], values["pays"], values["tri"]
    found = selectors.partner_directory(request.authority, query, country, sort)
    if values["format"]:
        return _partners_export(request, values["format"], found)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_list(
        request,
        "projects/partners/list.html",
        {
            "page_obj": page,
            "filters": filters,
            "query": query,
            "country": country,
            "countries": selectors.partner_countries(request.authority),
            "sort": sort,
            "sorting": sort_links(sort, ["nom", "pays", "ville"]),
        },
        title=_("Partenaires"),
        nav="partners",
    )


PARTNER_EXPORT_HEADER = (
    "id",
    "nom",
    "type_organisation_iati",
    "pays",
    "region",
    "ville",
    "conventions",
    "projets",
)


def _partners_export(request: HttpRequest, fmt: str, partners) -> HttpResponse:
    rows = (
        (
            partner.pk,
            partner.name,
            partner.organisation_type,
            partner.country.name,
            partner.subdivision,
            partner.city,
            partner.n_agreements,
            partner.n_projects,
        )
        for partner in partners.iterator(chunk_size=2000)
    )
    return export_list(
        request, fmt, "partenaires", PARTNER_EXPORT_HEADER, rows, sheet=_("Partenaires")
    )


@require_GET
@require(Perm.VIEW_PARTNERS)
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A partner: location, contacts, agreements and the projects it takes part in."""
    partner = get_object_or_404(request, Partner.objects.select_related("country"), pk=pk)
    return render(
        request,
        "projects/partners/detail.html",
        {
            "partner": partner,
            **selectors.partner_detail(partner),
            "page_title": partner.name,
            "breadcrumb": [(_("Partenaires"), reverse("partner_list")), (partner.name, None)],
            "nav": "partners",
        },
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PARTNERS)
def partner_create(request: HttpRequest) -> HttpResponse:
    """Add a partner with its contacts."""
    data = request.POST if request.method == "POST" else None
    form = PartnerForm(data, initial={"country": request.GET.get("pays", "").upper()[:2]})
    contacts = ContactFormSet(data, instance=Partner(), prefix="contacts")
    if data is not None and _valid(form, contacts):
        return create_and_redirect(
            request,
            form,
            lambda: partners.create_partner(
                request.authority,
                by=request.user,
                data={name: form.cleaned_data[name] for name in partners.PARTNER_FIELDS},
                contacts=contact_changes(contacts),
            ),
            url=lambda partner: reverse("partner_detail", args=[partner.pk]),
            success=lambda partner: _("Partenaire « %(name)s » ajouté.") % {"name": partner.name},
        )
    return _partner_form(request, form, contacts, None)


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PARTNERS)
def partner_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a partner and its contacts."""
    partner = get_object_or_404(request, Partner.objects.select_related("country"), pk=pk)
    stored_name = partner.name
    data = request.POST if request.method == "POST" else None
    form = PartnerForm(data, instance=partner)
    contacts = ContactFormSet(data, instance=partner, prefix="contacts")
    extra = None
    if data is not None and _valid(form, contacts):
        try:
            partners.update_partner(
                partner,
                by=request.user,
                data={name: form.cleaned_data[name] for name in partners.PARTNER_FIELDS},
                contacts=contact_changes(contacts),
                version=form.version,
            )
        except ConcurrentEditError as exc:
            form, extra = conflict(request, exc, form)
        else:
            messages.success(
                request, _("Partenaire « %(name)s » enregistré.") % {"name": partner.name}
            )
            return redirect("partner_detail", pk=partner.pk)
    return _partner_form(request, form, contacts, (stored_name, pk), extra)


def _valid(form: PartnerForm, contacts: ContactFormSet) -> bool:
    form_ok = form.is_valid()
    return contacts.is_valid() and form_ok  # both validated, so both show their errors


def _partner_form(
    request: HttpRequest,
    form: PartnerForm,
    contacts: ContactFormSet,
    existing,
    extra: dict | None = None,
) -> HttpResponse:
    extra = dict(extra or {})
    status = extra.pop("status", 200)
    if existing is None:
        title = _("Nouveau partenaire")
        crumbs = [(_("Partenaires"), reverse("partner_list")), (title, None)]
    else:
        name, pk = existing
        title = _("Modifier « %(name)s »") % {"name": name}
        crumbs = [
            (_("Partenaires"), reverse("partner_list")),
            (name, reverse("partner_detail", args=[pk])),
            (_("Modifier"), None),
        ]
    return render(
        request,
        "projects/partners/form.html",
        {
            "form": form,
            "contacts": contacts,
            "city_options": gazetteer.suggest(form.country_code(), limit=CITY_OPTIONS),
            "cancel_url": reverse("partner_detail", args=[existing[1]])
            if existing
            else reverse("partner_list"),
            "page_title": title,
            "breadcrumb": crumbs,
            "nav": "partners",
            **extra,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PARTNERS)
def partner_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then move to the trash a partner that no project or agreement refers to."""
    partner = get_object_or_404(request, Partner, pk=pk)
    refusal = partners.partner_in_use(partner)
    if request.method == "POST":
        if refusal is None:
            try:
                partners.delete_partner(partner, by=request.user)
            except partners.PartnerInUse as exc:  # linked meanwhile
                refusal = exc
            else:
                messages.success(
                    request,
                    _("Partenaire « %(name)s » placé dans la corbeille.") % {"name": partner.name},
                )
                return redirect("partner_list")
        messages.error(request, refusal.message)
        return redirect("partner_detail", pk=pk)
    return render(
        request,
        "projects/partners/delete.html",
        {
            "partner": partner,
            "refusal": refusal,
            "preview": trash.preview(partner) if refusal is None else None,
            "page_title": _("Supprimer « %(name)s »") % {"name": partner.name},
            "breadcrumb": [
                (_("Partenaires"), reverse("partner_list")),
                (partner.name, reverse("partner_detail", args=[pk])),
                (_("Supprimer"), None),
            ],
            "nav": "partners",
        },
    )


@require_GET
@require(Perm.VIEW_PARTNERS)
@cache_control(private=True, max_age=3600)
def city_suggestions(request: HttpRequest) -> JsonResponse:
    """Cities of a country matching what is typed, from the offline gazetteer (JSON)."""
    values = CityFilters(request.GET).values
    country, query = values["pays"], values["q"]
    cities = gazetteer.suggest(country, query, limit=20)
    return JsonResponse(
        {
            "cities": [
                {"name": c.name, "latitude": str(c.latitude), "longitude": str(c.longitude)}
                for c in cities
            ]
        }
    )


# --- Agreements ----------------------------------------------------------------------------


@require_GET
@require(Perm.VIEW_PARTNERS)
def agreement_list(request: HttpRequest) -> HttpResponse:
    """Agreements, with those to renew within six months called out first; ``?format=csv``
    or ``xlsx`` exports the filtered list."""
    today = timezone.localdate()
    filters = AgreementFilterSet(request.GET)
    values = filters.values
    query, kind, status = values["q"], values["nature"] or "", values["statut"] or ""
    to_renew = values["renouveler"]
    sort = values["tri"] or ("echeance" if to_renew else "-signature")
    found = selectors.agreement_list(
        request.authority,
        today=today,
        query=query,
        kind=kind,
        status=status,
        to_renew=to_renew,
        sort=sort,
    )
    if values["format"]:
        return _agreements_export(request, values["format"], found)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    renewals = list(
        selectors.renewals(request.authority, today)
        .only("id", "title", "end_date")
        .order_by("end_date", "title")
    )
    return render_list(
        request,
        "projects/agreements/list.html",
        {
            "page_obj": page,
            "filters": filters,
            "query": query,
            "kind": kind,
            "status": status,
            "to_renew": to_renew,
            "renewals": renewals,
            "kinds": Agreement.Kind.choices,
            "statuses": Agreement.Status.choices,
            "sort": sort,
            "sorting": sort_links(sort, ["intitule", "signature", "echeance"]),
        },
        title=_("Conventions"),
        nav="agreements",
    )


AGREEMENT_EXPORT_HEADER = (
    "id",
    "intitule",
    "nature",
    "partenaires",
    "signature",
    "echeance",
    "statut",
)


def _agreements_export(request: HttpRequest, fmt: str, agreements) -> HttpResponse:
    rows = (
        (
            agreement.pk,
            agreement.title,
            agreement.get_kind_display(),
            ", ".join(partner.name for partner in agreement.partners.all()),
            agreement.signature_date.isoformat() if agreement.signature_date else "",
            agreement.end_date.isoformat() if agreement.end_date else "",
            agreement.get_status_display(),
        )
        for agreement in agreements.iterator(chunk_size=2000)
    )
    return export_list(
        request, fmt, "conventions", AGREEMENT_EXPORT_HEADER, rows, sheet=_("Conventions")
    )


@require_GET
@require(Perm.VIEW_PARTNERS)
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An agreement, its partners and documents."""
    agreement = get_object_or_404(request, Agreement, pk=pk)
    return render(
        request,
        "projects/agreements/detail.html",
        {
            "agreement": agreement,
            **selectors.agreement_detail(agreement),
            "document_form": AgreementDocumentForm(),
            "page_title": agreement.title,
            "breadcrumb": [(_("Conventions"), reverse("agreement_list")), (agreement.title, None)],
            "nav": "agreements",
        },
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PARTNERS)
def agreement_create(request: HttpRequest) -> HttpResponse:
    """Record an agreement; ``?partenaire=<id>`` ticks that partner."""
    data = request.POST if request.method == "POST" else None
    initial = {}
    partner_id = NewAgreementFilters(request.GET).values["partenaire"]
    if partner_id:
        initial["partners"] = list(
            scoped(request, Partner.objects.filter(pk=partner_id)).values_list("pk", flat=True)
        )
    form = AgreementForm(data, authority=request.authority, initial=initial)
    if data is not None and form.is_valid():
        return create_and_redirect(
            request,
            form,
            lambda: partners.create_agreement(
                request.authority, by=request.user, data=_agreement_data(form)
            ),
            url=lambda agreement: reverse("agreement_detail", args=[agreement.pk]),
            success=lambda agreement: (
                _("Convention « %(title)s » enregistrée.") % {"title": agreement.title}
            ),
        )
    title = _("Nouvelle convention")
    return _agreement_form(
        request,
        form,
        title,
        [(_("Conventions"), reverse("agreement_list")), (title, None)],
        reverse("agreement_list"),
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PARTNERS)
def agreement_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit an agreement."""
    agreement = get_object_or_404(request, Agreement, pk=pk)
    stored_title = agreement.title
    data = request.POST if request.method == "POST" else None
    form = AgreementForm(data, instance=agreement, authority=request.authority)
    extra = None
    if data is not None and form.is_valid():
        try:
            partners.update_agreement(
                agreement, by=request.user, data=_agreement_data(form), version=form.version
            )
        except ConcurrentEditError as exc:
            form, extra = conflict(request, exc, form)
        else:
            messages.success(
                request, _("Convention « %(title)s » enregistrée.") % {"title": agreement.title}
            )
            return redirect("agreement_detail", pk=pk)
    return _agreement_form(
        request,
        form,
        _("Modifier « %(title)s »") % {"title": stored_title},
        [
            (_("Conventions"), reverse("agreement_list")),
            (stored_title, reverse("agreement_detail", args=[pk])),
            (_("Modifier"), None),
        ],
        reverse("agreement_detail", args=[pk]),
        extra,
    )


def _agreement_data(form: AgreementForm) -> dict[str, object]:
    names = [*partners.AGREEMENT_FIELDS, "partners", "projects"]
    return {name: form.cleaned_data[name] for name in names}


def _agreement_form(request, form, title, crumbs, cancel_url, extra=None) -> HttpResponse:
    extra = dict(extra or {})
    status = extra.pop("status", 200)
    return render(
        request,
        "projects/agreements/form.html",
        {
            "form": form,
            "has_partners": form.fields["partners"].queryset.exists(),
            "cancel_url": cancel_url,
            "page_title": title,
            "breadcrumb": crumbs,
            "nav": "agreements",
            **extra,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PARTNERS)
def agreement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then move an agreement and its documents to the trash."""
    agreement = get_object_or_404(request, Agreement, pk=pk)
    if request.method == "POST":
        partners.delete_agreement(agreement, by=request.user)
        messages.success(
            request,
            _("Convention « %(title)s » placée dans la corbeille.") % {"title": agreement.title},
        )
        return redirect("agreement_list")
    return render(
        request,
        "projects/agreements/delete.html",
        {
            "agreement": agreement,
            "preview": trash.preview(agreement),
            "page_title": _("Supprimer « %(title)s »") % {"title": agreement.title},
            "breadcrumb": [
                (_("Conventions"), reverse("agreement_list")),
                (agreement.title, reverse("agreement_detail", args=[pk])),
                (_("Supprimer"), None),
            ],
            "nav": "agreements",
        },
    )


# --- Agreement documents -------------------------------------------------------------------


def _document(request: HttpRequest, pk: int, doc_pk: int) -> AgreementDocument:
    return get_object_or_404(
        request,
        AgreementDocument.objects.select_related("agreement"),
        field="agreement__authority",
        pk=doc_pk,
        agreement_id=pk,
    )


@require_GET
@require(Perm.VIEW_PARTNERS)
def agreement_document(request: HttpRequest, pk: int, doc_pk: int) -> FileResponse:
    """A document of an agreement, for members of its authority only (no public media URL)."""
    document = _document(request, pk, doc_pk)
    filename = Path(document.file.name).name
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=filename)
    add_never_cache_headers(response)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = UPLOAD_CSP
    return response


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PARTNERS)
def agreement_document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a document (PDF, DOCX, ODT, JPG, PNG) to an agreement."""
    agreement = get_object_or_404(request, Agreement, pk=pk)
    form = AgreementDocumentForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        return create_and_redirect(
            request,
            form,
            lambda: partners.add_document(
                agreement,
                by=request.user,
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
            ),
            url=lambda _document: reverse("agreement_detail", args=[pk]),
            success=lambda document: (
                _("Document « %(title)s » ajouté.") % {"title": document.title}
            ),
        )
    return render(
        request,
        "projects/agreements/document_form.html",
        {
            "agreement": agreement,
            "form": form,
            "page_title": _("Ajouter un document"),
            "breadcrumb": [
                (_("Conventions"), reverse("agreement_list")),
                (agreement.title, reverse("agreement_detail", args=[pk])),
                (_("Ajouter un document"), None),
            ],
            "nav": "agreements",
        },
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PARTNERS)
def agreement_document_delete(request: HttpRequest, pk: int, doc_pk: int) -> HttpResponse:
    """Confirm, then delete a document of an agreement."""
    document = _document(request, pk, doc_pk)
    if request.method == "POST":
        partners.delete_document(document, by=request.user)
        messages.success(request, _("Document « %(title)s » supprimé.") % {"title": document.title})
        return redirect("agreement_detail", pk=pk)
    agreement = document.agreement
    return render(
        request,
        "projects/agreements/document_delete.html",
        {
            "agreement": agreement,
            "document": document,
            "page_title": _("Supprimer « %(title)s »") % {"title": document.title},
            "breadcrumb": [
                (_("Conventions"), reverse("agreement_list")),
                (agreement.title, reverse("agreement_detail", args=[pk])),
                (_("Supprimer un document"), None),
            ],
            "nav": "agreements",
        },
    )
