"""The demo missions' rows: the company directory and the fifteen small companies of the
economic mission to Oran (Dunkerque's testimony), their business meetings, the costs of each
mission by nature, and the welcome of three waste pickers from Belo Horizonte with their
programme through the town's services.

Company names are invented; their SIRENs are built to pass INSEE's Luhn check and belong to
no real company that we know of. Like the rest of the demo: upserted by natural keys, a
second run writes nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from maillage.core.models import Authority
from maillage.projects.models import (
    BusinessMeeting,
    Company,
    Mission,
    MissionCompany,
    MissionCost,
    MissionVisitor,
    ProgrammeItem,
)

from .people import People
from .sync import Result, upsert_rows

ORAN_MISSION = "Mission économique à Oran avec quinze entreprises du territoire"
BELO_HORIZONTE_VISIT = "Accueil de trois trieuses de la coopérative de Belo Horizonte"


def siren(base: int) -> str:
    """``base`` (8 digits) and the check digit that makes a valid SIREN."""
    digits = f"{base:08d}"
    for last in range(10):
        candidate = f"{digits}{last}"
        total = 0
        for i, char in enumerate(reversed(candidate)):
            n = int(char) * (2 if i % 2 else 1)
            total += n - 9 if n > 9 else n
        if total % 10 == 0:
            return candidate
    raise AssertionError(base)


# (name, NAF code, activity, town, contact, sector on the mission, role)
COMPANIES = (
    (
        "Chaudronnerie Lemaire",
        "25.29Z",
        "Fabrication de réservoirs et conteneurs métalliques",
        "Bellerive-sur-Orne",
        "Hervé Lemaire",
        "Mécanique",
        "Fournisseur de cuves",
    ),
    (
        "Orne Béton Préfa",
        "23.61Z",
        "Fabrication d'éléments en béton pour la construction",
        "Bellerive-sur-Orne",
        "Sandrine Caux",
        "Bâtiment",
        "Fournisseur",
    ),
    (
        "Biscuiterie du Val d'Orne",
        "10.72Z",
        "Fabrication de biscuits et pâtisseries de conservation",
        "Saint-Aubin-sur-Orne",
        "Karim Benali",
        "Agroalimentaire",
        "Exportateur",
    ),
    (
        "Menuiseries Auvray",
        "16.23Z",
        "Fabrication de charpentes et d'autres menuiseries",
        "Bellerive-sur-Orne",
        "Thomas Auvray",
        "Bâtiment",
        "Sous-traitant recherché",
    ),
    (
        "Hydro-Nord Pompes",
        "28.13Z",
        "Fabrication d'autres pompes et compresseurs",
        "Colombelles-sur-Orne",
        "Nadia Hamdi",
        "Mécanique",
        "Exportateur",
    ),
    (
        "Laiterie Coopérative du Bocage",
        "10.51C",
        "Fabrication de fromage",
        "Condé-en-Bocage",
        "Paul Lefranc",
        "Agroalimentaire",
        "Exportateur",
    ),
    (
        "Ateliers Mécaniques Vautier",
        "25.62B",
        "Mécanique industrielle",
        "Bellerive-sur-Orne",
        "Élise Vautier",
        "Mécanique",
        "Sous-traitant",
    ),
    (
        "Électricité Générale Marie",
        "43.21A",
        "Travaux d'installation électrique",
        "Bellerive-sur-Orne",
        "Samir Marie",
        "Bâtiment",
        "Installateur",
    ),
    (
        "Froid Industriel Normand",
        "28.25Z",
        "Fabrication d'équipements aérauliques et frigorifiques",
        "Ifs-sur-Orne",
        "Julie Osmont",
        "Mécanique",
        "Exportateur",
    ),
    (
        "Géomètres Associés de l'Orne",
        "71.12A",
        "Activité des géomètres",
        "Bellerive-sur-Orne",
        "Marc Delaunay",
        "Ingénierie",
        "Bureau d'études",
    ),
    (
        "Conserverie des Marais",
        "10.39A",
        "Autre transformation et conservation de légumes",
        "Bellerive-sur-Orne",
        "Fatiha Mansouri",
        "Agroalimentaire",
        "Exportateur",
    ),
    (
        "Bâti-Solaire Orne",
        "43.22B",
        "Travaux d'installation d'équipements thermiques",
        "Bellerive-sur-Orne",
        "Lucas Guérin",
        "Énergie",
        "Installateur",
    ),
    (
        "Plasturgie Leclerc",
        "22.29A",
        "Fabrication de pièces techniques à base de plastiques",
        "Mondeville-sur-Orne",
        "Anne Leclerc",
        "Plasturgie",
        "Fournisseur",
    ),
    (
        "Transports Frigo Bellerivois",
        "49.41A",
        "Transports routiers de fret interurbains",
        "Bellerive-sur-Orne",
        "Yacine Bouzid",
        "Logistique",
        "Transporteur",
    ),
    (
        "Formation Soudure Normandie",
        "85.59A",
        "Formation continue d'adultes",
        "Bellerive-sur-Orne",
        "Claire Hébert",
        "Formation",
        "Formateur",
    ),
)
SIRENS = [siren(81234500 + 17 * i) for i in range(len(COMPANIES))]

# (day, company index, counterpart, subject, outcome, amount, follow-up)
ORAN_MEETINGS = (
    (
        20,
        0,
        "Sonatrach Raffinerie d'Arzew (achats)",
        "Cuves de stockage inox",
        BusinessMeeting.Outcome.CONTRACT,
        Decimal(185000),
        "Livraison de deux cuves en mars 2026.",
    ),
    (
        20,
        2,
        "Groupe Agro-Oranie",
        "Distribution de biscuits en Oranie",
        BusinessMeeting.Outcome.FOLLOW_UP,
        None,
        "Échantillons envoyés ; rendez-vous à Paris au SIAL.",
    ),
    (
        20,
        4,
        "Algérienne des Eaux, unité d'Oran",
        "Pompes de relevage",
        BusinessMeeting.Outcome.FOLLOW_UP,
        None,
        "Réponse à l'appel d'offres de février.",
    ),
    (
        21,
        6,
        "SARL Mécanique de Es Senia",
        "Sous-traitance d'usinage",
        BusinessMeeting.Outcome.CONTRACT,
        Decimal(42000),
        "Premier lot usiné à Bellerive.",
    ),
    (
        21,
        8,
        "Entrepôts frigorifiques du port d'Oran",
        "Chambres froides",
        BusinessMeeting.Outcome.CONTRACT,
        None,
        "Montant confidentiel à la demande du client.",
    ),
    (
        21,
        5,
        "Laiterie de Mostaganem",
        "Transfert de savoir-faire fromager",
        BusinessMeeting.Outcome.FOLLOW_UP,
        None,
        "Visite à Condé-en-Bocage en avril.",
    ),
    (
        22,
        9,
        "Direction de l'urbanisme de la wilaya",
        "Relevés topographiques",
        BusinessMeeting.Outcome.NONE,
        None,
        "",
    ),
    (
        22,
        11,
        "Promoteur Hasnaoui",
        "Chauffe-eau solaires collectifs",
        BusinessMeeting.Outcome.FOLLOW_UP,
        None,
        "Devis à remettre avant fin novembre.",
    ),
    (
        22,
        14,
        "Centre de formation professionnelle d'Oran",
        "Formation de soudeurs",
        BusinessMeeting.Outcome.CONTRACT,
        Decimal(28500),
        "Deux sessions en 2026, formateurs de Bellerive.",
    ),
    (
        23,
        13,
        "Transitaire Oran Logistique",
        "Transport frigorifique par le port",
        BusinessMeeting.Outcome.NONE,
        None,
        "",
    ),
)

# Costs by nature of the missions that have their detail; the others keep one global line.
COSTS = {
    ORAN_MISSION: (
        (MissionCost.Nature.TRAVEL, "Vols Paris–Oran de la délégation", Decimal(5200)),
        (MissionCost.Nature.ACCOMMODATION, "Hôtel, quatre nuits", Decimal(4600)),
        (MissionCost.Nature.INTERPRETATION, "Interprètes arabe–français", Decimal(2400)),
        (MissionCost.Nature.OTHER, "Stand et salle de rendez-vous à la CCI", Decimal(1800)),
    ),
    BELO_HORIZONTE_VISIT: (
        (MissionCost.Nature.TRAVEL, "Vols Belo Horizonte–Paris", Decimal(4200)),
        (MissionCost.Nature.ACCOMMODATION, "Hébergement, six nuits", Decimal(1600)),
        (MissionCost.Nature.INTERPRETATION, "Interprète portugais", Decimal(1200)),
    ),
}
GLOBAL_COST = "Coût global"

VISITORS = (
    ("Maria Aparecida Souza", "Présidente", "Coopérative de trieurs de déchets de Belo Horizonte"),
    ("Joana Ferreira", "Trieuse, responsable du tri", "Coopérative de trieurs de déchets"),
    ("Luzia Santos", "Trieuse, formatrice", "Coopérative de trieurs de déchets"),
)
# (day of October 2024, hour, minute, activity, service key or "")
PROGRAMME = (
    (14, 10, 0, "Accueil à l'hôtel de ville par l'adjoint à l'environnement", "protocole"),
    (15, 8, 30, "Matinée à la déchetterie avec les agents de quai", "dechets"),
    (16, 9, 0, "Tournée de collecte sélective avec une équipe", "proprete"),
    (17, 14, 0, "Atelier avec la ressourcerie du quartier des Coteaux", "politique-ville"),
    (18, 10, 0, "Séance de travail sur le pré-tri des encombrants", "dechets"),
    (19, 15, 0, "Rencontre avec les associations du quartier", "vie-associative"),
)


def sync_mission_rows(
    authority: Authority,
    missions: dict[str, Mission],
    costs: dict[str, Decimal],
    people: People,
    result: Result,
) -> None:
    """Companies, meetings, costs, visitors and programme of the demo missions."""
    companies = upsert_rows(
        Company,
        Company.objects.filter(authority=authority, siren__in=SIRENS),
        lambda c: c.siren,
        {
            number: {
                "authority_id": authority.pk,
                "siren": number,
                "name": name,
                "activity_code": code,
                "activity_label": label,
                "town": town,
                "contact_name": contact,
            }
            for number, (name, code, label, town, contact, _sector, _role) in zip(
                SIRENS, COMPANIES, strict=True
            )
        },
        result.count("companies"),
    )
    oran = missions[ORAN_MISSION]
    upsert_rows(
        MissionCompany,
        MissionCompany.objects.filter(mission=oran),
        lambda link: link.company_id,
        {
            companies[number].pk: {
                "mission_id": oran.pk,
                "company_id": companies[number].pk,
                "sector": sector,
                "contact_name": contact,
                "role": role,
            }
            for number, (_n, _c, _l, _t, contact, sector, role) in zip(
                SIRENS, COMPANIES, strict=True
            )
        },
        result.count("mission companies"),
        exact=True,
    )
    upsert_rows(
        BusinessMeeting,
        BusinessMeeting.objects.filter(mission=oran),
        lambda m: (m.company_id, m.subject),
        {
            (companies[SIRENS[i]].pk, subject): {
                "mission_id": oran.pk,
                "date": datetime.date(2025, 10, day),
                "company_id": companies[SIRENS[i]].pk,
                "counterpart": counterpart,
                "subject": subject,
                "outcome": outcome,
                "contract_amount": amount,
                "follow_up": follow_up,
            }
            for day, i, counterpart, subject, outcome, amount, follow_up in ORAN_MEETINGS
        },
        result.count("business meetings"),
        exact=True,
    )
    desired_costs = {}
    for title, mission in missions.items():
        lines = COSTS.get(title) or ((MissionCost.Nature.OTHER, GLOBAL_COST, costs[title]),)
        if sum(amount for _n, _l, amount in lines) != costs[title]:
            raise AssertionError(f"The costs of {title!r} do not add up to its cost.")
        for nature, label, amount in lines:
            desired_costs[(mission.pk, label)] = {
                "mission_id": mission.pk,
                "nature": nature,
                "label": label,
                "amount": amount,
            }
    upsert_rows(
        MissionCost,
        MissionCost.objects.filter(mission__in=list(missions.values())),
        lambda c: (c.mission_id, c.label),
        desired_costs,
        result.count("mission costs"),
        exact=True,
    )
    visit = missions[BELO_HORIZONTE_VISIT]
    upsert_rows(
        MissionVisitor,
        MissionVisitor.objects.filter(mission=visit),
        lambda v: v.name,
        {
            name: {"mission_id": visit.pk, "name": name, "role": role, "organisation": org}
            for name, role, org in VISITORS
        },
        result.count("delegation visitors"),
        exact=True,
    )
    upsert_rows(
        ProgrammeItem,
        ProgrammeItem.objects.filter(mission=visit),
        lambda p: (p.date, p.activity),
        {
            (datetime.date(2024, 10, day), activity): {
                "mission_id": visit.pk,
                "date": datetime.date(2024, 10, day),
                "time": datetime.time(hour, minute),
                "activity": activity,
                "service_id": people.service(key).pk if key else None,
            }
            for day, hour, minute, activity, key in PROGRAMME
        },
        result.count("programme items"),
        exact=True,
    )
