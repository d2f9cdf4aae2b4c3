"""Read queries of the profile pages: visibility, search, own profile, inventory. Each function
runs a fixed number of queries (calls and suggestions: ``selectors_calls``).

Names of agents only ever come out of :func:`visible_profiles` (or the same rule applied to
entries, :func:`visible_q`): the rule itself is ``maillage.skills.rules.ProfileScope``.
Aggregates (the inventory's counts) cover every published profile of active agents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import choices as reference
from maillage.core.models import (
    Authority,
    Country,
    Language,
    User,
)
from maillage.core.wording import localized_field
from maillage.organisation.models import Agent, Referent, Service

from .models import (
    Availability,
    CallResponse,
    Profile,
    ProfileCountry,
    ProfileLanguage,
    ProfilePolicyArea,
    ProfileTag,
    SkillCall,
    SkillTag,
)
from .rules import profile_scope

REMINDER_AFTER_DAYS = 365
NAMES_LIMIT = 100
TAG_SUGGESTIONS = 40


# --- Who is who -------------------------------------------------------------------------------


def request_agent(request: HttpRequest) -> Agent | None:
    """The current user's active agent record in the current authority (cached per request)."""
    if hasattr(request, "_skills_agent"):
        return request._skills_agent
    agent = None
    if request.authority is not None and request.user.is_authenticated:
        agent = (
            Agent.objects.filter(authority=request.authority, user=request.user, active=True)
            .select_related("service")
            .order_by("pk")
            .first()
        )
    request._skills_agent = agent
    return agent


def visible_q(request: HttpRequest, prefix: str = "") -> Q:
    """Profiles the current user may see by name (``prefix`` from entries: ``profile__``)."""
    return profile_scope(request).as_q(prefix)


def visible_profiles(request: HttpRequest) -> QuerySet[Profile]:
    """Profiles the current user may see: their own, and published ones their role opens."""
    return Profile.objects.filter(visible_q(request))


def published_visible(request: HttpRequest) -> QuerySet[Profile]:
    """What search, suggestions and invitations work on: published and visible profiles."""
    return visible_profiles(request).filter(published=True)


def manager_users(agent: Agent) -> list[User]:
    """Users who approve the agent's answers to calls (same rule as ``response_manager_q``)."""
    if agent.service_id is None:
        return []
    service = Service.objects.select_related("head__user", "parent__head__user").get(
        pk=agent.service_id
    )
    referents = [
        r.agent
        for r in Referent.objects.current()
        .filter(service=service)
        .exclude(agent=agent)
        .select_related("agent__user")
    ]
    head = service.head if service.head_id and service.head_id != agent.pk else None
    direct = ([head] if head else []) + referents
    if not direct and service.parent_id and service.parent.head_id not in (None, agent.pk):
        direct = [service.parent.head]
    users = {a.user.pk: a.user for a in direct if a.user_id and a.user_id != agent.user_id}
    return [users[pk] for pk in sorted(users)]


def needs_reminder(profile: Profile | None) -> bool:
    """A published profile not confirmed for 12 months: the agent is asked to check it."""
    if profile is None or not profile.published:
        return False
    confirmed = profile.last_confirmed_at or profile.created_at
    return (timezone.now() - confirmed).days >= REMINDER_AFTER_DAYS


# --- Entries and reasons ----------------------------------------------------------------------


def _language_entries() -> QuerySet[ProfileLanguage]:
    # The levels are read by their codes (``level_id``…): no join for them.
    return ProfileLanguage.objects.select_related("language").order_by(
        "-level_rank", localized_field("language__name")
    )


def _country_entries() -> QuerySet[ProfileCountry]:
    return ProfileCountry.objects.select_related("country").order_by(
        localized_field("country__name")
    )


def _area_entries() -> QuerySet[ProfilePolicyArea]:
    return ProfilePolicyArea.objects.select_related("policy_area").order_by("policy_area_id")


def _tag_entries() -> QuerySet[ProfileTag]:
    return ProfileTag.objects.select_related("tag").order_by("tag__name")


def with_entries(profiles: QuerySet[Profile]) -> QuerySet[Profile]:
    """Profiles with their agent, service and every entry (4 queries once evaluated)."""
    return profiles.select_related("agent__service").prefetch_related(
        Prefetch("languages", queryset=_language_entries()),
        Prefetch("countries", queryset=_country_entries()),
        Prefetch("area_links", queryset=_area_entries()),
        Prefetch("tag_links", queryset=_tag_entries()),
    )


