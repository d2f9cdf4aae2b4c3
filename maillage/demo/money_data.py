"""Money as it moved in the demo, 2022-2026: the co-funders' decisions and instalments, the
town's commitments and payments (mandats), the days the services worked month by month.

Plain data, then :func:`sync_money`, called by ``projects_data.load_projects`` after the
budget, the contributions and the mobilisations exist. Idempotent like the rest of the demo:
rows are upserted by natural keys ((project, label) for a commitment, (commitment, mandat
number) for a payment, (contribution, date) for an instalment, (mobilisation, month) for worked
days); what was added to them by hand is deleted, as for the other children of demo projects.

The e-APD declaration also shows two activities outside a partner project
(:data:`ACTIVITIES`, upserted by (year, title)): a development-awareness week in the town's
schools and the hosting of refugee families in their first twelve months in France, in 2025.

The stories: the Thiès cooperation (2022-2027) has a grant to the partner city paid in December
2024 and January 2025 on the same commitment, a ministry grant received in part and days worked
by three services from 2024 to 2026; the region refused its share. The 2026 youth project has
its ministry grant notified and the region's still requested. The Erasmus+ grant came in
instalments; its 2025 mobility grants go to Germany, which is not on the DAC list (left out of
the e-APD declaration, with the reason). The Franco-German youth office paid its whole grant
to the 2024 twinning anniversary. In 2025 the town also paid the pickers' cooperative of Belo
Horizonte and a stand at the Oran fair (trade promotion, left out of the e-APD declaration).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from maillage.projects.models import (
    BudgetLine,
    Commitment,
    Contribution,
    ContributionInstalment,
    DeclaredActivity,
    FundingStatus,
    Mobilisation,
    Partner,
    Payment,
    WorkedDays,
)

from .sync import DemoDataError, Result, upsert_rows

if TYPE_CHECKING:
    from maillage.projects.models import Project

    from .people import People

D = Decimal
d = datetime.date
F = Contribution.Funder
B = Commitment.Beneficiary

THIES_PROGRAMME = "Coopération Bellerive–Thiès : gestion des déchets et propreté des quartiers"
THIES_PROJECT = "Chantier de solidarité Thiès–Bellerive : propreté urbaine et insertion des jeunes"
ALGERIA_PROJECT = "Mission économique en Algérie : quinze entreprises du territoire à Oran"
BELO_PROJECT = (
    "Échange avec les trieurs de déchets de Belo Horizonte : repenser nos pratiques de tri"
)
ERASMUS_PROJECT = "Mobilité européenne des apprentis et des agents de la ville (Erasmus+)"
TWINNING_PROJECT = (
    "Quarante ans du jumelage avec Bad Kreuznach : rencontres des habitants et des associations"
)

MINISTRY_THIES = "MEAE — appel à projets triennal de soutien à la coopération décentralisée"
MINISTRY_YOUTH = "MEAE — appel à projets de soutien à la coopération décentralisée"
REGION = "Région Normandie"
ERASMUS = "Commission européenne — Erasmus+ (2022-2027)"
OFAJ = "Office franco-allemand pour la jeunesse (tournoi des jeunes)"


@dataclass(frozen=True)
class DecisionSpec:
    project: str
    funder: str
    funder_name: str
    status: str
    decision_date: datetime.date
    granted_amount: Decimal | None = None
    instalments: tuple[tuple[datetime.date, Decimal, str], ...] = ()


@dataclass(frozen=True)
class CommitmentSpec:
    project: str
    label: str
    date: datetime.date
    amount: Decimal
    beneficiary_kind: str
    beneficiary_name: str = ""
    partner: str = ""  # partner name, a partner of the project
    budget_line: str = ""  # label of a budget line of the project
    m57_function: str = ""
    m57_nature: str = ""
    payments: tuple[tuple[datetime.date, Decimal, str, str], ...] = ()  # date, amount, mandat, note


@dataclass(frozen=True)
class WorkedSpec:
    project: str
    service: str  # service key
    months: tuple[tuple[datetime.date, Decimal], ...]


DECISIONS = (
    DecisionSpec(
        THIES_PROGRAMME,
        F.MINISTRY,
        MINISTRY_THIES,
        FundingStatus.GRANTED,
        d(2024, 3, 18),
        D(30000),
        (
            (d(2024, 6, 10), D(12000), "Avance de 40 % à la notification"),
            (d(2025, 5, 20), D(9000), "Sur rapport intermédiaire 2024"),
        ),
    ),
    DecisionSpec(THIES_PROGRAMME, F.REGION, REGION, FundingStatus.REFUSED, d(2024, 2, 12)),
    # The partner city's staff, premises and vehicles, confirmed by the 2024-2027 agreement.
    DecisionSpec(
        THIES_PROGRAMME,
        F.PARTNER,
        "Ville de Thiès : agents, locaux et véhicules de collecte",
        FundingStatus.GRANTED,
        d(2024, 3, 28),
        D(18000),
    ),
    DecisionSpec(
        THIES_PROJECT, F.MINISTRY, MINISTRY_YOUTH, FundingStatus.GRANTED, d(2026, 3, 27), D(30000)
    ),
    DecisionSpec(
        ERASMUS_PROJECT,
        F.EU,
        ERASMUS,
        FundingStatus.GRANTED,
        d(2022, 7, 15),
        D(48000),
        (
            (d(2022, 10, 3), D(19200), "Préfinancement 40 %"),
            (d(2024, 4, 8), D(19200), "Second préfinancement"),
        ),
    ),
    DecisionSpec(
        TWINNING_PROJECT,
        F.OTHER,
        OFAJ,
        FundingStatus.GRANTED,
        d(2024, 2, 20),
        D(3000),
        ((d(2024, 11, 5), D(3000), "Versement unique après le tournoi"),),
    ),
    # THIES_PROJECT's regional share stays requested: the default, nothing to write.
)

COMMITMENTS = (
    CommitmentSpec(
        THIES_PROGRAMME,
        "Subvention à la Ville de Thiès : bacs de pré-collecte et compostage",
        d(2024, 10, 21),
        D(20000),
        B.PARTNER,
        partner="Ville de Thiès",
        budget_line="Bacs de pré-collecte et matériel de compostage pour deux quartiers pilotes",
        m57_function="044",
        m57_nature="204142",
        payments=(
            (d(2024, 12, 17), D(12000), "M-2024-1187", "Premier versement à la signature"),
            (d(2025, 1, 14), D(8000), "M-2025-0031", "Solde sur justificatifs"),
        ),
    ),
    CommitmentSpec(
        THIES_PROGRAMME,
        "Formation des chefs d'équipe de Thiès au centre technique",
        d(2025, 2, 3),
        D(9500),
        B.PROVIDER,
        beneficiary_name="Centre de formation Orne Propreté",
        budget_line="Formation des chefs d'équipe de Thiès (collecte, tri, compostage)",
        m57_function="044",
        m57_nature="6184",
        payments=((d(2025, 5, 12), D(9500), "M-2025-0642", ""),),
    ),
    CommitmentSpec(
        THIES_PROGRAMME,
        "Missions techniques à Thiès 2026 : billets et hébergement",
        d(2026, 1, 19),
        D(7200),
        B.PROVIDER,
        beneficiary_name="Agence Orne Voyages",
        budget_line="Missions techniques à Thiès et accueils de techniciens à Bellerive",
        m57_function="045",
        m57_nature="6251",
        payments=((d(2026, 3, 2), D(3100), "M-2026-0218", "Mission de mars"),),
    ),
    CommitmentSpec(
        THIES_PROJECT,
        "Frais de mission des agents accompagnant les jeunes",
        d(2026, 4, 20),
        D(4000),
        B.STAFF,
        beneficiary_name="Agents de la ville",
        m57_function="045",
        m57_nature="6256",
    ),
    # Trade promotion, not development aid: the e-APD declaration leaves it out, saying why.
    CommitmentSpec(
        ALGERIA_PROJECT,
        "Stand collectif des entreprises du territoire à la foire internationale d'Oran",
        d(2025, 9, 8),
        D(6000),
        B.PROVIDER,
        beneficiary_name="Oran Expo Services",
        m57_function="045",
        m57_nature="6233",
        payments=((d(2025, 10, 6), D(6000), "M-2025-1107", ""),),
    ),
    CommitmentSpec(
        BELO_PROJECT,
        "Subvention à la coopérative : presse à balles pour le tri",
        d(2025, 6, 2),
        D(5000),
        B.PARTNER,
        partner="Coopérative de trieurs de déchets de Belo Horizonte",
        m57_function="044",
        m57_nature="6574",
        payments=((d(2025, 7, 15), D(5000), "M-2025-0815", "Versement unique"),),
    ),
    CommitmentSpec(
        ERASMUS_PROJECT,
        "Bourses de mobilité des apprentis 2024",
        d(2024, 2, 5),
        D(14000),
        B.STAFF,
        beneficiary_name="Apprentis de la ville",
        m57_function="045",
        m57_nature="6513",
        payments=(
            (d(2024, 4, 15), D(7000), "M-2024-0402", ""),
            (d(2024, 9, 16), D(6500), "M-2024-0911", ""),
        ),
    ),
    # Germany is not on the DAC list: the e-APD declaration leaves it out, saying why.
    CommitmentSpec(
        ERASMUS_PROJECT,
        "Bourses de mobilité des apprentis 2025",
        d(2025, 2, 3),
        D(12000),
        B.STAFF,
        beneficiary_name="Apprentis de la ville",
        m57_function="045",
        m57_nature="6513",
        payments=(
            (d(2025, 4, 14), D(6000), "M-2025-0455", ""),
            (d(2025, 9, 15), D(5500), "M-2025-1012", ""),
        ),
    ),
)

WORKED_DAYS = (
    WorkedSpec(
        THIES_PROGRAMME,
        "dechets",
        (
            (d(2024, 6, 1), D(3)),
            (d(2024, 11, 1), D(4)),
            (d(2025, 3, 1), D(4)),
            (d(2025, 4, 1), D("6.5")),
            (d(2025, 10, 1), D(3)),
        ),
    ),
    WorkedSpec(THIES_PROGRAMME, "proprete", ((d(2025, 4, 1), D(5)), (d(2026, 2, 1), D("2.5")))),
    WorkedSpec(
        THIES_PROGRAMME,
        "dri",
        ((d(2024, 10, 1), D(2)), (d(2025, 1, 1), D(3)), (d(2026, 1, 1), D(2))),
    ),
)


@dataclass(frozen=True)
class ActivitySpec:
    year: int
    kind: str
    title: str
    amount: Decimal
    channel: str = ""  # blank: the usual one of the kind
    markers: tuple[tuple[str, int], ...] = ()
    note: str = ""


K = DeclaredActivity.Kind
ACTIVITIES = (
    ActivitySpec(
        2025,
        K.AWARENESS,
        "Semaine de la solidarité internationale 2025 : exposition « Thiès–Bellerive » et "
        "débats dans les collèges",
        D("3200.00"),
        markers=(("marker_gender", 1), ("marker_environment", 1)),
        note="Mandats M-2025-1322 (exposition) et M-2025-1390 (intervenants).",
    ),
    ActivitySpec(
        2025,
        K.REFUGEES,
        "Accueil de deux familles réfugiées : logement et accompagnement des douze premiers mois",
        D("12450.00"),
        channel="22000",  # through a French association (donor-country NGO)
        note="Convention avec l'association Bellerive Accueil ; arrivées en mars 2025.",
    ),
)


def sync_money(
    projects: dict[str, tuple[Project, object]],
    partners: dict[str, Partner],
    people: People,
    result: Result,
) -> None:
    """Write the decisions, instalments, commitments, payments and worked days above."""
    by_title = {title: project for title, (project, _spec) in projects.items()}
    ids = [p.pk for p in by_title.values()]

    def project(title: str) -> Project:
        try:
            return by_title[title]
        except KeyError:
            raise DemoDataError(f"Demo money: unknown project {title!r}.") from None

    _sync_decisions(by_title, ids, project, result)
    _sync_commitments(ids, project, partners, result)
    _sync_worked_days(ids, project, people, result)
    authority_ids = {p.authority_id for p in by_title.values()}
    if len(authority_ids) == 1:
        _sync_activities(authority_ids.pop(), result)


def _sync_activities(authority_id: int, result: Result) -> None:
    desired = {}
    for spec in ACTIVITIES:
        aid_type, purpose, channel = DeclaredActivity.CODES[spec.kind]
        desired[(spec.year, spec.title)] = {
            "authority_id": authority_id,
            "year": spec.year,
            "kind": spec.kind,
            "title": spec.title,
            "amount": spec.amount,
            "purpose_code": purpose,
            "channel": spec.channel or channel,
            "country": None,
            "region": DeclaredActivity.Region.UNSPECIFIED,
            "note": spec.note,
            **dict.fromkeys(
                (
                    "marker_gender",
                    "marker_environment",
                    "marker_biodiversity",
                    "marker_nutrition",
                    "marker_disability",
                    "marker_climate_mitigation",
                    "marker_climate_adaptation",
                ),
                None,
            ),
            **dict(spec.markers),
        }
    upsert_rows(
        DeclaredActivity,
        DeclaredActivity.objects.filter(authority_id=authority_id),
        lambda a: (a.year, a.title),
        desired,
        result.count("declared activities"),
        exact=True,
    )


def _sync_decisions(by_title, ids, project, result: Result) -> None:
    contributions = {
        (c.project_id, c.funder, c.funder_name): c
        for c in Contribution.objects.filter(project__in=ids)
    }
    decided: dict[tuple, DecisionSpec] = {}
    for spec in DECISIONS:
        key = (project(spec.project).pk, spec.funder, spec.funder_name)
        if key not in contributions:
            raise DemoDataError(f"Demo money: no contribution {key!r}.")
        decided[key] = spec
    changed = []
    for key, contribution in contributions.items():
        spec = decided.get(key)
        wanted = (
            (spec.status, spec.decision_date, spec.granted_amount)
            if spec
            else (FundingStatus.REQUESTED, None, None)
        )
        if (contribution.status, contribution.decision_date, contribution.granted_amount) != (
            wanted
        ):
            contribution.status, contribution.decision_date, contribution.granted_amount = wanted
            changed.append(contribution)
    if changed:
        Contribution.objects.bulk_update(changed, ["status", "decision_date", "granted_amount"])
        result.count("contribution decisions").updated += len(changed)
    instalments = {
        (contributions[key].pk, day): {
            "contribution_id": contributions[key].pk,
            "date": day,
            "amount": amount,
            "note": note,
        }
        for key, spec in decided.items()
        for day, amount, note in spec.instalments
    }
    upsert_rows(
        ContributionInstalment,
        ContributionInstalment.objects.filter(contribution__project__in=ids),
        lambda i: (i.contribution_id, i.date),
        instalments,
        result.count("co-funding instalments"),
        exact=True,
    )


def _sync_commitments(ids, project, partners: dict[str, Partner], result: Result) -> None:
    lines = {(b.project_id, b.label): b.pk for b in BudgetLine.objects.filter(project__in=ids)}
    desired = {}
    for spec in COMMITMENTS:
        target = project(spec.project)
        line = lines.get((target.pk, spec.budget_line)) if spec.budget_line else None
        if spec.budget_line and line is None:
            raise DemoDataError(f"Demo money: no budget line {spec.budget_line!r}.")
        desired[(target.pk, spec.label)] = {
            "project_id": target.pk,
            "label": spec.label,
            "date": spec.date,
            "amount": spec.amount,
            "beneficiary_kind": spec.beneficiary_kind,
            "beneficiary_name": spec.beneficiary_name,
            "partner_id": partners[spec.partner].pk if spec.partner else None,
            "budget_line_id": line,
            "m57_function_id": spec.m57_function or None,
            "m57_nature": spec.m57_nature,
        }
    rows = upsert_rows(
        Commitment,
        Commitment.objects.filter(project__in=ids),
        lambda c: (c.project_id, c.label),
        desired,
        result.count("commitments"),
        exact=True,
    )
    payments = {}
    for spec in COMMITMENTS:
        commitment = rows[(project(spec.project).pk, spec.label)]
        for day, amount, reference, note in spec.payments:
            payments[(commitment.pk, reference)] = {
                "commitment_id": commitment.pk,
                "date": day,
                "amount": amount,
                "reference": reference,
                "note": note,
            }
    upsert_rows(
        Payment,
        Payment.objects.filter(commitment__project__in=ids),
        lambda p: (p.commitment_id, p.reference),
        payments,
        result.count("payments"),
        exact=True,
    )


def _sync_worked_days(ids, project, people: People, result: Result) -> None:
    mobilisations = {
        (m.project_id, m.service_id): m.pk for m in Mobilisation.objects.filter(project__in=ids)
    }
    entered_by = people.user_id("dri")
    desired = {}
    for spec in WORKED_DAYS:
        target = project(spec.project)
        key = (target.pk, people.service(spec.service).pk)
        if key not in mobilisations:
            raise DemoDataError(f"Demo money: no mobilisation of {spec.service!r}.")
        for month, days in spec.months:
            desired[(mobilisations[key], month)] = {
                "authority_id": target.authority_id,
                "mobilisation_id": mobilisations[key],
                "month": month,
                "days": days,
                "agent_id": None,
                "note": "",
                "entered_by_id": entered_by,
                "entered_at": datetime.datetime.combine(
                    month, datetime.time(17), tzinfo=datetime.UTC
                ),
            }
    upsert_rows(
        WorkedDays,
        WorkedDays.objects.filter(mobilisation__project__in=ids),
        lambda w: (w.mobilisation_id, w.month),
        desired,
        result.count("worked days"),
        exact=True,
    )
