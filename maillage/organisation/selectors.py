"""Read queries for organisation pages. Each function runs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.core.models import Authority, Role, User
from maillage.core.wording import gendered

from .models import Agent, ElectedOfficial, Referent, Service


@dataclass(slots=True)
class ServiceRef:
    """What the org chart and the coverage read of a service: a plain row, since building a
    model instance per service was a third of the organigram's time."""

    pk: int
    name: str
    kind: str
    parent_id: int | None

    def get_kind_display(self) -> str:
        return str(Service.Kind(self.kind).label) if self.kind in Service.Kind else self.kind


@dataclass
class OrgNode:
    service: ServiceRef
    agent_count: int = 0
    holders: list[str] = field(default_factory=list)
    substitutes: list[str] = field(default_factory=list)
    children: list[OrgNode] = field(default_factory=list)
    has_referent: bool = False  # when the names were not read (coverage_tree)

    @property
    def covered(self) -> bool:
        return bool(self.has_referent or self.holders or self.substitutes)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class DirectorateCoverage:
    node: OrgNode
    services: int
    covered: int

    @property
    def uncovered(self) -> int:
        return self.services - self.covered

    @property
    def percent(self) -> int:
        return round(100 * self.covered / self.services) if self.services else 100


def org_tree(authority: Authority) -> list[OrgNode]:
    """The active services as a forest, with agent counts and current référents (3 queries)."""
    services = Service.objects.filter(authority=authority, active=True).values_list(
        "id", "name", "kind", "parent_id"
    )
    nodes = {row[0]: OrgNode(service=ServiceRef(*row)) for row in services}
    counts = (
        Agent.objects.filter(authority=authority, active=True, service__isnull=False)
        .values_list("service_id")
        .annotate(n=Count("id"))
    )
    for service_id, n in counts:
        if service_id in nodes:
            nodes[service_id].agent_count = n
    referents = (
        Referent.objects.current()
        .filter(authority=authority)
        .values_list("service_id", "kind", "agent__first_name", "agent__last_name")
        .order_by("agent__last_name")
    )
    for service_id, kind, first, last in referents:
        node = nodes.get(service_id)
        if node is not None:
            target = node.holders if kind == Referent.Kind.HOLDER else node.substitutes
            target.append(f"{first} {last}")
    return _forest(nodes)


def coverage_tree(authority: Authority) -> list[OrgNode]:
    """The same forest without the référents' names, for the coverage figures (1 query)."""
    agents = (
        Agent.objects.filter(service_id=OuterRef("pk"), active=True)
        .order_by()
        .values("service_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    services = (
        Service.objects.filter(authority=authority, active=True)
        .annotate(
            n_agents=Coalesce(Subquery(agents, output_field=IntegerField()), 0),
            referent=Exists(
                Referent.objects.current().filter(authority=authority, service_id=OuterRef("pk"))
            ),
        )
        .values_list("id", "name", "kind", "parent_id", "n_agents", "referent")
    )
    nodes = {
        row[0]: OrgNode(service=ServiceRef(*row[:4]), agent_count=row[4], has_referent=row[5])
        for row in services
    }
    return _forest(nodes)


def _forest(nodes: dict[int, OrgNode]) -> list[OrgNode]:
    roots: list[OrgNode] = []
    for node in nodes.values():
        parent = nodes.get(node.service.parent_id)
        (parent.children if parent else roots).append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: n.service.name)
    roots.sort(key=lambda n: n.service.name)
    return roots


def coverage(roots: list[OrgNode]) -> tuple[list[DirectorateCoverage], DirectorateCoverage | None]:
    """Référent coverage per directorate (top-level node) and overall."""
    rows = []
    for root in roots:
        nodes = list(root.walk())
        rows.append(DirectorateCoverage(root, len(nodes), sum(1 for n in nodes if n.covered)))
    if not rows:
        return rows, None
    total = DirectorateCoverage(
        OrgNode(service=ServiceRef(0, "", Service.Kind.SERVICE, None)),
        sum(r.services for r in rows),
        sum(r.covered for r in rows),
    )
    return rows, total


def uncovered_services(roots: list[OrgNode]) -> list[OrgNode]:
    return [n for root in roots for n in root.walk() if not n.covered]


def service_detail(authority: Authority, service: Service) -> dict[str, object]:
    """Everything the service page shows, in a fixed number of queries."""
    ancestors = []
    parent_id = service.parent_id
    by_id = dict(Service.objects.filter(authority=authority).values_list("id", "parent_id"))
    names = {}
    chain = []
    while parent_id is not None and parent_id not in chain and len(chain) < 20:
        chain.append(parent_id)
        parent_id = by_id.get(parent_id)
    if chain:
        names = {s.pk: s for s in Service.objects.filter(pk__in=chain).only("id", "name")}
        ancestors = [names[pk] for pk in reversed(chain) if pk in names]
    children = list(
        Service.objects.filter(authority=authority, parent=service, active=True)
        .annotate(n_agents=Count("agents", filter=Q(agents__active=True)))
        .order_by("name")
    )
    referents = list(
        Referent.objects.filter(service=service)
        .select_related("agent")
        .order_by("-end", "kind", "start")
    )
    current = [r for r in referents if r.is_current()]
    past = [r for r in referents if not r.is_current()]
    return {
        "ancestors": ancestors,
        "children": children,
        "current_referents": current,
        "past_referents": past,
        "policy_areas": list(service.policy_areas.all()),
    }


