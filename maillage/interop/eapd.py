"""The yearly e-APD declaration of official development assistance (aide publique au développement).

Every spring the State asks each authority for the development aid it **paid** in the previous
calendar year (``shared/reference/ODA.md``: grants count when disbursed), broken down by
country, channel and OECD DAC sector, each amount scored on the OECD policy markers.
:func:`declaration` computes that table from the money that moved, never from the plan.

The rule, shown on the page too (:data:`AMOUNT_RULE`):

1. **Amounts of year N**: the payments (mandats) dated in N on the authority's commitments,
   plus the days its services worked in the months of N valued at the project's day rate
   (``projects.funding.services.worked_days_value``), plus the activities declared outside a
   partner project for N (``DeclaredActivity``). Planned amounts and planned days are never
   declared; co-funders' money is not the authority's aid.
2. **Country and channel of each amount**:

   - a payment to a partner goes to that partner's country, through the project's channel
     (``Project.apd_channel``: the partner's channel, e.g. 12002 the partner country's local
     government), type of aid C01 (project-type intervention);
   - a payment to a provider follows the provider: channel 61000 (private sector in the
     provider country), type C01; a payment to the authority's own staff and the worked days
     go through the authority itself: channel 11002 (local government of the donor country),
     type D01 (donor country personnel). These amounts have no country of their own: they are
     shared equally between the project's partners' countries;
   - an activity outside a project goes to its country, or is declared without one ("998
     bilateral, unspecified", or a region), with its own channel and type of aid (H01
     awareness, H02 refugees, E01/E02 students, B02 multilateral, G01 administrative costs).
3. **Sectors**: each amount of a project is split equally between the project's DAC sectors.
   Every split is exact to the cent, the cents left by rounding going to the first shares.

Eligibility (OECD DAC, ``shared/reference/ODA.md``), shown as "Exclus de la déclaration"
(:class:`Exclusion`):

- a project whose main objective is not the development of the partner country is not
  development aid: its amounts of the year are left out whole; one whose answer is not given
  yet is declared, with a warning;
- a country must be on the DAC List of ODA Recipients that applies to year N (``core.dac``); a
  French overseas territory is France. An amount (or a share) that would go to a country that
  is not eligible goes to the project's eligible countries instead; with none left, it is not
  declared.

No cell may stay empty: a line without a country, a sector, a channel or an M57 function is
listed in :attr:`Declaration.blocking`, with the field to complete, and the files are refused
until it is completed. A policy marker that was not screened is left blank: it is not a 0.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import IO

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from maillage.core import spreadsheets
from maillage.core.dac import dac_recipient_codes, eligibility
from maillage.core.models import Authority, Country
from maillage.projects.funding.services import split_exactly, worked_days_value
from maillage.projects.models import (
    Commitment,
    DeclaredActivity,
    Payment,
    Project,
    ProjectPartner,
    WorkedDays,
)

ZERO = Decimal(0)
M57_FUNCTIONS = ("044", "045")  # development aid, international actions
OWN_CHANNEL = "11002"  # CRS: donor government, local government (the authority itself)
PROVIDER_CHANNEL = "61000"  # CRS: private sector in provider country
PROJECT_AID = "C01"  # project-type interventions
STAFF_AID = "D01"  # donor country personnel
FLOW_ODA = "10"  # FlowType: ODA
FINANCE_GRANT = "110"  # FinanceType: standard grant
UNSPECIFIED = DeclaredActivity.Region.UNSPECIFIED.value  # "998"
# The CRS list names 11002 and 12002 alike ("Local Government"): the page says whose.
CHANNEL_PRECISIONS = {
    OWN_CHANNEL: _("du pays donneur : la collectivité elle-même"),
    "12002": _("du pays partenaire"),
}


class Source:
    """Where a line's amount comes from (last column of the files)."""

    PAYMENTS = "payments"
    WORKED_DAYS = "worked_days"
    ACTIVITY = "activity"

    FILE = {
        PAYMENTS: "paiements de l'année",
        WORKED_DAYS: "jours travaillés valorisés",
        ACTIVITY: "activité hors projet",
    }
    LABELS = {
        PAYMENTS: _("paiements de l'année"),
        WORKED_DAYS: _("jours travaillés valorisés"),
        ACTIVITY: _("activité hors projet"),
    }


