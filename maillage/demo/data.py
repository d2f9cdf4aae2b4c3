"""The demo authority, as plain data: a fictional town modelled on the founding conference.

"Ville de Bellerive-sur-Orne" has the organisation the conference describes (Caen, Mulhouse,
Romans, Seine-Maritime, Grenoble…): an international-relations service (the DRI) inside the
general management, technical directorates (cleanliness, waste, roads, green spaces), social and
youth directorates, HR, culture and the economy; a network of référents with some blind spots;
elected officials whose delegations map to M57 policy areas.

:func:`build_dataset` turns the specification below into rows. It is a pure function: no
database, no clock; the same seed always gives the same rows. ``services.load_demo`` writes them.

Job titles are written ``"masculine|feminine"`` when they differ; a single form otherwise.
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from dataclasses import dataclass, field

from maillage.core.models import Role
from maillage.organisation.models import Civility

SEED = 2013
PASSWORD = "demo-maillage"  # noqa: S105 - the published password of the demo accounts
EMAIL_DOMAIN = "bellerive.example.fr"

AUTHORITY = {
    "name": "Ville de Bellerive-sur-Orne",
    "slug": "bellerive",
    "kind": "commune",
    # Fictional; the check digit follows the Luhn rule like a real SIREN.
    "siren": "219900008",
    "iati_identifier": "FR-SIREN-219900008",
    "publishes": True,
}

# Fixed dates: never today's date, so that two runs give the same rows.
REFERENT_START = datetime.date(2024, 1, 1)
EXPIRED_END = datetime.date(2025, 6, 30)
PREVIOUS_START = datetime.date(2021, 1, 1)
PREVIOUS_END = datetime.date(2023, 12, 31)
MANDATE_START = datetime.date(2026, 3, 28)  # installation of the municipal council


# --- Specification ---------------------------------------------------------------------------


class Coverage:
    """How a service's référent network looks; see :func:`_referents_for`."""

    NONE = "none"  # never had a référent: a blind spot
    HOLDER = "holder"  # one current holder
    PAIR = "pair"  # a current holder and a substitute
    EXPIRED = "expired"  # the holder's mandate ended: a blind spot with history
    RENEWED = "renewed"  # a past holder, then the current one


@dataclass(frozen=True)
class Person:
    """An agent whose name is fixed because the demo accounts point to them."""

    first_name: str
    last_name: str
    female: bool
    job_title: str
    username: str = ""


@dataclass(frozen=True)
class ServiceSpec:
    key: str
    name: str
    policy_areas: tuple[str, ...]
    headcount: int
    head_title: str
    titles: tuple[str, ...] = ()  # given once each, in order, after the head
    pool: tuple[str, ...] = ()  # then drawn at random for the remaining agents
    coverage: str = Coverage.HOLDER
    people: tuple[Person, ...] = ()  # fixed agents, listed first (the first one heads if any)
    head_is_person: bool = False
    holder: str = ""  # "first.last" of a fixed person holding the référent mandate
    children: tuple[ServiceSpec, ...] = ()


DIRECTION_STAFF = (
    "Assistant de direction|Assistante de direction",
    "Chargé de mission|Chargée de mission",
)

