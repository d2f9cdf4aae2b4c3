# ruff: noqa: S608 — hand-written SQL: only placeholders and constants are interpolated.
"""Each page's floor: the rows the page shows, fetched by hand-written SQL and nothing else.

No ORM, no Python assembly, no template: a floor is what the page would cost if fetching its
data were all it did. The same SQL runs on SQLite and PostgreSQL (parameters through Django's
cursor, ``"end"`` quoted as the keyword it is). Each function returns the number of queries it
ran and, where the page lists objects, their ids in page order, which the harness compares
with the ids in the page's HTML.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils import timezone

PROPOSED, DECLINED = "proposed", "declined"
LIST_PAGE_SIZE = 25
SEARCH_PAGE_SIZE = 20


@dataclass
class FloorContext:
    """What the floors need to know about the benchmarked authority and users."""

    authority_id: int
    user_ids: dict[str, int]
    agent_ids: dict[str, int | None]
    project_id: int
    list_filters: dict[str, Any]
    search: dict[str, Any]
    committee_id: int | None = None
    dashboard_year: int = 2025
    today: datetime.date = field(default_factory=timezone.localdate)


@dataclass
class FloorResult:
    queries: int
    ids: list[int] | None = None  # ids of the listed objects, in page order


class _Run:
    """Counts queries and fetches every row, as a page must."""

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor
        self.queries = 0

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        self.cursor.execute(sql, params)
        self.queries += 1
        return self.cursor.fetchall()


def _in(values: Sequence[Any]) -> str:
    return ", ".join(["%s"] * len(values)) or "NULL"


def _dt(value: datetime.datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


# --- Pages -------------------------------------------------------------------------------------


def org_chart(cursor: Any, ctx: FloorContext) -> FloorResult:
    """Active services with their active agent count, and current référents."""
    run = _Run(cursor)
    services = run.rows(
        "SELECT s.id, s.name, s.kind, s.parent_id, s.hr_id, COUNT(a.id) "
        "FROM organisation_service s "
        "LEFT JOIN organisation_agent a ON a.service_id = s.id AND a.active = %s "
        "WHERE s.authority_id = %s AND s.active = %s "
        "GROUP BY s.id, s.name, s.kind, s.parent_id, s.hr_id ORDER BY s.name",
        (True, ctx.authority_id, True),
    )
    _current_referents(run, ctx)
    return FloorResult(run.queries, sorted(row[0] for row in services))


def _current_referents(run: _Run, ctx: FloorContext) -> list[tuple]:
    return run.rows(
        "SELECT r.service_id, r.kind, a.first_name, a.last_name "
        "FROM organisation_referent r JOIN organisation_agent a ON a.id = r.agent_id "
        'WHERE r.authority_id = %s AND r.start <= %s AND (r."end" IS NULL OR r."end" >= %s) '
        "ORDER BY a.last_name",
        (ctx.authority_id, ctx.today, ctx.today),
    )


def home(cursor: Any, ctx: FloorContext) -> FloorResult:
    """The DRI's home: own agent, référent coverage, mobilisations to follow, skills blocks."""
    run = _Run(cursor)
    user_id = ctx.user_ids["dri"]
    agent = run.rows(
        "SELECT a.id, a.first_name, a.last_name, a.service_id, s.name "
        "FROM organisation_agent a LEFT JOIN organisation_service s ON s.id = a.service_id "
        "WHERE a.authority_id = %s AND a.user_id = %s ORDER BY a.last_name, a.first_name LIMIT 1",
        (ctx.authority_id, user_id),
    )
    org_chart(cursor, ctx)
    run.queries += 2
    agent_id, service_id = (agent[0][0], agent[0][3]) if agent else (None, None)
    if service_id is not None:
        run.rows(
            "SELECT r.id, r.kind, a.first_name, a.last_name FROM organisation_referent r "
            "JOIN organisation_agent a ON a.id = r.agent_id WHERE r.service_id = %s "
            'AND r.start <= %s AND (r."end" IS NULL OR r."end" >= %s)',
            (service_id, ctx.today, ctx.today),
        )
    since = _dt(timezone.now() - datetime.timedelta(days=30))
    run.rows(
        "SELECT SUM(CASE WHEN m.status = %s THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN m.status = %s AND m.answered_at >= %s THEN 1 ELSE 0 END) "
        "FROM projects_mobilisation m JOIN projects_project p ON p.id = m.project_id "
        "WHERE p.authority_id = %s",
        (PROPOSED, DECLINED, since, ctx.authority_id),
    )
    columns = (
        "SELECT m.id, m.status, m.proposed_at, m.answered_at, p.id, p.title, s.id, s.name "
        "FROM projects_mobilisation m JOIN projects_project p ON p.id = m.project_id "
        "JOIN organisation_service s ON s.id = m.service_id WHERE p.authority_id = %s "
    )
    run.rows(
        columns + "AND m.status = %s ORDER BY m.proposed_at, m.id LIMIT 10",
        (ctx.authority_id, PROPOSED),
    )
    run.rows(
        columns
        + "AND m.status = %s AND m.answered_at >= %s ORDER BY m.answered_at DESC, m.id DESC "
        "LIMIT 10",
        (ctx.authority_id, DECLINED, since),
    )
    if agent_id is not None:
        run.rows(
            "SELECT id, published, last_confirmed_at, created_at FROM skills_profile "
            "WHERE agent_id = %s",
            (agent_id,),
        )
        # Own open answers, and answers of agents whose service the user heads or is référent of.
        run.rows(
            "SELECT r.id, r.status, r.agent_id, c.id, c.title, p.id, p.title, a.first_name, "
            "a.last_name, s.name FROM skills_callresponse r "
            "JOIN skills_skillcall c ON c.id = r.call_id "
            "JOIN projects_project p ON p.id = c.project_id "
            "JOIN organisation_agent a ON a.id = r.agent_id "
            "LEFT JOIN organisation_service s ON s.id = a.service_id "
            "WHERE r.authority_id = %s "
            "AND ((r.agent_id = %s AND r.status IN ('invited', 'accepted')) "
            "OR (r.status = 'accepted' AND r.agent_id <> %s AND (s.head_id = %s OR EXISTS ("
            "SELECT 1 FROM organisation_referent f WHERE f.service_id = a.service_id "
            'AND f.agent_id = %s AND f.start <= %s AND (f."end" IS NULL OR f."end" >= %s))))) '
            "ORDER BY r.updated_at, r.id LIMIT 50",
            (ctx.authority_id, agent_id, agent_id, agent_id, agent_id, ctx.today, ctx.today),
        )
        # Open calls open to the agent's service (or everyone) the agent has not answered.
        run.rows(
            "SELECT c.id, c.title, c.created_at, p.id, p.title FROM skills_skillcall c "
            "JOIN projects_project p ON p.id = c.project_id "
            "WHERE c.authority_id = %s AND c.status = 'open' AND (c.audience = 'all' OR EXISTS ("
            "SELECT 1 FROM skills_skillcall_services x WHERE x.skillcall_id = c.id "
            "AND x.service_id = %s)) AND NOT EXISTS (SELECT 1 FROM skills_callresponse r "
            "WHERE r.call_id = c.id AND r.agent_id = %s) "
            "ORDER BY c.created_at DESC, c.id DESC LIMIT 5",
            (ctx.authority_id, service_id, agent_id),
        )
    return FloorResult(run.queries)


