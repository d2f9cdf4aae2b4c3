"""Read queries of the calls for competences, the home page blocks and the project's
Compétences tab ("who could help"). Each function runs a fixed number of queries; names of
agents come only from profiles the viewer may see (``selectors.published_visible``)."""

from __future__ import annotations

import csv
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from maillage.core.models import Country, Language, PolicyArea
from maillage.core.wording import localized_field
from maillage.organisation.models import Agent
from maillage.projects.models import Project, ProjectPartner

from .models import (
    CallResponse,
    Profile,
    ProfileCountry,
    ProfileLanguage,
    ProfilePolicyArea,
    ProfileTag,
    ResponseStep,
    SkillCall,
)
from .rules import response_manager_q
from .selectors import (
    Match,
    area_matches,
    area_q,
    country_label,
    flag,
    language_label,
    needs_reminder,
    published_visible,
    with_entries,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
# A language counts for "who could help" from B1 (rank 3): below, it is no working language.
SUGGESTION_MIN_RANK = 3
SUGGESTION_LIMIT = 20
HOME_CALLS_LIMIT = 5
# Open calls ranked for the home page: an authority has a few dozen open calls at most.
HOME_CALLS_CANDIDATES = 200
CRITERIA_LABELS = (
    ("m_language", _lazy("langue")),
    ("m_country", _lazy("pays")),
    ("m_area", _lazy("expertise")),
    ("m_tag", _lazy("mot-clé")),
    ("m_availability", _lazy("disponibilité")),
)


# --- Calls ------------------------------------------------------------------------------------


def audience_q(agent: Agent) -> Q:
    """Calls open to the agent: to everyone, or to their service or a service above it."""
    if agent.service_id is None:
        return Q(audience=SkillCall.Audience.ALL)
    through = SkillCall.services.through.objects.filter(skillcall_id=OuterRef("pk")).filter(
        Q(service_id=agent.service_id)
        | Q(service__children__id=agent.service_id)
        | Q(service__children__children__id=agent.service_id)
    )
    return Q(audience=SkillCall.Audience.ALL) | Q(
        Exists(through), audience=SkillCall.Audience.SERVICES
    )


def call_open_to(call: SkillCall, agent: Agent) -> bool:
    return SkillCall.objects.filter(pk=call.pk).filter(audience_q(agent)).exists()


# Kinds of the rows of the union query below: the profile's entries, then the calls' criteria.
_LANGUAGE, _COUNTRY, _AREA, _TAG, _CALL_AREA, _CALL_TAG = 1, 2, 3, 4, 5, 6


# The calls' policy areas and tags, then the profile's languages, countries, policy areas and
# tags, as ``(kind, owner, code, parent, number)`` rows of one UNION ALL. Table and column names
# come from the models (``_entry_names``); every value is a parameter.
_CALL_ENTRIES_SQL = (
    "SELECT {call_area}, t.{ca_call}, t.{ca_area}, a.{area_parent}, 0 FROM {ca_table} t"
    " JOIN {area_table} a ON a.{area_code} = t.{ca_area} WHERE t.{ca_call} IN ({ids})",
    "SELECT {call_tag}, {ct_call}, '', '', {ct_tag} FROM {ct_table} WHERE {ct_call} IN ({ids})",
)
_PROFILE_ENTRIES_SQL = (
    "SELECT {language}, 0, {pl_language}, '', {pl_rank} FROM {pl_table} WHERE {pl_profile} = %s",
    "SELECT {country}, 0, {pc_country}, '', 0 FROM {pc_table} WHERE {pc_profile} = %s",
    "SELECT {area}, 0, p.{pa_area}, a.{area_parent}, 0 FROM {pa_table} p"
    " JOIN {area_table} a ON a.{area_code} = p.{pa_area} WHERE p.{pa_profile} = %s",
    "SELECT {tag}, 0, '', '', {pt_tag} FROM {pt_table} WHERE {pt_profile} = %s",
)


@functools.cache
def _entry_names() -> dict[str, Any]:
    q = connection.ops.quote_name
    names: dict[str, Any] = {
        "call_area": _CALL_AREA,
        "call_tag": _CALL_TAG,
        "language": _LANGUAGE,
        "country": _COUNTRY,
        "area": _AREA,
        "tag": _TAG,
    }
    tables = {
        "ca": (SkillCall.policy_areas.through, {"call": "skillcall", "area": "policyarea"}),
        "ct": (SkillCall.tags.through, {"call": "skillcall", "tag": "skilltag"}),
        "pl": (
            ProfileLanguage,
            {"profile": "profile", "language": "language", "rank": "level_rank"},
        ),
        "pc": (ProfileCountry, {"profile": "profile", "country": "country"}),
        "pa": (ProfilePolicyArea, {"profile": "profile", "area": "policy_area"}),
        "pt": (ProfileTag, {"profile": "profile", "tag": "tag"}),
        "area": (PolicyArea, {"code": "code", "parent": "parent"}),
    }
    for prefix, (model, fields) in tables.items():
        names[f"{prefix}_table"] = q(model._meta.db_table)
        for key, name in fields.items():
            names[f"{prefix}_{key}"] = q(model._meta.get_field(name).column)
    return names


def _entry_rows(call_ids: Sequence[int], profile: Profile | None) -> list[tuple]:
    """The rows of ``_CALL_ENTRIES_SQL`` and, with a profile, ``_PROFILE_ENTRIES_SQL``.

    Written as SQL: built with the ORM (six annotated querysets and a union), this query cost
    the home page more to build and compile than to run.
    """
    parts, params = list(_CALL_ENTRIES_SQL), [*call_ids, *call_ids]
    if profile is not None:
        parts += _PROFILE_ENTRIES_SQL
        params += [profile.pk] * len(_PROFILE_ENTRIES_SQL)
    sql = " UNION ALL ".join(parts).format(**_entry_names(), ids=", ".join(["%s"] * len(call_ids)))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _empty_offer(profile: Profile) -> dict[str, Any]:
    return {
        "languages": {},
        "countries": set(),
        "areas": set(),
        "area_parents": set(),
        "tags": set(),
        "availability": {choice.value for choice in profile.availabilities()},
    }


def _criteria_met(call: SkillCall, offer: dict[str, Any]) -> list[tuple[str, Any]]:
    """The criteria of ``call`` the profile meets (the rules of ``selectors.reasons_for``).

    An expertise matches the same M57 function, one below it or the one above it.
    """
    met = []
    rank = offer["languages"].get(call.language_id)
    if rank is not None and rank >= (call.min_level.rank if call.min_level_id else 1):
        met.append(CRITERIA_LABELS[0])
    if call.country_id and call.country_id in offer["countries"]:
        met.append(CRITERIA_LABELS[1])
    if any(
        code in offer["areas"] or parent in offer["areas"] or code in offer["area_parents"]
        for code, parent in call.area_codes
    ):
        met.append(CRITERIA_LABELS[2])
    if call.tag_ids & offer["tags"]:
        met.append(CRITERIA_LABELS[3])
    if call.availability and call.availability in offer["availability"]:
        met.append(CRITERIA_LABELS[4])
    return met


# The fields of a call that the matching and the lists of calls use.
CALL_MATCH_FIELDS = (
    "title",
    "project_id",
    "language_id",
    "min_level_id",
    "country_id",
    "availability",
    "status",
    "created_at",
)


def calls_for_agent(
    agent: Agent, profile: Profile | None, limit: int = HOME_CALLS_LIMIT
) -> list[SkillCall]:
    """Open calls the agent has not answered, that fit the profile or ask for nothing.

    1 query when no call is open to the agent, else 2 (the calls, then their criteria and the
    profile's entries in one union). The criteria are compared here with the entries: the
    authority's open calls are a few dozen rows (``HOME_CALLS_CANDIDATES`` most recent at
    most), and one plain query per table costs less than a query with a subquery per
    criterion.
    """
    calls = list(
        SkillCall.objects.filter(authority_id=agent.authority_id, status=SkillCall.Status.OPEN)
        .filter(audience_q(agent))
        .exclude(Exists(CallResponse.objects.filter(call=OuterRef("pk"), agent=agent)))
        # What the matching and the lists read: joining the language and country tables too
        # cost more to plan than the rest of the query to run.
        .select_related("project", "min_level")
        .only(*CALL_MATCH_FIELDS, "project__title", "min_level__rank")
        .order_by("-created_at", "-pk")[:HOME_CALLS_CANDIDATES]
    )
    if not calls:
        return []
    by_id = {call.pk: call for call in calls}
    for call in calls:
        call.area_codes, call.tag_ids = [], set()
    # One query for the calls' criteria and the profile's entries: each query of a home page
    # costs a round trip and its planning, more than these few rows.
    offer = _empty_offer(profile) if profile is not None else None
    for kind, owner, code, parent, number in _entry_rows(list(by_id), profile):
        if kind == _CALL_AREA:
            by_id[owner].area_codes.append((code, parent))
        elif kind == _CALL_TAG:
            by_id[owner].tag_ids.add(number)
        elif kind == _LANGUAGE:
            offer["languages"][code] = number
        elif kind == _COUNTRY:
            offer["countries"].add(code)
        elif kind == _AREA:
            offer["areas"].add(code)
            if parent:
                offer["area_parents"].add(parent)
        else:
            offer["tags"].add(number)
    fitting = []
    for call in calls:
        asks = bool(
            call.language_id
            or call.country_id
            or call.availability
            or call.area_codes
            or call.tag_ids
        )
        met = _criteria_met(call, offer) if offer is not None else []
        if met or not asks:
            call.met = [label for _name, label in met]
            call.score = len(met)
            fitting.append(call)
    # A stable sort: among equal scores, the most recent call first.
    fitting.sort(key=lambda call: -call.score)
    return fitting[:limit]


def home_blocks(request: HttpRequest, agent: Agent | None) -> dict[str, Any]:
    """The skills part of the home page, for a user with an agent record: 2 queries (the
    answers, the calls) plus 1 when a call is open to them, plus 1 for the profile unless
    ``agent`` was read with ``select_related("international_profile")``; else none."""
    if agent is None or request.authority is None:
        return {}
    try:
        # No query when the caller read the agent with select_related("international_profile").
        profile = agent.international_profile
    except Profile.DoesNotExist:
        profile = None
    responses = list(
        CallResponse.objects.filter(authority=request.authority)
        .filter(
            Q(agent=agent, status__in=CallResponse.OPEN_STATUSES)
            | (Q(status=CallResponse.Status.ACCEPTED) & response_manager_q(request.user.pk))
        )
        .select_related("call__project", "agent")
        .only(
            "call_id",
            "agent_id",
            "status",
            "updated_at",
            "call__title",
            "call__effort_days",
            "call__project__title",
            "agent__first_name",
            "agent__last_name",
        )
        .order_by("updated_at", "id")[:50]
    )
    return {
        "skills_profile": profile,
        "skills_has_agent": True,
        "skills_reminder": needs_reminder(profile),
        "skills_calls": calls_for_agent(agent, profile),
        "skills_my_responses": [r for r in responses if r.agent_id == agent.pk],
        "skills_to_approve": [r for r in responses if r.agent_id != agent.pk],
    }


def call_list(request: HttpRequest, status: str = SkillCall.Status.OPEN) -> QuerySet[SkillCall]:
    calls = SkillCall.objects.filter(authority=request.authority, status=status)
    return (
        calls.select_related("project", "language", "min_level", "country")
        .annotate(
            n_responses=Count("responses", distinct=True),
            n_approved=Count(
                "responses",
                filter=Q(responses__status=CallResponse.Status.APPROVED),
                distinct=True,
            ),
        )
        .order_by("-created_at", "-pk")
    )


def call_detail(call: SkillCall) -> dict[str, Any]:
    """The call's lists of policy areas, tags and services (3 queries)."""
    return {
        "call_areas": list(call.policy_areas.order_by("code")),
        "call_tags": list(call.tags.order_by("name")),
        "call_services": list(call.services.order_by("name")),
    }


def responses_for(request: HttpRequest, call: SkillCall, manage: bool) -> list[CallResponse]:
    """The answers the user may follow: all for the DRI, their agents' and their own else."""
    responses = CallResponse.objects.filter(call=call, authority=request.authority)
    if not manage:
        own = Q(agent__user_id=request.user.pk)
        responses = responses.filter(own | response_manager_q(request.user.pk))
    return list(
        responses.select_related("agent__service", "decided_by")
        .prefetch_related(Prefetch("steps", queryset=_steps()))
        .order_by("created_at", "id")
    )


def _steps():
    return ResponseStep.objects.select_related("by").order_by("at", "id")


def response_with_steps(response: CallResponse) -> list[Any]:
    return list(_steps().filter(response=response))


def invited_agents(call: SkillCall) -> dict[int, CallResponse]:
    """Responses to the call by agent id, to mark search results already invited (1 query)."""
    return {r.agent_id: r for r in CallResponse.objects.filter(call=call)}


# --- Project page: calls and "who could help" -------------------------------------------------


@functools.cache
def country_languages() -> dict[str, tuple[str, ...]]:
    """Main languages by country (``data/country-languages.csv``), French left out."""
    with (DATA_DIR / "country-languages.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["iso2"]: tuple(row["languages"].split())
            for row in csv.DictReader(handle)
            if row["languages"].strip()
        }


@dataclass
class Suggestions:
    countries: list[Country] = field(default_factory=list)
    languages: list[Language] = field(default_factory=list)
    policy_areas: list[PolicyArea] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)

    @property
    def has_criteria(self) -> bool:
        return bool(self.countries or self.languages or self.policy_areas)