ORGANISATION: tuple[ServiceSpec, ...] = (
    ServiceSpec(
        key="dgs",
        name="Direction générale des services",
        policy_areas=("020",),
        headcount=4,
        head_title="Directeur général des services|Directrice générale des services",
        people=(
            Person("Isabelle", "Carpentier", True, "Directrice générale des services", "direction"),
        ),
        head_is_person=True,
        titles=(
            "Directeur général adjoint|Directrice générale adjointe",
            "Assistant de direction|Assistante de direction",
            "Chargé de mission pilotage et évaluation|Chargée de mission pilotage et évaluation",
        ),
        children=(
            ServiceSpec(
                key="dri",
                name="Relations internationales et coopération décentralisée",
                policy_areas=("045", "044", "043"),
                headcount=6,
                head_title="Responsable des relations internationales",
                people=(
                    Person(
                        "Karim", "Haddad", False, "Responsable des relations internationales", "dri"
                    ),
                    Person(
                        "Lucie", "Fontaine", True, "Chargée de mission coopération décentralisée"
                    ),
                    Person("Mariana", "Oliveira", True, "Chargée de projets européens"),
                ),
                head_is_person=True,
                titles=(
                    "Chargé de mission jumelages|Chargée de mission jumelages",
                    "Assistant administratif et financier|Assistante administrative et financière",
                ),
                pool=("Chargé de projets internationaux|Chargée de projets internationaux",),
                coverage=Coverage.PAIR,
                holder="lucie.fontaine",
            ),
            ServiceSpec(
                key="communication",
                name="Communication et information",
                policy_areas=("023",),
                headcount=8,
                head_title="Directeur de la communication|Directrice de la communication",
                titles=(
                    "Rédacteur en chef du journal municipal|Rédactrice en chef du journal "
                    "municipal",
                    "Chargé de communication interne|Chargée de communication interne",
                ),
                pool=(
                    "Chargé de communication|Chargée de communication",
                    "Graphiste",
                    "Photographe",
                    "Community manager",
                    "Webmestre",
                ),
            ),
            ServiceSpec(
                key="assemblees",
                name="Assemblées et affaires juridiques",
                policy_areas=("031", "020"),
                headcount=7,
                head_title="Responsable des affaires juridiques",
                titles=("Juriste",),
                pool=(
                    "Juriste",
                    "Gestionnaire des assemblées",
                    "Assistant juridique|Assistante juridique",
                ),
                coverage=Coverage.NONE,
            ),
            ServiceSpec(
                key="protocole",
                name="Protocole, fêtes et cérémonies",
                policy_areas=("024",),
                headcount=6,
                head_title="Chef du protocole|Cheffe du protocole",
                pool=(
                    "Chargé du protocole|Chargée du protocole",
                    "Régisseur événementiel|Régisseuse événementielle",
                    "Agent logistique|Agente logistique",
                ),
            ),
            ServiceSpec(
                key="numerique",
                name="Numérique et systèmes d'information",
                policy_areas=("57", "020"),
                headcount=12,
                head_title="Directeur des systèmes d'information|Directrice des systèmes "
                "d'information",
                people=(
                    Person(
                        "Anne-Sophie",
                        "Roux",
                        True,
                        "Administratrice fonctionnelle des applications",
                        "admin",
                    ),
                ),
                titles=("Responsable infrastructures et réseaux",),
                pool=(
                    "Technicien support|Technicienne support",
                    "Administrateur systèmes et réseaux|Administratrice systèmes et réseaux",
                    "Chef de projet applicatif|Cheffe de projet applicatif",
                    "Développeur|Développeuse",
                ),
                coverage=Coverage.PAIR,
            ),
        ),
    ),
    ServiceSpec(
        key="decv",
        name="Direction Environnement et cadre de vie",
        policy_areas=("7", "84"),
        headcount=3,
        head_title="Directeur de l'environnement et du cadre de vie|Directrice de "
        "l'environnement et du cadre de vie",
        titles=DIRECTION_STAFF,
        children=(
            ServiceSpec(
                key="proprete",
                name="Propreté urbaine",
                policy_areas=("722",),
                headcount=36,
                head_title="Responsable de la propreté urbaine",
                people=(
                    Person(
                        "Fatou", "Diop", True, "Agente de maîtrise, propreté urbaine", "referent"
                    ),
                ),
                titles=("Chef d'équipe propreté|Cheffe d'équipe propreté",) * 3,
                pool=(
                    "Agent de propreté urbaine|Agente de propreté urbaine",
                    "Agent de propreté urbaine|Agente de propreté urbaine",
                    "Agent de propreté urbaine|Agente de propreté urbaine",
                    "Conducteur de balayeuse|Conductrice de balayeuse",
                ),
                coverage=Coverage.PAIR,
                holder="fatou.diop",
            ),
            ServiceSpec(
                key="dechets",
                name="Collecte et valorisation des déchets",
                policy_areas=("721",),
                headcount=26,
                head_title="Responsable de la collecte et de la valorisation des déchets",
                titles=(
                    "Ambassadeur du tri|Ambassadrice du tri",
                    "Ambassadeur du tri|Ambassadrice du tri",
                    "Gestionnaire de la déchetterie",
                ),
                pool=(
                    "Ripeur|Ripeuse",
                    "Ripeur|Ripeuse",
                    "Chauffeur poids lourd|Chauffeuse poids lourd",
                    "Agent de déchetterie|Agente de déchetterie",
                ),
                holder="fatou.diop",
            ),
            ServiceSpec(
                key="voirie",
                name="Voirie et déplacements",
                policy_areas=("84", "87"),
                headcount=26,
                head_title="Ingénieur voirie, chef de service|Ingénieure voirie, cheffe de service",
                titles=(
                    "Technicien voirie|Technicienne voirie",
                    "Chargé d'études mobilités douces|Chargée d'études mobilités douces",
                ),
                pool=(
                    "Agent d'exploitation de la voirie|Agente d'exploitation de la voirie",
                    "Agent d'exploitation de la voirie|Agente d'exploitation de la voirie",
                    "Signalisation routière",
                    "Chef d'équipe voirie|Cheffe d'équipe voirie",
                ),
                coverage=Coverage.NONE,
            ),
            ServiceSpec(
                key="espaces-verts",
                name="Espaces verts et nature en ville",
                policy_areas=("76", "71"),
                headcount=30,
                head_title="Responsable des espaces verts",
                titles=(
                    "Technicien paysagiste|Technicienne paysagiste",
                    "Chargé de mission biodiversité|Chargée de mission biodiversité",
                ),
                pool=(
                    "Jardinier|Jardinière",
                    "Jardinier|Jardinière",
                    "Élagueur|Élagueuse",
                    "Agent d'entretien des espaces verts|Agente d'entretien des espaces verts",
                ),
                coverage=Coverage.PAIR,
            ),
            ServiceSpec(
                key="batiments",
                name="Bâtiments communaux",
                policy_areas=("028", "75"),
                headcount=22,
                head_title="Responsable du patrimoine bâti",
                titles=("Conducteur de travaux|Conductrice de travaux", "Économe de flux énergie"),
                pool=(
                    "Électricien|Électricienne",
                    "Plombier chauffagiste|Plombière chauffagiste",
                    "Menuisier|Menuisière",
                    "Peintre en bâtiment",
                    "Agent de maintenance des bâtiments|Agente de maintenance des bâtiments",
                ),
            ),
        ),
    ),
    ServiceSpec(
        key="dsds",
        name="Direction Solidarités et développement social",
        policy_areas=("4", "52"),
        headcount=3,
        head_title="Directeur des solidarités|Directrice des solidarités",
        titles=DIRECTION_STAFF,
        children=(
            ServiceSpec(
                key="action-sociale",
                name="Action sociale",
                policy_areas=("424", "428"),
                headcount=18,
                head_title="Responsable de l'action sociale",
                titles=(
                    "Conseiller en économie sociale et familiale|Conseillère en économie "
                    "sociale et familiale",
                ),
                pool=(
                    "Travailleur social|Travailleuse sociale",
                    "Assistant social|Assistante sociale",
                    "Agent d'accueil social|Agente d'accueil social",
                    "Instructeur des aides facultatives|Instructrice des aides facultatives",
                ),
                coverage=Coverage.PAIR,
            ),
            ServiceSpec(
                key="insertion",
                name="Insertion et emploi",
                policy_areas=("65", "424"),
                headcount=9,
                head_title="Responsable insertion et emploi",
                titles=("Chargé de relations entreprises|Chargée de relations entreprises",),
                pool=(
                    "Conseiller en insertion professionnelle|Conseillère en insertion "
                    "professionnelle",
                    "Encadrant technique de chantier d'insertion|Encadrante technique de chantier "
                    "d'insertion",
                ),
                coverage=Coverage.RENEWED,
            ),
            ServiceSpec(
                key="politique-ville",
                name="Politique de la ville et prévention",
                policy_areas=("52",),
                headcount=8,
                head_title="Chef de projet politique de la ville|Cheffe de projet politique de la "
                "ville",
                titles=(
                    "Délégué du préfet (mis à disposition)|Déléguée du préfet (mise à disposition)",
                ),
                pool=(
                    "Éducateur de prévention spécialisée|Éducatrice de prévention spécialisée",
                    "Médiateur social|Médiatrice sociale",
                    "Agent de développement local|Agente de développement local",
                ),
                coverage=Coverage.PAIR,
            ),
            ServiceSpec(
                key="petite-enfance",
                name="Petite enfance",
                policy_areas=("422", "421"),
                headcount=26,
                head_title="Coordinateur petite enfance|Coordinatrice petite enfance",
                titles=(
                    "Directeur de crèche|Directrice de crèche",
                    "Directeur de crèche|Directrice de crèche",
                    "Éducateur de jeunes enfants|Éducatrice de jeunes enfants",
                ),
                pool=(
                    "Auxiliaire de puériculture",
                    "Auxiliaire de puériculture",
                    "Agent petite enfance|Agente petite enfance",
                    "Éducateur de jeunes enfants|Éducatrice de jeunes enfants",
                ),
            ),
            ServiceSpec(
                key="sante",
                name="Santé et autonomie",
                policy_areas=("41", "423", "425"),
                headcount=12,
                head_title="Responsable santé publique et autonomie",
                titles=(
                    "Coordinateur du contrat local de santé|Coordinatrice du contrat local "
                    "de santé",
                ),
                pool=(
                    "Aide à domicile",
                    "Infirmier coordinateur|Infirmière coordinatrice",
                    "Animateur seniors|Animatrice seniors",
                    "Chargé de mission handicap|Chargée de mission handicap",
                ),
                coverage=Coverage.NONE,
            ),
        ),
    ),
    ServiceSpec(
        key="djes",
        name="Direction Jeunesse, éducation et sports",
        policy_areas=("3", "2"),
        headcount=3,
        head_title="Directeur de la jeunesse, de l'éducation et des sports|Directrice de la "
        "jeunesse, de l'éducation et des sports",
        titles=DIRECTION_STAFF,
        children=(
            ServiceSpec(
                key="education",
                name="Éducation et affaires scolaires",
                policy_areas=("21", "28"),
                headcount=36,
                head_title="Responsable des affaires scolaires",
                titles=(
                    "Coordinateur périscolaire|Coordinatrice périscolaire",
                    "Gestionnaire des inscriptions scolaires",
                ),
                pool=(
                    "ATSEM",
                    "ATSEM",
                    "Animateur périscolaire|Animatrice périscolaire",
                    "Agent de restauration scolaire|Agente de restauration scolaire",
                    "Agent d'entretien des écoles|Agente d'entretien des écoles",
                ),
            ),
            ServiceSpec(
                key="jeunesse",
                name="Jeunesse et vie étudiante",
                policy_areas=("33",),
                headcount=12,
                head_title="Responsable jeunesse",
                titles=(
                    "Informateur jeunesse (point information jeunesse)|Informatrice jeunesse "
                    "(point information jeunesse)",
                    "Chargé de mobilité internationale des "
                    "jeunes|Chargée de mobilité internationale des jeunes",
                ),
                pool=(
                    "Animateur jeunesse|Animatrice jeunesse",
                    "Animateur jeunesse|Animatrice jeunesse",
                    "Coordinateur de maison de quartier|Coordinatrice de maison de quartier",
                ),
                coverage=Coverage.PAIR,
            ),
            ServiceSpec(
                key="sports",
                name="Sports",
                policy_areas=("32",),
                headcount=16,
                head_title="Responsable des sports",
                titles=("Gestionnaire des équipements sportifs",),
                pool=(
                    "Éducateur sportif|Éducatrice sportive",
                    "Maître-nageur sauveteur|Maîtresse-nageuse sauveteuse",
                    "Gardien d'équipement sportif|Gardienne d'équipement sportif",
                ),
                coverage=Coverage.EXPIRED,
            ),
            ServiceSpec(
                key="vie-associative",
                name="Vie associative et citoyenne",
                policy_areas=("34", "341"),
                headcount=6,
                head_title="Responsable de la vie associative",
                pool=(
                    "Chargé de la vie associative|Chargée de la vie associative",
                    "Chargé de la démocratie participative|Chargée de la démocratie participative",
                    "Gestionnaire des salles municipales",
                ),
            ),
        ),
    ),
    ServiceSpec(
        key="drh",
        name="Direction Ressources humaines",
        policy_areas=("021",),
        headcount=3,
        head_title="Directeur des ressources humaines|Directrice des ressources humaines",
        titles=DIRECTION_STAFF,
        children=(
            ServiceSpec(
                key="emploi-competences",
                name="Emploi et compétences",
                policy_areas=("021",),
                headcount=8,
                head_title="Responsable emploi et compétences",
                titles=(
                    "Chargé de recrutement|Chargée de recrutement",
                    "Conseiller en mobilité et évolution professionnelle|Conseillère en "
                    "mobilité et évolution professionnelle",
                ),
                pool=(
                    "Chargé de recrutement|Chargée de recrutement",
                    "Gestionnaire des emplois et compétences",
                    "Chargé de l'apprentissage|Chargée de l'apprentissage",
                ),
                coverage=Coverage.PAIR,
            ),
            ServiceSpec(
                key="formation",
                name="Formation",
                policy_areas=("021", "25"),
                headcount=5,
                head_title="Responsable formation",
                pool=(
                    "Chargé de formation|Chargée de formation",
                    "Gestionnaire formation",
                ),
            ),
            ServiceSpec(
                key="paie",
                name="Paie et carrières",
                policy_areas=("021",),
                headcount=9,
                head_title="Responsable paie et carrières",
                pool=("Gestionnaire paie et carrières", "Gestionnaire absences et retraites"),
                coverage=Coverage.NONE,
            ),
        ),
    ),
    ServiceSpec(
        key="dcade",
        name="Direction Culture, attractivité et développement économique",
        policy_areas=("31", "6"),
        headcount=3,
        head_title="Directeur de la culture et de l'attractivité|Directrice de la culture et de "
        "l'attractivité",
        titles=DIRECTION_STAFF,
        children=(
            ServiceSpec(
                key="economie",
                name="Développement économique et commerce",
                policy_areas=("61", "632"),
                headcount=7,
                head_title="Responsable du développement économique",
                titles=("Manager de centre-ville",),
                pool=(
                    "Chargé de mission développement économique|Chargée de mission "
                    "développement économique",
                    "Chargé de l'accompagnement des entreprises à l'export|Chargée de "
                    "l'accompagnement des entreprises à l'export",
                    "Placier",
                ),
                coverage=Coverage.PAIR,
            ),
            ServiceSpec(
                key="tourisme",
                name="Tourisme et attractivité",
                policy_areas=("633", "64"),
                headcount=6,
                head_title="Responsable tourisme et attractivité",
                pool=(
                    "Conseiller en séjour|Conseillère en séjour",
                    "Chargé de promotion touristique|Chargée de promotion touristique",
                    "Chargé d'accueil des délégations|Chargée d'accueil des délégations",
                ),
            ),
            ServiceSpec(
                key="culture",
                name="Action culturelle et patrimoine",
                policy_areas=("311", "312"),
                headcount=10,
                head_title="Responsable de l'action culturelle",
                titles=("Chargé du patrimoine|Chargée du patrimoine",),
                pool=(
                    "Chargé de programmation|Chargée de programmation",
                    "Médiateur culturel|Médiatrice culturelle",
                    "Régisseur technique|Régisseuse technique",
                ),
            ),
            ServiceSpec(
                key="mediatheques",
                name="Médiathèques",
                policy_areas=("313",),
                headcount=14,
                head_title="Directeur des médiathèques|Directrice des médiathèques",
                people=(
                    Person(
                        "Thomas",
                        "Nguyen",
                        False,
                        "Assistant de conservation du patrimoine et des bibliothèques",
                        "agent",
                    ),
                ),
                pool=(
                    "Bibliothécaire",
                    "Assistant de conservation|Assistante de conservation",
                    "Adjoint du patrimoine|Adjointe du patrimoine",
                    "Adjoint du patrimoine|Adjointe du patrimoine",
                ),
                coverage=Coverage.PAIR,
            ),
        ),
    ),
)