# The record, in order: (attribute, header). The headers are French whatever the interface
# language: the file is filled into the State's French form.
COLUMNS = (
    ("year", "Année"),
    ("authority_siren", "SIREN de la collectivité"),
    ("reference", "Identifiant du projet ou de l'activité"),
    ("title", "Intitulé du projet ou de l'activité"),
    ("recipient_code", "Pays ou région bénéficiaire (code)"),
    ("recipient_name", "Pays ou région bénéficiaire"),
    ("channel", "Canal d'acheminement (code CRS)"),
    ("purpose_code", "Code-objet CRS (secteur)"),
    ("aid_type", "Type d'aide"),
    ("flow_type", "Type de flux"),
    ("finance_type", "Type de financement"),
    ("amount_eur", "Montant versé (€)"),
    ("marker_gender", "Marqueur égalité femmes-hommes"),
    ("marker_environment", "Marqueur environnement"),
    ("marker_biodiversity", "Marqueur biodiversité"),
    ("marker_nutrition", "Marqueur nutrition"),
    ("marker_inclusion", "Marqueur inclusion (handicap)"),
    ("marker_climate_mitigation", "Marqueur climat : atténuation"),
    ("marker_climate_adaptation", "Marqueur climat : adaptation"),
    ("legal_basis", "Fondement juridique"),
    ("m57_function", "Fonction M57"),
    ("source", "Origine du montant"),
)
HEADERS = tuple(header for _name, header in COLUMNS)
MARKER_COLUMNS = (
    "marker_gender",
    "marker_environment",
    "marker_biodiversity",
    "marker_nutrition",
    "marker_inclusion",
    "marker_climate_mitigation",
    "marker_climate_adaptation",
)
# Model field -> column: the form says "inclusion" where the OECD says disability.
MARKER_SOURCES = dict(
    zip(
        MARKER_COLUMNS,
        (*Project.MARKER_FIELDS[:4], "marker_disability", *Project.MARKER_FIELDS[5:]),
        strict=True,
    )
)

AMOUNT_RULE = (
    _(
        "Montants de l'année : les paiements (mandats) datés de l'année sur les engagements de "
        "la collectivité, plus les jours travaillés par ses services pendant les mois de "
        "l'année, valorisés au coût journalier du projet, plus les activités déclarées hors "
        "projet pour l'année. Les montants prévus et les jours prévus ne sont jamais déclarés ; "
        "l'argent des cofinanceurs n'est pas l'aide de la collectivité."
    ),
    _(
        "Paiement à un partenaire : déclaré dans le pays du partenaire, par le canal "
        "d'acheminement du projet (par exemple 12002, collectivité du pays partenaire), type "
        "d'aide C01."
    ),
    _(
        "Temps des agents (jours travaillés et paiements aux agents) : par la collectivité "
        "elle-même, canal 11002 (collectivité du pays donneur), type d'aide D01. Paiement à un "
        "prestataire : canal 61000 (secteur privé du pays donneur), type C01. Ces montants sont "
        "partagés à parts égales entre les pays des partenaires du projet."
    ),
    _(
        "Activités hors projet (sensibilisation en France, réfugiés accueillis en France leur "
        "première année, étudiants, contributions multilatérales, frais administratifs) : "
        "déclarées dans leur pays ou, sans pays, en « bilatéral, non ventilé » (code 998) ou "
        "dans une région."
    ),
    _(
        "Secteurs : chaque montant d'un projet est partagé à parts égales entre ses secteurs "
        "CAD ; les centimes d'arrondi vont aux premières lignes, si bien que les lignes "
        "totalisent exactement les montants."
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
        "Un territoire français d'outre-mer, c'est la France. Un montant destiné à un pays non "
        "éligible revient aux pays éligibles du même projet ; s'il n'en reste aucun, il n'est "
        "pas déclaré."
    ),
    _(
        "Marqueurs : 0 non ciblé, 1 objectif significatif, 2 objectif principal ; un marqueur "
        "non examiné reste vide, ce n'est pas un 0."
    ),
)