def project_calls(project: Project) -> list[SkillCall]:
    """The project's calls with their answers counted by stage (1 query)."""
    s = CallResponse.Status
    return list(
        SkillCall.objects.filter(project=project, authority_id=project.authority_id)
        .select_related("language", "min_level", "country")
        .annotate(
            n_pending=Count(
                "responses", filter=Q(responses__status__in=CallResponse.OPEN_STATUSES)
            ),
            n_approved=Count("responses", filter=Q(responses__status=s.APPROVED)),
            n_closed=Count(
                "responses", filter=Q(responses__status__in=(s.DECLINED, s.WITHDRAWN, s.REFUSED))
            ),
        )
        .order_by("status", "-created_at", "-pk")
    )


def project_suggestions(
    request: HttpRequest, project: Project, limit: int = SUGGESTION_LIMIT
) -> Suggestions:
    """Published profiles the user may see that match the project's partner countries, the
    languages of those countries and its policy areas, most criteria first (8 queries)."""
    countries = list(
        Country.objects.filter(
            iso2__in=ProjectPartner.objects.filter(project=project).values("partner__country_id")
        ).order_by(localized_field("name"))
    )
    mapping = country_languages()
    codes = sorted({code for c in countries for code in mapping.get(c.iso2, ())})
    languages = list(Language.objects.filter(code__in=codes).order_by(localized_field("name")))
    areas = list(project.policy_areas.order_by("code"))
    result = Suggestions(countries, languages, areas)
    if not result.has_criteria:
        return result
    authority_id = project.authority_id
    flags = {}
    if countries:
        flags["m_country"] = Exists(
            ProfileCountry.objects.filter(
                authority_id=authority_id,
                country_id__in=[c.iso2 for c in countries],
                profile_id=OuterRef("pk"),
            )
        )
    if languages:
        flags["m_language"] = Exists(
            ProfileLanguage.objects.filter(
                authority_id=authority_id,
                language_id__in=[lang.code for lang in languages],
                level_rank__gte=SUGGESTION_MIN_RANK,
                profile_id=OuterRef("pk"),
            )
        )
    if areas:
        flags["m_area"] = Exists(
            ProfilePolicyArea.objects.filter(authority_id=authority_id)
            .filter(area_q([a.code for a in areas]))
            .filter(profile_id=OuterRef("pk"))
        )
    score = sum((flag(c) for c in flags.values()), Value(0))
    profiles = with_entries(
        published_visible(request)
        .annotate(score=score)
        .filter(score__gte=1)
        .order_by("-score", "agent__last_name", "agent__first_name", "pk")
    )[:limit]
    result.matches = [
        Match(p, _suggestion_reasons(p, countries, languages, areas, mapping)) for p in profiles
    ]
    return result


