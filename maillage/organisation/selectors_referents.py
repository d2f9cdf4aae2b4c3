"""Reads of the référent network page, its exports and its mailing list (fixed queries)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from maillage.core.models import Authority

from .models import Referent, Service

# --- The référent network --------------------------------------------------------------------

NETWORK_SORTS = {"service": ("name", "id"), "-service": ("-name", "-id")}


def referent_network(
    authority: Authority,
    *,
    query: str = "",
    without_referent: bool = False,
    sort: str = "service",
    today: datetime.date | None = None,
) -> QuerySet[Service]:
    """The authority's active services, each annotated ``covered`` (a référent is current),
    found by the service's name or a current référent's name."""
    today = today or timezone.localdate()
    current = Referent.objects.current(today).filter(service=OuterRef("pk"))
    services = Service.objects.filter(authority=authority, active=True).annotate(
        covered=Exists(current)
    )
    for word in query.split()[:5]:
        named = current.filter(
            Q(agent__last_name__icontains=word) | Q(agent__first_name__icontains=word)
        )
        services = services.filter(Q(name__icontains=word) | Exists(named))
    if without_referent:
        services = services.filter(covered=False)
    return services.only("id", "name", "kind", "parent_id").order_by(
        *NETWORK_SORTS.get(sort, NETWORK_SORTS["service"])
    )


@dataclass(slots=True)
class NetworkRow:
    """A service of the network with its current holders and substitutes."""

    service: Service
    direction: str
    holders: list[Referent] = field(default_factory=list)
    substitutes: list[Referent] = field(default_factory=list)

    @property
    def referents(self) -> list[Referent]:
        return self.holders + self.substitutes


def _directions(authority: Authority) -> dict[int, str]:
    """Each service's directorate: the nearest directorate above it (or itself), else its root."""
    tree = {
        pk: (parent_id, name, kind)
        for pk, parent_id, name, kind in Service.objects.filter(authority=authority).values_list(
            "id", "parent_id", "name", "kind"
        )
    }
    directions: dict[int, str] = {}
    for pk in tree:
        node, seen, found = pk, 0, ""
        while node is not None and seen < 20:
            parent_id, name, kind = tree[node]
            found = name
            if kind == Service.Kind.DIRECTORATE:
                break
            node, seen = parent_id if parent_id in tree else None, seen + 1
        directions[pk] = found
    return directions


def network_rows(
    authority: Authority, services: Iterable[Service], today: datetime.date | None = None
) -> list[NetworkRow]:
    """The rows of ``services`` (a page, or the whole filtered list): 2 queries."""
    today = today or timezone.localdate()
    directions = _directions(authority)
    rows = {s.pk: NetworkRow(s, directions.get(s.pk, "")) for s in services}
    referents = (
        Referent.objects.current(today)
        .filter(authority=authority, service__active=True)
        .select_related("agent")
        .order_by("kind", "start", "agent__last_name", "agent__first_name", "id")
    )
    if len(rows) <= 500:
        referents = referents.filter(service_id__in=list(rows))
    for referent in referents:
        row = rows.get(referent.service_id)
        if row is None:
            continue
        referent.service = row.service
        if referent.kind == Referent.Kind.HOLDER:
            row.holders.append(referent)
        else:
            row.substitutes.append(referent)
    return list(rows.values())


def mailing_list(rows: Iterable[NetworkRow]) -> tuple[list[str], list[Referent]]:
    """The current référents' e-mail addresses (each once) and the référents without one."""
    addresses: dict[str, str] = {}
    missing: dict[int, Referent] = {}
    for row in rows:
        for referent in row.referents:
            email = referent.agent.email.strip()
            if email:
                addresses.setdefault(email.lower(), email)
            else:
                missing.setdefault(referent.agent_id, referent)
    return sorted(addresses.values(), key=str.lower), list(missing.values())