def with_search_entries(profiles: QuerySet[Profile], criteria: Criteria) -> QuerySet[Profile]:
    """Profiles with their agent, service and the entries a result card shows.

    Without criteria a card lists the profile's languages and countries. With criteria it
    lists the reasons only, so each criterion prefetches the entries that meet it and nothing
    else (one query per criterion of an entry table): a page of 20 profiles otherwise builds
    some 500 model instances, most of which no one reads. The entries go into lists
    (``search_<relation>``, read through :func:`entries`): a related manager per profile and
    relation costs a queryset each.
    """
    profiles = profiles.select_related("agent__service").only(
        *Availability.values,
        "agent__first_name",
        "agent__last_name",
        "agent__job_title",
        "agent__service__name",
    )
    if not criteria.count:
        return profiles.prefetch_related(
            Prefetch("languages", _language_entries(), to_attr="search_languages"),
            Prefetch("countries", _country_entries(), to_attr="search_countries"),
        )
    prefetches = []
    if criteria.language:
        prefetches.append(
            Prefetch(
                "languages",
                _language_entries().filter(
                    language_id=criteria.language, level_rank__gte=criteria.min_rank or 1
                ),
                to_attr="search_languages",
            )
        )
    if criteria.country:
        prefetches.append(
            Prefetch(
                "countries",
                _country_entries().filter(country_id=criteria.country),
                to_attr="search_countries",
            )
        )
    if criteria.policy_area:
        prefetches.append(
            Prefetch(
                "area_links",
                _area_entries().filter(area_q([criteria.policy_area])),
                to_attr="search_area_links",
            )
        )
    if criteria.tag:
        prefetches.append(
            Prefetch(
                "tag_links",
                _tag_entries().filter(tag__slug=criteria.tag),
                to_attr="search_tag_links",
            )
        )
    return profiles.prefetch_related(*prefetches)


def area_q(codes: Iterable[str], field_name: str = "policy_area__code") -> Q:
    """Entries whose policy area is one of ``codes``, a sub-area of one, or a parent of one.

    M57 codes nest by prefix (04 ⊃ 045): an expert of 04 helps a 045 project and the other way
    round. Level 1 (a single digit) is too broad to count as a parent.
    """
    query = Q(pk__in=[])
    parents: set[str] = set()
    for code in codes:
        if not code:
            continue
        query |= Q(**{f"{field_name}__startswith": code})
        parents.update(code[:n] for n in range(2, len(code)))
    if parents:
        query |= Q(**{f"{field_name}__in": sorted(parents)})
    return query


def area_matches(code: str, wanted: Iterable[str]) -> bool:
    return any(code.startswith(w) or (len(code) >= 2 and w.startswith(code)) for w in wanted)


@dataclass(frozen=True)
class Criteria:
    """What a search or a call asks for. ``service`` narrows the search; it is no criterion."""

    language: str = ""
    min_rank: int = 0
    country: str = ""
    policy_area: str = ""
    tag: str = ""
    availability: str = ""
    service: int | None = None

    @property
    def count(self) -> int:
        return sum(
            bool(v)
            for v in (self.language, self.country, self.policy_area, self.tag, self.availability)
        )

    @classmethod
    def of_call(cls, call: SkillCall) -> Criteria:
        areas = list(call.policy_areas.all())
        tags = list(call.tags.all())
        return cls(
            language=call.language_id or "",
            min_rank=call.min_level.rank if call.min_level_id else 0,
            country=call.country_id or "",
            policy_area=areas[0].code if areas else "",
            tag=tags[0].slug if tags else "",
            availability=call.availability,
        )


@dataclass
class Match:
    profile: Profile
    reasons: list[str] = field(default_factory=list)

    @property
    def agent(self) -> Agent:
        return self.profile.agent

    @property
    def score(self) -> int:
        return len(self.reasons)

    @property
    def languages(self) -> Iterable[ProfileLanguage]:
        return entries(self.profile, "languages")

    @property
    def countries(self) -> Iterable[ProfileCountry]:
        return entries(self.profile, "countries")


