"""The demo authority's committees, after Grenoble's transversal committees and Chinon's watch.

"Comité de pilotage de l'action internationale", set up in early 2022: the DRI, directors and
référents of the services most involved, two elected officials and the general manager. It
meets every year from 2022 (minutes, attendance, decisions and action items, some closed, some
carried over), and one meeting is planned. A technical committee follows the Thiès youth
project with the partner town's coordinator. The general manager's management committee keeps
a watch on decentralised cooperation, presented by a chargée de mission (a thematic committee).

Like the rest of the demo it is idempotent (natural keys, fixed dates) and writes no audit
event. Without the demo projects, the committees simply follow none.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Q

from maillage.core.models import Authority, User
from maillage.governance.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Committee,
    CommitteeMember,
    Decision,
    Meeting,
)
from maillage.organisation.models import Agent, Civility, Service
from maillage.projects.models import Project

from .data import Dataset
from .people import People
from .projects_data import (
    ALGERIA_PROJECT,
    BRAZIL_PROJECT,
    ERASMUS_PROJECT,
    LANGUAGES_PROJECT,
    ORAN_RELAY_PROJECT,
    SEGOU_PROJECT,
    THIES_PROGRAMME,
    THIES_PROJECT,
    TWINNING_PROJECT,
    YOUTH_PROJECT,
)
from .sync import Result, set_links, upsert_rows

PARIS = ZoneInfo("Europe/Paris")
P = CommitteeMember.Position
ST = ActionItem.Status


def at(year: int, month: int, day: int, hour: int = 14, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=PARIS)


@dataclass(frozen=True)
class MemberSpec:
    who: str  # "agent:<service key>:<selector>", "official:<email local part>", or a name
    position: str = P.MEMBER
    organisation: str = ""  # for an outside person
    mandate_end: datetime.date | None = None
    civility: str = ""  # for an outside person


@dataclass(frozen=True)
class ActionSpec:
    title: str
    owner: str  # a member's ``who``, or free text
    due: datetime.date
    status: str = ST.OPEN
    closed_on: datetime.date | None = None
    decision: int | None = None  # number of a decision of the same meeting
    project: str = ""


@dataclass(frozen=True)
class MeetingSpec:
    starts_at: datetime.datetime
    place: str
    status: str
    agenda: tuple[tuple[str, str], ...]  # (title, project title or "")
    minutes: str = ""
    absent: tuple[str, ...] = ()  # members' ``who``: excused; the others present when held
    decisions: tuple[tuple[str, str], ...] = ()  # (text, project title or "")
    actions: tuple[ActionSpec, ...] = ()


@dataclass(frozen=True)
class CommitteeSpec:
    name: str
    kind: str
    purpose: str
    projects: tuple[str, ...]
    policy_areas: tuple[str, ...]
    members: tuple[MemberSpec, ...]
    meetings: tuple[MeetingSpec, ...] = field(default=())
    created_at: datetime.datetime = at(2026, 2, 2, 9)


DRI = "agent:dri:head"
LUCIE = "agent:dri:@lucie.fontaine"
FATOU = "agent:proprete:@fatou.diop"
BELKACEM = "official:nadia.belkacem"
SARR = "official:aissatou.sarr"
THOMAS = "agent:mediatheques:@thomas.nguyen"
WATCH = "agent:dgs:pilotage et évaluation"  # the chargée de mission who keeps the watch

COMMITTEES: tuple[CommitteeSpec, ...] = (
    CommitteeSpec(
        name="Comité de pilotage de l'action internationale",
        kind=Committee.Kind.STEERING,
        purpose=(
            "Réunit une à deux fois par an la direction générale, les services mobilisés et "
            "les élus pour arbitrer les projets internationaux, répartir les moyens et suivre "
            "les actions jusqu'à leur terme."
        ),
        projects=(
            THIES_PROGRAMME,
            ERASMUS_PROJECT,
            SEGOU_PROJECT,
            LANGUAGES_PROJECT,
            BRAZIL_PROJECT,
            TWINNING_PROJECT,
            ALGERIA_PROJECT,
            THIES_PROJECT,
            ORAN_RELAY_PROJECT,
            YOUTH_PROJECT,
        ),
        policy_areas=("045", "044"),
        created_at=at(2022, 2, 1, 9),
        members=(
            MemberSpec(BELKACEM, P.CHAIR),
            MemberSpec(SARR, P.MEMBER),
            MemberSpec("agent:dgs:@isabelle.carpentier", P.VICE_CHAIR),
            MemberSpec(DRI, P.SECRETARY),
            MemberSpec(FATOU, P.MEMBER, mandate_end=datetime.date(2027, 1, 31)),
            MemberSpec("agent:jeunesse:head", P.MEMBER),
            MemberSpec("agent:economie:head", P.MEMBER),
            MemberSpec("agent:insertion:head", P.MEMBER, mandate_end=datetime.date(2026, 6, 30)),
            MemberSpec("agent:communication:head", P.GUEST),
            MemberSpec(THOMAS, P.GUEST, mandate_end=datetime.date(2027, 6, 30)),
        ),
        meetings=(
            MeetingSpec(
                starts_at=at(2022, 3, 15),
                place="Hôtel de ville, salle des commissions",
                status=Meeting.Status.HELD,
                agenda=(
                    ("Installation du comité et règles de fonctionnement", ""),
                    ("Coopération avec Thiès : diagnostic et calendrier", THIES_PROGRAMME),
                    ("Mobilités Erasmus+ des apprentis avec Bad Kreuznach", ERASMUS_PROJECT),
                ),
                minutes=(
                    "La présidente installe le comité : l'action internationale n'est plus "
                    "l'affaire du seul service des relations internationales, chaque direction "
                    "y est représentée.\n"
                    "La DRI présente le diagnostic de la collecte établi avec Thiès ; les "
                    "ressources humaines présentent le projet de mobilités Erasmus+."
                ),
                absent=("agent:economie:head",),
                decisions=(
                    (
                        "Le comité se réunit au moins une fois par an ; chaque direction y rend "
                        "compte des mobilisations de ses services.",
                        "",
                    ),
                    (
                        "Le comité valide le programme de coopération avec Thiès et la mission "
                        "technique de mai 2022.",
                        THIES_PROGRAMME,
                    ),
                ),
                actions=(
                    ActionSpec(
                        "Désigner un référent relations internationales dans chaque service",
                        "agent:dgs:@isabelle.carpentier",
                        datetime.date(2022, 9, 30),
                        ST.DONE,
                        datetime.date(2023, 12, 15),
                        decision=1,
                    ),
                    ActionSpec(
                        "Organiser la mission technique à Thiès",
                        DRI,
                        datetime.date(2022, 4, 30),
                        ST.DONE,
                        datetime.date(2022, 4, 22),
                        decision=2,
                        project=THIES_PROGRAMME,
                    ),
                ),
            ),
            MeetingSpec(
                starts_at=at(2022, 11, 22),
                place="Hôtel de ville, salle des commissions",
                status=Meeting.Status.HELD,
                agenda=(
                    ("Retour de la mission technique à Thiès", THIES_PROGRAMME),
                    ("Suspension de la coopération avec Ségou", SEGOU_PROJECT),
                    ("Connaître les langues parlées par les agents", LANGUAGES_PROJECT),
                ),
                minutes=(
                    "Le retour de mission montre ce que les équipes de propreté peuvent "
                    "apprendre de la pré-collecte organisée par les habitants de Thiès.\n"
                    "La coopération avec Ségou est suspendue à la demande de l'État.\n"
                    "La communication propose de recenser, sur la base du volontariat, les "
                    "langues que parlent les agents : beaucoup ignorent que c'est une "
                    "compétence recherchée."
                ),
                absent=(SARR,),
                decisions=(
                    (
                        "Le comité prend acte de la suspension de la coopération avec Ségou et "
                        "demande que les engagements pris envers les entreprises locales soient "
                        "soldés.",
                        SEGOU_PROJECT,
                    ),
                    (
                        "Le comité lance le répertoire des compétences internationales des "
                        "agents, sur la base du volontariat.",
                        LANGUAGES_PROJECT,
                    ),
                ),
                actions=(
                    ActionSpec(
                        "Préparer le questionnaire avec le délégué à la protection des données",
                        "agent:communication:head",
                        datetime.date(2023, 1, 31),
                        ST.DONE,
                        datetime.date(2023, 1, 20),
                        decision=2,
                        project=LANGUAGES_PROJECT,
                    ),
                ),
            ),
            MeetingSpec(
                starts_at=at(2023, 10, 10),
                place="Hôtel de ville, salle des commissions",
                status=Meeting.Status.HELD,
                agenda=(
                    (
                        "Répertoire des langues : une quinzaine de langues recensées",
                        LANGUAGES_PROJECT,
                    ),
                    ("Trieurs de Belo Horizonte : retour de la mission d'étude", BRAZIL_PROJECT),
                    ("Quarante ans du jumelage avec Bad Kreuznach", TWINNING_PROJECT),
                ),
                minutes=(
                    "Seize langues de travail recensées, dont le wolof, l'arabe, le portugais "
                    "et le tamazight ; 112 agents ont publié leur profil.\n"
                    "Le service des déchets présente ce qu'il a vu à Belo Horizonte : il ne "
                    "s'agit pas de copier, mais de tester chez nous ce qui peut l'être."
                ),
                absent=("agent:insertion:head",),
                decisions=(
                    (
                        "Le comité retient le programme des quarante ans du jumelage et en "
                        "confie la coordination à l'action culturelle.",
                        TWINNING_PROJECT,
                    ),
                    (
                        "Les agents volontaires du répertoire sont sollicités en priorité pour "
                        "l'accueil des délégations.",
                        LANGUAGES_PROJECT,
                    ),
                ),
                actions=(
                    ActionSpec(
                        "Tester à la déchetterie le pré-tri des encombrants vu à Belo Horizonte",
                        FATOU,
                        datetime.date(2024, 3, 31),
                        ST.DONE,
                        datetime.date(2024, 4, 12),
                        project=BRAZIL_PROJECT,
                    ),
                    ActionSpec(
                        "Ouvrir les appels à compétences aux langues recensées",
                        DRI,
                        datetime.date(2024, 1, 31),
                        ST.DONE,
                        datetime.date(2024, 1, 25),
                        decision=2,
                    ),
                ),
            ),
            MeetingSpec(
                starts_at=at(2024, 11, 19),
                place="Hôtel de ville, salle des commissions",
                status=Meeting.Status.HELD,
                agenda=(
                    ("Bilan des quarante ans du jumelage", TWINNING_PROJECT),
                    (
                        "Convention 2024-2027 avec Thiès : cartographie de la collecte",
                        THIES_PROGRAMME,
                    ),
                    ("Jours des agents mobilisés dans les plans de charge", ""),
                ),
                minutes=(
                    "Quarante-six familles ont hébergé la délégation de Bad Kreuznach.\n"
                    "Thiès demande une cartographie de ses points de collecte : le service du "
                    "numérique peut y contribuer.\n"
                    "Plusieurs chefs de service demandent que les jours passés sur les projets "
                    "internationaux soient prévus dans les plans de charge."
                ),
                decisions=(
                    (
                        "Chaque direction prévoit dans ses plans de charge 2025 les jours de ses "
                        "agents mobilisés sur les projets internationaux.",
                        "",
                    ),
                    (
                        "Le comité propose au numérique de cartographier les points de collecte "
                        "de Thiès.",
                        THIES_PROGRAMME,
                    ),
                ),
                actions=(
                    ActionSpec(
                        "Intégrer les jours de mobilisation internationale aux plans de charge",
                        "agent:dgs:@isabelle.carpentier",
                        datetime.date(2025, 1, 31),
                        ST.DONE,
                        datetime.date(2025, 2, 10),
                        decision=1,
                    ),
                ),
            ),
            MeetingSpec(
                starts_at=at(2025, 10, 14),
                place="Hôtel de ville, salle des commissions",
                status=Meeting.Status.HELD,
                agenda=(
                    ("Mission économique à Oran : derniers préparatifs", ALGERIA_PROJECT),
                    ("Chantier de solidarité de six jeunes à Thiès", THIES_PROJECT),
                    ("Erasmus+ : bilan de la troisième année", ERASMUS_PROJECT),
                ),
                minutes=(
                    "Quinze entreprises partent à Oran le 19 octobre avec l'adjoint au "
                    "développement économique.\n"
                    "La jeunesse, la politique de la ville, l'insertion et les ressources "
                    "humaines construisent ensemble le chantier de Thiès."
                ),
                absent=(SARR,),
                decisions=(
                    (
                        "Le comité valide la mission économique à Oran avec quinze entreprises "
                        "du territoire.",
                        ALGERIA_PROJECT,
                    ),
                    (
                        "Le comité retient le chantier de solidarité de six jeunes des Coteaux "
                        "à Thiès et sa présentation à l'appel à projets du ministère.",
                        THIES_PROJECT,
                    ),
                ),
                actions=(
                    ActionSpec(
                        "Constituer le groupe des six jeunes avec la prévention spécialisée",
                        "agent:jeunesse:head",
                        datetime.date(2026, 1, 31),
                        ST.DONE,
                        datetime.date(2026, 1, 26),
                        decision=2,
                        project=THIES_PROJECT,
                    ),
                    ActionSpec(
                        "Préparer le bilan de la mission économique pour le conseil municipal",
                        "agent:economie:head",
                        datetime.date(2026, 1, 30),
                        ST.DONE,
                        datetime.date(2026, 1, 28),
                        decision=1,
                        project=ALGERIA_PROJECT,
                    ),
                ),
            ),
            MeetingSpec(
                starts_at=at(2026, 3, 17),
                place="Hôtel de ville, salle des commissions",
                status=Meeting.Status.HELD,
                agenda=(
                    ("Bilan 2025 de l'action internationale", ""),
                    ("Chantier de solidarité à Thiès : lancement", THIES_PROJECT),
                    ("Mission économique en Algérie : bilan et suites", ALGERIA_PROJECT),
                ),
                minutes=(
                    "La présidente rappelle que l'action internationale engage tous les "
                    "services.\n"
                    "Le responsable des relations internationales présente le bilan 2025 : "
                    "cinq projets en cours, quinze services mobilisés.\n"
                    "La jeunesse, la politique de la ville et l'emploi confirment leur "
                    "participation au chantier de Thiès ; l'économie présente les suites de la "
                    "mission à Oran et propose un relais sur place."
                ),
                absent=("agent:economie:head",),
                decisions=(
                    (
                        "Le comité valide le lancement du chantier de solidarité à Thiès et "
                        "le départ de six jeunes des Coteaux en mai 2026.",
                        THIES_PROJECT,
                    ),
                    (
                        "Le comité demande l'étude d'un relais économique à Oran, cofinancé "
                        "avec la CCI de l'Oranie, pour les entreprises qui s'y implantent.",
                        ORAN_RELAY_PROJECT,
                    ),
                ),
                actions=(
                    ActionSpec(
                        "Déposer le dossier de cofinancement au ministère (appel à projets "
                        "jeunesse)",
                        DRI,
                        datetime.date(2026, 4, 30),
                        ST.DONE,
                        datetime.date(2026, 4, 24),
                        decision=1,
                        project=THIES_PROJECT,
                    ),
                    ActionSpec(
                        "Identifier les chefs d'équipe propreté volontaires pour le chantier",
                        FATOU,
                        datetime.date(2026, 5, 15),
                        ST.DONE,
                        datetime.date(2026, 6, 2),
                        decision=1,
                        project=THIES_PROJECT,
                    ),
                    ActionSpec(
                        "Recenser les entreprises intéressées par un relais économique à Oran",
                        "agent:economie:head",
                        datetime.date(2026, 9, 30),
                        ST.IN_PROGRESS,
                        decision=2,
                        project=ORAN_RELAY_PROJECT,
                    ),
                ),
            ),
            MeetingSpec(
                starts_at=at(2026, 6, 23),
                place="Hôtel de ville, salle des commissions",
                status=Meeting.Status.HELD,
                agenda=(
                    ("Revue des actions en cours", ""),
                    ("Chantier de Thiès : retour de mission et stages des jeunes", THIES_PROJECT),
                    ("Politique jeunesse ouverte à l'international", YOUTH_PROJECT),
                ),
                minutes=(
                    "Revue des actions : le cofinancement est obtenu, les chefs d'équipe "
                    "volontaires sont identifiés.\n"
                    "La jeunesse présente le retour des six jeunes et leurs représentations de "
                    "théâtre forum ; l'insertion et l'emploi organisent leurs stages."
                ),
                absent=(SARR,),
                decisions=(
                    (
                        "Le comité valide le budget du chantier de Thiès (62 000 €) et le "
                        "plan de financement présenté.",
                        THIES_PROJECT,
                    ),
                    (
                        "Chaque direction désigne un référent international d'ici la rentrée ; "
                        "les services sans référent sont signalés au comité de direction.",
                        "",
                    ),
                ),
                actions=(
                    ActionSpec(
                        "Organiser la restitution du chantier avec les familles des jeunes",
                        "agent:jeunesse:head",
                        datetime.date(2026, 9, 15),
                        ST.DONE,
                        datetime.date(2026, 9, 10),
                        decision=1,
                        project=THIES_PROJECT,
                    ),
                    ActionSpec(
                        "Relancer les directions sans référent international",
                        "agent:dgs:@isabelle.carpentier",
                        datetime.date(2026, 9, 1),
                        decision=2,
                    ),
                    ActionSpec(
                        "Préparer le bilan de propreté des quartiers de Thiès avec les "
                        "services de la ville partenaire",
                        FATOU,
                        datetime.date(2026, 12, 15),
                        project=THIES_PROJECT,
                    ),
                    ActionSpec(
                        "Constituer à la médiathèque un fonds d'albums et de romans sénégalais",
                        THOMAS,
                        datetime.date(2026, 12, 18),
                        ST.IN_PROGRESS,
                        project=THIES_PROJECT,
                    ),
                    ActionSpec(
                        "Article sur le chantier dans le magazine municipal",
                        "agent:communication:head",
                        datetime.date(2026, 12, 1),
                        ST.IN_PROGRESS,
                        project=THIES_PROJECT,
                    ),
                ),
            ),
            MeetingSpec(
                starts_at=at(2027, 1, 26),
                place="Hôtel de ville, salle des commissions",
                status=Meeting.Status.PLANNED,
                agenda=(
                    ("Bilan du chantier de Thiès : cinq jeunes sur six recrutés", THIES_PROJECT),
                    ("Relais économique à Oran : convention de cofinancement", ORAN_RELAY_PROJECT),
                    ("Programme 2027 et budget", ""),
                ),
            ),
        ),
    ),
    CommitteeSpec(
        name="Comité technique du chantier de Thiès",
        kind=Committee.Kind.TECHNICAL,
        purpose=(
            "Les services et la ville partenaire préparent le chantier de solidarité : "
            "logistique, sécurité des jeunes, matériel, échanges entre équipes de propreté."
        ),
        projects=(THIES_PROJECT,),
        policy_areas=("722", "33"),
        members=(
            MemberSpec(LUCIE, P.CHAIR),
            MemberSpec(FATOU, P.MEMBER),
            MemberSpec("agent:jeunesse:head", P.MEMBER),
            MemberSpec("agent:insertion:head", P.MEMBER),
            MemberSpec(
                "Mamadou Ndiaye",
                P.MEMBER,
                organisation="Ville de Thiès, coordinateur de la coopération",
                civility=Civility.MONSIEUR.value,
            ),
        ),
        meetings=(
            MeetingSpec(
                starts_at=at(2026, 3, 31, 10),
                place="Visioconférence avec Thiès",
                status=Meeting.Status.HELD,
                agenda=(
                    ("Programme des deux semaines à Thiès", THIES_PROJECT),
                    ("Matériel de nettoyage à acheminer", THIES_PROJECT),
                ),
                minutes=(
                    "Le coordinateur de Thiès confirme les trois quartiers retenus et "
                    "l'hébergement des jeunes.\n"
                    "Le matériel partira par conteneur avec l'association de jumelage."
                ),
                decisions=(("Le départ des jeunes est fixé au 4 mai 2026.", THIES_PROJECT),),
                actions=(
                    ActionSpec(
                        "Commander le matériel de collecte remis aux quartiers",
                        FATOU,
                        datetime.date(2026, 4, 15),
                        ST.DONE,
                        datetime.date(2026, 4, 9),
                        decision=1,
                        project=THIES_PROJECT,
                    ),
                    ActionSpec(
                        "Vérifier les assurances et les vaccinations des jeunes",
                        "agent:jeunesse:head",
                        datetime.date(2026, 4, 24),
                        ST.DONE,
                        datetime.date(2026, 4, 22),
                        decision=1,
                        project=THIES_PROJECT,
                    ),
                    ActionSpec(
                        "Préparer le programme de la délégation de Thiès reçue en septembre",
                        "Mamadou Ndiaye (Ville de Thiès)",
                        datetime.date(2026, 8, 31),
                        ST.DONE,
                        datetime.date(2026, 9, 4),
                        project=THIES_PROJECT,
                    ),
                ),
            ),
            MeetingSpec(
                starts_at=at(2027, 2, 9, 10),
                place="Visioconférence avec Thiès",
                status=Meeting.Status.PLANNED,
                agenda=(("Bilan du chantier et suites", THIES_PROJECT),),
            ),
        ),
    ),
    CommitteeSpec(
        name="Veille coopération décentralisée du comité de direction",
        kind=Committee.Kind.THEMATIC,
        purpose=(
            "Une fois par trimestre, la chargée de mission pilotage présente au comité de "
            "direction sa veille sur la coopération décentralisée : appels à projets, "
            "financements, expériences d'autres collectivités, obligations de déclaration. La "
            "directrice générale des services en fait un point permanent de l'ordre du jour."
        ),
        projects=(THIES_PROGRAMME, YOUTH_PROJECT),
        policy_areas=("045", "020"),
        members=(
            MemberSpec("agent:dgs:@isabelle.carpentier", P.CHAIR),
            MemberSpec(WATCH, P.SECRETARY),
            MemberSpec("agent:dgs:adjoint", P.MEMBER),
            MemberSpec(DRI, P.MEMBER),
            MemberSpec("agent:decv:head", P.MEMBER),
            MemberSpec("agent:dsds:head", P.MEMBER),
            MemberSpec("agent:djes:head", P.MEMBER),
            MemberSpec("agent:drh:head", P.MEMBER),
            MemberSpec("agent:dcade:head", P.MEMBER),
        ),
        created_at=at(2024, 1, 8, 9),
        meetings=(
            MeetingSpec(
                starts_at=at(2024, 2, 6, 9),
                place="Hôtel de ville, bureau de la direction générale",
                status=Meeting.Status.HELD,
                agenda=(
                    (
                        "Appels à projets 2024 du ministère de l'Europe et des Affaires étrangères",
                        "",
                    ),
                    ("Déclaration annuelle de l'aide publique au développement", ""),
                ),
                minutes=(
                    "La chargée de mission présente les appels à projets ouverts et rappelle "
                    "l'obligation de déclarer chaque année l'aide publique au développement."
                ),
                decisions=(
                    (
                        "La veille sur la coopération décentralisée est inscrite à l'ordre du "
                        "jour du comité de direction une fois par trimestre.",
                        "",
                    ),
                ),
                actions=(
                    ActionSpec(
                        "Diffuser la note de veille aux directeurs et aux référents",
                        WATCH,
                        datetime.date(2024, 2, 29),
                        ST.DONE,
                        datetime.date(2024, 2, 20),
                        decision=1,
                    ),
                ),
            ),
            MeetingSpec(
                starts_at=at(2025, 6, 3, 9),
                place="Hôtel de ville, bureau de la direction générale",
                status=Meeting.Status.HELD,
                agenda=(
                    ("Facilité de financement des collectivités (FICOL) de l'AFD", THIES_PROGRAMME),
                    ("Ce que font d'autres villes : référents et comités de pilotage", ""),
                ),
                minutes=(
                    "La coopération avec Thiès pourrait changer d'échelle avec l'AFD.\n"
                    "La veille présente des villes qui ont nommé un référent dans chaque "
                    "service : c'est le cas de Bellerive depuis 2024."
                ),
                decisions=(
                    (
                        "La DRI étudie une candidature à la FICOL pour la prochaine convention "
                        "avec Thiès.",
                        THIES_PROGRAMME,
                    ),
                ),
                actions=(
                    ActionSpec(
                        "Étudier l'éligibilité de la coopération avec Thiès à la FICOL",
                        DRI,
                        datetime.date(2027, 1, 29),
                        ST.IN_PROGRESS,
                        decision=1,
                        project=THIES_PROGRAMME,
                    ),
                ),
            ),
            MeetingSpec(
                starts_at=at(2026, 10, 6, 9),
                place="Hôtel de ville, bureau de la direction générale",
                status=Meeting.Status.HELD,
                agenda=(
                    ("Déclaration de l'aide publique au développement 2025", ""),
                    ("Appels à projets jeunesse et mobilité internationale 2027", YOUTH_PROJECT),
                ),
                minutes=(
                    "Les montants 2025 sont déclarés. Un appel à projets soutient les échanges "
                    "de jeunes : la politique jeunesse ouverte à l'international peut y "
                    "répondre avec Sfax."
                ),
                decisions=(
                    (
                        "Le comité de direction soutient le dépôt d'un projet d'échange de "
                        "jeunes avec Sfax à l'appel à projets 2027.",
                        YOUTH_PROJECT,
                    ),
                ),
                actions=(
                    ActionSpec(
                        "Présenter au comité de direction le bilan annuel de l'action "
                        "internationale",
                        "agent:dgs:@isabelle.carpentier",
                        datetime.date(2027, 1, 19),
                    ),
                    ActionSpec(
                        "Préparer la note de veille du premier trimestre 2027",
                        WATCH,
                        datetime.date(2027, 1, 12),
                        decision=1,
                        project=YOUTH_PROJECT,
                    ),
                ),
            ),
            MeetingSpec(
                starts_at=at(2027, 1, 19, 9),
                place="Hôtel de ville, bureau de la direction générale",
                status=Meeting.Status.PLANNED,
                agenda=(("Bilan annuel de l'action internationale", ""),),
            ),
        ),
    ),
)


def load_governance(
    dataset: Dataset,
    authority: Authority,
    services: dict[str, Service],
    agents: dict[str, Agent],
    users: dict[str, User],
    result: Result,
) -> None:
    """Write the committees above, their members, meetings, decisions and actions."""
    people = People(dataset, authority, services, agents, users)
    projects = {
        p.title: p
        for p in Project.objects.filter(
            authority=authority, title__in=sorted({t for c in COMMITTEES for t in c.projects})
        )
    }
    committees = upsert_rows(
        Committee,
        Committee.objects.filter(authority=authority),
        lambda c: c.name,
        {
            spec.name: {
                "authority_id": authority.pk,
                "name": spec.name,
                "kind": spec.kind,
                "purpose": spec.purpose,
                "active": True,
                "created_at": spec.created_at,
            }
            for spec in COMMITTEES
        },
        result.count("committees"),
    )
    ids = {spec.name: committees[spec.name].pk for spec in COMMITTEES}
    links = result.count("committee links")
    set_links(
        Committee.projects,
        {ids[s.name]: [projects[t].pk for t in s.projects if t in projects] for s in COMMITTEES},
        links,
    )
    set_links(Committee.policy_areas, {ids[s.name]: s.policy_areas for s in COMMITTEES}, links)
    # Meetings the data no longer holds go, with their decisions and actions: a moved meeting
    # would otherwise keep its decision numbers, which its new date's meeting needs.
    stale = Meeting.objects.filter(committee_id__in=list(ids.values())).exclude(_meetings_q(ids))
    if stale.exists():
        result.count("meetings").deleted += stale.count()
        stale.delete()
    for spec in COMMITTEES:
        members = _sync_members(spec, authority, ids[spec.name], people, result)
        for meeting_spec in spec.meetings:
            _sync_meeting(spec, meeting_spec, authority, ids[spec.name], members, projects, result)


def _meetings_q(ids: dict[str, int]) -> Q:
    """The demo's meetings: each committee's meetings at the dates of the data."""
    wanted = Q(pk__in=[])
    for spec in COMMITTEES:
        dates = [m.starts_at for m in spec.meetings]
        wanted |= Q(committee_id=ids[spec.name], starts_at__in=dates)
    return wanted


def _owner_text(owner: str, members: dict[str, CommitteeMember]) -> str:
    """Free text when the owner is no agent: an elected official, a partner."""
    member = members.get(owner)
    if member is None:
        return owner
    return "" if member.agent_id else member.name


def _person(who: str, people: People) -> dict[str, object]:
    if who.startswith("agent:"):
        _prefix, key, selector = who.split(":", 2)
        return {"agent_id": people.agent_ids([(key, selector)])[0]}
    if who.startswith("official:"):
        return {"elected_official_id": people.official_id(who.split(":", 1)[1])}
    return {"external_name": who}


def _sync_members(
    spec: CommitteeSpec,
    authority: Authority,
    committee_id: int,
    people: People,
    result: Result,
) -> dict[str, CommitteeMember]:
    desired = {}
    for m in spec.members:
        person = _person(m.who, people)
        values = {
            "authority_id": authority.pk,
            "committee_id": committee_id,
            "agent_id": None,
            "elected_official_id": None,
            "external_name": "",
            "external_civility": m.civility,
            "external_organisation": m.organisation,
            "position": m.position,
            "mandate_end": m.mandate_end,
        } | person
        desired[m.who] = values

    def key(member: CommitteeMember) -> str:
        for who, values in desired.items():
            if (
                member.agent_id == values["agent_id"]
                and member.elected_official_id == values["elected_official_id"]
                and member.external_name == values["external_name"]
            ):
                return who
        return f"other:{member.pk}"

    return upsert_rows(
        CommitteeMember,
        CommitteeMember.objects.filter(committee_id=committee_id),
        key,
        desired,
        result.count("committee members"),
    )


def _sync_meeting(
    committee: CommitteeSpec,
    spec: MeetingSpec,
    authority: Authority,
    committee_id: int,
    members: dict[str, CommitteeMember],
    projects: dict[str, Project],
    result: Result,
) -> None:
    meeting = upsert_rows(
        Meeting,
        Meeting.objects.filter(committee_id=committee_id, starts_at=spec.starts_at),
        lambda m: m.starts_at,
        {
            spec.starts_at: {
                "authority_id": authority.pk,
                "committee_id": committee_id,
                "starts_at": spec.starts_at,
                "duration_minutes": 120,
                "place": spec.place,
                "status": spec.status,
                "minutes": spec.minutes,
            }
        },
        result.count("meetings"),
    )[spec.starts_at]

    def project_id(title: str) -> int | None:
        found = projects.get(title) if title else None
        return found.pk if found else None

    upsert_rows(
        AgendaItem,
        AgendaItem.objects.filter(meeting=meeting),
        lambda a: a.position,
        {
            i: {
                "meeting_id": meeting.pk,
                "position": i,
                "title": title,
                "project_id": project_id(p),
            }
            for i, (title, p) in enumerate(spec.agenda, start=1)
        },
        result.count("agenda items"),
        exact=True,
    )
    if spec.status == Meeting.Status.HELD:
        upsert_rows(
            Attendance,
            Attendance.objects.filter(meeting=meeting),
            lambda a: a.member_id,
            {
                m.pk: {
                    "meeting_id": meeting.pk,
                    "member_id": m.pk,
                    "status": "excused" if who in spec.absent else "present",
                }
                for who, m in members.items()
            },
            result.count("attendance"),
            exact=True,
        )
    year = spec.starts_at.year
    # Numbers follow the committee's earlier meetings of the same year.
    first = 1 + sum(
        len(m.decisions)
        for m in committee.meetings
        if m.starts_at.year == year and m.starts_at < spec.starts_at
    )
    decisions = upsert_rows(
        Decision,
        Decision.objects.filter(meeting=meeting),
        lambda d: d.number,
        {
            first + i: {
                "authority_id": authority.pk,
                "committee_id": committee_id,
                "meeting_id": meeting.pk,
                "year": year,
                "number": first + i,
                "text": text,
                "project_id": project_id(p),
                "decided_on": spec.starts_at.date(),
            }
            for i, (text, p) in enumerate(spec.decisions)
        },
        result.count("decisions"),
    )
    upsert_rows(
        ActionItem,
        ActionItem.objects.filter(meeting=meeting),
        lambda a: a.title,
        {
            a.title: {
                "authority_id": authority.pk,
                "committee_id": committee_id,
                "meeting_id": meeting.pk,
                "decision_id": decisions[first + a.decision - 1].pk if a.decision else None,
                "title": a.title,
                "owner_agent_id": members[a.owner].agent_id if a.owner in members else None,
                "owner_text": _owner_text(a.owner, members),
                "due_date": a.due,
                "status": a.status,
                "closed_on": a.closed_on,
                "project_id": project_id(a.project),
                "created_at": spec.starts_at,
            }
            for a in spec.actions
        },
        result.count("action items"),
        exact=True,
    )
