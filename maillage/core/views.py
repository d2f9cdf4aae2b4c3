"""Login lockout, authority switch and health check."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.sessions.models import Session
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .forms import LoginForm
from .tenancy import select_authority


def lockout(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """The login page again, refusing further attempts for the cool-off time (django-axes)."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    message = ngettext(
        "Trop de tentatives de connexion échouées. Par sécurité, les connexions à ce compte ou "
        "depuis cette adresse sont bloquées : réessayez dans %(minutes)d minute.",
        "Trop de tentatives de connexion échouées. Par sécurité, les connexions à ce compte ou "
        "depuis cette adresse sont bloquées : réessayez dans %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
    return render(
        request,
        "registration/login.html",
        {
            "form": LoginForm(request),
            "lockout_message": message,
            "next": request.POST.get("next", ""),
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


@login_required
@require_http_methods(["GET", "POST"])
def switch_authority(request: HttpRequest) -> HttpResponse:
    """Choose which of the user's authorities is current."""
    if request.method == "POST":
        try:
            authority_id = int(request.POST.get("authority", ""))
        except ValueError:
            authority_id = -1
        if select_authority(request, authority_id):
            messages.success(request, _("Collectivité changée."))
            return redirect("home")
        messages.error(request, _("Vous n'êtes pas membre de cette collectivité."))
    return render(
        request,
        "core/switch_authority.html",
        {
            "page_title": _("Changer de collectivité"),
            "breadcrumb": [(_("Changer de collectivité"), None)],
        },
    )


def _database_state() -> str:
    """The database answers "ok", is "unreachable", or is "read-only" (a replica, a full disk)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            if cursor.fetchone() != (1,):
                return "unreachable"
    except Exception:  # noqa: BLE001 — any database failure means unhealthy
        return "unreachable"
    # A database that answers reads but refuses writes breaks every form: probe with a real
    # INSERT (a session row no one can hold, as its key is random), always rolled back.
    try:
        with transaction.atomic():
            Session.objects.create(
                session_key=f"healthz-{secrets.token_hex(16)}",
                session_data="",
                expire_date=timezone.now(),
            )
            transaction.set_rollback(True)
    except DatabaseError:
        return "read-only"
    return "ok"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check (reads and writes) for load balancers and monitoring."""
    state = _database_state()
    ok = state == "ok"
    return JsonResponse(
        {"status": "ok" if ok else "error", "database": state}, status=200 if ok else 503
    )
