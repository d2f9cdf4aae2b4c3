"""News pages: the list and the page of an item for its audience; writing, publishing and
deleting for the DRI; the suggested events turned into drafts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core import trash
from maillage.core.concurrency import ConcurrentEditError, conflict
from maillage.core.lists import render_list
from maillage.core.permissions import Perm, require
from maillage.core.tenancy import get_object_or_404
from maillage.projects.idempotency import create_and_redirect

from . import selectors, services, suggestions
from .audience import viewer_for
from .filters import NewsFilterSet
from .forms import NewsItemForm
from .models import NewsItem

PAGE_SIZE = 20
# A photograph opened on its own runs nothing and loads nothing.
IMAGE_CSP = "sandbox; default-src 'none'"


def news_crumb() -> tuple[str, str]:
    return (_("Actualités"), reverse("news_list"))


def item_crumbs(item: NewsItem) -> list[tuple[str, str | None]]:
    return [news_crumb(), (item.title, reverse("news_detail", args=[item.pk]))]


def _page(request: HttpRequest, template: str, title: str, crumbs: list, **context) -> HttpResponse:
    status = context.pop("status", 200)
    return render(
        request,
        template,
        {"page_title": title, "breadcrumb": [*crumbs, (title, None)], "nav": "news", **context},
        status=status,
    )


def _editable(request: HttpRequest, pk: int) -> NewsItem:
    return get_object_or_404(request, NewsItem, pk=pk)


@require_GET
@require(Perm.VIEW_NEWS)
def news_list(request: HttpRequest) -> HttpResponse:
    """The news the user reads (drafts too for those who write them)."""
    filters = NewsFilterSet(request.GET)
    values = filters.values
    query, status, kind = values["q"], values["statut"] or "", values["type"] or ""
    items = selectors.news_list(
        request.authority, viewer_for(request), query=query, status=status, kind=kind
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_list(
        request,
        "news/news_list.html",
        {
            "page_obj": page,
            "filters": filters,
            "query": query,
            "status": status,
            "kind": kind,
            "filtered": bool(query or status or kind),
        },
        title=_("Actualités"),
        nav="news",
    )


@require_GET
@require(Perm.VIEW_NEWS)
def news_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An item, for its audience only (404 for anyone else)."""
    queryset = selectors.news_page(request.authority, viewer_for(request))
    item = get_object_or_404(request, queryset, pk=pk)
    return _page(request, "news/news_detail.html", item.title, [news_crumb()], item=item)