def agents_of_service(service: Service) -> QuerySet[Agent]:
    return Agent.objects.filter(service=service, active=True).order_by("last_name", "first_name")


AGENT_SORTS = {
    "nom": ("last_name", "first_name", "id"),
    "-nom": ("-last_name", "-first_name", "-id"),
    "service": ("service__name", "last_name", "first_name", "id"),
    "-service": ("-service__name", "last_name", "first_name", "id"),
}


def agent_directory(
    authority: Authority, query: str = "", service_id: int | None = None, sort: str = "nom"
) -> QuerySet[Agent]:
    agents = Agent.objects.filter(authority=authority, active=True).select_related("service")
    if query:
        for word in query.split()[:5]:
            agents = agents.filter(
                Q(last_name__icontains=word)
                | Q(first_name__icontains=word)
                | Q(email__icontains=word)
                | Q(job_title__icontains=word)
                | Q(service__name__icontains=word)
            )
    if service_id:
        agents = agents.filter(service_id=service_id)
    return agents.order_by(*AGENT_SORTS.get(sort, AGENT_SORTS["nom"]))


def elected_officials_with_delegations(authority: Authority) -> QuerySet[ElectedOfficial]:
    """The authority's officials with their delegations and policy areas (3 queries)."""
    from .models import Delegation

    return (
        ElectedOfficial.objects.filter(authority=authority)
        .prefetch_related(
            Prefetch(
                "delegations",
                queryset=Delegation.objects.prefetch_related("policy_areas").order_by("label"),
            )
        )
        .order_by("last_name", "first_name")
    )


def elected_officials(authority: Authority) -> list[ElectedOfficial]:
    return list(elected_officials_with_delegations(authority).filter(active=True))


def user_agent(authority: Authority, user: User, *related: str) -> Agent | None:
    """The user's agent record in the authority, with its service and ``related`` (1 query)."""
    return (
        Agent.objects.filter(authority=authority, user=user)
        .select_related("service", *related)
        .first()
    )


# Each role as the home page names it: (feminine, masculine, neutral).
ROLE_LABELS = {
    Role.ADMIN: (
        _("administratrice fonctionnelle"),
        _("administrateur fonctionnel"),
        _("administrateur fonctionnel"),
    ),
    Role.DRI: (_("relations internationales"),) * 3,
    Role.REFERENT: (_("référente"), _("référent"), _("référent")),
    Role.ELECTED: (_("élue"), _("élu"), _("élu")),
    Role.DIRECTION: (pgettext_lazy("role", "direction"),) * 3,
    Role.AGENT: (_("agent"),) * 3,
}


def role_labels(roles: frozenset[str], civility: str) -> list[str]:
    """The user's roles in words, agreeing with their civility ("élue", "référente")."""
    return [
        gendered(civility, *(str(label) for label in ROLE_LABELS[role]))
        for role in Role.values
        if role in roles
    ]


def home_summary(
    authority: Authority, user: User, roles: frozenset[str], agent: Agent | None
) -> dict[str, object]:
    """What the home page shows, depending on the user's roles (``agent``: the user's)."""
    context: dict[str, object] = {"roles": roles, "agent": agent}
    # The référent network's figures; an elected official's home is about what she carries.
    if roles & {Role.ADMIN, Role.DRI, Role.DIRECTION}:
        roots = coverage_tree(authority)
        rows, total = coverage(roots)
        context["coverage_rows"] = rows
        context["coverage_total"] = total
        context["uncovered"] = uncovered_services(roots)[:10]
        context["agent_total"] = sum(n.agent_count for root in roots for n in root.walk())
    if Role.REFERENT in roles and agent is not None:
        context["my_referent_roles"] = list(
            Referent.objects.current()
            .filter(agent=agent)
            .select_related("service")
            .order_by("service__name")
        )
    civility = agent.civility if agent is not None else ""
    if Role.ELECTED in roles:
        officials = list(
            ElectedOfficial.objects.filter(authority=authority, user=user).prefetch_related(
                "delegations__policy_areas"
            )
        )
        context["my_officials"] = officials
        context["my_delegations"] = [d for o in officials for d in o.delegations.all()]
        civility = civility or next((o.civility for o in officials if o.civility), "")
    context["role_labels"] = role_labels(roles, civility)
    if agent is not None and agent.service_id:
        context["my_service_referents"] = list(
            Referent.objects.current().filter(service_id=agent.service_id).select_related("agent")
        )
    return context


def directorates_choices(authority: Authority) -> list[tuple[int, str]]:
    return list(
        Service.objects.filter(authority=authority, active=True)
        .order_by("name")
        .values_list("id", "name")
    )
