"""Read queries for the project pages. Each function runs a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core import choices as reference
from maillage.core.audit import describe_changes
from maillage.core.models import AuditEvent, Authority, PolicyArea, Role
from maillage.core.permissions import Perm, has_perm
from maillage.core.wording import localized, sort_key
from maillage.organisation.models import Agent, ElectedOfficial, Service
from maillage.projects.funding import services as funding
from maillage.projects.models import (
    Mission,
    Mobilisation,
    Partner,
    Project,
    ProjectCarrier,
    ProjectPartner,
)
from maillage.projects.partners.selectors import renewals_for_home
from maillage.projects.periods import active_in_year
from maillage.projects.results.services import results_framework

S = Project.Status
PROJECT_TYPE = "projects.Project"
MOBILISATION_TYPE = "projects.Mobilisation"
HISTORY_LIMIT = 200
HOME_LIMIT = 10
# Agreements to renew listed on the DRI's home page; the count and a link give the rest.
HOME_RENEWALS = 5
DECLINED_RECENTLY = datetime.timedelta(days=30)


# --- Project list -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectFilters:
    status: str = ""
    country: str = ""
    partner: int | None = None
    policy_area: str = ""
    service: int | None = None
    official: int | None = None  # an elected official carrying the project
    sdg_goal: int | None = None
    year: int | None = None
    q: str = ""


STATUS_RANK = Case(
    *[When(status=value, then=Value(rank)) for rank, value in enumerate(S.values)],
    output_field=IntegerField(),
)

SORTS: dict[str, tuple] = {
    "titre": ("title", "id"),
    "-titre": ("-title", "-id"),
    "debut": (F("start_date").asc(nulls_last=True), "title", "id"),
    "-debut": (F("start_date").desc(nulls_last=True), "title", "id"),
    "statut": ("status_rank", "title", "id"),
    "-statut": ("-status_rank", "title", "id"),
    "maj": ("updated_at", "id"),
    "-maj": ("-updated_at", "-id"),
}
DEFAULT_SORT = "-maj"


def project_list(
    authority: Authority, filters: ProjectFilters, sort: str = DEFAULT_SORT
) -> QuerySet[Project]:
    """The authority's projects, filtered and sorted, with partners and service counts."""
    projects = Project.objects.filter(authority=authority)
    if filters.status:
        projects = projects.filter(status=filters.status)
    links = ProjectPartner.objects.filter(project=OuterRef("pk"))
    if filters.country:
        projects = projects.filter(Exists(links.filter(partner__country_id=filters.country)))
    if filters.partner:
        projects = projects.filter(Exists(links.filter(partner_id=filters.partner)))
    if filters.policy_area:
        areas = Project.policy_areas.through.objects.filter(
            project_id=OuterRef("pk"), policyarea__code__startswith=filters.policy_area
        )
        projects = projects.filter(Exists(areas))
    if filters.service:
        mobilised = Mobilisation.objects.filter(
            project=OuterRef("pk"), service_id=filters.service
        ).exclude(status=Mobilisation.Status.DECLINED)
        projects = projects.filter(Exists(mobilised))
    if filters.official:
        carried = ProjectCarrier.objects.filter(
            project=OuterRef("pk"), official_id=filters.official
        )
        projects = projects.filter(Exists(carried))
    if filters.sdg_goal:
        targets = Project.sdg_targets.through.objects.filter(
            project_id=OuterRef("pk"), sdgtarget__goal_id=filters.sdg_goal
        )
        projects = projects.filter(Exists(targets))
    if filters.year:
        projects = projects.filter(active_in_year(filters.year))
    for word in filters.q.split()[:5]:
        projects = projects.filter(Q(title__icontains=word) | Q(summary__icontains=word))
    return (
        projects.select_related("lead_service")
        .annotate(
            # Mobilised means confirmed by the service; proposals awaiting an answer apart.
            n_services=Count(
                "mobilisations", filter=Q(mobilisations__status=Mobilisation.Status.CONFIRMED)
            ),
            n_proposed=Count(
                "mobilisations", filter=Q(mobilisations__status=Mobilisation.Status.PROPOSED)
            ),
            status_rank=STATUS_RANK,
        )
        # What the list and its CSV show: not the texts (summary, objectives…) of each row.
        .only(*LIST_FIELDS, "lead_service__name")
        .order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))
    )


