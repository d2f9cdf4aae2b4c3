"""Read queries for the partner, agreement and mission pages, each with a fixed query count."""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Prefetch, Q, QuerySet, Window

from maillage.core.models import Authority, CodeListItem, Country
from maillage.core.wording import is_english, sort_key
from maillage.projects.models import (
    Agreement,
    AgreementDocument,
    Mission,
    Partner,
    Project,
    ProjectPartner,
)

ORGANISATION_TYPES = "OrganisationType"
# "À renouveler dans les 6 mois": agreements in force whose end date falls in this window.
RENEWAL_WINDOW = datetime.timedelta(days=183)

# --- Partners ------------------------------------------------------------------------------

PARTNER_SORTS = {
    "nom": ("name", "id"),
    "-nom": ("-name", "-id"),
    "pays": ("country__name_fr", "name", "id"),
    "-pays": ("-country__name_fr", "name", "id"),
    "ville": ("city", "name", "id"),
    "-ville": ("-city", "name", "id"),
}


def partner_directory(
    authority: Authority, query: str = "", country: str = "", sort: str = "nom"
) -> QuerySet[Partner]:
    """The authority's partners, searched by name or city, with agreement and project counts."""
    partners = (
        Partner.objects.filter(authority=authority)
        .select_related("country")
        .annotate(
            n_agreements=Count("agreements", distinct=True),
            n_projects=Count("project_links__project", distinct=True),
        )
    )
    for word in query.split()[:5]:
        partners = partners.filter(
            Q(name__icontains=word) | Q(city__icontains=word) | Q(subdivision__icontains=word)
        )
    if country:
        partners = partners.filter(country_id=country)
    order = PARTNER_SORTS.get(sort, PARTNER_SORTS["nom"])
    if is_english():  # countries sorted by the name the page shows
        order = tuple(key.replace("country__name_fr", "country__name_en") for key in order)
    return partners.order_by(*order)


def partner_countries(authority: Authority) -> list[tuple[str, str]]:
    """Countries where the authority has partners, for the list filter."""
    countries = Country.objects.filter(
        iso2__in=Partner.objects.filter(authority=authority).values("country")
    )
    return sorted(
        ((country.iso2, country.name) for country in countries), key=lambda c: sort_key(c[1])
    )


def organisation_type_choices() -> list[tuple[str, str]]:
    """The IATI organisation types, named in French when the code list has it."""
    items = CodeListItem.objects.filter(codelist=ORGANISATION_TYPES, withdrawn=False).order_by(
        "code"
    )
    return [(item.code, f"{item.code} — {item.name}") for item in items]


def partner_detail(partner: Partner) -> dict[str, object]:
    """Contacts, agreements and projects of a partner (4 queries)."""
    type_item = (
        CodeListItem.objects.filter(codelist=ORGANISATION_TYPES, code=partner.organisation_type)
        .only("code", "name_fr", "name_en")
        .first()
        if partner.organisation_type
        else None
    )
    return {
        "organisation_type": type_item.name if type_item else partner.organisation_type,
        "contacts": list(partner.contacts.all()),
        "agreements": list(
            partner.agreements.order_by(F("end_date").asc(nulls_last=True), "title")
        ),
        "project_links": list(
            ProjectPartner.objects.filter(partner=partner)
            .select_related("project")
            .only("id", "role", "project__id", "project__title", "project__status")
            .order_by("project__title", "role")
        ),
    }


# --- Agreements ----------------------------------------------------------------------------

AGREEMENT_SORTS = {
    "intitule": ("title", "id"),
    "-intitule": ("-title", "-id"),
    "signature": (F("signature_date").asc(nulls_last=True), "title", "id"),
    "-signature": (F("signature_date").desc(nulls_last=True), "title", "id"),
    "echeance": (F("end_date").asc(nulls_last=True), "title", "id"),
    "-echeance": (F("end_date").desc(nulls_last=True), "title", "id"),
}