def project_list(cursor: Any, ctx: FloorContext) -> FloorResult:
    """Filter options, the count and the first page of filtered projects with their partners."""
    run = _Run(cursor)
    a = ctx.authority_id
    run.rows("SELECT id, name FROM projects_partner WHERE authority_id = %s ORDER BY name", (a,))
    run.rows(
        "SELECT iso2, name_fr FROM core_country WHERE iso2 IN "
        "(SELECT country_id FROM projects_partner WHERE authority_id = %s) ORDER BY name_fr",
        (a,),
    )
    run.rows(
        "SELECT id, name FROM organisation_service WHERE authority_id = %s AND active = %s "
        "ORDER BY name",
        (a, True),
    )
    run.rows("SELECT number, short_fr FROM core_sdggoal ORDER BY number")
    run.rows("SELECT code, label, level FROM core_policyarea WHERE level <= 2 ORDER BY code")
    year = ctx.list_filters["year"]
    where = (
        "WHERE p.authority_id = %s AND p.status = %s AND p.start_date <= %s "
        "AND (p.end_date IS NULL OR p.end_date >= %s)"
    )
    params = (a, ctx.list_filters["status"], datetime.date(year, 12, 31), datetime.date(year, 1, 1))
    run.rows(f"SELECT COUNT(*) FROM projects_project p {where}", params)
    projects = run.rows(
        "SELECT p.id, p.title, p.kind, p.visibility, p.status, p.start_date, p.updated_at, "
        "s.id, s.name, (SELECT COUNT(*) FROM projects_mobilisation m "
        "WHERE m.project_id = p.id AND m.status <> %s) "
        "FROM projects_project p LEFT JOIN organisation_service s ON s.id = p.lead_service_id "
        f"{where} ORDER BY p.updated_at DESC, p.id DESC LIMIT {LIST_PAGE_SIZE}",
        (DECLINED, *params),
    )
    ids = [row[0] for row in projects]
    if ids:
        run.rows(
            "SELECT pp.project_id, pa.name, c.name_fr FROM projects_projectpartner pp "
            "JOIN projects_partner pa ON pa.id = pp.partner_id "
            "JOIN core_country c ON c.iso2 = pa.country_id "
            f"WHERE pp.project_id IN ({_in(ids)}) ORDER BY pa.name, pp.role",
            ids,
        )
    return FloorResult(run.queries, ids)


