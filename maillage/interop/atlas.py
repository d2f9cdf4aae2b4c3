"""The sheet of a project for the CNCD's Atlas of decentralised cooperation.

CGCT art. L1115-6: authorities tell the Commission nationale de la coopération décentralisée
about their external action; its Atlas keeps one sheet per project — partner authority,
country, themes, elected officials and managers in charge, dates, summary. :func:`atlas_sheet`
reads one project for the printable page, :func:`atlas_lines` every project for the CSV file.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from maillage.core.models import Authority
from maillage.projects.models import Agreement, Mobilisation, Project, ProjectPartner

CHUNK_SIZE = 500

CSV_HEADER = (
    "id",
    "intitule",
    "type",
    "statut",
    "debut",
    "fin",
    "partenaires",
    "pays",
    "villes",
    "thematiques",
    "odd",
    "elus_porteurs",
    "service_pilote",
    "responsable",
    "courriel_responsable",
    "services_mobilises",
    "resume",
    "visibilite",
)


def _partner_links() -> Prefetch:
    return Prefetch(
        "project_partners",
        queryset=ProjectPartner.objects.select_related("partner__country").order_by(
            "partner__name", "role"
        ),
    )


def with_sheet_data(projects: QuerySet[Project]) -> QuerySet[Project]:
    """``projects`` with everything an Atlas sheet shows, prefetched."""
    return _with_sheet_data(projects)


def _with_sheet_data(projects: QuerySet[Project]) -> QuerySet[Project]:
    return projects.select_related("authority", "lead_service__head").prefetch_related(
        _partner_links(),
        "policy_areas",
        "sdg_targets__goal",
        Prefetch("sponsors", to_attr="sponsor_list"),
        Prefetch(
            "mobilisations",
            queryset=Mobilisation.objects.exclude(status=Mobilisation.Status.DECLINED)
            .select_related("service")
            .order_by("service__name"),
            to_attr="active_mobilisations",
        ),
    )


def atlas_sheet(project: Project) -> dict[str, Any]:
    """What the Atlas sheet of ``project`` shows: 1 query beyond ``with_sheet_data``."""
    links = list(project.project_partners.all())
    partner_ids = {link.partner_id for link in links}
    agreements = list(
        Agreement.objects.filter(authority_id=project.authority_id, partners__in=partner_ids)
        .distinct()
        .order_by("-signature_date", "title")
    )
    goals = list(dict.fromkeys(target.goal for target in project.sdg_targets.all()))
    return {
        "project": project,
        "partner_links": links,
        "countries": list(dict.fromkeys(link.partner.country for link in links)),
        "agreements": agreements,
        "policy_areas": sorted(project.policy_areas.all(), key=lambda area: area.code),
        "sdg_goals": sorted(goals, key=lambda goal: goal.number),
        "sponsors": project.sponsor_list,
        "manager": project.lead_service.head if project.lead_service else None,
        "mobilisations": project.active_mobilisations,
    }


def atlas_lines(authority: Authority) -> Iterator[list[object]]:
    """The CSV of every project's Atlas sheet: header, then one row per project.

    Projects are read in chunks of CHUNK_SIZE with their related rows prefetched, so memory and
    queries per chunk stay fixed whatever the number of projects.
    """
    yield list(CSV_HEADER)
    projects = _with_sheet_data(Project.objects.filter(authority=authority)).order_by("pk")
    for project in projects.iterator(chunk_size=CHUNK_SIZE):
        links = list(project.project_partners.all())
        head = project.lead_service.head if project.lead_service else None
        goals = dict.fromkeys(target.goal_id for target in project.sdg_targets.all())
        yield [
            project.pk,
            project.title,
            project.get_kind_display(),
            project.get_status_display(),
            project.start_date.isoformat() if project.start_date else "",
            project.end_date.isoformat() if project.end_date else "",
            " ; ".join(link.partner.name for link in dict(_unique(links)).values()),
            " ; ".join(dict.fromkeys(link.partner.country.name for link in links)),
            " ; ".join(dict.fromkeys(link.partner.city for link in links if link.partner.city)),
            " ; ".join(
                f"{area.code} {area.name}"
                for area in sorted(project.policy_areas.all(), key=lambda a: a.code)
            ),
            " ; ".join(_("ODD %(number)s") % {"number": goal} for goal in sorted(goals)),
            " ; ".join(
                f"{official.first_name} {official.last_name} ({official.mandate})"
                for official in project.sponsor_list
            ),
            project.lead_service.name if project.lead_service else "",
            str(head) if head else "",
            head.email if head else "",
            " ; ".join(m.service.name for m in project.active_mobilisations),
            project.summary,
            project.get_visibility_display(),
        ]


def _unique(links: list[ProjectPartner]) -> Iterator[tuple[int, ProjectPartner]]:
    # A partner may hold several roles in a project: list it once.
    for link in links:
        yield link.partner_id, link
