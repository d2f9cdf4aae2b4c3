"""What the intranet reads without login: Atom feeds of published news per audience and a
small page of the latest news to put in a frame, plus their settings for the administrator.

Each address carries the authority's secret key (``FeedSettings.key``); a disabled feed, an
audience the authority does not expose, an unknown key or service all answer 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core.concurrency import ConcurrentEditError, conflict
from maillage.core.permissions import Perm, require
from maillage.organisation.models import Service

from . import selectors, services
from .audience import Viewer, service_viewer
from .forms import FeedSettingsForm
from .models import FeedSettings, NewsItem
from .rendering import plain_excerpt

FEED_SIZE = 20
EMBED_SIZE = 5


@dataclass(frozen=True)
class Exposed:
    settings: FeedSettings
    viewer: Viewer
    label: str


def exposed(authority_slug: str, key: str, audience: str) -> Exposed:
    """The authority's settings and the reader of ``audience``, if it chose to expose them."""
    found = (
        FeedSettings.objects.select_related("authority")
        .filter(authority__slug=authority_slug, key=key, enabled=True)
        .first()
        if len(key) <= 64
        else None
    )
    if found is None:
        raise Http404
    if audience == "tous" and found.expose_all:
        return Exposed(found, Viewer(), _("tous les agents"))
    if audience == "referents" and found.expose_referents:
        return Exposed(found, Viewer(referent=True), _("les référents"))
    if audience == "elus" and found.expose_elected:
        return Exposed(found, Viewer(elected=True), _("les élus"))
    prefix, _sep, raw = audience.partition("-")
    if prefix == "service" and raw.isdigit() and len(raw) < 18 and found.expose_services:
        service = (
            Service.objects.select_related("parent")
            .filter(authority=found.authority_id, pk=int(raw))
            .first()
        )
        if service is not None:
            return Exposed(found, service_viewer(service), service.name)
    raise Http404


class NewsAtomFeed(Feed):
    """The published news an audience reads, latest first."""

    feed_type = Atom1Feed

    def get_object(
        self, request: HttpRequest, authority_slug: str, key: str, audience: str
    ) -> Exposed:
        return exposed(authority_slug, key, audience)

    def title(self, obj: Exposed) -> str:
        return _("Actualités de l'action internationale — %(authority)s") % {
            "authority": obj.settings.authority.name
        }

    def subtitle(self, obj: Exposed) -> str:
        return _("Pour %(audience)s") % {"audience": obj.label}

    def link(self, obj: Exposed) -> str:
        return reverse("news_list")

    def items(self, obj: Exposed) -> list[NewsItem]:
        return selectors.latest_published(obj.settings.authority, obj.viewer, FEED_SIZE)

    def item_title(self, item: NewsItem) -> str:
        return item.title

    def item_description(self, item: NewsItem) -> str:
        return item.body_html  # sanitised when written (news.rendering)

    def item_link(self, item: NewsItem) -> str:
        return reverse("news_detail", args=[item.pk])

    def item_pubdate(self, item: NewsItem):
        return item.published_at

    def item_updateddate(self, item: NewsItem):
        return item.updated_at


@xframe_options_exempt
@require_GET
def embed(request: HttpRequest, authority_slug: str, key: str, audience: str) -> HttpResponse:
    """The latest news of an audience, for a frame of the intranet: the only framed page."""
    found = exposed(authority_slug, key, audience)
    items = selectors.latest_published(found.settings.authority, found.viewer, EMBED_SIZE)
    response = render(
        request,
        "news/embed.html",
        {
            "authority": found.settings.authority,
            "audience_label": found.label,
            "items": [(item, plain_excerpt(item.body_html, 160)) for item in items],
        },
    )
    origin = found.settings.intranet_origin
    response._csp_config = {  # read by Django's CSP middleware
        **settings.SECURE_CSP,
        # No intranet named yet: no other site may frame it.
        "frame-ancestors": [origin] if origin else ["'self'"],
    }
    return response


@require_http_methods(["GET", "POST"])
@require(Perm.MANAGE_NEWS_FEEDS)
def feed_settings(request: HttpRequest) -> HttpResponse:
    """What the intranet may read: the feeds and the embeddable page, and their addresses."""
    current = services.feed_settings(request.authority)
    post = request.method == "POST"
    form = FeedSettingsForm(request.POST if post else None, instance=current)
    extra: dict = {}
    if post and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.FEED_FIELDS}
        version = form.version if current.pk else None
        try:
            services.update_feed_settings(
                request.authority, by=request.user, data=data, version=version
            )
        except ConcurrentEditError as exc:
            form, extra = conflict(request, exc, form)
        else:
            messages.success(request, _("Diffusion des actualités enregistrée."))
            return redirect("news_feed_settings")
    addresses = []
    if current.pk and current.enabled:
        for slug, label, shown in (
            ("tous", _("Tous les agents"), current.expose_all),
            ("referents", _("Référents"), current.expose_referents),
            ("elus", _("Élus"), current.expose_elected),
        ):
            if shown:
                addresses.append((label, *_addresses(request, current.key, slug)))
    status = extra.pop("status", 200)
    return render(
        request,
        "news/feed_settings.html",
        {
            "form": form,
            "current": current,
            "addresses": addresses,
            "service_example": _addresses(request, current.key, "service-ID")
            if current.pk and current.enabled and current.expose_services
            else None,
            "page_title": _("Actualités sur l'intranet"),
            "breadcrumb": [
                (_("Actualités"), reverse("news_list")),
                (_("Actualités sur l'intranet"), None),
            ],
            "nav": "news",
            **extra,
        },
        status=status,
    )


def _addresses(request: HttpRequest, key: str, audience: str) -> tuple[str, str]:
    slug = request.authority.slug
    if audience == "service-ID":
        feed = request.build_absolute_uri(
            reverse("news_feed", args=[slug, key, "service-0"])
        ).replace("service-0", "service-ID")
        page = request.build_absolute_uri(
            reverse("news_embed", args=[slug, key, "service-0"])
        ).replace("service-0", "service-ID")
        return feed, page
    return (
        request.build_absolute_uri(reverse("news_feed", args=[slug, key, audience])),
        request.build_absolute_uri(reverse("news_embed", args=[slug, key, audience])),
    )


@require_http_methods(["GET", "POST"])
@require(Perm.MANAGE_NEWS_FEEDS)
def renew_key(request: HttpRequest) -> HttpResponse:
    """Confirm, then give the feeds new addresses (the old ones stop answering)."""
    if request.method == "POST":
        services.renew_feed_key(request.authority, by=request.user)
        messages.success(
            request, _("Nouvelles adresses créées : mettez à jour l'intranet avec celles-ci.")
        )
        return redirect("news_feed_settings")
    return render(
        request,
        "news/feed_renew.html",
        {
            "page_title": _("Changer les adresses des flux"),
            "breadcrumb": [
                (_("Actualités"), reverse("news_list")),
                (_("Actualités sur l'intranet"), reverse("news_feed_settings")),
                (_("Changer les adresses"), None),
            ],
            "nav": "news",
        },
    )
