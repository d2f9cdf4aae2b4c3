"""The shared watch (veille) kept by the DRI: list, create, edit, delete, and the one-click
"add to the next agenda of committee X"."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core.concurrency import ConcurrentEditError, conflict
from maillage.core.permissions import Perm, require
from maillage.core.tenancy import get_object_or_404
from maillage.projects.idempotency import create_and_redirect

from . import watch
from .forms import ShareWatchItemForm, WatchItemForm
from .models import WatchItem
from .views_committees import confirm_page, form_page


def _crumb() -> tuple[str, str]:
    return (_("Veille coopération"), reverse("watch_item_list"))


def _data(form: WatchItemForm) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k not in ("version", "form_token")}


@require_GET
@require(Perm.EDIT_COMMITTEES)
def watch_item_list(request: HttpRequest) -> HttpResponse:
    """Calls for projects, events and resources, soonest first, each shareable to a committee."""
    title, _url = _crumb()
    return render(
        request,
        "governance/watch_item_list.html",
        {
            "items": list(watch.watch_items(request.authority)),
            "committees": watch.committees_with_next_meeting(request.authority),
            "page_title": title,
            "breadcrumb": [(title, None)],
            "nav": "committees",
        },
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_COMMITTEES)
def watch_item_create(request: HttpRequest) -> HttpResponse:
    """Add an item to the watch."""
    form = WatchItemForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            return create_and_redirect(
                request,
                form,
                lambda: watch.create_watch_item(
                    request.authority, by=request.user, data=_data(form)
                ),
                url=lambda _item: reverse("watch_item_list"),
                success=lambda item: _("« %(title)s » ajouté à la veille.") % {"title": item.title},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
    return form_page(
        request, form, _("Nouvel élément de veille"), [_crumb()], reverse("watch_item_list")
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_COMMITTEES)
def watch_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a watch item."""
    item = get_object_or_404(request, WatchItem, pk=pk)
    form = WatchItemForm(
        request.POST if request.method == "POST" else None, instance=copy.copy(item)
    )
    extra: dict = {}
    if request.method == "POST" and form.is_valid():
        try:
            watch.update_watch_item(
                item,
                by=request.user,
                data=_data(form),
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except ConcurrentEditError as exc:
            form, extra = conflict(request, exc, form)
        else:
            messages.success(request, _("Élément de veille modifié."))
            return redirect("watch_item_list")
    return form_page(
        request,
        form,
        _("Modifier l'élément de veille"),
        [_crumb()],
        reverse("watch_item_list"),
        extra=extra,
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_COMMITTEES)
def watch_item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a watch item, after confirmation."""
    item = get_object_or_404(request, WatchItem, pk=pk)
    if request.method == "POST":
        watch.delete_watch_item(item, by=request.user)
        messages.success(request, _("Élément de veille supprimé."))
        return redirect("watch_item_list")
    return confirm_page(
        request,
        _("Supprimer l'élément de veille"),
        _("Supprimer « %(title)s » de la veille ?") % {"title": item.title},
        [_crumb()],
        reverse("watch_item_list"),
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_COMMITTEES)
def watch_item_share(request: HttpRequest, pk: int) -> HttpResponse:
    """Put the item on the next agenda of the committee chosen (POST); GET shows the choice."""
    item = get_object_or_404(request, WatchItem, pk=pk)
    form = ShareWatchItemForm(
        request.POST if request.method == "POST" else None, authority=request.authority
    )
    if request.method == "POST" and form.is_valid():
        committee = form.cleaned_data["committee"]
        try:
            agenda_item = watch.share_watch_item(item, committee, by=request.user)
        except ValidationError as exc:
            form.add_error("committee", exc)
        else:
            messages.success(
                request,
                _("« %(title)s » est inscrit à l'ordre du jour de la réunion « %(meeting)s ».")
                % {"title": item.title, "meeting": agenda_item.meeting},
            )
            return redirect("meeting_detail", agenda_item.meeting_id)
    title = _("Inscrire à l'ordre du jour")
    return form_page(
        request,
        form,
        title,
        [_crumb(), (item.title, None)],
        reverse("watch_item_list"),
        _("« %(title)s » sera inscrit à la prochaine réunion programmée du comité choisi.")
        % {"title": item.title},
    )