@require_GET
@require(Perm.VIEW_NEWS)
def news_image(request: HttpRequest, pk: int) -> FileResponse:
    """An item's image, for those who read the item, as an image that runs nothing."""
    queryset = selectors.visible_items(request.authority, viewer_for(request))
    item = get_object_or_404(request, queryset, pk=pk)
    if not item.image:
        raise Http404
    try:
        handle = item.image.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    is_png = item.image.name.endswith(".png")
    response = FileResponse(handle, content_type="image/png" if is_png else "image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = IMAGE_CSP
    return response


def _form_page(request, form, title, crumbs, cancel_url, extra=None) -> HttpResponse:
    extra = dict(extra or {})
    return _page(
        request,
        "news/news_form.html",
        title,
        crumbs,
        form=form,
        cancel_url=cancel_url,
        **extra,
    )


def _too_large(request: HttpRequest, form: NewsItemForm) -> None:
    if getattr(request, "upload_too_large", False):
        form.add_error("new_image", _("Le fichier déposé est bien trop lourd pour une image."))


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_NEWS)
def news_create(request: HttpRequest) -> HttpResponse:
    """Write a draft."""
    post = request.method == "POST"
    form = NewsItemForm(
        request.POST if post else None, request.FILES if post else None, authority=request.authority
    )
    if post:
        _too_large(request, form)
    if post and form.is_valid():
        try:
            return create_and_redirect(
                request,
                form,
                lambda: services.create_news_item(
                    request.authority,
                    by=request.user,
                    data=form.service_data(),
                    image=form.cleaned_data["new_image"],
                ),
                url=lambda item: reverse("news_detail", args=[item.pk]),
                success=lambda item: (
                    _("Brouillon « %(title)s » enregistré : relisez-le, puis publiez-le.")
                    % {"title": item.title}
                ),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
    return _form_page(request, form, _("Nouvelle actualité"), [news_crumb()], reverse("news_list"))


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_NEWS)
def news_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit an item (a published one stays published)."""
    item = _editable(request, pk)
    crumbs = item_crumbs(item)
    post = request.method == "POST"
    form = NewsItemForm(
        request.POST if post else None,
        request.FILES if post else None,
        instance=item,
        authority=request.authority,
    )
    extra = None
    if post:
        _too_large(request, form)
    if post and form.is_valid():
        try:
            services.update_news_item(
                item,
                by=request.user,
                data=form.service_data(),
                version=form.version,
                image=form.cleaned_data["new_image"],
                remove_image=form.cleaned_data.get("remove_image", False),
            )
        except ConcurrentEditError as exc:
            form, extra = conflict(request, exc, form)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Actualité « %(title)s » enregistrée.") % {"title": item.title}
            )
            return redirect("news_detail", pk=pk)
    return _form_page(request, form, _("Modifier l'actualité"), crumbs, crumbs[-1][1], extra=extra)


def _confirm(request, item, title, text, button, preview=None) -> HttpResponse:
    crumbs = item_crumbs(item)
    return _page(
        request,
        "news/news_confirm.html",
        title,
        crumbs,
        item=item,
        text=text,
        button=button,
        preview=preview,
        cancel_url=crumbs[-1][1],
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_NEWS)
def news_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then publish a draft to its audience."""
    item = _editable(request, pk)
    if request.method == "POST":
        try:
            services.publish_news_item(item, by=request.user, version=_version(request))
        except ConcurrentEditError:
            messages.error(
                request, _("L'actualité vient d'être modifiée : relisez-la avant de la publier.")
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Actualité « %(title)s » publiée.") % {"title": item.title})
        return redirect("news_detail", pk=pk)
    return _confirm(
        request,
        item,
        _("Publier « %(title)s »") % {"title": item.title},
        _(
            "Ses destinataires (%(audience)s) la liront dès maintenant, et les flux de l'intranet "
            "qui les concernent la reprendront."
        )
        % {"audience": item.get_audience_display().lower()},
        _("Publier"),
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_NEWS)
def news_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then withdraw a published item (back to draft)."""
    item = _editable(request, pk)
    if request.method == "POST":
        try:
            services.unpublish_news_item(item, by=request.user, version=_version(request))
        except ConcurrentEditError:
            messages.error(request, _("L'actualité vient d'être modifiée : relisez-la."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Actualité « %(title)s » retirée : elle redevient un brouillon.")
                % {"title": item.title},
            )
        return redirect("news_detail", pk=pk)
    return _confirm(
        request,
        item,
        _("Retirer « %(title)s »") % {"title": item.title},
        _("L'actualité redevient un brouillon : ses destinataires et les flux ne la voient plus."),
        _("Retirer"),
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_NEWS)
def news_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then move an item to the trash."""
    item = _editable(request, pk)
    if request.method == "POST":
        services.delete_news_item(item, by=request.user)
        messages.success(
            request, _("Actualité « %(title)s » placée dans la corbeille.") % {"title": item.title}
        )
        return redirect("news_list")
    return _confirm(
        request,
        item,
        _("Supprimer « %(title)s »") % {"title": item.title},
        _("L'actualité sera placée dans la corbeille, d'où elle peut être restaurée."),
        _("Placer dans la corbeille"),
        trash.preview(item),
    )


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


# --- Suggestions -----------------------------------------------------------------------------


@require_GET
@require(Perm.EDIT_NEWS)
def news_suggestions(request: HttpRequest) -> HttpResponse:
    """Events recorded in the application that could make a news item."""
    return _page(
        request,
        "news/news_suggestions.html",
        _("Actualités suggérées"),
        [news_crumb()],
        suggestions=suggestions.suggestions_for(request.authority),
    )


def _suggestion(request: HttpRequest, source: str, pk: int) -> suggestions.Suggestion:
    found = suggestions.find(request.authority, f"{source}:{pk}")
    if found is None:
        raise Http404
    return found


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_NEWS)
def news_suggestion_draft(request: HttpRequest, source: str, pk: int) -> HttpResponse:
    """Turn a suggested event into a prefilled draft (the list's button posts here)."""
    suggestion = _suggestion(request, source, pk)
    if request.method == "POST":
        try:
            item = services.draft_from_suggestion(
                request.authority, by=request.user, key=suggestion.key
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("news_suggestions")
        messages.success(
            request, _("Brouillon préparé à partir de l'événement : complétez-le, puis publiez-le.")
        )
        return redirect("news_edit", pk=item.pk)
    return _page(
        request,
        "news/news_suggestion_confirm.html",
        _("Rédiger une actualité"),
        [news_crumb(), (_("Actualités suggérées"), reverse("news_suggestions"))],
        suggestion=suggestion,
        cancel_url=reverse("news_suggestions"),
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_NEWS)
def news_suggestion_dismiss(request: HttpRequest, source: str, pk: int) -> HttpResponse:
    """Set a suggested event aside: it is not suggested again."""
    suggestion = _suggestion(request, source, pk)
    if request.method == "POST":
        try:
            services.dismiss_suggestion(request.authority, by=request.user, key=suggestion.key)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Suggestion écartée : elle ne sera plus proposée."))
        return redirect("news_suggestions")
    return _page(
        request,
        "news/news_suggestion_confirm.html",
        _("Écarter une suggestion"),
        [news_crumb(), (_("Actualités suggérées"), reverse("news_suggestions"))],
        suggestion=suggestion,
        dismiss=True,
        cancel_url=reverse("news_suggestions"),
    )