LIST_FIELDS = (
    "title",
    "kind",
    "status",
    "visibility",
    "start_date",
    "end_date",
    "lead_service",
    "updated_at",
)


def mobilisations_of(
    authority: Authority, projects: QuerySet[Project], *, service: int | None = None
) -> QuerySet[Mobilisation]:
    """The mobilisations of ``projects`` (a filtered list), by project then service; only
    ``service``'s when given (1 query)."""
    found = Mobilisation.objects.filter(
        project__authority=authority, project__in=projects.order_by().values("pk")
    )
    if service:
        found = found.filter(service_id=service)
    return found.select_related("project", "service__parent").order_by(
        "project__title", "project_id", "service__name", "pk"
    )


def with_partners(projects: Iterable[Project], *, carriers: bool = False) -> list[Project]:
    """Attach ``partner_names`` and ``country_names`` (distinct, in order) to each project
    (1 query: names only, rather than a partner and a country instance per link); with
    ``carriers``, ``carrier_names`` too, porteurs first (1 more query)."""
    rows = list(projects)
    # Dicts as ordered sets: each name once, in the order of the links.
    partners: dict[int, dict[str, None]] = defaultdict(dict)
    countries: dict[int, dict[str, None]] = defaultdict(dict)
    links = (
        ProjectPartner.objects.filter(project_id__in=[project.pk for project in rows])
        .order_by("partner__name", "role")
        .values_list(
            "project_id", "partner__name", "partner__country__name_fr", "partner__country__name_en"
        )
    )
    for project_id, name, country_fr, country_en in links:
        partners[project_id][name] = None
        countries[project_id][localized(country_fr, country_en)] = None
    names: dict[int, list[str]] = defaultdict(list)
    carrier_rows = (
        ProjectCarrier.objects.filter(project_id__in=[project.pk for project in rows])
        .order_by("project_id", "-role", "official__last_name", "official__first_name")
        .values_list("project_id", "official__first_name", "official__last_name", "role")
    )
    roles: dict[int, list[str]] = defaultdict(list)
    role_labels = dict(ProjectCarrier.Role.choices)
    for project_id, first_name, last_name, role in carrier_rows if carriers else ():
        names[project_id].append(f"{first_name} {last_name}")
        roles[project_id].append(f"{first_name} {last_name} ({role_labels[role].lower()})")
    for project in rows:
        project.partner_names = list(partners[project.pk])
        project.country_names = list(countries[project.pk])
        project.carrier_names = names[project.pk]
        project.carrier_labels = roles[project.pk]  # "Marie Durand (porteur)"
    return rows


def filter_choices(authority: Authority) -> dict[str, list]:
    """Options of the list filters (3 queries; reference data from ``core.choices``)."""
    partners = list(
        Partner.objects.filter(authority=authority)
        .order_by("name")
        .values_list("id", "name", "country_id", "country__name_fr", "country__name_en")
    )
    countries = sorted(
        {(iso2, localized(fr, en)) for _pk, _name, iso2, fr, en in partners},
        key=lambda c: sort_key(c[1]),
    )
    services = list(
        Service.objects.filter(authority=authority, active=True)
        .order_by("name")
        .values_list("id", "name")
    )
    officials = [
        (pk, f"{first_name} {last_name}")
        for pk, first_name, last_name in ElectedOfficial.objects.filter(authority=authority)
        .order_by("last_name", "first_name")
        .values_list("id", "first_name", "last_name")
    ]
    return {
        "officials": officials,
        "partners": [(pk, name) for pk, name, *_country in partners],
        "countries": countries,
        "services": services,
        "sdg_goals": reference.sdg_goals(),
        "policy_areas": reference.policy_area_groups(max_level=2),
    }


# --- Project page -----------------------------------------------------------------------------