def project_detail(cursor: Any, ctx: FloorContext) -> FloorResult:
    """The overview tab: the project, partners, classifications and sponsors."""
    run = _Run(cursor)
    p = ctx.project_id
    run.rows(
        "SELECT p.id, p.title, p.summary, p.objectives, p.kind, p.status, p.visibility, "
        "p.start_date, p.end_date, p.marker_gender, p.marker_environment, "
        "p.marker_biodiversity, p.marker_nutrition, p.marker_disability, s.id, s.name "
        "FROM projects_project p LEFT JOIN organisation_service s ON s.id = p.lead_service_id "
        "WHERE p.id = %s AND p.authority_id = %s",
        (p, ctx.authority_id),
    )
    run.rows(
        "SELECT pp.role, pa.id, pa.name, pa.city, c.name_fr FROM projects_projectpartner pp "
        "JOIN projects_partner pa ON pa.id = pp.partner_id "
        "JOIN core_country c ON c.iso2 = pa.country_id "
        "WHERE pp.project_id = %s ORDER BY pa.name, pp.role",
        (p,),
    )
    run.rows(
        "SELECT t.code, t.title_fr, g.number, g.short_fr FROM projects_project_sdg_targets x "
        "JOIN core_sdgtarget t ON t.code = x.sdgtarget_id "
        "JOIN core_sdggoal g ON g.number = t.goal_id "
        "WHERE x.project_id = %s ORDER BY t.goal_id, t.position",
        (p,),
    )
    run.rows(
        "SELECT x.role, e.id, e.first_name, e.last_name, e.mandate FROM projects_projectcarrier x "
        "JOIN organisation_electedofficial e ON e.id = x.official_id "
        "WHERE x.project_id = %s ORDER BY x.role DESC, e.last_name, e.first_name",
        (p,),
    )
    run.rows(
        "SELECT a.code, a.label FROM projects_project_policy_areas x "
        "JOIN core_policyarea a ON a.code = x.policyarea_id "
        "WHERE x.project_id = %s ORDER BY a.code",
        (p,),
    )
    run.rows(
        "SELECT i.code, i.name_fr, i.name_en FROM projects_project_dac_sectors x "
        "JOIN core_codelistitem i ON i.id = x.codelistitem_id WHERE x.project_id = %s "
        "ORDER BY i.code",
        (p,),
    )
    return FloorResult(run.queries)


