"""Newsletter pages: composing a letter for a period, its preview with the recipients counted,
its sending and progress for the DRI; the web version and the archive for its audience."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core.concurrency import ConcurrentEditError, conflict
from maillage.core.permissions import Perm, require
from maillage.core.tenancy import get_object_or_404
from maillage.projects.idempotency import create_and_redirect

from . import newsletters, services
from .audience import viewer_for
from .forms import NewsletterForm, default_period
from .models import Newsletter

PAGE_SIZE = 20
# Seconds between two reloads of the progress page while the letter is being sent.
PROGRESS_REFRESH = 3


def archive_crumb() -> tuple[str, str]:
    return (_("Lettres d'information"), reverse("newsletter_list"))


def letter_crumbs(newsletter: Newsletter) -> list[tuple[str, str | None]]:
    return [archive_crumb(), (newsletter.title, reverse("newsletter_detail", args=[newsletter.pk]))]


def _page(request: HttpRequest, template: str, title: str, crumbs: list, **context) -> HttpResponse:
    return render(
        request,
        template,
        {"page_title": title, "breadcrumb": [*crumbs, (title, None)], "nav": "news", **context},
    )


def _letter_context(newsletter: Newsletter) -> dict:
    return {
        "newsletter": newsletter,
        "items": [
            (item, reverse("news_detail", args=[item.pk]))
            for item in newsletters.entries(newsletter)
        ],
        "figures": newsletters.figure_rows(newsletter.figures),
    }


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@require_GET
@require(Perm.VIEW_NEWS)
def newsletter_list(request: HttpRequest) -> HttpResponse:
    """The archive: the letters sent to the user (every letter for those who write them)."""
    letters = (
        newsletters.visible_letters(request.authority, viewer_for(request))
        .defer("intro", "figures")
        .order_by("-period_end", "-pk")
    )
    page = Paginator(letters, PAGE_SIZE).get_page(request.GET.get("page"))
    return _page(
        request, "news/newsletter_list.html", _("Lettres d'information"), [], page_obj=page
    )


@require_GET
@require(Perm.VIEW_NEWS)
def newsletter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The web version of a letter, for its audience (404 for anyone else)."""
    queryset = newsletters.visible_letters(request.authority, viewer_for(request))
    newsletter = get_object_or_404(request, queryset, pk=pk)
    return _page(
        request,
        "news/newsletter_detail.html",
        newsletter.title,
        [archive_crumb()],
        **_letter_context(newsletter),
    )


def _compose(request, form, title, crumbs, cancel_url, extra=None) -> HttpResponse:
    start, end = form.period()
    figures = []
    if start and end and start <= end:
        figures = newsletters.figure_rows(newsletters.key_figures(request.authority, start, end))
    return _page(
        request,
        "news/newsletter_form.html",
        title,
        crumbs,
        form=form,
        cancel_url=cancel_url,
        figures=figures,
        period=(start, end),
        **(extra or {}),
    )


