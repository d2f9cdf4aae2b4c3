"""The demo authority's international profiles and calls for competences.

About a third of the agents have a profile, drawn at random from a fixed seed: some fifteen
working languages (Wolof, Arabic, Portuguese and Tamazight among them), countries known,
fields of expertise from their service, free tags, availability. Languages and countries are
drawn independently of the agents' names: a profile says what someone can do, never where
they come from. The demo accounts have no profile, so that a demo user fills in their own.

When the demo project in Thiès exists (``projects_data``), it gets calls at different stages:
an open call for a Wolof speaker with a volunteer awaiting their manager's approval (the
référent account "referent" approves it) and a pending invitation, and a closed call with an
approved and a refused answer. The other demo projects get calls from 2022 to 2026: Russian for
the welcome of Ukrainian families, Portuguese for the study visit to Belo Horizonte, German for
the twinning's anniversary, Arabic for the economic mission and for the relay in Oran, and an
open call that asks for no particular skill (so that every agent sees one at home). Calls are
written only for the demo projects that exist.

Like the rest of the demo it is idempotent (natural keys, fixed dates) and writes no audit
event; :func:`build_profiles` is a pure function of the dataset.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from maillage.core.models import Authority, CefrLevel, User
from maillage.organisation.models import Agent, Service
from maillage.projects.models import Mobilisation, Project
from maillage.skills.models import (
    CallResponse,
    Profile,
    ProfileCountry,
    ProfileLanguage,
    ProfilePolicyArea,
    ProfileTag,
    ResponseStep,
    SkillCall,
    SkillTag,
)

from .data import Dataset
from .sync import Result, set_links, upsert_rows

SEED = "2013-skills"
SHARE = 1 / 3
PARIS = ZoneInfo("Europe/Paris")

# (code, weight): English first, then the languages the conference's towns found among agents.
LANGUAGES: tuple[tuple[str, int], ...] = (
    ("en", 40),
    ("es", 18),
    ("de", 10),
    ("it", 8),
    ("ar", 8),
    ("pt", 7),
    ("wo", 5),
    ("zgh", 3),
    ("kab", 2),
    ("ro", 3),
    ("pl", 2),
    ("bm", 2),
    ("ln", 2),
    ("vi", 2),
    ("zh", 2),
    ("ru", 2),
    ("tr", 2),
    ("ht", 1),
    ("fsl", 2),
)
COUNTRIES = (
    "SN", "ML", "BF", "MA", "DZ", "TN", "ES", "PT", "BR", "DE", "GB", "IT", "US", "CA", "VN",
    "RO", "PL", "HT", "CD", "CM", "IE", "BE", "CH",
)  # fmt: skip
RELATIONS = ("worked", "studied", "visited", "visited", "lived")
# Tags by service key: the know-how a call may ask for.
TAGS: dict[str, tuple[str, ...]] = {
    "dri": ("coopération décentralisée", "fonds européens", "montage de projets"),
    "communication": ("photographie", "réseaux sociaux"),
    "numerique": ("SIG", "open data"),
    "proprete": ("propreté urbaine", "encadrement d'équipe"),
    "dechets": ("compostage", "tri sélectif", "collecte des déchets"),
    "espaces-verts": ("gestion différenciée", "arboriculture"),
    "batiments": ("rénovation énergétique",),
    "action-sociale": ("accompagnement social",),
    "insertion": ("insertion professionnelle",),
    "politique-ville": ("médiation", "prévention spécialisée"),
    "jeunesse": ("animation", "mobilité internationale des jeunes"),
    "education": ("périscolaire",),
    "sports": ("événementiel sportif",),
    "economie": ("export", "accompagnement des entreprises"),
    "tourisme": ("accueil de délégations",),
    "culture": ("médiation culturelle", "théâtre forum"),
    "emploi-competences": ("recrutement", "apprentissage"),
    "formation": ("ingénierie de formation",),
}
ABOUT = (
    "",
    "",
    "Volontaire de solidarité internationale pendant deux ans.",
    "Études à l'étranger (Erasmus), envie de m'investir dans les jumelages.",
    "J'ai participé à l'accueil de délégations étrangères.",
    "Interprète bénévole pour une association du quartier.",
)
# Fixed dates (never today's): a few confirmations are more than a year old by late 2026.
CONFIRMED_FROM = datetime.date(2025, 3, 1)
CONFIRMED_DAYS = 600


@dataclass(frozen=True)
class LanguageSpec:
    code: str
    level: str
    oral: str = ""
    written: str = ""


@dataclass(frozen=True)
class ProfileSpec:
    hr_id: str
    published: bool
    visibility: str
    confirmed: datetime.datetime
    languages: tuple[LanguageSpec, ...] = ()
    countries: tuple[tuple[str, str, str], ...] = ()  # (iso2, relation, regions)
    policy_areas: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    availability: frozenset[str] = field(default_factory=frozenset)
    about: str = ""


LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
LEVEL_WEIGHTS = (1, 3, 5, 5, 3, 2)
AVAILABILITY = ("missions_abroad", "hosting_delegations", "interpreting", "mentoring")


def _pick_languages(rng: random.Random) -> tuple[LanguageSpec, ...]:
    count = rng.choices((1, 2, 3), weights=(50, 35, 15))[0]
    codes: list[str] = []
    while len(codes) < count:
        code = rng.choices([c for c, _ in LANGUAGES], weights=[w for _, w in LANGUAGES])[0]
        if code not in codes:
            codes.append(code)
    specs = []
    for code in codes:
        level = rng.choices(LEVELS, weights=LEVEL_WEIGHTS)[0]
        oral = rng.choice(LEVELS[LEVELS.index(level) :]) if rng.random() < 0.25 else ""
        specs.append(LanguageSpec(code, level, oral=oral))
    return tuple(specs)


def build_profiles(dataset: Dataset, seed: str = SEED) -> tuple[ProfileSpec, ...]:
    """The demo profiles, the same for the same dataset and seed (no database, no clock)."""
    rng = random.Random(seed)
    accounts = {row.hr_id for row in dataset.agents if row.username}
    services = {row.hr_id: row for row in dataset.services}
    wolof_volunteer = demo_volunteer(dataset)
    profiles = []
    for row in dataset.agents:
        draw = rng.random()
        if row.hr_id in accounts or (draw >= SHARE and row.hr_id != wolof_volunteer):
            continue
        service = services[row.service_hr_id]
        languages = _pick_languages(rng)
        if row.hr_id == wolof_volunteer:
            languages = (LanguageSpec("wo", "C1", oral="C2"), LanguageSpec("en", "B1"))
        countries = []
        for _ in range(rng.choices((0, 1, 2), weights=(35, 45, 20))[0]):
            iso2 = rng.choice(COUNTRIES)
            if iso2 not in {c[0] for c in countries}:
                countries.append((iso2, rng.choice(RELATIONS), ""))
        if row.hr_id == wolof_volunteer:
            countries = [("SN", "worked", "Thiès, Dakar")]
        areas = service.policy_areas[:1] if rng.random() < 0.6 else ()
        pool = TAGS.get(service.key, ())
        tags = tuple(rng.sample(pool, k=min(len(pool), rng.choice((0, 1, 2))))) if pool else ()
        availability = frozenset(a for a in AVAILABILITY if rng.random() < 0.3)
        if row.hr_id == wolof_volunteer:
            availability = frozenset({"missions_abroad", "interpreting"})
        day = CONFIRMED_FROM + datetime.timedelta(days=rng.randrange(CONFIRMED_DAYS))
        profiles.append(
            ProfileSpec(
                hr_id=row.hr_id,
                published=row.hr_id == wolof_volunteer or rng.random() < 0.9,
                visibility="authority"
                if row.hr_id == wolof_volunteer or rng.random() < 0.6
                else "restricted",
                confirmed=datetime.datetime(day.year, day.month, day.day, 9, tzinfo=PARIS),
                languages=languages,
                countries=tuple(countries),
                policy_areas=tuple(areas),
                tags=tags,
                availability=availability,
                about=rng.choice(ABOUT),
            )
        )
    return tuple(profiles)


def demo_volunteer(dataset: Dataset) -> str:
    """The agent of "Propreté urbaine" who volunteers for the Wolof call (the référent account,
    Fatou Diop, is their référent and approves): the first one by HR id who is neither the
    head nor a demo account."""
    service = next(row for row in dataset.services if row.key == "proprete")
    for row in dataset.agents:
        if (
            row.service_hr_id == service.hr_id
            and row.hr_id != service.head_hr_id
            and not row.username
        ):
            return row.hr_id
    raise LookupError("The demo has no agent in Propreté urbaine besides the head and accounts.")


# --- Writing ----------------------------------------------------------------------------------


def load_skills(
    dataset: Dataset,
    authority: Authority,
    agents: dict[str, Agent],
    users: dict[str, User],
    result: Result,
) -> None:
    """Write the profiles, then the calls of the demo projects that exist (idempotent)."""
    specs = build_profiles(dataset)
    profiles = _sync_profiles(authority, agents, specs, result)
    _sync_entries(authority, profiles, specs, result)
    _sync_calls(dataset, authority, agents, users, profiles, result)


def _sync_profiles(
    authority: Authority, agents: dict[str, Agent], specs: Iterable[ProfileSpec], result: Result
) -> dict[str, Profile]:
    desired = {
        spec.hr_id: {
            "authority_id": authority.pk,
            "agent_id": agents[spec.hr_id].pk,
            "published": spec.published,
            "visibility": spec.visibility,
            "about": spec.about,
            "published_at": spec.confirmed if spec.published else None,
            "last_confirmed_at": spec.confirmed,
            "created_at": spec.confirmed,
            "updated_at": spec.confirmed,
            **{a: a in spec.availability for a in AVAILABILITY},
        }
        for spec in specs
    }
    by_agent = {agent.pk: hr_id for hr_id, agent in agents.items()}
    existing = Profile.objects.filter(authority=authority, agent_id__in=list(by_agent))
    return upsert_rows(
        Profile,
        existing,
        lambda p: by_agent[p.agent_id],
        desired,
        result.count("skills profiles"),
    )


def _sync_entries(
    authority: Authority,
    profiles: dict[str, Profile],
    specs: Iterable[ProfileSpec],
    result: Result,
) -> None:
    specs = list(specs)
    ids = [p.pk for p in profiles.values()]
    ranks = dict(CefrLevel.objects.values_list("code", "rank"))
    languages, countries, areas, links = {}, {}, {}, {}
    tag_names = sorted({name for spec in specs for name in spec.tags})
    tags = _sync_tags(authority, tag_names, result)
    for spec in specs:
        pk = profiles[spec.hr_id].pk
        base = {"profile_id": pk, "authority_id": authority.pk}
        for lang in spec.languages:
            languages[(pk, lang.code)] = {
                **base,
                "language_id": lang.code,
                "level_id": lang.level,
                "level_rank": ranks[lang.level],
                "oral_level_id": lang.oral or None,
                "written_level_id": lang.written or None,
            }
        for iso2, relation, regions in spec.countries:
            countries[(pk, iso2)] = {
                **base,
                "country_id": iso2,
                "relation": relation,
                "regions": regions,
            }
        for code in spec.policy_areas:
            areas[(pk, code)] = {**base, "policy_area_id": code}
        for name in spec.tags:
            links[(pk, tags[name].pk)] = {**base, "tag_id": tags[name].pk}
    counts = result.count("skills profile entries")
    upsert_rows(
        ProfileLanguage,
        ProfileLanguage.objects.filter(profile_id__in=ids),
        lambda r: (r.profile_id, r.language_id),
        languages,
        counts,
        exact=True,
    )
    upsert_rows(
        ProfileCountry,
        ProfileCountry.objects.filter(profile_id__in=ids),
        lambda r: (r.profile_id, r.country_id),
        countries,
        counts,
        exact=True,
    )
    upsert_rows(
        ProfilePolicyArea,
        ProfilePolicyArea.objects.filter(profile_id__in=ids),
        lambda r: (r.profile_id, r.policy_area_id),
        areas,
        counts,
        exact=True,
    )
    upsert_rows(
        ProfileTag,
        ProfileTag.objects.filter(profile_id__in=ids),
        lambda r: (r.profile_id, r.tag_id),
        links,
        counts,
        exact=True,
    )


def _sync_tags(authority: Authority, names: Iterable[str], result: Result) -> dict[str, SkillTag]:
    from django.utils.text import slugify

    desired = {
        name: {
            "authority_id": authority.pk,
            "name": name,
            "slug": slugify(name, allow_unicode=True),
        }
        for name in names
    }
    slugs = [values["slug"] for values in desired.values()]
    existing = SkillTag.objects.filter(authority=authority, slug__in=slugs)
    by_slug = {values["slug"]: name for name, values in desired.items()}
    return upsert_rows(
        SkillTag, existing, lambda t: by_slug[t.slug], desired, result.count("skills tags")
    )


# --- Calls of the demo projects ---------------------------------------------------------------


def at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=PARIS)


@dataclass(frozen=True)
class StepSpec:
    step: str
    at: datetime.datetime
    by: str = ""  # username
    comment: str = ""


@dataclass(frozen=True)
class ResponseSpec:
    agent: str  # "volunteer", "mobilised", "wolof-2", "host" or "lang:<code>" (a speaker)
    origin: str
    status: str
    steps: tuple[StepSpec, ...]
    message: str = ""
    decision_comment: str = ""
    mobilised_service: str = ""  # service key of the mobilisation an approval points to


@dataclass(frozen=True)
class CallSpec:
    project: str  # a fragment of the demo project's title
    title: str
    description: str
    effort: Decimal
    status: str = SkillCall.Status.OPEN
    language: str = ""
    min_level: str = ""
    country: str = ""
    availability: str = ""
    policy_areas: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    start: datetime.date | None = None
    end: datetime.date | None = None
    created: datetime.datetime = at(2026, 10, 1)
    closed: datetime.datetime | None = None
    responses: tuple[ResponseSpec, ...] = ()


S = CallResponse.Status
ORIGIN = CallResponse.Origin
T = ResponseStep.Step

CALLS: tuple[CallSpec, ...] = (
    CallSpec(
        project="Chantier de solidarité",
        title="Locuteur ou locutrice wolof (B2) pour la mission de suivi à Thiès en mars",
        description=(
            "Une semaine à Thiès avec la délégation de suivi du chantier : échanges avec les "
            "habitants des quartiers réaménagés et avec les agents de la ville partenaire."
        ),
        effort=Decimal(6),
        language="wo",
        min_level="B2",
        country="SN",
        availability="missions_abroad",
        start=datetime.date(2027, 3, 8),
        end=datetime.date(2027, 3, 14),
        created=at(2026, 11, 2),
        responses=(
            ResponseSpec(
                "volunteer",
                ORIGIN.VOLUNTEERED,
                S.ACCEPTED,
                (StepSpec(T.VOLUNTEERED, at(2026, 11, 5, 14), "", "Disponible toute la semaine."),),
                message="Disponible toute la semaine.",
            ),
            ResponseSpec(
                "wolof-2",
                ORIGIN.INVITED,
                S.INVITED,
                (StepSpec(T.INVITED, at(2026, 11, 9, 11), "dri"),),
            ),
        ),
    ),
    CallSpec(
        project="Chantier de solidarité",
        title="Animation de l'accueil de la délégation de Thiès à Bellerive",
        description="Accueillir les élus et techniciens de Thiès pendant trois jours.",
        effort=Decimal(3),
        status=SkillCall.Status.CLOSED,
        availability="hosting_delegations",
        policy_areas=("33",),
        tags=("animation",),
        start=datetime.date(2026, 6, 15),
        end=datetime.date(2026, 6, 17),
        created=at(2026, 4, 2),
        closed=at(2026, 5, 20),
        responses=(
            ResponseSpec(
                "mobilised",
                ORIGIN.VOLUNTEERED,
                S.APPROVED,
                (
                    StepSpec(T.VOLUNTEERED, at(2026, 4, 7, 9)),
                    StepSpec(
                        T.APPROVED, at(2026, 4, 9, 16), "", "Accord, c'est dans nos missions."
                    ),
                ),
                decision_comment="Accord, c'est dans nos missions.",
                mobilised_service="jeunesse",
            ),
            ResponseSpec(
                "host",
                ORIGIN.INVITED,
                S.REFUSED,
                (
                    StepSpec(T.INVITED, at(2026, 4, 8, 10), "dri"),
                    StepSpec(T.ACCEPTED, at(2026, 4, 10, 8)),
                    StepSpec(
                        T.REFUSED,
                        at(2026, 4, 14, 17),
                        "",
                        "Période de forte activité du service : pas de disponibilité en juin.",
                    ),
                ),
                decision_comment=(
                    "Période de forte activité du service : pas de disponibilité en juin."
                ),
            ),
        ),
    ),
    CallSpec(
        project="Algérie",
        title="Arabe (B1) pour accompagner les entreprises à Oran",
        description="Appui aux rendez-vous d'affaires des entreprises pendant la mission.",
        effort=Decimal(5),
        status=SkillCall.Status.CLOSED,
        language="ar",
        min_level="B1",
        country="DZ",
        tags=("export",),
        start=datetime.date(2025, 10, 19),
        end=datetime.date(2025, 10, 23),
        created=at(2025, 6, 2),
        closed=at(2025, 9, 15),
        responses=(
            ResponseSpec(
                "lang:ar",
                ORIGIN.INVITED,
                S.DECLINED,
                (
                    StepSpec(T.INVITED, at(2025, 6, 4, 10), "dri"),
                    StepSpec(T.DECLINED, at(2025, 6, 6, 9), "", "Congés prévus à ces dates."),
                ),
            ),
            ResponseSpec(
                "lang:ar",
                ORIGIN.VOLUNTEERED,
                S.REFUSED,
                (
                    StepSpec(T.VOLUNTEERED, at(2025, 6, 10, 16)),
                    StepSpec(
                        T.REFUSED,
                        at(2025, 6, 17, 11),
                        "",
                        "Rentrée scolaire : l'équipe ne peut pas se passer de vous en octobre.",
                    ),
                ),
                decision_comment=(
                    "Rentrée scolaire : l'équipe ne peut pas se passer de vous en octobre."
                ),
            ),
        ),
    ),
    CallSpec(
        project="Relais économique",
        title="Arabe (B1) pour accueillir le relais économique d'Oran à Bellerive",
        description=(
            "Une semaine de découverte des entreprises du territoire pour le représentant "
            "recruté à Oran : visites, rendez-vous, interprétariat."
        ),
        effort=Decimal(4),
        language="ar",
        min_level="B1",
        availability="hosting_delegations",
        tags=("export",),
        start=datetime.date(2027, 1, 11),
        end=datetime.date(2027, 1, 15),
        created=at(2026, 10, 20),
    ),
    CallSpec(
        project="Coopération Bellerive–Thiès",
        title="Faire visiter son service aux techniciens de Thiès en mars 2027",
        description=(
            "Les techniciens de Thiès viennent une semaine : chaque service volontaire les "
            "reçoit une demi-journée pour montrer son métier. Aucune compétence particulière "
            "n'est demandée."
        ),
        effort=Decimal(1),
        start=datetime.date(2027, 3, 15),
        end=datetime.date(2027, 3, 19),
        created=at(2026, 11, 16),
    ),
    CallSpec(
        project="Belo Horizonte",
        title="Portugais (B2) pour la mission d'étude à Belo Horizonte",
        description=(
            "Une semaine avec les trieurs de la coopérative : interprétariat des ateliers et "
            "des visites, compte rendu pour le service des déchets."
        ),
        effort=Decimal(7),
        status=SkillCall.Status.CLOSED,
        language="pt",
        min_level="B2",
        country="BR",
        availability="missions_abroad",
        start=datetime.date(2023, 9, 10),
        end=datetime.date(2023, 9, 17),
        created=at(2023, 5, 15),
        closed=at(2023, 6, 30),
        responses=(
            ResponseSpec(
                "mobilised",
                ORIGIN.VOLUNTEERED,
                S.APPROVED,
                (
                    StepSpec(T.VOLUNTEERED, at(2023, 5, 17, 9)),
                    StepSpec(T.APPROVED, at(2023, 5, 22, 14), "dri", "Accord."),
                ),
                decision_comment="Accord.",
                mobilised_service="dri",
            ),
            ResponseSpec(
                "lang:pt",
                ORIGIN.INVITED,
                S.DECLINED,
                (
                    StepSpec(T.INVITED, at(2023, 5, 16, 10), "dri"),
                    StepSpec(T.DECLINED, at(2023, 5, 19, 8), "", "Pas disponible en septembre."),
                ),
            ),
        ),
    ),
    CallSpec(
        project="Bad Kreuznach",
        title="Allemand (B1) pour accueillir la délégation de Bad Kreuznach",
        description="Accompagner les visiteurs allemands pendant les quatre jours des rencontres.",
        effort=Decimal(3),
        status=SkillCall.Status.CLOSED,
        language="de",
        min_level="B1",
        availability="hosting_delegations",
        start=datetime.date(2024, 5, 30),
        end=datetime.date(2024, 6, 2),
        created=at(2024, 2, 12),
        closed=at(2024, 4, 30),
        responses=(
            ResponseSpec(
                "lang:de",
                ORIGIN.VOLUNTEERED,
                S.WITHDRAWN,
                (
                    StepSpec(T.VOLUNTEERED, at(2024, 2, 14, 12)),
                    StepSpec(T.WITHDRAWN, at(2024, 3, 1, 9), "", "Formation prévue à ces dates."),
                ),
                message="Avec plaisir, j'ai vécu deux ans à Mayence.",
            ),
            ResponseSpec(
                "lang:de",
                ORIGIN.INVITED,
                S.DECLINED,
                (
                    StepSpec(T.INVITED, at(2024, 2, 13, 10), "dri"),
                    StepSpec(T.DECLINED, at(2024, 2, 16, 17)),
                ),
            ),
        ),
    ),
    CallSpec(
        project="Ukraine",
        title="Russe ou ukrainien pour les permanences de la cellule d'accueil",
        description=(
            "Traduire lors des rendez-vous des familles ukrainiennes avec l'action sociale, "
            "deux demi-journées par semaine au printemps."
        ),
        effort=Decimal(8),
        status=SkillCall.Status.CLOSED,
        language="ru",
        min_level="B1",
        availability="interpreting",
        start=datetime.date(2022, 3, 14),
        end=datetime.date(2022, 6, 30),
        created=at(2022, 3, 8),
        closed=at(2022, 4, 15),
        responses=(
            ResponseSpec(
                "lang:ru",
                ORIGIN.INVITED,
                S.DECLINED,
                (
                    StepSpec(T.INVITED, at(2022, 3, 8, 15), "dri"),
                    StepSpec(T.DECLINED, at(2022, 3, 10, 9), "", "Niveau insuffisant à l'oral."),
                ),
            ),
        ),
    ),
)


def _project(authority: Authority, fragment: str) -> Project | None:
    return (
        Project.objects.filter(authority=authority, title__contains=fragment).order_by("pk").first()
    )


def _choose(
    name: str,
    dataset: Dataset,
    agents: dict[str, Agent],
    profiles: dict[str, Profile],
    mobilisation: Mobilisation | None,
    taken: set[str],
) -> str | None:
    """The HR id an agent selector of :data:`CALLS` stands for (None when it cannot be met)."""
    if name == "volunteer":
        return demo_volunteer(dataset)
    if name == "mobilised":
        if mobilisation is None:
            return None
        ids = {a.pk for a in mobilisation.agents.all()}
        found = sorted(hr for hr, agent in agents.items() if agent.pk in ids and hr not in taken)
        return found[0] if found else None
    wanted = name.removeprefix("lang:") if name.startswith("lang:") else None
    if name == "wolof-2":
        wanted = "wo"
    for hr_id in sorted(profiles):
        profile = profiles[hr_id]
        if hr_id in taken or not profile.published:
            continue
        if wanted is None and profile.hosting_delegations:
            return hr_id
        if wanted and any(e.language_id == wanted for e in profile.languages.all()):
            return hr_id
    return None


def _sync_calls(
    dataset: Dataset,
    authority: Authority,
    agents: dict[str, Agent],
    users: dict[str, User],
    profiles: dict[str, Profile],
    result: Result,
) -> None:
    projects = {spec.project: _project(authority, spec.project) for spec in CALLS}
    specs = [spec for spec in CALLS if projects[spec.project] is not None]
    if not specs:
        return
    creator = users["dri"].pk if "dri" in users else None
    desired = {
        (projects[s.project].pk, s.title): {
            "authority_id": authority.pk,
            "project_id": projects[s.project].pk,
            "title": s.title,
            "description": s.description,
            "language_id": s.language or None,
            "min_level_id": s.min_level or None,
            "country_id": s.country or None,
            "availability": s.availability,
            "start_date": s.start,
            "end_date": s.end,
            "effort_days": s.effort,
            "audience": SkillCall.Audience.ALL,
            "status": s.status,
            "created_by_id": creator,
            "created_at": s.created,
            "updated_at": s.closed or s.created,
            "closed_at": s.closed,
        }
        for s in specs
    }
    existing = SkillCall.objects.filter(project__in=[p.pk for p in projects.values() if p])
    calls = upsert_rows(
        SkillCall,
        existing,
        lambda c: (c.project_id, c.title),
        desired,
        result.count("skills calls"),
    )
    tags = _sync_tags(authority, sorted({t for s in specs for t in s.tags}), result)
    ids = {spec.title: calls[(projects[spec.project].pk, spec.title)].pk for spec in specs}
    counts = result.count("skills call links")
    set_links(SkillCall.policy_areas, {ids[s.title]: s.policy_areas for s in specs}, counts)
    set_links(SkillCall.tags, {ids[s.title]: [tags[t].pk for t in s.tags] for s in specs}, counts)
    _sync_responses(dataset, authority, agents, users, profiles, specs, projects, calls, result)


def _sync_responses(
    dataset: Dataset,
    authority: Authority,
    agents: dict[str, Agent],
    users: dict[str, User],
    profiles: dict[str, Profile],
    specs: list[CallSpec],
    projects: dict[str, Project | None],
    calls: dict,
    result: Result,
) -> None:
    service_hr = {row.key: row.hr_id for row in dataset.services}
    services = {s.hr_id: s for s in Service.objects.filter(authority=authority)}
    with_languages = {
        p.pk: p
        for p in Profile.objects.filter(pk__in=[p.pk for p in profiles.values()]).prefetch_related(
            "languages"
        )
    }
    profiles = {hr: with_languages[p.pk] for hr, p in profiles.items()}
    desired, steps, taken = {}, {}, set()
    for spec in specs:
        project = projects[spec.project]
        call = calls[(project.pk, spec.title)]
        for response in spec.responses:
            mobilisation = None
            if response.mobilised_service:
                service = services.get(service_hr.get(response.mobilised_service, ""))
                mobilisation = (
                    Mobilisation.objects.filter(project=project, service=service)
                    .prefetch_related("agents")
                    .first()
                    if service
                    else None
                )
            hr_id = _choose(response.agent, dataset, agents, profiles, mobilisation, taken)
            if hr_id is None or (response.mobilised_service and mobilisation is None):
                continue
            taken.add(hr_id)
            agent = agents[hr_id]
            last = response.steps[-1]
            decided = response.status in (S.APPROVED, S.REFUSED)
            key = (call.pk, agent.pk)
            desired[key] = {
                "call_id": call.pk,
                "authority_id": authority.pk,
                "agent_id": agent.pk,
                "origin": response.origin,
                "status": response.status,
                "message": response.message,
                "decided_by_id": users[last.by].pk if decided and last.by in users else None,
                "decided_at": last.at if decided else None,
                "decision_comment": response.decision_comment,
                "mobilisation_id": mobilisation.pk if mobilisation else None,
                "created_at": response.steps[0].at,
                "updated_at": last.at,
            }
            steps[key] = response.steps
    rows = upsert_rows(
        CallResponse,
        CallResponse.objects.filter(call__in=[c.pk for c in calls.values()]),
        lambda r: (r.call_id, r.agent_id),
        desired,
        result.count("skills call responses"),
        exact=True,
    )
    step_rows = {
        (rows[key].pk, s.step): {
            "response_id": rows[key].pk,
            "step": s.step,
            "at": s.at,
            "by_id": users[s.by].pk if s.by in users else None,
            "comment": s.comment,
        }
        for key, spec_steps in steps.items()
        for s in spec_steps
    }
    upsert_rows(
        ResponseStep,
        ResponseStep.objects.filter(response__in=[r.pk for r in rows.values()]),
        lambda r: (r.response_id, r.step),
        step_rows,
        result.count("skills response steps"),
        exact=True,
    )
