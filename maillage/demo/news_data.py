"""The demo's internal news: a dozen items told from the founding document's stories, as
Bellerive lived them (the Thiès youths hired, the fifteen companies in Oran, the waste pickers
of Belo Horizonte, the languages of the agents, the référents' network…), for different
audiences, one still a draft; and the DRI's suggestions, of which one was already used.

Written directly (no audit event, like the rest of the demo) and idempotently: an item is
found again by its authority and title; its HTML is rendered by ``news.rendering`` as the
service does.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from maillage.core.models import Authority, User
from maillage.governance.models import Committee
from maillage.news.models import Audience, FeedSettings, NewsItem, SuggestionUse
from maillage.news.rendering import render_body
from maillage.organisation.models import Service
from maillage.projects.models import Mission, Project

from .projects_data import (
    ALGERIA_PROJECT,
    BRAZIL_PROJECT,
    ERASMUS_PROJECT,
    LANGUAGES_PROJECT,
    SEGOU_PROJECT,
    THIES_PROJECT,
    TWINNING_PROJECT,
    UKRAINE_PROJECT,
    YOUTH_PROJECT,
)
from .sync import Result, upsert_one

PARIS = ZoneInfo("Europe/Paris")
STEERING = "Comité de pilotage de l'action internationale"


@dataclass(frozen=True)
class NewsSpec:
    title: str
    body: str
    published: datetime.date | None  # None: a draft
    audience: str = Audience.ALL
    services: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    committees: tuple[str, ...] = ()
    kind: str = NewsItem.Kind.NEWS
    learning_service: str = ""


NEWS: tuple[NewsSpec, ...] = (
    NewsSpec(
        "Thiès : cinq des six jeunes accueillis ont été recrutés",
        "Le chantier de solidarité de Thiès a réuni six jeunes de nos quartiers et six jeunes "
        "sénégalais autour de la propreté urbaine.\n\n**Cinq des six jeunes accueillis ont "
        "depuis été recrutés**, dont deux par la ville au service Propreté urbaine.\n\n"
        "Un même projet sert ainsi notre politique internationale, l'environnement, l'action "
        "sociale et les ressources humaines.",
        datetime.date(2026, 10, 2),
        projects=(THIES_PROJECT,),
    ),
    NewsSpec(
        "Ce que les trieurs de Belo Horizonte nous ont appris",
        "Les *catadores* de Belo Horizonte trient à la main, en coopérative, ce que nos "
        "camions emportaient en mélange.\n\nAprès leur visite, le service Collecte et "
        "valorisation des déchets a revu ses tournées de collecte sélective dans deux "
        "quartiers et confie désormais le tri des encombrants à une structure d'insertion.",
        datetime.date(2026, 9, 18),
        projects=(BRAZIL_PROJECT,),
        kind=NewsItem.Kind.LEARNING,
        learning_service="Collecte et valorisation des déchets",
    ),
    NewsSpec(
        "Quinze entreprises du territoire à Oran",
        "La mission économique en Algérie a emmené **quinze entreprises** du territoire à "
        "Oran : 42 rendez-vous d'affaires et trois contrats signés.\n\nLe service "
        "Développement économique et commerce prépare le relais permanent à Oran.",
        datetime.date(2026, 6, 12),
        projects=(ALGERIA_PROJECT,),
    ),
    NewsSpec(
        "Nos langues, une richesse : quinze langues parlées par les agents",
        "Le répertoire des compétences internationales recense déjà quinze langues de travail "
        "parlées par les agents, du wolof à l'arabe en passant par le portugais.\n\n"
        "Renseignez votre profil international dans « Mon profil international » : il reste "
        "facultatif et vous pouvez l'effacer à tout moment.",
        datetime.date(2026, 5, 4),
        projects=(LANGUAGES_PROJECT,),
    ),
    NewsSpec(
        "Un référent international dans chaque service",
        "Le réseau des référents compte désormais un titulaire dans la plupart des services. "
        "Les référents confirment la participation de leur service aux projets et relaient "
        "les appels à compétences.\n\nProchaine réunion du réseau : le 15 janvier.",
        datetime.date(2026, 11, 6),
        audience=Audience.REFERENTS,
    ),
    NewsSpec(
        "Comité de pilotage : trois décisions pour 2027",
        "Le comité de pilotage de l'action internationale a retenu trois priorités pour 2027 : "
        "l'eau à Ségou, la mobilité des apprentis et le relais économique à Oran.",
        datetime.date(2026, 11, 20),
        committees=(STEERING,),
        projects=(SEGOU_PROJECT, ERASMUS_PROJECT),
    ),
    NewsSpec(
        "Élus : les projets que vous portez en un coup d'œil",
        "Chaque élu retrouve sur sa fiche les projets qu'il porte, les comités où il siège et "
        "les retombées locales de sa délégation, à imprimer avant le conseil municipal.",
        datetime.date(2026, 10, 15),
        audience=Audience.ELECTED,
    ),
    NewsSpec(
        "Propreté des quartiers : la méthode de Thiès testée chez nous",
        "Les équipes de la Direction Environnement et cadre de vie testent dans deux quartiers "
        "l'organisation par îlots vue à Thiès : un binôme par secteur, des habitants associés.",
        datetime.date(2026, 9, 30),
        audience=Audience.SERVICES,
        services=("Direction Environnement et cadre de vie",),
        projects=(THIES_PROJECT,),
    ),
    NewsSpec(
        "Apprentis et agents en Europe avec Erasmus+",
        "Douze apprentis et six agents de la ville partiront cette année en mobilité "
        "européenne. Les candidatures passent par l'appel à compétences du projet.",
        datetime.date(2026, 3, 10),
        projects=(ERASMUS_PROJECT,),
    ),
    NewsSpec(
        "Quarante ans de jumelage avec Bad Kreuznach",
        "Rencontres des habitants, des associations et des écoles : le programme des quarante "
        "ans du jumelage est en ligne. Les services Action culturelle et Sports y contribuent.",
        datetime.date(2026, 4, 22),
        projects=(TWINNING_PROJECT,),
    ),
    NewsSpec(
        "Ukraine : les familles accueillies un an après",
        "Un an après leur arrivée, les familles accueillies sont logées et les enfants "
        "scolarisés ; l'action sociale et l'éducation ont travaillé ensemble.",
        datetime.date(2026, 2, 24),
        projects=(UKRAINE_PROJECT,),
    ),
    NewsSpec(
        "Jeunes des quartiers : appel à volontaires pour l'été",
        "Brouillon : préciser les dates et le nombre de places avant publication.",
        None,
        projects=(YOUTH_PROJECT,),
    ),
)


def load_news(authority: Authority, users: dict[str, User], result: Result) -> None:
    services = {s.name: s for s in Service.objects.filter(authority=authority)}
    projects = {p.title: p for p in Project.objects.filter(authority=authority)}
    committees = {c.name: c for c in Committee.objects.filter(authority=authority)}
    counts = result.count("news items")
    dri = users.get("dri")
    items = {}
    for spec in NEWS:
        published_at = (
            datetime.datetime.combine(spec.published, datetime.time(9), tzinfo=PARIS)
            if spec.published
            else None
        )
        item, created = upsert_one(
            NewsItem,
            {"authority": authority, "title": spec.title},
            {
                "body": spec.body,
                "body_html": render_body(spec.body),
                "kind": spec.kind,
                "learning_service": services.get(spec.learning_service),
                "audience": spec.audience,
                "status": NewsItem.Status.PUBLISHED if spec.published else NewsItem.Status.DRAFT,
                "published_at": published_at,
                "created_by": dri,
            },
        )
        counts.created += created
        _links(item.services, [services[n] for n in spec.services if n in services])
        _links(item.projects, [projects[t] for t in spec.projects if t in projects])
        _links(item.committees, [committees[n] for n in spec.committees if n in committees])
        items[spec.title] = item
    # The Oran mission was turned into its news item: it is no longer suggested.
    mission = (
        Mission.objects.filter(authority=authority, project__title=ALGERIA_PROJECT)
        .order_by("pk")
        .first()
    )
    if mission is not None:
        upsert_one(
            SuggestionUse,
            {"authority": authority, "key": f"mission:{mission.pk}"},
            {"news_item": items["Quinze entreprises du territoire à Oran"]},
        )
    # The intranet reads the news addressed to all agents.
    upsert_one(FeedSettings, {"authority": authority}, {"enabled": True, "expose_all": True})


def _links(relation, wanted: list) -> None:
    present = set(relation.values_list("pk", flat=True))
    if present != {o.pk for o in wanted}:
        relation.set(wanted)