def language_label(entry: ProfileLanguage) -> str:
    parts = [f"{entry.language.name} {entry.level_id}"]
    details = []
    if entry.oral_level_id:
        details.append(_("oral %(level)s") % {"level": entry.oral_level_id})
    if entry.written_level_id:
        details.append(_("écrit %(level)s") % {"level": entry.written_level_id})
    if details:
        parts.append(f"({', '.join(details)})")
    return " ".join(parts)


def country_label(entry: ProfileCountry) -> str:
    label = f"{entry.country.name} — {entry.get_relation_display().lower()}"
    return f"{label} ({entry.regions})" if entry.regions else label


def entries(profile: Profile, relation: str) -> Iterable[Any]:
    """The profile's entries of ``relation`` (``languages``, ``countries``, ``area_links``,
    ``tag_links``): those the search prefetched into a list, else the prefetched relation."""
    found = getattr(profile, f"search_{relation}", None)
    return found if found is not None else getattr(profile, relation).all()


def reasons_for(profile: Profile, criteria: Criteria) -> list[str]:
    """Which criteria the profile meets, in words, from its prefetched entries."""
    reasons = []
    if criteria.language:
        for entry in entries(profile, "languages"):
            if entry.language_id == criteria.language and entry.level_rank >= criteria.min_rank:
                reasons.append(_("Langue : %(label)s") % {"label": language_label(entry)})
    if criteria.country:
        for entry in entries(profile, "countries"):
            if entry.country_id == criteria.country:
                reasons.append(_("Pays : %(label)s") % {"label": country_label(entry)})
    if criteria.policy_area:
        areas = [
            link.policy_area
            for link in entries(profile, "area_links")
            if area_matches(link.policy_area_id, [criteria.policy_area])
        ]
        if areas:
            names = ", ".join(f"{a.code} {a.label}" for a in areas)
            reasons.append(_("Expertise : %(areas)s") % {"areas": names})
    if criteria.tag:
        for link in entries(profile, "tag_links"):
            if link.tag.slug == criteria.tag:
                reasons.append(_("Mot-clé : %(tag)s") % {"tag": link.tag.name})
    if criteria.availability and getattr(profile, criteria.availability, False):
        reasons.append(
            _("Disponible : %(what)s") % {"what": Availability(criteria.availability).label}
        )
    return reasons


# --- Search -----------------------------------------------------------------------------------


def flag(condition: Q | Exists) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def descendant_ids(authority: Authority | int, service_id: int) -> list[int]:
    """The service and every service below it (1 query)."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in Service.objects.filter(authority=authority).values_list("id", "parent_id"):
        children[parent_id].append(pk)
    found, todo = [], [service_id]
    while todo and len(found) < 10_000:
        current = todo.pop()
        if current in found:
            continue
        found.append(current)
        todo.extend(children.get(current, ()))
    return sorted(found)


def search_profiles(request: HttpRequest, criteria: Criteria) -> QuerySet[Profile]:
    """Published, visible profiles ordered by the number of criteria met (at least one).

    Each criterion is an EXISTS on an entry table filtered on the authority first, which the
    ``(authority, …)`` indexes answer. Without criteria, every profile in reach, by name.
    """
    authority_id = request.authority.pk
    profiles = published_visible(request)
    if criteria.service:
        profiles = profiles.filter(
            agent__service_id__in=descendant_ids(authority_id, criteria.service)
        )
    flags = {}
    if criteria.language:
        flags["m_language"] = Exists(
            ProfileLanguage.objects.filter(
                authority_id=authority_id,
                language_id=criteria.language,
                level_rank__gte=criteria.min_rank or 1,
                profile_id=OuterRef("pk"),
            )
        )
    if criteria.country:
        flags["m_country"] = Exists(
            ProfileCountry.objects.filter(
                authority_id=authority_id, country_id=criteria.country, profile_id=OuterRef("pk")
            )
        )
    if criteria.policy_area:
        flags["m_area"] = Exists(
            ProfilePolicyArea.objects.filter(authority_id=authority_id)
            .filter(area_q([criteria.policy_area]))
            .filter(profile_id=OuterRef("pk"))
        )
    if criteria.tag:
        flags["m_tag"] = Exists(
            ProfileTag.objects.filter(
                authority_id=authority_id, tag__slug=criteria.tag, profile_id=OuterRef("pk")
            )
        )
    if criteria.availability in Availability.values:
        flags["m_availability"] = Q(**{criteria.availability: True})
    order = ("agent__last_name", "agent__first_name", "pk")
    if not flags:
        return profiles.order_by(*order)
    score = sum((flag(condition) for condition in flags.values()), Value(0))
    return profiles.annotate(score=score).filter(score__gte=1).order_by("-score", *order)


def matches(profiles: Iterable[Profile], criteria: Criteria) -> list[Match]:
    return [Match(profile, reasons_for(profile, criteria)) for profile in profiles]


def search_choices() -> dict[str, Any]:
    """Options of the search and call forms (reference data from ``core.choices``)."""
    return {
        "languages": reference.languages(),
        "levels": reference.cefr_levels(),
        "countries": reference.countries(),
        "policy_areas": reference.policy_area_groups(max_level=3, min_level=2),
    }


def service_choices(authority: Authority) -> list[tuple[int, str]]:
    return list(
        Service.objects.filter(authority=authority, active=True)
        .order_by("name")
        .values_list("id", "name")
    )


def tag_suggestions(authority: Authority, limit: int = TAG_SUGGESTIONS) -> list[str]:
    """Tags already used by published profiles or by calls, most used first (1 query).

    Tags of unpublished profiles are not suggested: they would show what nobody published.
    """
    published = ProfileTag.objects.filter(tag=OuterRef("pk"), profile__published=True)
    in_calls = SkillCall.tags.through.objects.filter(skilltag_id=OuterRef("pk"))
    return list(
        SkillTag.objects.filter(authority=authority)
        .filter(Exists(published) | Exists(in_calls))
        .annotate(n=Count("profile_links"))
        .order_by("-n", "name")
        .values_list("name", flat=True)[:limit]
    )


# --- My profile -------------------------------------------------------------------------------


def own_profile(agent: Agent) -> Profile | None:
    """The agent's profile with every entry (5 queries), or None (1 query)."""
    return with_entries(Profile.objects.filter(agent=agent)).first()