def project_carriers(project: Project) -> list[ProjectCarrier]:
    """The officials carrying the project, porteurs first (1 query)."""
    return list(
        project.carriers.select_related("official").order_by(
            "-role", "official__last_name", "official__first_name"
        )
    )


def project_overview(project: Project) -> dict[str, object]:
    """The overview tab: partners, agreements, deadlines, sponsors, classifications and money
    planned beside money moved (8 queries)."""
    links = list(
        project.project_partners.select_related("partner__country").order_by(
            "partner__name", "role"
        )
    )
    targets = list(project.sdg_targets.select_related("goal").order_by("goal", "position"))
    return {
        "partner_links": links,
        "countries": list(dict.fromkeys(link.partner.country for link in links)),
        "carriers": project_carriers(project),
        "agreements": list(
            project.agreements.only("id", "title", "kind", "status", "end_date").order_by(
                "end_date", "title"
            )
        ),
        "deadlines": list(project.deadlines.order_by("date", "id")),
        "policy_areas": list(project.policy_areas.order_by("code")),
        "sdg_groups": _group_targets(targets),
        "dac_sectors": list(project.dac_sectors.order_by("code")),
        "markers": [
            (Project._meta.get_field(name).verbose_name, getattr(project, f"get_{name}_display")())
            for name in Project.MARKER_FIELDS
        ],
        "execution": funding.execution(project),
    }


def _group_targets(targets: list) -> list[tuple[object, list]]:
    groups: dict[int, tuple[object, list]] = {}
    for target in targets:
        groups.setdefault(target.goal_id, (target.goal, []))[1].append(target)
    return list(groups.values())


@dataclass
class Transversality:
    services: int = 0  # confirmed by the service
    proposed: int = 0  # awaiting the référent's answer
    directorates: list[Service] = field(default_factory=list)
    policy_areas: list[PolicyArea] = field(default_factory=list)
    days_planned: Decimal = Decimal(0)
    days_actual: Decimal = Decimal(0)
    valuation: Decimal = Decimal(0)


def project_mobilisations(project: Project) -> dict[str, object]:
    """The services tab: mobilisations and what the confirmed ones say about transversality
    (4 queries)."""
    mobilisations = list(
        Mobilisation.objects.filter(project=project)
        .select_related("service", "answered_by")
        .prefetch_related(
            Prefetch("agents", queryset=Agent.objects.order_by("last_name", "first_name"))
        )
        .order_by("service__name")
    )
    # A service counts as mobilised once it has confirmed; a proposal is only a request.
    active = [m for m in mobilisations if m.status == Mobilisation.Status.CONFIRMED]
    tree = {
        pk: (parent_id, name, kind)
        for pk, parent_id, name, kind in Service.objects.filter(
            authority_id=project.authority_id
        ).values_list("id", "parent_id", "name", "kind")
    }
    directorates: dict[int, Service] = {}
    for mobilisation in active:
        root = _root_of(mobilisation.service_id, tree)
        _parent, name, kind = tree[root]
        directorates[root] = Service(pk=root, name=name, kind=kind)
    service_ids = {m.service_id for m in active}
    areas = (
        list(PolicyArea.objects.filter(services__in=service_ids).distinct().order_by("code"))
        if service_ids
        else []
    )
    summary = Transversality(
        services=len(service_ids),
        proposed=sum(1 for m in mobilisations if m.status == Mobilisation.Status.PROPOSED),
        directorates=sorted(directorates.values(), key=lambda s: s.name),
        policy_areas=areas,
        days_planned=sum((m.days_planned for m in active), Decimal(0)),
        days_actual=sum((m.days_actual for m in active), Decimal(0)),
    )
    summary.valuation = summary.days_actual * project.agent_day_rate
    return {"mobilisations": mobilisations, "transversality": summary}


def _root_of(service_id: int, tree: dict[int, tuple]) -> int:
    seen = set()
    current = service_id
    while tree[current][0] is not None and tree[current][0] in tree and current not in seen:
        seen.add(current)
        current = tree[current][0]
    return current


