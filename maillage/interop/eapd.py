"""The yearly e-APD declaration of official development assistance (aide publique au développement).

Every spring the State asks each authority for the development aid it gave in the previous
calendar year, broken down by country, channel and OECD DAC sector, each amount scored on five
policy markers (``shared/reference/DOMAIN.md``). :func:`eapd_rows` computes that table.

The rule, shown on the page too (:data:`AMOUNT_RULE`):

1. **Projects declared**: those of the authority that actually ran (status ongoing, completed or
   suspended), whatever their visibility; ideas and projects in preparation are left out.
2. **Amount of a project**: the authority's own contribution of the funding plan — own cash,
   own in-kind contributions, and the agents' planned days valued at the project's day rate —
   exactly as the funding tab computes it (``projects.funding.FundingPlan.own_total``).
3. **Share of year N**: with a start and an end date, the amount is shared between the calendar
   years in proportion to the days of the project falling in each (rounded to the cent, the
   years adding up exactly to the amount). With only a start date (or only an end date) the
   whole amount belongs to that date's year. Without any date the project cannot be placed in a
   year: it is not declared, and the page says so.
4. **Breakdown**: the year's amount is split in equal shares between the partners' countries
   and, within each, between the project's DAC sectors; the cents left by rounding go to the
   first shares, so that the rows of a project add up exactly to its amount.

Eligibility (OECD DAC, ``shared/reference/ODA.md``), shown on the page as "Exclus de la
déclaration" (:class:`Exclusion`):

- a project whose main objective is not the development of the partner country (trade
  promotion of the authority's companies) is not development aid: it is left out whole; one
  whose answer is not given yet is declared, with a warning;
- a partner's country must be on the DAC List of ODA Recipients that applies to year N
  (``core.dac``); a French overseas territory is France. The share of a country that is not
  eligible goes to the project's eligible countries (the year's amount is split between them
  only), so nothing is dropped silently; with no eligible country left, the project is left
  out whole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO

from django.utils.translation import gettext_lazy as _

from maillage.core import spreadsheets
from maillage.core.dac import dac_recipient_codes, eligibility
from maillage.core.models import Authority
from maillage.projects.funding.services import (
    own_annotations,
    own_total,
    placed_in_year,
    split_exactly,
    year_amount,
)
from maillage.projects.models import Contribution, Project, ProjectPartner

ZERO = Decimal(0)
DECLARED_STATUSES = (Project.Status.ONGOING, Project.Status.COMPLETED, Project.Status.SUSPENDED)
OWN_FIELD = f"fp_funder_{Contribution.Funder.OWN}"
M57_FUNCTIONS = ("044", "045")  # development aid, international actions

# The record asked for (DOMAIN.md), in order: CSV and XLSX headers.
COLUMNS = (
    "year",
    "authority_siren",
    "country_iso",
    "channel",
    "dac_sector",
    "amount_eur",
    "marker_gender",
    "marker_environment",
    "marker_biodiversity",
    "marker_nutrition",
    "marker_inclusion",
    "legal_basis",
    "project_id",
    "m57_function",
)

AMOUNT_RULE = (
    _(
        "Projets déclarés : ceux qui se sont réellement déroulés (en cours, terminés ou "
        "suspendus), publics ou internes ; les idées et les projets en préparation ne sont pas "
        "déclarés."
    ),
    _(
        "Montant d'un projet : l'apport de la collectivité au plan de financement — numéraire, "
        "apports en nature et jours-agent prévus valorisés au coût journalier du projet —, "
        "calculé comme dans l'onglet Financement."
    ),
    _(
        "Part de l'année : avec une date de début et une date de fin, le montant est réparti "
        "entre les années au prorata des jours du projet compris dans chacune (arrondi au "
        "centime, les années totalisant exactement le montant). Avec la seule date de début, ou "
        "la seule date de fin, tout le montant revient à l'année de cette date. Sans aucune "
        "date, le projet ne peut pas être rattaché à une année : il n'est pas déclaré."
    ),
    _(
        "Ventilation : le montant de l'année est partagé à parts égales entre les pays des "
        "partenaires puis, dans chaque pays, entre les secteurs CAD du projet ; les centimes "
        "d'arrondi vont aux premières lignes, si bien que les lignes d'un projet totalisent "
        "exactement son montant."
    ),
    _(
        "Objectif principal : seules comptent les actions dont l'objectif principal est le "
        "développement économique et le bien-être du pays partenaire (définition du CAD de "
        "l'OCDE). Un projet de promotion commerciale de nos entreprises n'est pas déclaré ; un "
        "projet pour lequel ce n'est pas encore précisé est déclaré, avec un avertissement."
    ),
    _(
        "Pays éligibles : ceux de la liste des bénéficiaires d'APD du Comité d'aide au "
        "développement (CAD) de l'OCDE en vigueur pour l'année (listes 2024-2025, 2026-2027…). "
        "Un territoire français d'outre-mer, c'est la France. La part d'un partenaire d'un pays "
        "non éligible revient aux partenaires éligibles du même projet ; s'il n'en reste aucun, "
        "le projet n'est pas déclaré."
    ),
)


@dataclass(frozen=True)
class EapdRow:
    """One line of the declaration: the record of DOMAIN.md, plus the project's title."""

    year: int
    authority_siren: str
    country_iso: str
    channel: str
    dac_sector: str
    amount_eur: Decimal
    marker_gender: int
    marker_environment: int
    marker_biodiversity: int
    marker_nutrition: int
    marker_inclusion: int
    legal_basis: str
    project_id: int
    m57_function: str
    project_title: str = ""

    def values(self) -> list[object]:
        return [getattr(self, name) for name in COLUMNS]