def my_responses(agent: Agent) -> list[CallResponse]:
    return list(
        CallResponse.objects.filter(agent=agent)
        .select_related("call__project")
        .order_by("-updated_at", "-id")[:50]
    )


def personal_data(request: HttpRequest) -> dict[str, Any]:
    """Everything Maillage's skills features hold about the current user, for the JSON download."""
    user = request.user
    agent = request_agent(request)
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "authority": request.authority.name,
        "account": {
            "username": user.get_username(),
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
        },
        "agent": None,
        "international_profile": None,
        "call_responses": [],
    }
    if agent is None:
        return data
    data["agent"] = {
        "hr_id": agent.hr_id,
        "civility": agent.get_civility_display() if agent.civility else "",
        "first_name": agent.first_name,
        "last_name": agent.last_name,
        "email": agent.email,
        "job_title": agent.job_title,
        "service": agent.service.name if agent.service else None,
    }
    profile = own_profile(agent)
    if profile is not None:
        data["international_profile"] = _profile_data(profile)
    responses = (
        CallResponse.objects.filter(agent=agent)
        .select_related("call__project")
        .prefetch_related("steps")
        .order_by("created_at", "id")
    )
    data["call_responses"] = [
        {
            "call": r.call.title,
            "project": r.call.project.title,
            "origin": r.origin,
            "status": r.status,
            "message": r.message,
            "created_at": r.created_at.isoformat(),
            "decided_at": r.decided_at.isoformat() if r.decided_at else None,
            "decision_comment": r.decision_comment,
            "steps": [
                {"step": s.step, "at": s.at.isoformat(), "comment": s.comment}
                for s in r.steps.all()
            ],
        }
        for r in responses
    ]
    return data


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _profile_data(profile: Profile) -> dict[str, Any]:
    return {
        "published": profile.published,
        "visibility": profile.visibility,
        "published_at": _iso(profile.published_at),
        "last_confirmed_at": _iso(profile.last_confirmed_at),
        "created_at": _iso(profile.created_at),
        "updated_at": _iso(profile.updated_at),
        "availability": {choice.value: getattr(profile, choice.value) for choice in Availability},
        "about": profile.about,
        "languages": [
            {
                "code": e.language_id,
                "name": e.language.name_fr,
                "level": e.level_id,
                "oral_level": e.oral_level_id,
                "written_level": e.written_level_id,
            }
            for e in profile.languages.all()
        ],
        "countries": [
            {
                "iso2": e.country_id,
                "name": e.country.name_fr,
                "relation": e.relation,
                "regions": e.regions,
            }
            for e in profile.countries.all()
        ],
        "policy_areas": [
            {"code": link.policy_area_id, "label": link.policy_area.label}
            for link in profile.area_links.all()
        ],
        "tags": [link.tag.name for link in profile.tag_links.all()],
    }