def unmobilised_services(project: Project) -> list[tuple[int, str]]:
    """Active services of the authority not yet mobilised on the project (1 query)."""
    return list(
        Service.objects.filter(authority_id=project.authority_id, active=True)
        .exclude(mobilisations__project=project)
        .order_by("name")
        .values_list("id", "name")
    )


def project_missions(project: Project) -> list[Mission]:
    return list(
        Mission.objects.filter(project=project, authority_id=project.authority_id)
        .select_related("country")
        .order_by("-start_date", "id")
    )


@dataclass
class HistoryEvent:
    event: AuditEvent
    fields: list[str]

    @property
    def label(self) -> str:
        """What happened, named by the event's kind; its broad action for older events."""
        label = HISTORY_KINDS.get(self.event.kind)
        return str(label) if label else self.event.get_action_display()


# What the project's history calls each kind of event written by the project services.
HISTORY_KINDS = {
    "project.created": _("Projet créé"),
    "project.updated": _("Projet modifié"),
    "project.status_changed": _("Changement de statut"),
    "project.partners_changed": _("Partenaires modifiés"),
    "mobilisation.proposed": _("Mobilisation proposée"),
    "mobilisation.updated": _("Mobilisation modifiée"),
    "mobilisation.answered": _("Réponse du référent"),
    "mobilisation.deleted": _("Mobilisation retirée"),
    "mobilisation.agent_added": _("Agent ajouté après un appel à compétences"),
    "mobilisation.pilot_set": _("Service pilote mobilisé"),
    # Written by the general management's watch page (portal.services_watch).
    "mobilisation.relaunched": _("Relance de la direction générale"),
    # Written by the payments import (funding/payments/apply.py).
    "project.payments_imported": _("Paiements importés du logiciel financier"),
}


def project_history(project: Project) -> dict[str, object]:
    """Dated status steps, and the audit trail of the project and its mobilisations (3 queries)."""
    steps = list(project.status_changes.select_related("by").order_by("-on", "-at"))
    mobilisation_ids = [
        str(pk) for pk in Mobilisation.objects.filter(project=project).values_list("pk", flat=True)
    ]
    events = (
        AuditEvent.objects.filter(authority_id=project.authority_id)
        .filter(
            Q(object_type=PROJECT_TYPE, object_id=str(project.pk))
            | Q(object_type=MOBILISATION_TYPE, object_id__in=mobilisation_ids)
            # A withdrawn mobilisation is gone, but its deletion names the project.
            | Q(object_type=MOBILISATION_TYPE, changes__project__0=str(project.pk))
        )
        .select_related("user")
        .order_by("-at", "-id")[:HISTORY_LIMIT]
    )
    model_of = {PROJECT_TYPE: Project, MOBILISATION_TYPE: Mobilisation}
    return {
        "steps": steps,
        "events": [
            HistoryEvent(e, describe_changes(model_of[e.object_type], e.changes, HISTORY_LABELS))
            for e in events
        ],
    }


# Names of the recorded keys that are not fields with a French verbose name.
HISTORY_LABELS = {
    "partners": _("partenaires"),
    "call": _("appel à compétences"),
    "proposed_by": _("proposée par"),
    "proposed_at": _("proposée le"),
    "answered_by": _("réponse de"),
    "answered_at": _("réponse le"),
    "recipients": _("destinataires"),
    "file": _("fichier"),
    "payments": _("mandats importés"),
    "amount": _("montant (€)"),
}


# --- Home page and service page ---------------------------------------------------------------


# What the home page's mobilisation blocks show (templates/projects/_home_blocks.html).
HOME_MOBILISATION_FIELDS = (
    "project_id",
    "service_id",
    "role",
    "contribution",
    "days_planned",
    "status",
    "proposed_at",
    "answered_at",
    "response_comment",
    "version",  # sent back with the answer (optimistic locking)
)