@dataclass(frozen=True)
class EapdRow:
    """One line of the declaration."""

    year: int
    authority_siren: str
    reference: str  # "P-<project id>" or "A-<activity id>"
    title: str
    recipient_code: str  # ISO 3166 alpha-2, or a CRS region code for a line without a country
    recipient_name: str
    channel: str
    purpose_code: str
    aid_type: str
    amount_eur: Decimal
    marker_gender: int | None
    marker_environment: int | None
    marker_biodiversity: int | None
    marker_nutrition: int | None
    marker_inclusion: int | None
    marker_climate_mitigation: int | None
    marker_climate_adaptation: int | None
    legal_basis: str
    m57_function: str
    source: str
    flow_type: str = FLOW_ODA
    finance_type: str = FINANCE_GRANT
    project_id: int | None = None
    activity_id: int | None = None

    def values(self) -> list[object]:
        """The cells of the files, in :data:`COLUMNS` order; a marker not screened is blank."""
        values = [getattr(self, name) for name, _header in COLUMNS]
        for index, (name, _header) in enumerate(COLUMNS):
            if name in MARKER_COLUMNS and values[index] is None:
                values[index] = ""
        values[-1] = Source.FILE[self.source]
        return values

    @property
    def markers(self) -> list[int | None]:
        return [getattr(self, name) for name in MARKER_COLUMNS]

    @property
    def source_label(self) -> object:
        return Source.LABELS[self.source]


class Missing:
    """A cell a line may lack: (code, what to complete, the form field that fixes it)."""

    COUNTRY = (
        "country",
        _("un partenaire avec son pays (ou une activité sans pays)"),
        "id_partners_implementing",
    )
    SECTOR = "sector", _("un secteur CAD (code-objet CRS)"), "id_dac_sectors"
    CHANNEL = "channel", _("le canal d'acheminement de l'aide"), "id_apd_channel"
    FUNCTION = (
        "function",
        _("la fonction M57 044 ou 045 parmi ses politiques publiques"),
        "id_policy_areas",
    )
    ACTIVITY_SECTOR = "sector", _("le code-objet CRS"), "id_purpose_code"
    ACTIVITY_CHANNEL = "channel", _("le canal d'acheminement"), "id_channel"


@dataclass
class Blocker:
    """A project or an activity whose lines lack cells: the download waits for them."""

    url_name: str  # "project_edit" or "declared_activity_update"
    pk: int
    title: str
    missing: list[tuple[str, object, str]] = field(default_factory=list)  # code, label, anchor
    lines: int = 0


OBJECTIVE_NOT_SAID = _(
    "objectif principal non précisé : déclaré en attendant ; dites si c'est le développement "
    "du pays partenaire"
)


@dataclass
class ProjectWarning:
    project_id: int
    title: str
    issues: list[object] = field(default_factory=list)


@dataclass(frozen=True)
class Exclusion:
    """An amount of year N that eligibility takes from a country, or a whole project.

    ``amount_eur`` is what the country would have had (its payments, its equal share of the
    rest), or the project's whole amount of the year. When ``moved_to`` names countries, that
    amount went to them and is declared; otherwise it is not declared.
    """

    project_id: int | None
    project_title: str
    country_iso: str  # empty when the project is left out for its objective
    reason: str
    amount_eur: Decimal
    moved_to: tuple[str, ...] = ()
    activity_id: int | None = None

    @property
    def declared(self) -> bool:
        return bool(self.moved_to)

    @property
    def reference(self) -> str:
        return f"A-{self.activity_id}" if self.activity_id else f"P-{self.project_id}"


@dataclass
class Declaration:
    year: int
    rows: list[EapdRow]
    warnings: list[ProjectWarning]
    projects: int  # projects with a line
    exclusions: list[Exclusion] = field(default_factory=list)
    blocking: list[Blocker] = field(default_factory=list)
    dac_list_loaded: bool = True
    paid: Decimal = ZERO  # payments of the year on the authority's projects
    worked: Decimal = ZERO  # worked days of the year, valued
    activities: Decimal = ZERO  # activities outside a project

    @property
    def total(self) -> Decimal:
        return sum((row.amount_eur for row in self.rows), start=ZERO)

    @property
    def excluded_total(self) -> Decimal:
        """The amount of year N left out of the declaration (moved shares are declared)."""
        return sum((e.amount_eur for e in self.exclusions if not e.declared), start=ZERO)

    @property
    def spent(self) -> Decimal:
        """What the year's money adds up to: declared plus left out must equal it."""
        return self.paid + self.worked + self.activities

    @property
    def reconciled(self) -> bool:
        return self.total + self.excluded_total == self.spent

    @property
    def ready(self) -> bool:
        """Every cell filled: the files may be downloaded."""
        return not self.blocking

    def totals_by(self, column: str) -> list[tuple[str, Decimal]]:
        """(value, total) of ``column``, largest first."""
        totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for row in self.rows:
            totals[getattr(row, column)] += row.amount_eur
        return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