def _initial(request: HttpRequest) -> dict:
    """A period chosen with "Proposer les actualités" (the form sent by GET), else last month."""
    start, end = default_period(timezone.localdate())
    initial = {"period_start": start, "period_end": end}
    for name in ("title", "intro", "audience", "period_start", "period_end"):
        if request.GET.get(name):
            initial[name] = request.GET[name][:2000]
    if request.GET.getlist("services"):
        initial["services"] = request.GET.getlist("services")
    return initial


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_NEWS)
def newsletter_create(request: HttpRequest) -> HttpResponse:
    """Compose a letter: the period, its published news, the audience."""
    post = request.method == "POST"
    form = NewsletterForm(
        request.POST if post else None,
        initial=None if post else _initial(request),
        authority=request.authority,
    )
    if post and form.is_valid():
        try:
            return create_and_redirect(
                request,
                form,
                lambda: services.create_newsletter(
                    request.authority, by=request.user, data=form.service_data()
                ),
                url=lambda letter: reverse("newsletter_preview", args=[letter.pk]),
                success=lambda letter: (
                    _("Lettre « %(title)s » enregistrée : relisez-la avant de l'envoyer.")
                    % {"title": letter.title}
                ),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
    return _compose(
        request,
        form,
        _("Nouvelle lettre d'information"),
        [archive_crumb()],
        reverse("newsletter_list"),
    )


def _draft(request: HttpRequest, pk: int) -> Newsletter:
    return get_object_or_404(request, Newsletter, pk=pk)


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_NEWS)
def newsletter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    newsletter = _draft(request, pk)
    if not newsletter.is_draft:
        messages.info(request, _("Cette lettre est déjà envoyée : elle ne change plus."))
        return redirect("newsletter_detail", pk=pk)
    crumbs = letter_crumbs(newsletter)
    post = request.method == "POST"
    form = NewsletterForm(
        request.POST if post else None, instance=newsletter, authority=request.authority
    )
    extra = None
    if post and form.is_valid():
        try:
            services.update_newsletter(
                newsletter, by=request.user, data=form.service_data(), version=form.version
            )
        except ConcurrentEditError as exc:
            form, extra = conflict(request, exc, form)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Lettre enregistrée."))
            return redirect("newsletter_preview", pk=pk)
    return _compose(
        request,
        form,
        _("Modifier la lettre"),
        crumbs,
        reverse("newsletter_preview", args=[pk]),
        extra=extra,
    )


def _counts(newsletter: Newsletter) -> tuple[list[tuple[str, int]], int]:
    counts = newsletters.recipient_counts(newsletter)
    rows = [(str(newsletters.GROUP_LABELS[group]), n) for group, n in sorted(counts.items())]
    return rows, sum(counts.values())


@require_GET
@require(Perm.EDIT_NEWS)
def newsletter_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter as it will be sent, and who it goes to."""
    newsletter = _draft(request, pk)
    rows, total = _counts(newsletter)
    return _page(
        request,
        "news/newsletter_preview.html",
        _("Aperçu : %(title)s") % {"title": newsletter.title},
        letter_crumbs(newsletter),
        counts=rows,
        total=total,
        services=list(newsletter.services.order_by("name").values_list("name", flat=True)),
        **_letter_context(newsletter),
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_NEWS)
def newsletter_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then send the letter through the task worker."""
    newsletter = _draft(request, pk)
    if not newsletter.is_draft:
        return redirect("newsletter_progress", pk=pk)
    if request.method == "POST":
        raw = request.POST.get("version", "")
        version = int(raw) if raw.isdigit() and len(raw) < 10 else None
        try:
            services.send_newsletter(
                newsletter, by=request.user, version=version, base_url=_base_url(request)
            )
        except ConcurrentEditError:
            messages.error(
                request, _("La lettre vient d'être modifiée : relisez-la avant de l'envoyer.")
            )
            return redirect("newsletter_preview", pk=pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("newsletter_preview", pk=pk)
        messages.success(request, _("Envoi de la lettre commencé."))
        return redirect("newsletter_progress", pk=pk)
    _rows, total = _counts(newsletter)
    return _page(
        request,
        "news/newsletter_send.html",
        _("Envoyer « %(title)s »") % {"title": newsletter.title},
        letter_crumbs(newsletter),
        newsletter=newsletter,
        total=total,
        cancel_url=reverse("newsletter_preview", args=[pk]),
    )


@require_GET
@require(Perm.EDIT_NEWS)
def newsletter_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Sent, pending and failed e-mails of the letter, reloaded while it is being sent."""
    newsletter = _draft(request, pk)
    progress = newsletters.progress(newsletter)
    return _page(
        request,
        "news/newsletter_progress.html",
        _("Envoi : %(title)s") % {"title": newsletter.title},
        letter_crumbs(newsletter),
        newsletter=newsletter,
        progress=progress,
        refresh=PROGRESS_REFRESH if newsletter.status == Newsletter.Status.SENDING else None,
    )
