"""Who reads which news item: the one rule behind the list, the page, the feeds and the
embeddable page.

Those who edit news (the DRI, the administrator) see every item, drafts included; the
direction reads every published item, as it reads everything internal. Everyone else reads
the published items addressed to all agents, plus those addressed to the référents if they are
one, to the elected officials if they are one, and to their directorate or service (an item
sent to a directorate reaches its services and units).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.http import HttpRequest

from maillage.core.models import Role
from maillage.core.permissions import Perm, cached_on_request, request_has_perm
from maillage.organisation.models import Agent, Service

from .models import Audience, NewsItem


@dataclass(frozen=True)
class Viewer:
    editor: bool = False
    all_published: bool = False
    referent: bool = False
    elected: bool = False
    # The person's services and every directorate above them.
    service_ids: frozenset[int] = frozenset()


def visible_q(viewer: Viewer) -> Q:
    """The items ``viewer`` reads, as a filter on ``NewsItem``."""
    if viewer.editor:
        return Q()
    published = Q(status=NewsItem.Status.PUBLISHED)
    if viewer.all_published:
        return published
    addressed = Q(audience=Audience.ALL)
    if viewer.referent:
        addressed |= Q(audience=Audience.REFERENTS)
    if viewer.elected:
        addressed |= Q(audience=Audience.ELECTED)
    if viewer.service_ids:
        targeted = NewsItem.services.through.objects.filter(
            service_id__in=sorted(viewer.service_ids)
        ).values("newsitem_id")
        addressed |= Q(audience=Audience.SERVICES, pk__in=targeted)
    return published & addressed


def own_service_ids(request: HttpRequest) -> frozenset[int]:
    """The services of the user's agent records and the directorates above them (one query,
    cached per request; the org chart has three levels)."""

    def compute() -> frozenset[int]:
        if request.authority is None or not request.user.is_authenticated:
            return frozenset()
        rows = Agent.objects.filter(
            authority=request.authority, user=request.user, service__isnull=False
        ).values_list("service_id", "service__parent_id", "service__parent__parent_id")
        return frozenset(pk for row in rows for pk in row if pk is not None)

    return cached_on_request(request, "news_service_ids", compute)


def viewer_for(request: HttpRequest) -> Viewer:
    if request_has_perm(request, Perm.EDIT_NEWS):
        return Viewer(editor=True)
    roles = request.roles
    if Role.DIRECTION in roles:
        return Viewer(all_published=True)
    return Viewer(
        referent=Role.REFERENT in roles,
        elected=Role.ELECTED in roles,
        service_ids=own_service_ids(request),
    )


def service_viewer(service: Service) -> Viewer:
    """A reader of ``service``: its items, its directorate's and those sent to all agents."""
    ids = {service.pk}
    if service.parent_id:
        ids.add(service.parent_id)
        parent = service.parent
        if parent.parent_id:
            ids.add(parent.parent_id)
    return Viewer(service_ids=frozenset(ids))