NOT_DEVELOPMENT = _(
    "objectif principal autre que le développement du pays partenaire (par exemple la promotion "
    "commerciale de nos entreprises) : ce n'est pas de l'aide publique au développement"
)


def declaration(authority: Authority, year: int) -> Declaration:
    """The declaration of ``authority`` for ``year``, with its exclusions, warnings and
    blocking lines (9 queries, whatever the number of projects)."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    paid: dict[int, dict[tuple[str, str, str], Decimal]] = defaultdict(
        lambda: defaultdict(lambda: ZERO)
    )
    for project_id, kind, country, function, amount in (
        Payment.objects.filter(
            commitment__project__authority=authority, date__gte=first, date__lte=last
        )
        .values(
            "commitment__project_id",
            "commitment__beneficiary_kind",
            "commitment__partner__country_id",
            "commitment__m57_function_id",
        )
        .annotate(total=Sum("amount"))
        .values_list(
            "commitment__project_id",
            "commitment__beneficiary_kind",
            "commitment__partner__country_id",
            "commitment__m57_function_id",
            "total",
        )
        .order_by()
    ):
        paid[project_id][kind, country or "", function or ""] += amount
    worked = dict(
        WorkedDays.objects.filter(authority=authority, month__gte=first, month__lte=last)
        .values("mobilisation__project_id")
        .annotate(days=Sum("days"))
        .values_list("mobilisation__project_id", "days")
        .order_by()
    )
    ids = sorted(set(paid) | set(worked))
    projects = list(
        Project.objects.filter(authority=authority, pk__in=ids)
        .order_by("pk")
        .values(
            "pk",
            "title",
            "apd_channel",
            "apd_legal_basis",
            "agent_day_rate",
            "development_main_objective",
            *Project.MARKER_FIELDS,
        )
    )
    countries: dict[int, list[str]] = defaultdict(list)
    for project_id, country in (
        ProjectPartner.objects.filter(project__in=ids)
        .order_by("project_id", "partner__country_id")
        .values_list("project_id", "partner__country_id")
        .distinct()
    ):
        countries[project_id].append(country)
    sectors: dict[int, list[str]] = defaultdict(list)
    for project_id, code in (
        Project.dac_sectors.through.objects.filter(project__in=ids)
        .order_by("codelistitem__code")
        .values_list("project_id", "codelistitem__code")
    ):
        sectors[project_id].append(code)
    functions: dict[int, set[str]] = defaultdict(set)
    for project_id, code in Project.policy_areas.through.objects.filter(
        project__in=ids, policyarea_id__in=M57_FUNCTIONS
    ).values_list("project_id", "policyarea_id"):
        functions[project_id].add(code)
    activities = list(
        DeclaredActivity.objects.filter(authority=authority, year=year).order_by("kind", "pk")
    )
    recipients = dac_recipient_codes(year)

    builder = _Builder(authority, year, recipients)
    for project in projects:
        pk = project["pk"]
        function = next((f for f in M57_FUNCTIONS if f in functions.get(pk, ())), "")
        builder.project(
            project,
            paid.get(pk, {}),
            worked_days_value(worked[pk], project["agent_day_rate"]) if pk in worked else ZERO,
            countries.get(pk, []),
            sectors.get(pk, []),
            function,
        )
    for activity in activities:
        builder.activity(activity)
    names = {
        country.iso2: country.name
        for country in Country.objects.filter(
            iso2__in={r.recipient_code for r in builder.rows if len(r.recipient_code) == 2}
        )
    }
    rows = [
        row if row.recipient_name or not row.recipient_code else _named(row, names)
        for row in builder.rows
    ]
    return Declaration(
        year=year,
        rows=rows,
        warnings=builder.warnings,
        projects=len({row.project_id for row in rows if row.project_id}),
        exclusions=builder.exclusions,
        blocking=list(builder.blocking.values()),
        dac_list_loaded=bool(recipients),
        paid=builder.paid,
        worked=builder.worked,
        activities=builder.activities_total,
    )


def _named(row: EapdRow, names: dict[str, str]) -> EapdRow:
    return replace(row, recipient_name=names.get(row.recipient_code, row.recipient_code))


class _Builder:
    """Turns each project's amounts of the year into lines, exclusions and blocking cells."""

    def __init__(self, authority: Authority, year: int, recipients: frozenset[str]) -> None:
        self.siren = authority.siren
        self.year = year
        self.recipients = recipients
        self.rows: list[EapdRow] = []
        self.warnings: list[ProjectWarning] = []
        self.exclusions: list[Exclusion] = []
        self.blocking: dict[tuple[str, int], Blocker] = {}
        self.paid = ZERO
        self.worked = ZERO
        self.activities_total = ZERO
        self._verdicts: dict[str, str] = {}  # country -> reason it is not eligible ("" if it is)

    def _reason(self, country: str) -> str:
        if country not in self._verdicts:
            verdict = eligibility(country, self.year, self.recipients)
            self._verdicts[country] = "" if verdict.eligible else str(verdict.reason)
        return self._verdicts[country]

    def _block(self, url_name: str, pk: int, title: str, missing: tuple) -> None:
        blocker = self.blocking.setdefault((url_name, pk), Blocker(url_name, pk, title))
        if missing not in blocker.missing:
            blocker.missing.append(missing)

    def project(
        self,
        project: dict,
        paid: dict[tuple[str, str, str], Decimal],
        worked_value: Decimal,
        countries: list[str],
        sectors: list[str],
        function: str,
    ) -> None:
        pk, title = project["pk"], project["title"]
        total_paid = sum(paid.values(), start=ZERO)
        self.paid += total_paid
        self.worked += worked_value
        if project["development_main_objective"] is False:
            amount = total_paid + worked_value
            if amount > 0:
                self.exclusions.append(Exclusion(pk, title, "", str(NOT_DEVELOPMENT), amount))
            return
        first_row = len(self.rows)
        eligible = [c for c in countries if not self._reason(c)]
        # (country, channel, type of aid, M57 function, source) -> amount
        cells: dict[tuple[str, str, str, str, str], Decimal] = defaultdict(lambda: ZERO)
        left_out: dict[str, Decimal] = defaultdict(lambda: ZERO)

        def to_eligible(amount: Decimal, key: tuple[str, str, str, str]) -> None:
            for country, share in zip(eligible, split_exactly(amount, len(eligible)), strict=True):
                cells[(country, *key)] += share

        def spread(amount: Decimal, key: tuple[str, str, str, str]) -> None:
            """An amount without a country of its own: equal shares of the project's countries,
            those of countries that are not eligible going to the eligible ones."""
            if not countries:
                cells[("", *key)] += amount
                return
            for country, share in zip(
                countries, split_exactly(amount, len(countries)), strict=True
            ):
                if self._reason(country):
                    left_out[country] += share
            to_eligible(amount, key)

        channel = project["apd_channel"]
        for (kind, country, own_function), amount in sorted(paid.items()):
            m57 = own_function if own_function in M57_FUNCTIONS else function
            if kind == Commitment.Beneficiary.STAFF:
                spread(amount, (OWN_CHANNEL, STAFF_AID, m57, Source.PAYMENTS))
            elif kind == Commitment.Beneficiary.PROVIDER:
                spread(amount, (PROVIDER_CHANNEL, PROJECT_AID, m57, Source.PAYMENTS))
            elif not country:
                spread(amount, (channel, PROJECT_AID, m57, Source.PAYMENTS))
            elif self._reason(country):
                left_out[country] += amount
                to_eligible(amount, (channel, PROJECT_AID, m57, Source.PAYMENTS))
            else:
                cells[(country, channel, PROJECT_AID, m57, Source.PAYMENTS)] += amount
        if worked_value > 0:
            spread(worked_value, (OWN_CHANNEL, STAFF_AID, function, Source.WORKED_DAYS))
        moved_to = tuple(eligible)
        for country in sorted(left_out):
            self.exclusions.append(
                Exclusion(pk, title, country, self._reason(country), left_out[country], moved_to)
            )
        markers = {column: project[name] for column, name in MARKER_SOURCES.items()}
        for (country, line_channel, aid_type, m57, source), amount in sorted(cells.items()):
            for sector, share in zip(
                sectors or [""], split_exactly(amount, len(sectors) or 1), strict=True
            ):
                if share <= 0:
                    continue
                self.rows.append(
                    EapdRow(
                        year=self.year,
                        authority_siren=self.siren,
                        reference=f"P-{pk}",
                        title=title,
                        recipient_code=country,
                        recipient_name="",
                        channel=line_channel,
                        purpose_code=sector,
                        aid_type=aid_type,
                        amount_eur=share,
                        legal_basis=project["apd_legal_basis"],
                        m57_function=m57,
                        source=source,
                        project_id=pk,
                        **markers,
                    )
                )
                for empty, missing in (
                    (country, Missing.COUNTRY),
                    (sector, Missing.SECTOR),
                    (line_channel, Missing.CHANNEL),
                    (m57, Missing.FUNCTION),
                ):
                    if not empty:
                        self._block("project_edit", pk, title, missing)
        if project["development_main_objective"] is None and len(self.rows) > first_row:
            # Declared while the answer is awaited (nothing to say when nothing is declared).
            self.warnings.append(ProjectWarning(pk, title, [OBJECTIVE_NOT_SAID]))
        if ("project_edit", pk) in self.blocking:
            blocker = self.blocking["project_edit", pk]
            blocker.lines = len(self.rows) - first_row

    def activity(self, activity: DeclaredActivity) -> None:
        self.activities_total += activity.amount
        country = activity.country_id or ""
        if country and self._reason(country):
            self.exclusions.append(
                Exclusion(
                    None,
                    activity.title,
                    country,
                    self._reason(country),
                    activity.amount,
                    activity_id=activity.pk,
                )
            )
            return
        region = "" if country else activity.region
        self.rows.append(
            EapdRow(
                year=self.year,
                authority_siren=self.siren,
                reference=f"A-{activity.pk}",
                title=activity.title,
                recipient_code=country or region,
                recipient_name=(
                    "" if country else str(DeclaredActivity.Region(region).label if region else "")
                ),
                channel=activity.channel,
                purpose_code=activity.purpose_code,
                aid_type=activity.aid_type,
                amount_eur=activity.amount,
                legal_basis=activity.legal_basis,
                m57_function=activity.m57_function,
                source=Source.ACTIVITY,
                activity_id=activity.pk,
                **{column: getattr(activity, name) for column, name in MARKER_SOURCES.items()},
            )
        )
        for empty, missing in (
            (activity.purpose_code, Missing.ACTIVITY_SECTOR),
            (activity.channel, Missing.ACTIVITY_CHANNEL),
        ):
            if not empty:
                self._block("declared_activity_update", activity.pk, activity.title, missing)
                self.blocking["declared_activity_update", activity.pk].lines = 1


