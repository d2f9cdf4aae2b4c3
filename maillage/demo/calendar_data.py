"""The demo's project deadlines (calls for projects, reports due, renewals), for the project
pages, the calendar and each person's private feed, and the DRI's watch items. Fixed dates,
like the rest of the demo; upserted by natural key, so a second run changes nothing.
Agreements' end dates are already in the demo's agreements and are not repeated here."""

from __future__ import annotations

import datetime

from maillage.core.models import Authority, Country, PolicyArea
from maillage.governance.models import WatchItem
from maillage.projects.models import Deadline, Project

from .projects_data import (
    BRAZIL_PROJECT,
    ERASMUS_PROJECT,
    SEGOU_PROJECT,
    THIES_PROGRAMME,
    THIES_PROJECT,
    TWINNING_PROJECT,
    UKRAINE_PROJECT,
    YOUTH_PROJECT,
)
from .sync import Result, upsert_one

K = Deadline.Kind
D = datetime.date

DEADLINES: tuple[tuple[str, str, datetime.date, str, str], ...] = (
    (
        THIES_PROGRAMME,
        K.CALL,
        D(2026, 12, 18),
        "Appel à projets « Territoires solidaires » du ministère (FICOL)",
        "Dossier co-signé par la Ville de Thiès ; budget à valider avec les finances.",
    ),
    (
        THIES_PROGRAMME,
        K.REPORT,
        D(2027, 3, 31),
        "Rapport annuel d'exécution 2026 à la DAECT",
        "Indicateurs de collecte et de propreté des quartiers, dépenses réalisées.",
    ),
    (
        THIES_PROJECT,
        K.REPORT,
        D(2026, 12, 11),
        "Bilan du chantier de solidarité pour la CAF et la mission locale",
        "",
    ),
    (
        SEGOU_PROJECT,
        K.CALL,
        D(2026, 12, 15),
        "Appel à projets de l'Agence de l'eau Seine-Normandie (1 % eau)",
        "Candidature conjointe avec le syndicat des eaux.",
    ),
    (
        SEGOU_PROJECT,
        K.REPORT,
        D(2027, 1, 29),
        "Compte rendu technique du forage au conseil de cercle de Ségou",
        "",
    ),
    (
        ERASMUS_PROJECT,
        K.CALL,
        D(2027, 2, 19),
        "Appel Erasmus+ mobilité (KA1) : dépôt auprès de l'agence nationale",
        "",
    ),
    (
        BRAZIL_PROJECT,
        K.REPORT,
        D(2026, 12, 22),
        "Note au comité sur les pratiques de tri apprises à Belo Horizonte",
        "",
    ),
    (
        YOUTH_PROJECT,
        K.OTHER,
        D(2026, 12, 9),
        "Jury de sélection des jeunes du prochain chantier",
        "",
    ),
    (
        TWINNING_PROJECT,
        K.RENEWAL,
        D(2027, 5, 8),
        "Renouvellement du serment de jumelage lors des quarante ans",
        "Délibération à inscrire au conseil municipal de mars.",
    ),
    (
        UKRAINE_PROJECT,
        K.REPORT,
        D(2026, 12, 30),
        "Bilan des convois à la préfecture",
        "",
    ),
)


def load_calendar(authority: Authority, result: Result) -> None:
    counts = result.count("deadlines")
    projects = dict(Project.objects.filter(authority=authority).values_list("title", "pk"))
    for title, kind, date, label, note in DEADLINES:
        if title not in projects:
            continue
        _obj, created = upsert_one(
            Deadline,
            {"authority": authority, "project_id": projects[title], "title": label},
            {"kind": kind, "date": date, "note": note},
        )
        counts.created += created


W = WatchItem.Kind
# (kind, title, link, deadline, summary, M57 policy areas, country codes)
WATCH_ITEMS: tuple[tuple[str, str, str, datetime.date | None, str, tuple, tuple], ...] = (
    (
        W.CALL,
        "Appel à projets « Jeunesse VI » du ministère de l'Europe et des Affaires étrangères",
        "https://www.example.org/daect/jeunesse-vi",
        D(2026, 12, 21),
        "Mobilités de jeunes avec les collectivités partenaires ; cofinancement jusqu'à 50 %.",
        ("044",),
        ("SN", "MA"),
    ),
    (
        W.CALL,
        "Fonds de soutien à la coopération décentralisée franco-sénégalaise",
        "https://www.example.org/daect/senegal",
        D(2027, 1, 15),
        "Projets conjoints de gestion des déchets et d'assainissement.",
        ("721",),
        ("SN",),
    ),
    (
        W.EVENT,
        "Assises de la coopération décentralisée franco-africaine",
        "https://www.example.org/assises",
        D(2026, 12, 14),
        "Deux jours d'ateliers ; une délégation de Thiès y participe.",
        (),
        ("SN", "ML"),
    ),
    (
        W.RESOURCE,
        "Guide de la réciprocité dans les partenariats entre collectivités",
        "https://www.example.org/guide-reciprocite",
        None,
        "Exemples de retombées locales à reprendre dans le rapport annuel.",
        (),
        (),
    ),
)


def load_watch(authority: Authority, result: Result) -> None:
    counts = result.count("watch items")
    for kind, title, link, deadline, summary, areas, countries in WATCH_ITEMS:
        item, created = upsert_one(
            WatchItem,
            {"authority": authority, "title": title},
            {"kind": kind, "link": link, "deadline": deadline, "summary": summary},
        )
        item.policy_areas.set(PolicyArea.objects.filter(code__in=areas))
        item.countries.set(Country.objects.filter(iso2__in=countries))
        counts.created += created