class Issue:
    """What is missing on a project, and which page fixes it."""

    NO_COUNTRY = "no_country", _("aucun partenaire avec un pays : pays non déclaré"), "edit"
    NO_SECTOR = "no_sector", _("aucun secteur CAD"), "edit"
    NO_CHANNEL = "no_channel", _("canal d'acheminement non renseigné"), "edit"
    NO_FUNCTION = "no_function", _("ni la fonction M57 044 ni la 045 parmi ses politiques"), "edit"
    NO_AMOUNT = "no_amount", _("aucun apport de la collectivité au plan de financement"), "funding"
    NO_DATES = "no_dates", _("ni date de début ni date de fin : non rattaché à une année"), "edit"
    OBJECTIVE_NOT_SAID = (
        "objective_not_said",
        _(
            "objectif principal non précisé : déclaré en attendant ; dites si c'est le "
            "développement du pays partenaire"
        ),
        "edit",
    )


@dataclass
class ProjectWarning:
    project_id: int
    title: str
    issues: list[tuple[str, object, str]] = field(default_factory=list)  # code, message, page


@dataclass(frozen=True)
class Exclusion:
    """What eligibility leaves out of the declaration: a country of a project, or a whole project.

    ``amount_eur`` is the year's share the country would have had (equal shares between the
    project's countries), or the project's whole amount of the year. When ``moved_to`` names
    countries, that share went to them and is declared; otherwise it is not declared.
    """

    project_id: int
    project_title: str
    country_iso: str  # empty when the project is left out for its objective
    reason: str
    amount_eur: Decimal
    moved_to: tuple[str, ...] = ()

    @property
    def declared(self) -> bool:
        return bool(self.moved_to)


@dataclass
class Declaration:
    year: int
    rows: list[EapdRow]
    warnings: list[ProjectWarning]
    projects: int  # projects with an amount in year N
    exclusions: list[Exclusion] = field(default_factory=list)
    dac_list_loaded: bool = True

    @property
    def total(self) -> Decimal:
        return sum((row.amount_eur for row in self.rows), start=ZERO)

    @property
    def excluded_total(self) -> Decimal:
        """The amount of year N left out of the declaration (moved shares are declared)."""
        return sum((e.amount_eur for e in self.exclusions if not e.declared), start=ZERO)

    def totals_by(self, column: str) -> list[tuple[str, Decimal]]:
        """(value, total) of ``column``, largest first."""
        totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for row in self.rows:
            totals[getattr(row, column)] += row.amount_eur
        return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