# --- Inventory --------------------------------------------------------------------------------


@dataclass
class InventoryRow:
    key: str
    name: str
    counts: list[int]
    total: int = 0
    # What the page shows: counts of 1 or 2 as "< 3", whoever looks (see SMALL_COUNT).
    cells: list[int | str] = field(default_factory=list)
    shown_total: int | str = 0

    def mask(self) -> None:
        self.cells = [_show(n, True) for n in self.counts]
        self.shown_total = _show(self.total, True)


def _published_entries(model: Any, authority: Authority) -> QuerySet:
    # The profile's and the agent's authority are the entry's: repeating the filter on each
    # joined table lets PostgreSQL start from the authority's rows of every table instead of
    # hashing every published profile of the instance (language inventory: 24 ms -> 3 ms).
    return model.objects.filter(
        authority=authority,
        profile__authority=authority,
        profile__agent__authority=authority,
        profile__published=True,
        profile__agent__active=True,
    )


def language_inventory(authority: Authority) -> dict[str, Any]:
    """Languages of the published profiles with counts by level (2 queries).

    Grouped on the entry's own columns, the names taken from the reference data read once per
    process: joining the language table added a lookup per entry to the query.
    """
    levels = [code for code, _label in reference.cefr_levels()]
    names = dict(reference.languages())
    rows: dict[str, InventoryRow] = {}
    counts = (
        _published_entries(ProfileLanguage, authority)
        .values_list("language_id", "level_rank")
        .annotate(n=Count("id"))
        .order_by()
    )
    for language_id, level_rank, n in counts:
        item = rows.setdefault(
            language_id,
            InventoryRow(language_id, names.get(language_id, language_id), [0] * len(levels)),
        )
        item.counts[level_rank - 1] += n
        item.total += n
    for item in rows.values():
        item.mask()
    return {
        "levels": levels,
        "rows": sorted(rows.values(), key=lambda r: (-r.total, r.name)),
        "profiles": _profile_totals(authority),
    }


def country_inventory(authority: Authority) -> dict[str, Any]:
    """Countries known by the published profiles with counts by relation (2 queries)."""
    relations = list(ProfileCountry.Relation)
    index = {r.value: i for i, r in enumerate(relations)}
    names = dict(reference.countries())
    rows: dict[str, InventoryRow] = {}
    counts = (
        _published_entries(ProfileCountry, authority)
        .values_list("country_id", "relation")
        .annotate(n=Count("id"))
        .order_by()
    )
    for country_id, relation, n in counts:
        item = rows.setdefault(
            country_id,
            InventoryRow(country_id, names.get(country_id, country_id), [0] * len(relations)),
        )
        item.counts[index[relation]] += n
        item.total += n
    for item in rows.values():
        item.mask()
    return {
        "relations": relations,
        "rows": sorted(rows.values(), key=lambda r: (-r.total, r.name)),
        "profiles": _profile_totals(authority),
    }


def _profile_totals(authority: Authority) -> dict[str, int]:
    return Profile.objects.filter(
        authority=authority, agent__authority=authority, published=True, agent__active=True
    ).aggregate(
        published=Count("id"),
        open_to_all=Count("id", filter=Q(visibility=Profile.Visibility.AUTHORITY)),
    )


# Below this, a count is shown as "< 3": one or two people could be recognised from it. The
# authority-wide tables always mask; the tables by directorate mask when the viewer may not see
# every name, and then also group the directorates with fewer speakers into one row, so that
# the table does not say where a single speaker works.
SMALL_COUNT = 3


def _show(n: int, masked: bool) -> int | str:
    return f"< {SMALL_COUNT}" if masked and 0 < n < SMALL_COUNT else n