@dataclass(frozen=True)
class DelegationSpec:
    label: str
    policy_areas: tuple[str, ...]


@dataclass(frozen=True)
class OfficialSpec:
    first_name: str
    last_name: str
    mandate: str
    delegations: tuple[DelegationSpec, ...]
    username: str = ""
    female: bool = False


OFFICIALS: tuple[OfficialSpec, ...] = (
    OfficialSpec(
        "François",
        "Lemarchand",
        "Maire",
        (
            DelegationSpec("Administration générale et personnel communal", ("020", "021")),
            DelegationSpec("Sécurité et tranquillité publique", ("11",)),
        ),
    ),
    OfficialSpec(
        "Nadia",
        "Belkacem",
        "Adjointe au maire chargée des relations internationales et de la coopération "
        "décentralisée",
        (
            DelegationSpec(
                "Relations internationales et coopération décentralisée", ("045", "044")
            ),
            DelegationSpec("Europe et jumelages", ("043", "045")),
        ),
        username="elected",
        female=True,
    ),
    OfficialSpec(
        "Yann",
        "Le Floch",
        "Adjoint au maire chargé de l'environnement et des déchets",
        (
            DelegationSpec("Environnement, propreté urbaine et déchets", ("71", "721", "722")),
            DelegationSpec("Nature en ville et biodiversité", ("76",)),
        ),
    ),
    OfficialSpec(
        "Aïssatou",
        "Sarr",
        "Adjointe au maire chargée de la jeunesse",
        (
            DelegationSpec("Jeunesse et vie étudiante", ("33",)),
            DelegationSpec("Éducation et temps périscolaires", ("21", "28")),
        ),
        female=True,
    ),
    OfficialSpec(
        "Marc",
        "Dumontier",
        "Adjoint au maire chargé du développement économique",
        (
            DelegationSpec("Développement économique, commerce et artisanat", ("61", "632")),
            DelegationSpec("Attractivité et tourisme", ("64", "633")),
        ),
    ),
    OfficialSpec(
        "Véronique",
        "Ribeiro",
        "Adjointe au maire chargée des solidarités",
        (
            DelegationSpec("Solidarités et action sociale", ("424", "428")),
            DelegationSpec("Politique de la ville et insertion", ("52", "65")),
        ),
        female=True,
    ),
)