def renewals(authority: Authority, today: datetime.date) -> QuerySet[Agreement]:
    """Agreements in force that end (or must be renewed) within six months from today."""
    return Agreement.objects.filter(
        authority=authority,
        status=Agreement.Status.IN_FORCE,
        end_date__gte=today,
        end_date__lte=today + RENEWAL_WINDOW,
    )


def renewals_for_home(
    authority: Authority, today: datetime.date, limit: int
) -> tuple[list[Agreement], int]:
    """The first ``limit`` agreements to renew, soonest first, and how many there are (1 query:
    the count rides on every row as a window)."""
    rows = list(
        renewals(authority, today)
        .only("id", "title", "end_date")
        .annotate(total=Window(Count("id")))
        .order_by("end_date", "title", "id")[:limit]
    )
    return rows, (rows[0].total if rows else 0)


def agreement_list(
    authority: Authority,
    *,
    today: datetime.date,
    query: str = "",
    kind: str = "",
    status: str = "",
    to_renew: bool = False,
    sort: str = "-signature",
) -> QuerySet[Agreement]:
    agreements = (
        renewals(authority, today) if to_renew else Agreement.objects.filter(authority=authority)
    )
    for word in query.split()[:5]:
        agreements = agreements.filter(
            Q(title__icontains=word)
            | Q(deliberation_number__icontains=word)
            | Q(partners__name__icontains=word)
        )
    if query:
        agreements = agreements.distinct()
    if kind in Agreement.Kind.values:
        agreements = agreements.filter(kind=kind)
    if status in Agreement.Status.values:
        agreements = agreements.filter(status=status)
    return agreements.prefetch_related(
        Prefetch("partners", queryset=Partner.objects.only("id", "name").order_by("name"))
    ).order_by(*AGREEMENT_SORTS.get(sort, AGREEMENT_SORTS["-signature"]))


def agreement_detail(agreement: Agreement) -> dict[str, object]:
    """Partners, projects and documents of an agreement (3 queries)."""
    return {
        "partners": list(agreement.partners.select_related("country").order_by("name")),
        "projects": list(agreement.projects.only("id", "title", "status").order_by("title")),
        "documents": list(
            AgreementDocument.objects.filter(agreement=agreement).select_related("uploaded_by")
        ),
    }


# --- Missions ------------------------------------------------------------------------------

MISSION_SORTS = {
    "debut": ("start_date", "id"),
    "-debut": ("-start_date", "-id"),
    "objet": ("title", "id"),
    "-objet": ("-title", "-id"),
    "cout": ("cost", "id"),
    "-cout": ("-cost", "-id"),
}


def mission_list(
    authority: Authority,
    *,
    direction: str = "",
    year: int | None = None,
    project_id: int | None = None,
    sort: str = "-debut",
) -> QuerySet[Mission]:
    missions = (
        Mission.objects.filter(authority=authority)
        .select_related("country", "project")
        .annotate(
            n_agents=Count("agents", distinct=True),
            n_officials=Count("elected_officials", distinct=True),
        )
    )
    if direction in Mission.Direction.values:
        missions = missions.filter(direction=direction)
    if year:
        missions = missions.filter(start_date__year=year)
    if project_id:
        missions = missions.filter(project_id=project_id)
    return missions.order_by(*MISSION_SORTS.get(sort, MISSION_SORTS["-debut"]))


def mission_years(authority: Authority) -> list[int]:
    """Years with missions, latest first, for the list filter."""
    dates = Mission.objects.filter(authority=authority).dates("start_date", "year", order="DESC")
    return [d.year for d in dates]


def project_choices(authority: Authority) -> list[tuple[int, str]]:
    return list(
        Project.objects.filter(authority=authority).order_by("title").values_list("id", "title")
    )


def mission_detail(mission: Mission) -> dict[str, object]:
    """Participants of a mission (2 queries)."""
    return {
        "agents": list(
            mission.agents.select_related("service").order_by("last_name", "first_name")
        ),
        "officials": list(mission.elected_officials.order_by("last_name", "first_name")),
    }
