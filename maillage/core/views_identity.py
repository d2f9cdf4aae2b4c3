"""The authority's identity: its settings page, its stylesheet and its logo."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .concurrency import ConcurrentEditError, conflict
from .forms_identity import IdentityForm
from .identity import logo_content_type, logo_url, update_identity
from .models import Authority
from .permissions import Perm, require
from .theme import (
    AA_TEXT,
    DEFAULT_DIGEST,
    DEFAULT_STYLESHEET,
    WHITE,
    contrast_ratio,
    palette,
    parse_hex,
    safe_palette,
    stylesheet,
    to_hex,
)

YEAR = 365 * 24 * 3600
CSS = "text/css; charset=utf-8"
PREVIEW_SCOPE = ".identity-preview"
# An SVG logo opened on its own runs nothing and loads nothing; its inline styles still apply.
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
PNG_CSP = "sandbox; default-src 'none'"
_SIX_HEX = re.compile(r"[0-9a-f]{6}\Z")


def _cache(response: HttpResponse, *, current: bool, private: bool = True) -> HttpResponse:
    """Cached for good when the URL names the current version (a change gets a new URL)."""
    scope = {"private": True} if private else {"public": True}
    if current:
        patch_cache_control(response, max_age=YEAR, immutable=True, **scope)
    else:
        patch_cache_control(response, no_cache=True, max_age=0, **scope)
    return response


def _member_authority(request: HttpRequest, authority_id: int) -> Authority:
    """One of the user's authorities, as loaded by the tenancy middleware (no query), or 404.

    Colours and logos are not secret, but tenancy stays one rule: what belongs to an authority
    is shown to its members only, and to no one anonymously.
    """
    for authority in getattr(request, "authorities", []):
        if authority.pk == authority_id:
            return authority
    raise Http404


@require_GET
def theme_default_css(request: HttpRequest, digest: str) -> HttpResponse:
    """The neutral stylesheet of pages without an authority (login, password reset)."""
    response = HttpResponse(DEFAULT_STYLESHEET, content_type=CSS)
    return _cache(response, current=digest == DEFAULT_DIGEST, private=False)


@require_GET
def theme_css(request: HttpRequest, authority_id: int, version: int) -> HttpResponse:
    """An authority's stylesheet: Bootstrap's variables set from its primary colour."""
    authority = _member_authority(request, authority_id)
    css = stylesheet(safe_palette(authority.primary_colour))
    response = HttpResponse(css, content_type=CSS)
    return _cache(response, current=version == authority.theme_version)


@require_GET
def authority_logo(request: HttpRequest, authority_id: int, version: int) -> FileResponse:
    """An authority's logo, as an image that can neither run script nor be sniffed as HTML."""
    authority = _member_authority(request, authority_id)
    if not authority.logo:
        raise Http404
    try:
        handle = authority.logo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = logo_content_type(authority)
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SVG_CSP if content_type.endswith("svg+xml") else PNG_CSP
    return _cache(response, current=version == authority.theme_version)


@require_GET
@require(Perm.ADMINISTER)
def identity_preview_css(request: HttpRequest, colour: str) -> HttpResponse:
    """The preview of a colour not saved yet, limited to the preview block of the settings."""
    if not _SIX_HEX.match(colour):
        raise Http404
    response = HttpResponse(stylesheet(palette(colour), scope=PREVIEW_SCOPE), content_type=CSS)
    return _cache(response, current=True)


def _preview(form: IdentityForm, saved: str) -> dict[str, object]:
    """The colour to preview (what was typed, if it is a colour at all) and its contrasts."""
    typed = form.data.get(form.add_prefix("primary_colour"), "") if form.is_bound else ""
    try:
        colour = to_hex(parse_hex(typed))
    except ValueError:
        colour = saved
    colours = palette(colour)
    checks = [
        (_("Texte de cette couleur sur fond blanc (liens)"), colours.primary, to_hex(WHITE)),
        (_("Texte des boutons sur cette couleur"), colours.on_primary, colours.primary),
        (_("Texte des boutons au survol"), colours.on_primary, colours.hover),
    ]
    return {
        "colour": colour,
        "css_colour": colour.lstrip("#"),
        "checks": [
            {"label": label, "ratio": contrast_ratio(a, b), "ok": contrast_ratio(a, b) >= AA_TEXT}
            for label, a, b in checks
        ],
    }


@require_http_methods(["GET", "POST"])
@require(Perm.ADMINISTER)
def authority_identity(request: HttpRequest) -> HttpResponse:
    """Name, short name, primary colour and logo of the current authority."""
    # A copy of its own: validating a model form writes the input into its instance, and the
    # page's header must keep showing what is saved.
    authority = Authority.objects.get(pk=request.authority.pk)
    status = 200
    extra: dict[str, object] = {}
    if request.method == "POST":
        form = IdentityForm(request.POST, request.FILES, instance=authority)
        valid = form.is_valid()
        if getattr(request, "upload_too_large", False):
            form.add_error("logo", _("Le fichier déposé est bien trop lourd pour un logo."))
            valid = False
        if valid:
            data = form.cleaned_data
            try:
                update_identity(
                    authority,
                    by=request.user,
                    name=data["name"],
                    short_name=data["short_name"],
                    primary_colour=data["primary_colour"],
                    logo=data["logo"],
                    remove_logo=data["remove_logo"],
                    version=form.version,
                )
            except ConcurrentEditError as exc:
                form, extra = conflict(request, exc, form)
                status = int(extra.pop("status"))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Identité visuelle enregistrée."))
                return redirect("authority_identity")
    else:
        form = IdentityForm(instance=authority)
    saved = Authority.objects.get(pk=authority.pk) if request.method == "POST" else authority
    return render(
        request,
        "core/identity.html",
        {
            "form": form,
            "saved": saved,
            "logo_url": logo_url(saved),
            "preview": _preview(form, saved.primary_colour),
            "page_title": _("Identité visuelle"),
            "breadcrumb": [(_("Identité visuelle"), None)],
            **extra,
        },
        status=status,
    )
