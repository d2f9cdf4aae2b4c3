"""The legal pages, open to everyone, and their editing by the authority's administrator."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core.concurrency import VERSION_NAME, ConcurrentEditError, conflict
from maillage.core.permissions import Perm, require
from maillage.core.tenancy import scoped

from . import selectors, services
from .forms import form_class_for
from .legal_texts import default_page, publisher_name
from .models import LegalPage

Kind = LegalPage.Kind


def _kind(value: str) -> str:
    if value not in Kind.values:
        raise Http404(_("Cette page légale n'existe pas."))
    return value


def _public_context(request: HttpRequest, page: LegalPage) -> dict[str, object]:
    return {
        "page": page,
        "publisher": publisher_name(request.authority),
        "site_url": request.build_absolute_uri("/"),
    }


@require_GET
def legal_page(request: HttpRequest, kind: str) -> HttpResponse:
    """A legal page, without login: the current authority's version, else the default text."""
    page = selectors.legal_page(request.authority, _kind(kind))
    return render(
        request,
        "portal/legal/page.html",
        {**_public_context(request, page), "page_title": page.get_kind_display()},
    )


@require_GET
@require(Perm.ADMINISTER)
def legal_page_list(request: HttpRequest) -> HttpResponse:
    """The four legal pages of the authority: default text or its own, and since when."""
    title = _("Pages légales")
    return render(
        request,
        "portal/legal/list.html",
        {
            "pages": selectors.legal_pages(request.authority),
            "page_title": title,
            "breadcrumb": [(title, None)],
        },
    )


@require_http_methods(["GET", "POST"])
@require(Perm.ADMINISTER)
def legal_page_edit(request: HttpRequest, kind: str) -> HttpResponse:
    """Write the authority's own version of a page, starting from the one shown today."""
    kind = _kind(kind)
    authority = request.authority
    page = selectors.legal_page(authority, kind)
    form_class = form_class_for(kind)
    data = request.POST if request.method == "POST" else None
    form = form_class(data, instance=page)
    extra: dict[str, object] = {}
    preview = None
    if data is not None and form.is_valid():
        if data.get("action") == "preview":
            preview = form.instance
        else:
            try:
                services.save_legal_page(
                    authority,
                    by=request.user,
                    kind=kind,
                    data=form.page_data(),
                    version=form.version,
                )
            except ConcurrentEditError as exc:
                if exc.obj.pk is None:
                    form, extra = _reset_meanwhile(request, form_class, kind)
                else:
                    form, extra = conflict(request, exc, form)
                # The page as it is now, for the lines above the form.
                extra["page"] = form.instance
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("Page « %(page)s » enregistrée.") % {"page": page.get_kind_display()},
                )
                return redirect("legal_page_list")
    status = extra.pop("status", 200)
    title = _("Modifier « %(page)s »") % {"page": page.get_kind_display()}
    return render(
        request,
        "portal/legal/edit.html",
        {
            "form": form,
            "page": page,
            "preview": preview,
            "publisher": publisher_name(authority),
            "site_url": request.build_absolute_uri("/"),
            "page_title": title,
            "breadcrumb": [(_("Pages légales"), reverse("legal_page_list")), (title, None)],
            **extra,
        },
        status=status,
    )


def _reset_meanwhile(request: HttpRequest, form_class, kind: str):
    """The page went back to the default text during the edit: the form keeps what the user
    typed, now built on the default (version 0), so that saving again is a deliberate choice."""
    data = request.POST.copy()
    data[VERSION_NAME] = "0"
    form = form_class(data, instance=default_page(kind, request.authority))
    form.is_valid()
    form.add_error(
        None,
        _(
            "Cette page a été remise au texte par défaut pendant votre saisie. Votre texte n'a "
            "pas été enregistré : vérifiez-le ci-dessous, puis enregistrez à nouveau."
        ),
    )
    return form, {"status": 409}


class ResetForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


@require_http_methods(["GET", "POST"])
@require(Perm.ADMINISTER)
def legal_page_reset(request: HttpRequest, kind: str) -> HttpResponse:
    """Confirm, then go back to the default text of a page."""
    kind = _kind(kind)
    page = scoped(request, LegalPage.objects.filter(kind=kind)).first()
    if page is None:
        if request.method == "POST":
            messages.info(request, _("Cette page affiche déjà le texte par défaut."))
            return redirect("legal_page_list")
        page = default_page(kind, request.authority)
    form = ResetForm(request.POST if request.method == "POST" else None)
    if page.is_custom and form.is_bound and form.is_valid():
        try:
            services.reset_legal_page(
                page, by=request.user, version=form.cleaned_data[VERSION_NAME]
            )
        except ConcurrentEditError as exc:
            who = str(exc.by) if exc.by else _("un autre utilisateur")
            messages.error(
                request,
                _(
                    "Cette page a été modifiée entre-temps par %(who)s : relisez-la avant de "
                    "revenir au texte par défaut."
                )
                % {"who": who},
            )
            return redirect("legal_page_reset", kind=kind)
        messages.success(
            request,
            _("La page « %(page)s » affiche de nouveau le texte par défaut.")
            % {"page": page.get_kind_display()},
        )
        return redirect("legal_page_list")
    if not form.is_bound and page.is_custom:
        form = ResetForm(initial={VERSION_NAME: page.version})
    title = _("Revenir au texte par défaut : « %(page)s »") % {"page": page.get_kind_display()}
    return render(
        request,
        "portal/legal/reset.html",
        {
            "form": form,
            "page": page,
            "page_title": title,
            "breadcrumb": [(_("Pages légales"), reverse("legal_page_list")), (title, None)],
        },
    )