# One account per role, named after it. ``person`` is the agent or elected official it stands for.
ACCOUNTS: tuple[tuple[str, str], ...] = (
    (Role.ADMIN, "anne-sophie.roux"),
    (Role.DRI, "karim.haddad"),
    (Role.REFERENT, "fatou.diop"),
    (Role.ELECTED, "nadia.belkacem"),
    (Role.DIRECTION, "isabelle.carpentier"),
    (Role.AGENT, "thomas.nguyen"),
)

# --- Names -----------------------------------------------------------------------------------


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


# French names from every region (Brittany, Alsace, Nord, Corsica, Basque country, Réunion…) and
# names of families who came from elsewhere, as in any French town hall. Drawn independently.

FEMALE_FIRST_NAMES = _names(
    """
Marie, Nathalie, Isabelle, Sylvie, Catherine, Sandrine, Valérie, Christine,
Céline, Stéphanie, Aurélie, Émilie, Julie, Camille, Manon, Léa, Chloé,
Sarah, Laura, Pauline, Claire, Anne, Hélène, Sophie, Élodie, Mélanie,
Virginie, Karine, Agnès, Martine, Brigitte, Delphine, Florence, Laurence,
Patricia, Estelle, Anaïs, Ophélie, Morgane, Coralie, Margaux, Louise, Jade,
Zoé, Inès, Lina, Océane, Maëlle, Nolwenn, Gwenaëlle, Soizic, Anouk,
Nadia, Samira, Fatima, Leïla, Yasmine, Amina, Aïcha, Rachida, Naïma,
Myriam, Sonia, Malika, Fatou, Aminata, Mariama, Awa, Khadija, Ana, Inês,
Sofia, Giulia, Elena, Carmen, Lucía, Mei, Linh, Thu, Agnieszka,
Katarzyna, Anahit, Elif, Esther, Rivka, Valentina, Noémie, Mathilde,
Charlotte, Béatrice, Dominique, Odile, Monique, Josiane, Corinne, Annick,
"""
)
MALE_FIRST_NAMES = _names(
    """
Jean, Pierre, Michel, Philippe, Alain, Nicolas, Christophe, Stéphane,
Laurent, Frédéric, Olivier, Sébastien, Julien, Antoine, Maxime, Alexandre,
Guillaume, Romain, Vincent, Benoît, Jérôme, David, Éric, Pascal, Thierry,
Patrick, Franck, Lucas, Hugo, Théo, Mathieu, Damien, Arnaud, Cédric,
Yannick, Gwenaël, Erwan, Loïc, Ronan, Mehdi, Rachid, Mohamed, Youssef,
Samir, Nabil, Bilal, Sofiane, Mamadou, Moussa, Ibrahima, Cheikh, Ousmane,
Abdoulaye, João, Rui, Paulo, Marco, Luca, Giovanni, Javier, Carlos,
Miguel, Duc, Minh, Tuan, Wei, Krzysztof, Piotr, Arman, Levon, Mehmet,
Emre, Jean-Baptiste, Jean-Luc, Marc-Antoine, Baptiste, Quentin, Florian,
Kévin, Dylan, Adrien, Gaël, Xavier, Didier, Gilles, Bruno, Serge, Joël,
Fabrice, Ludovic, Samuel, Nathan, Raphaël, Élie, Hamza, Rayan,
"""
)
LAST_NAMES = _names(
    """
Martin, Bernard, Petit, Robert, Richard, Durand, Dubois, Moreau, Laurent,
Simon, Michel, Lefebvre, Leroy, David, Bertrand, Morel, Fournier, Girard,
Bonnet, Dupont, Lambert, Rousseau, Vincent, Faure, André, Mercier, Blanc,
Guérin, Boyer, Garnier, Chevalier, François, Legrand, Gauthier, Perrin,
Robin, Clément, Morin, Henry, Roussel, Mathieu, Masson, Marchand, Duval,
Denis, Dumont, Lemaire, Noël, Dufour, Meunier, Brun, Blanchard, Giraud,
Joly, Rivière, Brunet, Gaillard, Barbier, Arnaud, Gérard, Roche, Renard,
Roy, Leroux, Colin, Vidal, Caron, Picard, Roger, Fabre, Aubert, Lemoine,
Renaud, Dumas, Lacroix, Bourgeois, Rey, Leclerc, Rolland, Leclercq,
Lecomte, Dupuy, Guillot, Hubert, Berger, Dupuis, Moulin, Deschamps, Huet,
Vasseur, Boucher, Fleury, Royer, Jacquet, Poirier, Marty, Aubry, Guyot,
Carré, Renault, Charpentier, Ménard, Maillard, Baron, Bertin, Bailly,
Collet, Léger, Bouvier, Prévost, Millet, Perrot, Cousin, Germain, Breton,
Besson, Langlois, Pelletier, Lévêque, Perrier, Leblanc, Lebrun, Marchal,
Mallet, Boulanger, Monnier, Michaud, Guichard, Gillet, Étienne, Poulain,
Tessier, Chauvin, Bouchet, Lemaître, Maréchal, Humbert, Reynaud, Perret,
Barthélemy, Cordier, Pichon, Lejeune, Lamy, Delaunay, Pasquier, Laporte,
Le Gall, Le Goff, Le Bihan, Kerbrat, Quéré, Tanguy, Le Roux, Guivarc'h,
Muller, Schmitt, Meyer, Klein, Weber, Schneider, Kieffer, Hoffmann,
Wagner, Vandenberghe, Delattre, Dewaele, Santoni, Casanova, Etcheverry,
Irigoyen, Castagné, Payet, Hoarau, Grondin,
Benali, Bensaïd, Bouzid, Cherif, Mansouri, El Amrani, Aït Ahmed, Ouali,
Ziani, Hamidi, Khelifi, Saïdi, Benmoussa, Amrani, Diallo, Traoré, Ndiaye,
Sow, Camara, Koné, Cissé, Touré, Kouassi, Mbemba, Sissoko, Keïta,
Fofana, Coulibaly, Mendy, Gomis, Rakotomalala, Randrianarisoa, Tran, Pham,
Hoang, Vo, Chen, Wang, Lin, Zhang, Dos Santos, Pereira, Ferreira,
Rodrigues, Gonçalves, Costa, Da Silva, Fernandes, Rossi, Russo, Bianchi,
Esposito, Romano, Conti, Ricci, Marchetti, Garcia, Martinez, Lopez,
Sanchez, Fernandez, Navarro, Ruiz, Jiménez, Moreno, Kowalski, Nowak,
Wiśniewski, Lewandowski, Petrossian, Manoukian, Yilmaz, Demir, Kaya,
Öztürk, Cohen, Lévy, Ivanov, Popescu, Nagy,
"""
)