def eapd_rows(authority: Authority, year: int) -> list[EapdRow]:
    """The lines of the e-APD declaration of ``authority`` for ``year`` (see the module)."""
    return declaration(authority, year).rows


# --- Files ------------------------------------------------------------------------------------


def csv_lines(rows: Iterable[EapdRow]) -> Iterator[list[object]]:
    """Header, then one list per row; amounts with a decimal comma for a French spreadsheet."""
    yield list(HEADERS)
    amount = [name for name, _header in COLUMNS].index("amount_eur")
    for row in rows:
        values = row.values()
        values[amount] = f"{row.amount_eur:.2f}".replace(".", ",")
        yield values


def write_csv(rows: Iterable[EapdRow], stream: IO[str]) -> None:
    """UTF-8 with a BOM, ``;`` and decimal commas: what a French spreadsheet opens as is."""
    spreadsheets.write_csv(stream, csv_lines(rows))


EXCLUSION_COLUMNS = (
    "Année",
    "Identifiant du projet ou de l'activité",
    "Intitulé",
    "Pays (code)",
    "Raison",
    "Montant (€)",
    "Déclaré sur les pays",
)


def xlsx_bytes(rows: Iterable[EapdRow], year: int, exclusions: Iterable[Exclusion] = ()) -> bytes:
    """The declaration as a workbook; amounts are numbers. With ``exclusions``, a second sheet
    lists what eligibility left out (the last column: the countries a share went to)."""
    sheets = [(f"e-APD {year}", [list(HEADERS), *(r.values() for r in rows)])]
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
                            e.reference,
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