def declaration(authority: Authority, year: int) -> Declaration:
    """The declaration of ``authority`` for ``year`` with its warnings and exclusions
    (5 queries)."""
    annotations = own_annotations()
    projects = list(
        Project.objects.filter(authority=authority, status__in=DECLARED_STATUSES)
        .filter(placed_in_year(year))
        .annotate(**annotations)
        .order_by("pk")
        .values(
            "pk",
            "title",
            "start_date",
            "end_date",
            "apd_channel",
            "apd_legal_basis",
            "agent_day_rate",
            "development_main_objective",
            *Project.MARKER_FIELDS,
            *annotations,
        )
    )
    countries: dict[int, list[str]] = defaultdict(list)
    for project_id, country in (
        ProjectPartner.objects.filter(project__in=_ids(authority, year))
        .order_by("partner__country_id")
        .values_list("project_id", "partner__country_id")
        .distinct()
    ):
        countries[project_id].append(country)
    sectors: dict[int, list[str]] = defaultdict(list)
    for project_id, code in (
        Project.dac_sectors.through.objects.filter(project__in=_ids(authority, year))
        .order_by("codelistitem__code")
        .values_list("project_id", "codelistitem__code")
    ):
        sectors[project_id].append(code)
    functions: dict[int, set[str]] = defaultdict(set)
    for project_id, code in Project.policy_areas.through.objects.filter(
        project__in=_ids(authority, year), policyarea_id__in=M57_FUNCTIONS
    ).values_list("project_id", "policyarea_id"):
        functions[project_id].add(code)
    recipients = dac_recipient_codes(year)

    rows: list[EapdRow] = []
    warnings: list[ProjectWarning] = []
    exclusions: list[Exclusion] = []
    declared = 0
    for project in projects:
        pk = project["pk"]
        warning = ProjectWarning(pk, project["title"])
        start, end = project["start_date"], project["end_date"]
        total = own_total(project[OWN_FIELD], project["fp_days_planned"], project["agent_day_rate"])
        amount = year_amount(total, start, end, year)
        if not (start or end):
            warning.issues.append(Issue.NO_DATES)
        elif total <= 0:
            warning.issues.append(Issue.NO_AMOUNT)
        cells_countries = countries.get(pk) or [""]
        cells_sectors = sectors.get(pk) or [""]
        if not countries.get(pk):
            warning.issues.append(Issue.NO_COUNTRY)
        if project["development_main_objective"] is None:
            warning.issues.append(Issue.OBJECTIVE_NOT_SAID)
        if not sectors.get(pk):
            warning.issues.append(Issue.NO_SECTOR)
        if not project["apd_channel"]:
            warning.issues.append(Issue.NO_CHANNEL)
        function = next((f for f in M57_FUNCTIONS if f in functions.get(pk, ())), "")
        if not function:
            warning.issues.append(Issue.NO_FUNCTION)
        if warning.issues:
            warnings.append(warning)
        if amount <= 0:
            continue
        title = project["title"]
        if project["development_main_objective"] is False:
            exclusions.append(Exclusion(pk, title, "", str(NOT_DEVELOPMENT), amount))
            continue
        eligible, left_out = _eligible_countries(countries.get(pk, []), year, recipients)
        shares = split_exactly(amount, len(cells_countries))
        moved_to = tuple(eligible)
        for country, reason in left_out:
            share = shares[cells_countries.index(country)]
            exclusions.append(Exclusion(pk, title, country, reason, share, moved_to))
        if left_out and not eligible:
            continue
        declared += 1
        if eligible:
            cells_countries = eligible
        cells = [(c, s) for c in cells_countries for s in cells_sectors]
        for (country, sector), share in zip(cells, split_exactly(amount, len(cells)), strict=True):
            if share <= 0:
                continue
            rows.append(
                EapdRow(
                    year=year,
                    authority_siren=authority.siren,
                    country_iso=country,
                    channel=project["apd_channel"],
                    dac_sector=sector,
                    amount_eur=share,
                    marker_gender=project["marker_gender"],
                    marker_environment=project["marker_environment"],
                    marker_biodiversity=project["marker_biodiversity"],
                    marker_nutrition=project["marker_nutrition"],
                    marker_inclusion=project["marker_disability"],
                    legal_basis=project["apd_legal_basis"],
                    project_id=pk,
                    m57_function=function,
                    project_title=project["title"],
                )
            )
    return Declaration(
        year=year,
        rows=rows,
        warnings=warnings,
        projects=declared,
        exclusions=exclusions,
        dac_list_loaded=bool(recipients),
    )