# --- Rows ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceRow:
    hr_id: str
    key: str
    name: str
    kind: str
    parent_hr_id: str | None
    head_hr_id: str | None
    policy_areas: tuple[str, ...]


@dataclass(frozen=True)
class AgentRow:
    hr_id: str
    first_name: str
    last_name: str
    email: str
    job_title: str
    service_hr_id: str
    username: str = ""
    civility: str = ""


@dataclass(frozen=True)
class ReferentRow:
    service_hr_id: str
    agent_hr_id: str
    kind: str
    start: datetime.date
    end: datetime.date | None


@dataclass(frozen=True)
class DelegationRow:
    label: str
    policy_areas: tuple[str, ...]
    start: datetime.date | None
    end: datetime.date | None


@dataclass(frozen=True)
class OfficialRow:
    first_name: str
    last_name: str
    mandate: str
    email: str
    delegations: tuple[DelegationRow, ...]
    username: str = ""
    civility: str = ""


@dataclass(frozen=True)
class UserRow:
    username: str
    role: str
    first_name: str
    last_name: str
    email: str
    is_staff: bool


@dataclass(frozen=True)
class Dataset:
    authority: dict[str, object]
    services: tuple[ServiceRow, ...]
    agents: tuple[AgentRow, ...]
    referents: tuple[ReferentRow, ...]
    officials: tuple[OfficialRow, ...]
    users: tuple[UserRow, ...]
    password: str = PASSWORD
    uncovered: tuple[str, ...] = field(default=())  # names of services without current référent

    def policy_area_codes(self) -> set[str]:
        codes = {code for s in self.services for code in s.policy_areas}
        codes |= {code for o in self.officials for d in o.delegations for code in d.policy_areas}
        return codes


