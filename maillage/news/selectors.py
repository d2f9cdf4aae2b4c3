"""Reads of the news pages, feeds and embeddable page: a fixed number of queries each."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from maillage.core.models import Authority
from maillage.governance.models import Committee
from maillage.organisation.models import Service
from maillage.projects.models import Project

from .audience import Viewer, visible_q
from .models import NewsItem

STATUS_FILTERS = {
    "brouillons": NewsItem.Status.DRAFT,
    "publiees": NewsItem.Status.PUBLISHED,
}
KIND_FILTERS = {"actualites": NewsItem.Kind.NEWS, "apprentissages": NewsItem.Kind.LEARNING}


def visible_items(authority: Authority, viewer: Viewer) -> QuerySet[NewsItem]:
    return NewsItem.objects.filter(authority=authority).filter(visible_q(viewer))


def news_list(
    authority: Authority, viewer: Viewer, *, query: str = "", status: str = "", kind: str = ""
) -> QuerySet[NewsItem]:
    items = visible_items(authority, viewer).select_related("learning_service").defer("body")
    if query:
        items = items.filter(title__icontains=query)
    if status in STATUS_FILTERS:
        items = items.filter(status=STATUS_FILTERS[status])
    if kind in KIND_FILTERS:
        items = items.filter(kind=KIND_FILTERS[kind])
    # Drafts first for those who see them, then the latest published.
    return items.order_by("status", "-published_at", "-created_at", "-pk")


def news_page(authority: Authority, viewer: Viewer) -> QuerySet[NewsItem]:
    """The queryset a detail page looks the item up in (4 queries with its links)."""
    return (
        visible_items(authority, viewer)
        .select_related("learning_service")
        .prefetch_related(
            Prefetch("projects", queryset=Project.objects.only("id", "title").order_by("title")),
            Prefetch("committees", queryset=Committee.objects.only("id", "name").order_by("name")),
            Prefetch("services", queryset=Service.objects.only("id", "name").order_by("name")),
        )
    )


def latest_published(authority: Authority, viewer: Viewer, limit: int) -> list[NewsItem]:
    """The latest published items ``viewer`` reads (feeds, embeddable page): one query."""
    items = visible_items(authority, viewer).filter(status=NewsItem.Status.PUBLISHED)
    return list(items.defer("body").order_by("-published_at", "-pk")[:limit])