def profile_search(cursor: Any, ctx: FloorContext) -> FloorResult:
    """Form options, then published profiles (DRI: all of them) scored by criteria met, the
    count with the first page in one query, and the entries of that page in one query."""
    run = _Run(cursor)
    a, s = ctx.authority_id, ctx.search
    run.rows("SELECT code, name_fr FROM core_language ORDER BY name_fr")
    run.rows("SELECT code, rank FROM core_cefrlevel ORDER BY rank")
    run.rows("SELECT iso2, name_fr FROM core_country ORDER BY name_fr")
    run.rows("SELECT code, label, level FROM core_policyarea WHERE level <= 3 ORDER BY code")
    run.rows(
        "SELECT id, name FROM organisation_service WHERE authority_id = %s AND active = %s "
        "ORDER BY name",
        (a, True),
    )
    page = run.rows(
        "SELECT * FROM (SELECT pr.id, ag.first_name, ag.last_name, ag.job_title, sv.name, "
        "(CASE WHEN EXISTS (SELECT 1 FROM skills_profilelanguage l WHERE l.authority_id = %s "
        "AND l.language_id = %s AND l.level_rank >= %s AND l.profile_id = pr.id) "
        "THEN 1 ELSE 0 END) "
        "+ (CASE WHEN EXISTS (SELECT 1 FROM skills_profilecountry c WHERE c.authority_id = %s "
        "AND c.country_id = %s AND c.profile_id = pr.id) THEN 1 ELSE 0 END) AS score "
        "FROM skills_profile pr JOIN organisation_agent ag ON ag.id = pr.agent_id "
        "LEFT JOIN organisation_service sv ON sv.id = ag.service_id "
        "WHERE pr.authority_id = %s AND ag.authority_id = %s AND ag.active = %s "
        "AND pr.published = %s) found WHERE score >= 1 "
        f"ORDER BY score DESC, last_name, first_name, id LIMIT {SEARCH_PAGE_SIZE}",
        (a, s["language"], s["min_rank"], a, s["country"], a, a, True, True),
    )
    run.rows(
        "SELECT COUNT(*) FROM skills_profile pr JOIN organisation_agent ag ON ag.id = pr.agent_id "
        "WHERE pr.authority_id = %s AND ag.authority_id = %s AND ag.active = %s "
        "AND pr.published = %s "
        "AND (EXISTS (SELECT 1 FROM skills_profilelanguage l WHERE l.authority_id = %s "
        "AND l.language_id = %s AND l.level_rank >= %s AND l.profile_id = pr.id) "
        "OR EXISTS (SELECT 1 FROM skills_profilecountry c WHERE c.authority_id = %s "
        "AND c.country_id = %s AND c.profile_id = pr.id))",
        (a, a, True, True, a, s["language"], s["min_rank"], a, s["country"]),
    )
    ids = [row[0] for row in page]
    if ids:
        marks = _in(ids)
        run.rows(
            "SELECT l.profile_id, 'language', g.name_fr, l.level_id, l.oral_level_id, "
            "l.written_level_id FROM skills_profilelanguage l "
            f"JOIN core_language g ON g.code = l.language_id WHERE l.profile_id IN ({marks}) "
            "UNION ALL SELECT c.profile_id, 'country', k.name_fr, c.relation, c.regions, NULL "
            "FROM skills_profilecountry c JOIN core_country k ON k.iso2 = c.country_id "
            f"WHERE c.profile_id IN ({marks}) "
            "UNION ALL SELECT x.profile_id, 'area', pa.code, pa.label, NULL, NULL "
            "FROM skills_profilepolicyarea x "
            "JOIN core_policyarea pa ON pa.code = x.policy_area_id "
            f"WHERE x.profile_id IN ({marks}) "
            "UNION ALL SELECT t.profile_id, 'tag', k.name, k.slug, NULL, NULL "
            "FROM skills_profiletag t JOIN skills_skilltag k ON k.id = t.tag_id "
            f"WHERE t.profile_id IN ({marks})",
            ids * 4,
        )
    return FloorResult(run.queries, ids)


def language_inventory(cursor: Any, ctx: FloorContext) -> FloorResult:
    """Languages of published profiles of active agents, counted by level, and the totals."""
    run = _Run(cursor)
    a = ctx.authority_id
    run.rows("SELECT code FROM core_cefrlevel ORDER BY rank")
    run.rows(
        "SELECT l.language_id, g.name_fr, l.level_rank, COUNT(*) FROM skills_profilelanguage l "
        "JOIN skills_profile p ON p.id = l.profile_id "
        "JOIN organisation_agent ag ON ag.id = p.agent_id "
        "JOIN core_language g ON g.code = l.language_id "
        "WHERE l.authority_id = %s AND p.authority_id = %s AND ag.authority_id = %s "
        "AND p.published = %s AND ag.active = %s "
        "GROUP BY l.language_id, g.name_fr, l.level_rank",
        (a, a, a, True, True),
    )
    run.rows(
        "SELECT COUNT(*), SUM(CASE WHEN p.visibility = 'authority' THEN 1 ELSE 0 END) "
        "FROM skills_profile p JOIN organisation_agent ag ON ag.id = p.agent_id "
        "WHERE p.authority_id = %s AND ag.authority_id = %s AND p.published = %s "
        "AND ag.active = %s",
        (a, a, True, True),
    )
    return FloorResult(run.queries)


