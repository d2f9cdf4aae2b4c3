"""The notification centre, the preferences page and the e-mails' unsubscribe link."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage.core.models import Authority, Membership, User
from maillage.core.permissions import Perm, require

from . import selectors, services, tokens
from .forms import PreferencesForm
from .models import REQUIRED_KINDS, Kind

PAGE_SIZE = 25


@require_http_methods(["GET", "POST"])
@require(Perm.VIEW_HOME)
def notice_centre(request: HttpRequest) -> HttpResponse:
    """The user's notifications in the current authority; POST marks one (``id``) or all
    (``tout``) read."""
    if request.method == "POST":
        if request.POST.get("tout"):
            services.mark_all_read(user=request.user, authority=request.authority)
            messages.success(request, _("Toutes vos notifications sont marquées comme lues."))
        else:
            ids = [int(v) for v in request.POST.getlist("id") if v.isdigit() and len(v) < 19]
            services.mark_read(ids, user=request.user, authority=request.authority)
        back = request.POST.get("page", "")
        suffix = f"?page={back}" if back.isdigit() and len(back) < 10 else ""
        return redirect(f"{request.path}{suffix}")
    page = Paginator(selectors.centre(request.user, request.authority), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notices/centre.html",
        {
            "page": page,
            "unread": request.membership_values.get("unread_notifications", 0),
            "page_title": _("Notifications"),
            "breadcrumb": [(_("Notifications"), None)],
            "nav": "notices",
        },
    )


@require_http_methods(["GET", "POST"])
@require(Perm.VIEW_HOME)
def notice_preferences(request: HttpRequest) -> HttpResponse:
    """How the user is mailed each kind of notification in the current authority."""
    rows = selectors.preferences(request.user, request.authority)
    form = PreferencesForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        services.set_preferences(request.authority, by=request.user, choices=form.cleaned_data)
        messages.success(request, _("Vos préférences de notification sont enregistrées."))
        return redirect("notice_preferences")
    return render(
        request,
        "notices/preferences.html",
        {
            "form": form,
            "page_title": _("Préférences de notification"),
            "breadcrumb": [
                (_("Notifications"), reverse("notice_centre")),
                (_("Préférences"), None),
            ],
            "nav": "notices",
        },
    )


@require_http_methods(["GET", "POST"])
def notice_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link at the foot of each e-mail: works without logging in. GET asks to confirm (a
    mail scanner following the link changes nothing), POST sets the kind to "never"."""
    found = tokens.read(token)
    if found is None or found[2] not in Kind.values:
        raise Http404
    user_id, authority_id, kind = found
    user = User.objects.filter(pk=user_id, is_active=True).first()
    authority = Authority.objects.filter(pk=authority_id).first()
    if (
        user is None
        or authority is None
        or not Membership.objects.filter(user=user, authority=authority).exists()
    ):
        raise Http404
    done = False
    if request.method == "POST" and kind not in REQUIRED_KINDS:
        services.unsubscribe(authority, by=user, kind=kind)
        done = True
    return render(
        request,
        "notices/unsubscribe.html",
        {
            "kind_label": Kind(kind).label,
            "required": kind in REQUIRED_KINDS,
            "done": done,
            "authority_name": authority.name,
            "page_title": _("Se désabonner"),
            "breadcrumb": [(_("Se désabonner"), None)],
        },
    )