def _suggestion_reasons(
    profile: Profile,
    countries: Sequence[Country],
    languages: Sequence[Language],
    areas: Sequence[PolicyArea],
    mapping: dict[str, tuple[str, ...]],
) -> list[str]:
    reasons = []
    partner_countries = {c.iso2: c for c in countries}
    for entry in profile.countries.all():
        if entry.country_id in partner_countries:
            reasons.append(_("Pays partenaire : %(label)s") % {"label": country_label(entry)})
    spoken_in = {
        lang.code: [c.name for c in countries if lang.code in mapping.get(c.iso2, ())]
        for lang in languages
    }
    for entry in profile.languages.all():
        if entry.language_id in spoken_in and entry.level_rank >= SUGGESTION_MIN_RANK:
            reasons.append(
                _("Langue parlée en %(countries)s : %(label)s")
                % {
                    "countries": ", ".join(spoken_in[entry.language_id]),
                    "label": language_label(entry),
                }
            )
    codes = [a.code for a in areas]
    matched = [
        link.policy_area
        for link in profile.area_links.all()
        if area_matches(link.policy_area_id, codes)
    ]
    if matched:
        reasons.append(
            _("Expertise dans les politiques du projet : %(areas)s")
            % {"areas": ", ".join(f"{a.code} {a.name}" for a in matched)}
        )
    return reasons