def dashboard(cursor: Any, ctx: FloorContext) -> FloorResult:
    """The transversality dashboard for one year, active projects: services with their
    référent flag, the period's projects and mobilisations, the key counters, policy-area
    links, five years of trends and the local-benefit results with their latest measure."""
    run = _Run(cursor)
    year = ctx.dashboard_year
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    active = ("preparation", "ongoing")
    period = (
        "p.authority_id = %s AND p.status IN (%s, %s) "
        "AND (p.start_date <= %s OR (p.start_date IS NULL AND p.created_at < %s)) "
        "AND (p.end_date IS NULL OR p.end_date >= %s)"
    )
    next_year = _dt(timezone.make_aware(datetime.datetime(year + 1, 1, 1)))
    period_params = (ctx.authority_id, *active, last, next_year, first)
    run.rows(
        "SELECT s.id, s.name, s.kind, s.parent_id, s.active, EXISTS (SELECT 1 FROM "
        'organisation_referent r WHERE r.service_id = s.id AND r.start <= %s AND (r."end" IS NULL '
        'OR r."end" >= %s)) FROM organisation_service s WHERE s.authority_id = %s',
        (ctx.today, ctx.today, ctx.authority_id),
    )
    run.rows(
        "SELECT p.id, p.title, p.status, p.start_date, p.end_date, p.lead_service_id, "
        f"p.created_at FROM projects_project p WHERE {period}",
        period_params,
    )
    run.rows(
        "SELECT m.id, m.project_id, m.service_id, m.role, m.status, m.days_planned, "
        "m.days_actual, m.proposed_at FROM projects_mobilisation m "
        f"JOIN projects_project p ON p.id = m.project_id WHERE {period} "
        "AND m.status IN (%s, %s)",
        (*period_params, PROPOSED, "confirmed"),
    )
    run.rows(
        "SELECT (SELECT COUNT(*) FROM skills_profile f JOIN organisation_agent a "
        "ON a.id = f.agent_id WHERE f.authority_id = %s AND f.published = %s AND a.active = %s), "
        "(SELECT COUNT(*) FROM skills_skillcall c WHERE c.authority_id = %s AND c.status = %s), "
        "(SELECT SUM(c.amount) FROM projects_contribution c JOIN projects_project p "
        f"ON p.id = c.project_id WHERE {period} AND c.funder <> %s), "
        "(SELECT SUM(c.amount) FROM projects_contribution c JOIN projects_project p "
        f"ON p.id = c.project_id WHERE {period} AND c.funder = %s AND c.nature = %s)",
        (
            ctx.authority_id,
            True,
            True,
            ctx.authority_id,
            "open",
            *period_params,
            "own",
            *period_params,
            "own",
            "cash",
        ),
    )
    run.rows(
        "SELECT l.project_id, l.policyarea_id FROM projects_project_policy_areas l "
        f"JOIN projects_project p ON p.id = l.project_id WHERE {period}",
        period_params,
    )
    run.rows(
        "SELECT p.start_date FROM projects_project p WHERE p.authority_id = %s "
        "AND p.start_date >= %s AND p.start_date <= %s",
        (ctx.authority_id, datetime.date(year - 4, 1, 1), last),
    )
    run.rows(
        "SELECT COALESCE(m.answered_at, m.proposed_at), m.service_id, m.days_planned, "
        "m.days_actual FROM projects_mobilisation m JOIN projects_project p "
        "ON p.id = m.project_id WHERE p.authority_id = %s AND m.status = %s "
        "AND COALESCE(m.answered_at, m.proposed_at) >= %s "
        "AND COALESCE(m.answered_at, m.proposed_at) < %s",
        (
            ctx.authority_id,
            "confirmed",
            _dt(timezone.make_aware(datetime.datetime(year - 4, 1, 1))),
            next_year,
        ),
    )
    run.rows(
        "SELECT r.id, r.title, r.project_id, p.title FROM projects_result r "
        f"JOIN projects_project p ON p.id = r.project_id WHERE {period} AND r.territory = %s",
        (*period_params, "home"),
    )
    run.rows(
        "SELECT i.result_id, i.title, i.unit, i.baseline, i.target, (SELECT ip.actual FROM "
        "projects_indicatorperiod ip WHERE ip.indicator_id = i.id AND ip.actual IS NOT NULL "
        'ORDER BY ip."end" DESC, ip.start DESC, ip.id DESC LIMIT 1) FROM projects_indicator i '
        "JOIN projects_result r ON r.id = i.result_id JOIN projects_project p "
        f"ON p.id = r.project_id WHERE {period} AND r.territory = %s",
        (*period_params, "home"),
    )
    return FloorResult(run.queries)