@dataclass
class DirectorateRow:
    service: Service
    counts: list[int]
    total: int = 0
    # What the page shows: the counts, or "< 3" for small ones when some names are hidden.
    cells: list[int | str] = field(default_factory=list)
    shown_total: int | str = 0

    def mask(self, masked: bool) -> None:
        self.cells = [_show(n, masked) for n in self.counts]
        self.shown_total = _show(self.total, masked)


def _directorates(authority: Authority) -> tuple[dict[int, Service], dict[int, int]]:
    """Every service of the authority and, for each, its top-level directorate (1 query)."""
    services = {
        s.pk: s
        for s in Service.objects.filter(authority=authority).only("id", "name", "parent_id", "kind")
    }
    roots: dict[int, int] = {}
    for pk in services:
        current, seen = pk, set()
        while services[current].parent_id in services and current not in seen:
            seen.add(current)
            current = services[current].parent_id
        roots[pk] = current
    return services, roots


def _by_directorate(
    authority: Authority, rows: Iterable[dict[str, Any]], column: str, width: int, index
) -> list[DirectorateRow]:
    services, roots = _directorates(authority)
    result: dict[int | None, DirectorateRow] = {}
    for row in rows:
        service_id = row["profile__agent__service_id"]
        root = roots.get(service_id) if service_id else None
        service = services[root] if root else Service(name=_("Sans service"))
        item = result.setdefault(root, DirectorateRow(service, [0] * width))
        item.counts[index(row[column])] += row["n"]
        item.total += row["n"]
    return sorted(result.values(), key=lambda r: (-r.total, r.service.name))


def language_detail(request: HttpRequest, language: Language) -> dict[str, Any]:
    """One language: counts by directorate and level, and the names the user may see."""
    authority = request.authority
    entries = _published_entries(ProfileLanguage, authority).filter(language=language)
    rows = entries.values("profile__agent__service_id", "level_rank").annotate(n=Count("id"))
    directorates = _by_directorate(authority, rows.order_by(), "level_rank", 6, lambda r: r - 1)
    shown = (
        ProfileLanguage.objects.filter(language=language)
        .filter(visible_q(request, "profile__"), profile__published=True)
        .select_related("profile__agent__service", "oral_level", "written_level", "language")
        .order_by("-level_rank", "profile__agent__last_name", "profile__agent__first_name", "pk")
    )
    return _detail(directorates, shown, entries)


def country_detail(request: HttpRequest, country: Country) -> dict[str, Any]:
    authority = request.authority
    relations = list(ProfileCountry.Relation)
    index = {r.value: i for i, r in enumerate(relations)}
    entries = _published_entries(ProfileCountry, authority).filter(country=country)
    rows = entries.values("profile__agent__service_id", "relation").annotate(n=Count("id"))
    directorates = _by_directorate(
        authority, rows.order_by(), "relation", len(relations), index.__getitem__
    )
    shown = (
        ProfileCountry.objects.filter(country=country)
        .filter(visible_q(request, "profile__"), profile__published=True)
        .select_related("profile__agent__service", "country")
        .order_by("profile__agent__last_name", "profile__agent__first_name", "pk")
    )
    return _detail(directorates, shown, entries)


def _group_small(directorates: list[DirectorateRow]) -> list[DirectorateRow]:
    """Directorates with fewer than SMALL_COUNT speakers merged into one unnamed row."""
    small = [row for row in directorates if row.total < SMALL_COUNT]
    if not small:
        return directorates
    width = len(small[0].counts)
    others = DirectorateRow(Service(name=_("Autres directions")), [0] * width)
    for row in small:
        others.counts = [a + b for a, b in zip(others.counts, row.counts, strict=True)]
        others.total += row.total
    return [row for row in directorates if row.total >= SMALL_COUNT] + [others]


def _detail(directorates: list[DirectorateRow], shown: QuerySet, entries: QuerySet):
    names = list(shown[:NAMES_LIMIT])
    visible = shown.count() if len(names) == NAMES_LIMIT else len(names)
    total = sum(row.total for row in directorates)
    masked = total > visible
    if masked:
        directorates = _group_small(directorates)
    for row in directorates:
        row.mask(masked)
    return {
        "directorates": directorates,
        # Whether a count is shown as "< 3" (the page then says why).
        "masked": any(isinstance(c, str) for r in directorates for c in (*r.cells, r.shown_total)),
        "names": names,
        "names_total": visible,
        "names_more": visible - len(names),
        "hidden": total - visible,
        "total": total,
    }