NOT_DEVELOPMENT = _(
    "objectif principal autre que le développement du pays partenaire (par exemple la promotion "
    "commerciale de nos entreprises) : ce n'est pas de l'aide publique au développement"
)


def _eligible_countries(
    countries: list[str], year: int, recipients: frozenset[str]
) -> tuple[list[str], list[tuple[str, str]]]:
    """The project's countries eligible in ``year``, and the others with their reason."""
    eligible: list[str] = []
    left_out: list[tuple[str, str]] = []
    for country in countries:
        verdict = eligibility(country, year, recipients)
        if verdict.eligible:
            eligible.append(country)
        else:
            left_out.append((country, verdict.reason))
    return eligible, left_out


def _ids(authority: Authority, year: int):
    """The projects of the declaration, as a subquery for the related tables."""
    return (
        Project.objects.filter(authority=authority, status__in=DECLARED_STATUSES)
        .filter(placed_in_year(year))
        .values("pk")
    )


def eapd_rows(authority: Authority, year: int) -> list[EapdRow]:
    """The lines of the e-APD declaration of ``authority`` for ``year`` (see the module)."""
    return declaration(authority, year).rows


# --- Files ------------------------------------------------------------------------------------


def csv_lines(rows: Iterable[EapdRow]) -> Iterator[list[object]]:
    """Header, then one list per row; amounts with a decimal comma for a French spreadsheet."""
    yield list(COLUMNS)
    for row in rows:
        values = row.values()
        values[COLUMNS.index("amount_eur")] = f"{row.amount_eur:.2f}".replace(".", ",")
        yield values


def write_csv(rows: Iterable[EapdRow], stream: IO[str]) -> None:
    """UTF-8 with a BOM, ``;`` and decimal commas: what a French spreadsheet opens as is."""
    spreadsheets.write_csv(stream, csv_lines(rows))


EXCLUSION_COLUMNS = (
    "year",
    "project_id",
    "project_title",
    "country_iso",
    "reason",
    "amount_eur",
    "moved_to",
)


def xlsx_bytes(rows: Iterable[EapdRow], year: int, exclusions: Iterable[Exclusion] = ()) -> bytes:
    """The declaration as a workbook; amounts are numbers. With ``exclusions``, a second sheet
    lists what eligibility left out (``moved_to``: the countries a share went to)."""
    sheets = [(f"e-APD {year}", [list(COLUMNS), *(r.values() for r in rows)])]
    exclusions = list(exclusions)
    if exclusions:
        sheets.append(
            (
                "exclusions",
                [
                    list(EXCLUSION_COLUMNS),
                    *(
                        [
                            year,
                            e.project_id,
                            e.project_title,
                            e.country_iso,
                            e.reason,
                            e.amount_eur,
                            " ".join(e.moved_to),
                        ]
                        for e in exclusions
                    ),
                ],
            )
        )
    return spreadsheets.xlsx_bytes(sheets)