def committee(cursor: Any, ctx: FloorContext) -> FloorResult:
    """The committee page: the committee, members with their agent or elected official, open
    actions, ten recent decisions, linked projects, and the first page of upcoming and of past
    meetings with their counts."""
    run = _Run(cursor)
    pk, now = ctx.committee_id, _dt(timezone.now())
    run.rows(
        "SELECT c.id, c.name, c.purpose, c.kind, c.active FROM governance_committee c "
        "WHERE c.id = %s AND c.authority_id = %s",
        (pk, ctx.authority_id),
    )
    run.rows(
        "SELECT m.id, m.position, m.mandate_end, m.external_name, m.external_organisation, "
        "a.first_name, a.last_name, s.name, e.first_name, e.last_name, e.mandate "
        "FROM governance_committeemember m "
        "LEFT JOIN organisation_agent a ON a.id = m.agent_id "
        "LEFT JOIN organisation_service s ON s.id = a.service_id "
        "LEFT JOIN organisation_electedofficial e ON e.id = m.elected_official_id "
        "WHERE m.committee_id = %s",
        (pk,),
    )
    run.rows(
        "SELECT t.id, t.title, t.status, t.due_date, t.owner_text, a.first_name, a.last_name, "
        "p.title, mt.starts_at, d.number FROM governance_actionitem t "
        "LEFT JOIN organisation_agent a ON a.id = t.owner_agent_id "
        "LEFT JOIN projects_project p ON p.id = t.project_id "
        "JOIN governance_meeting mt ON mt.id = t.meeting_id "
        "LEFT JOIN governance_decision d ON d.id = t.decision_id "
        "WHERE t.committee_id = %s AND t.status IN (%s, %s) "
        "ORDER BY t.due_date IS NULL, t.due_date, t.id",
        (pk, "open", "in_progress"),
    )
    run.rows(
        "SELECT d.id, d.year, d.number, d.text, d.decided_on, p.title, mt.starts_at "
        "FROM governance_decision d LEFT JOIN projects_project p ON p.id = d.project_id "
        "JOIN governance_meeting mt ON mt.id = d.meeting_id WHERE d.committee_id = %s "
        "ORDER BY d.decided_on DESC, d.number DESC LIMIT 10",
        (pk,),
    )
    run.rows(
        "SELECT p.id, p.title, p.status FROM projects_project p "
        "JOIN governance_committee_projects l ON l.project_id = p.id "
        "WHERE l.committee_id = %s ORDER BY p.title",
        (pk,),
    )
    for operator, order in ((">=", "ASC"), ("<", "DESC")):
        run.rows(
            f"SELECT COUNT(*) FROM governance_meeting m WHERE m.committee_id = %s "
            f"AND m.starts_at {operator} %s",
            (pk, now),
        )
        run.rows(
            "SELECT m.id, m.starts_at, m.place, m.status FROM governance_meeting m "
            f"WHERE m.committee_id = %s AND m.starts_at {operator} %s "
            f"ORDER BY m.starts_at {order}, m.id {order} LIMIT 10",
            (pk, now),
        )
    return FloorResult(run.queries)


FLOORS: dict[str, Callable[[Any, FloorContext], FloorResult]] = {
    "home": home,
    "org_chart": org_chart,
    "project_list": project_list,
    "project_detail": project_detail,
    "profile_search": profile_search,
    "language_inventory": language_inventory,
    "dashboard": dashboard,
    "committee": committee,
}