def home_blocks(
    authority: Authority, roles: frozenset[str], referent_service_ids: frozenset[int]
) -> dict[str, object]:
    """What awaits each side: référents answer proposals, the DRI follows the answers."""
    context: dict[str, object] = {}
    base = (
        Mobilisation.objects.filter(project__authority=authority)
        .select_related("project", "service")
        .only(*HOME_MOBILISATION_FIELDS, "project__title", "service__name")
    )
    if Role.REFERENT in roles:
        context["mobilisations_to_answer"] = (
            list(
                base.filter(
                    status=Mobilisation.Status.PROPOSED, service_id__in=referent_service_ids
                ).order_by("proposed_at", "id")
            )
            if referent_service_ids
            else []
        )
    if has_perm(roles, Perm.EDIT_PROJECTS):
        since = timezone.now() - DECLINED_RECENTLY
        declined = Q(status=Mobilisation.Status.DECLINED, answered_at__gte=since)
        # How many there are in all rides on each row as a window: no counting query.
        counted = base.annotate(total=Window(Count("id")))
        awaiting = list(
            counted.filter(status=Mobilisation.Status.PROPOSED).order_by("proposed_at", "id")[
                :HOME_LIMIT
            ]
        )
        context["mobilisations_awaiting"] = awaiting
        context["mobilisations_awaiting_count"] = awaiting[0].total if awaiting else 0
        recent = list(counted.filter(declined).order_by("-answered_at", "-id")[:HOME_LIMIT])
        context["mobilisations_declined"] = recent
        context["mobilisations_declined_count"] = recent[0].total if recent else 0
        agreements, count = renewals_for_home(authority, timezone.localdate(), HOME_RENEWALS)
        context["agreements_to_renew"] = agreements
        context["agreements_to_renew_count"] = count
    return context


def projects_of_service(service: Service) -> list[Mobilisation]:
    """The service's mobilisations that are not declined, with their project (1 query)."""
    return list(
        Mobilisation.objects.filter(service=service, project__authority_id=service.authority_id)
        .exclude(status=Mobilisation.Status.DECLINED)
        .select_related("project")
        .order_by("project__title", "project_id")
    )


# --- Public pages -----------------------------------------------------------------------------


def _publishing(authority_slug: str) -> QuerySet[Authority]:
    return Authority.objects.filter(slug=authority_slug, publishes=True)


def public_authority(authority_slug: str) -> Authority | None:
    """The authority of a public page, if it publishes its projects."""
    return _publishing(authority_slug).first()


def public_projects(authority_slug: str) -> QuerySet[Project]:
    """The projects anyone may read: public ones of an authority that publishes."""
    return (
        Project.objects.filter(
            authority__in=_publishing(authority_slug), visibility=Project.Visibility.PUBLIC
        )
        .select_related("authority")
        .order_by("title", "id")
    )


def public_project_detail(project: Project) -> dict[str, object]:
    """What a public page shows beyond the project row (7 queries): partners and their
    countries, SDG targets, DAC sectors, results abroad and at home, the planned budget.

    Nothing internal: no service, agent, elected official, objective, mobilisation, comment
    or money that moved. The one amount is the funding plan's total, the figure the public
    IATI file of the same projects already publishes (``interop.iati``).
    """
    links = list(
        project.project_partners.select_related("partner__country").order_by(
            "partner__name", "role"
        )
    )
    targets = list(project.sdg_targets.select_related("goal").order_by("goal", "position"))
    framework = results_framework(project)
    return {
        "partner_links": links,
        "countries": list(dict.fromkeys(link.partner.country for link in links)),
        "sdg_groups": _group_targets(targets),
        "dac_sectors": list(project.dac_sectors.order_by("code")),
        "results_abroad": framework.partner,
        "local_benefits": framework.home,
        "budget": public_budget(project),
    }


def public_budget(project: Project) -> Decimal:
    """The funding plan's total: budget lines plus the planned agent-days' value (1 query)."""
    lines, days = (
        Project.objects.filter(pk=project.pk)
        .annotate(**funding.budget_annotations())
        .values_list("fp_lines", "fp_days_planned")
        .get()
    )
    return funding.budget_total(lines, days, project.agent_day_rate)