def email_local_part(first_name: str, last_name: str) -> str:
    """``Aït Ahmed``, ``Jean-Luc`` → ``jean-luc.ait-ahmed``: ASCII, lower case, no spaces."""

    def clean(text: str) -> str:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        text = text.lower().replace("'", "").replace(" ", "-")
        return "".join(ch for ch in text if ch.isalnum() or ch == "-")

    return f"{clean(first_name)}.{clean(last_name)}"


def gendered(title: str, female: bool) -> str:
    masculine, _, feminine = title.partition("|")
    return (feminine or masculine) if female else masculine


def civility(female: bool) -> str:
    return (Civility.MADAME if female else Civility.MONSIEUR).value


def _walk(specs: tuple[ServiceSpec, ...], parent: ServiceSpec | None = None):
    for spec in specs:
        yield spec, parent
        yield from _walk(spec.children, spec)


class _Emails:
    def __init__(self) -> None:
        self.taken: set[str] = set()

    def make(self, first_name: str, last_name: str) -> str:
        base = email_local_part(first_name, last_name)
        local, n = base, 1
        while local in self.taken:
            n += 1
            local = f"{base}{n}"
        self.taken.add(local)
        return f"{local}@{EMAIL_DOMAIN}"


def build_dataset(seed: int = SEED) -> Dataset:
    """All rows of the demo authority, the same for the same seed."""
    rng = random.Random(seed)
    emails = _Emails()
    fixed = {
        (p.first_name, p.last_name) for spec, _ in _walk(ORGANISATION) for p in spec.people
    } | {(o.first_name, o.last_name) for o in OFFICIALS}
    # Fixed people get the plain addresses; random ones never take a fixed person's name.
    officials_emails = {
        (o.first_name, o.last_name): emails.make(o.first_name, o.last_name) for o in OFFICIALS
    }
    people_emails = {
        (p.first_name, p.last_name): emails.make(p.first_name, p.last_name)
        for spec, _ in _walk(ORGANISATION)
        for p in spec.people
    }
    used_names = set(fixed)

    def random_person() -> tuple[str, str, bool]:
        while True:
            female = rng.random() < 0.5
            first = rng.choice(FEMALE_FIRST_NAMES if female else MALE_FIRST_NAMES)
            last = rng.choice(LAST_NAMES)
            if (first, last) not in used_names:
                used_names.add((first, last))
                return first, last, female

    services: list[ServiceRow] = []
    agents: list[AgentRow] = []
    members: dict[str, list[AgentRow]] = {}
    by_person: dict[str, AgentRow] = {}
    spec_by_key: dict[str, ServiceSpec] = {}
    for index, (spec, parent) in enumerate(_walk(ORGANISATION), start=1):
        hr_id = f"SV{index:03d}"
        spec_by_key[spec.key] = spec
        staff: list[AgentRow] = []
        # The head comes first, unless fixed people who are not the head come before them.
        head_index = 0 if spec.head_is_person or not spec.people else len(spec.people)
        for position in range(spec.headcount):
            if position < len(spec.people):
                person = spec.people[position]
                first, last, female = person.first_name, person.last_name, person.female
                title, email, username = (
                    person.job_title,
                    people_emails[(first, last)],
                    person.username,
                )
            else:
                first, last, female = random_person()
                email, username = emails.make(first, last), ""
                if position == head_index:
                    title = gendered(spec.head_title, female)
                else:
                    extra = position - max(len(spec.people), head_index + 1)
                    if 0 <= extra < len(spec.titles):
                        title = gendered(spec.titles[extra], female)
                    else:
                        title = gendered(rng.choice(spec.pool or spec.titles), female)
            row = AgentRow(
                hr_id=f"AG{len(agents) + 1:05d}",
                first_name=first,
                last_name=last,
                email=email,
                job_title=title,
                service_hr_id=hr_id,
                username=username,
                civility=civility(female),
            )
            agents.append(row)
            staff.append(row)
            by_person[email_local_part(first, last)] = row
        head = staff[head_index]
        members[hr_id] = staff
        services.append(
            ServiceRow(
                hr_id=hr_id,
                key=spec.key,
                name=spec.name,
                kind="directorate" if parent is None else "service",
                parent_hr_id=next(s.hr_id for s in services if s.key == parent.key)
                if parent
                else None,
                head_hr_id=head.hr_id,
                policy_areas=spec.policy_areas,
            )
        )

    referents: list[ReferentRow] = []
    uncovered: list[str] = []
    picker = random.Random(f"{seed}-referents")
    designated: set[str] = {by_person[s.holder].hr_id for s in spec_by_key.values() if s.holder}
    for service in services:
        spec = spec_by_key[service.key]
        candidates = [
            a
            for a in members[service.hr_id]
            if a.hr_id != service.head_hr_id and a.hr_id not in designated and not a.username
        ]

        def pick(candidates: list[AgentRow] = candidates) -> str:
            agent = candidates.pop(picker.randrange(len(candidates)))
            designated.add(agent.hr_id)
            return agent.hr_id

        holder = by_person[spec.holder].hr_id if spec.holder else None
        rows = _referents_for(service.hr_id, spec.coverage, holder, pick)
        referents.extend(rows)
        if spec.coverage in (Coverage.NONE, Coverage.EXPIRED):
            uncovered.append(service.name)

    officials = tuple(
        OfficialRow(
            first_name=o.first_name,
            last_name=o.last_name,
            mandate=o.mandate,
            email=officials_emails[(o.first_name, o.last_name)],
            delegations=tuple(
                DelegationRow(d.label, d.policy_areas, MANDATE_START, None) for d in o.delegations
            ),
            username=o.username,
            civility=civility(o.female),
        )
        for o in OFFICIALS
    )

    people = {email_local_part(o.first_name, o.last_name): o for o in officials}
    people.update(by_person)
    users = []
    for role, person_key in ACCOUNTS:
        person = people[person_key]
        users.append(
            UserRow(
                username=str(role),
                role=str(role),
                first_name=person.first_name,
                last_name=person.last_name,
                email=person.email,
                is_staff=role == Role.ADMIN,
            )
        )
    return Dataset(
        authority=dict(AUTHORITY),
        services=tuple(services),
        agents=tuple(agents),
        referents=tuple(referents),
        officials=officials,
        users=tuple(users),
        uncovered=tuple(uncovered),
    )


def _referents_for(
    service_hr_id: str, coverage: str, holder: str | None, pick
) -> list[ReferentRow]:
    holder_kind, substitute_kind = "holder", "substitute"
    if coverage == Coverage.NONE:
        return []
    if coverage == Coverage.EXPIRED:
        return [
            ReferentRow(service_hr_id, holder or pick(), holder_kind, REFERENT_START, EXPIRED_END)
        ]
    rows = []
    if coverage == Coverage.RENEWED:
        rows.append(ReferentRow(service_hr_id, pick(), holder_kind, PREVIOUS_START, PREVIOUS_END))
    rows.append(ReferentRow(service_hr_id, holder or pick(), holder_kind, REFERENT_START, None))
    if coverage == Coverage.PAIR:
        rows.append(ReferentRow(service_hr_id, pick(), substitute_kind, REFERENT_START, None))
    return rows
