"""The dataset generator: every authority with its organisation, projects, profiles and committees.

Each authority draws from its own random stream, seeded by the dataset seed and the authority's
key, so an authority's rows do not depend on how many others come before it (the benchmarked
authority is the same at ``city`` and ``national`` scale). Rows are numbered by
:class:`~maillage.datasets.writer.Table` and written in bulk, parents first, in one transaction.
"""

from __future__ import annotations

import datetime
import random
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from itertools import accumulate
from math import sqrt

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils.text import slugify

from maillage.core.models import (
    Authority,
    CefrLevel,
    CodeListItem,
    Country,
    Language,
    Membership,
    PolicyArea,
    Role,
    SdgTarget,
    User,
)
from maillage.governance.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Committee,
    CommitteeMember,
    Decision,
    Meeting,
)
from maillage.organisation.models import Agent, Delegation, ElectedOfficial, Referent, Service
from maillage.projects.models import (
    Agreement,
    BudgetLine,
    Commitment,
    Contribution,
    Indicator,
    IndicatorPeriod,
    Mission,
    Mobilisation,
    Partner,
    PartnerContact,
    Payment,
    Project,
    ProjectPartner,
    Result,
    StatusChange,
    WorkedDays,
)
from maillage.projects.partners import gazetteer
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

from . import vocabulary as V
from .scales import AuthoritySpec, Scale, apportion, place_name, plan_authorities
from .writer import ANCHOR, Table, Writer

# Rows kept in memory before a flush: bounds memory at national scale (~3 million rows).
FLUSH_ROWS = 250_000
BENCH_PASSWORD = "maillage-bench"  # noqa: S105 — a throwaway benchmark dataset
# e-APD channels (OECD CRS): partner local government, French local government, NGOs, none yet.
APD_CHANNELS = ("12002", "12002", "11002", "22000", "23000", "")
BENCH_USERNAMES = {role: f"bench-{role}" for role in Role.values}
TODAY = ANCHOR.date()
PROFILE_SHARE = 0.6  # active agents who filled in an international profile

S, M = Project.Status, Mobilisation.Status
STATUS_PATH = (S.IDEA, S.PREPARATION, S.ONGOING, S.COMPLETED)
STATUS_WEIGHTS = ((S.IDEA, 10), (S.PREPARATION, 20), (S.ONGOING, 45), (S.COMPLETED, 20))
SUSPENDED_SHARE = 0.05
# Projects that ran: those with payments and worked days.
MOVED_STATUSES = ("ongoing", "completed", "suspended")


class Tables:
    """Every table the generator writes, in the order they are flushed (parents first)."""

    def __init__(self) -> None:
        self.authority = Table(
            Authority, "name", "slug", "kind", "siren", "iati_identifier", "publishes"
        )
        self.user = Table(
            User,
            "password",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_superuser",
            "is_active",
        )
        self.membership = Table(Membership, "user_id", "authority_id", "role")
        self.service = Table(
            Service, "authority_id", "hr_id", "name", "kind", "parent_id", "head_id", "active"
        )
        self.service_areas = Table(Service.policy_areas.through, "service_id", "policyarea_id")
        self.agent = Table(
            Agent,
            "authority_id",
            "hr_id",
            "first_name",
            "last_name",
            "email",
            "job_title",
            "service_id",
            "active",
            "user_id",
        )
        self.referent = Table(
            Referent, "authority_id", "service_id", "agent_id", "kind", "start", "end"
        )
        self.official = Table(
            ElectedOfficial,
            "authority_id",
            "first_name",
            "last_name",
            "mandate",
            "email",
            "user_id",
            "active",
        )
        self.delegation = Table(Delegation, "elected_official_id", "label", "start")
        self.delegation_areas = Table(
            Delegation.policy_areas.through, "delegation_id", "policyarea_id"
        )
        self.partner = Table(
            Partner,
            "authority_id",
            "name",
            "organisation_type",
            "country_id",
            "city",
            "latitude",
            "longitude",
            "description",
        )
        self.partner_contact = Table(PartnerContact, "partner_id", "name", "position", "email")
        self.agreement = Table(
            Agreement,
            "authority_id",
            "kind",
            "title",
            "deliberation_number",
            "deliberation_date",
            "signature_date",
            "end_date",
            "status",
        )
        self.agreement_partners = Table(Agreement.partners.through, "agreement_id", "partner_id")
        self.project = Table(
            Project,
            "authority_id",
            "title",
            "summary",
            "objectives",
            "kind",
            "status",
            "start_date",
            "end_date",
            "lead_service_id",
            "marker_gender",
            "marker_environment",
            "marker_biodiversity",
            "visibility",
            "apd_channel",
            "created_at",
            "updated_at",
        )
        self.project_sponsors = Table(Project.sponsors.through, "project_id", "official_id")
        self.project_areas = Table(Project.policy_areas.through, "project_id", "policyarea_id")
        self.project_targets = Table(Project.sdg_targets.through, "project_id", "sdgtarget_id")
        self.project_sectors = Table(Project.dac_sectors.through, "project_id", "codelistitem_id")
        self.project_partner = Table(ProjectPartner, "project_id", "partner_id", "role")
        self.status_change = Table(
            StatusChange, "project_id", "from_status", "to_status", "on", "by_id", "at"
        )
        self.mobilisation = Table(
            Mobilisation,
            "project_id",
            "service_id",
            "role",
            "contribution",
            "days_planned",
            "days_actual",
            "status",
            "proposed_by_id",
            "proposed_at",
            "answered_by_id",
            "answered_at",
        )
        self.mobilisation_agents = Table(Mobilisation.agents.through, "mobilisation_id", "agent_id")
        self.budget_line = Table(BudgetLine, "project_id", "category", "label", "amount")
        self.contribution = Table(
            Contribution, "project_id", "funder", "funder_name", "nature", "amount"
        )
        # Money as it moved (the e-APD declaration reads it): commitments, their payments, the
        # months of days the mobilised services worked.
        self.commitment = Table(
            Commitment,
            "project_id",
            "date",
            "amount",
            "beneficiary_kind",
            "partner_id",
            "beneficiary_name",
            "label",
            "m57_function_id",
        )
        self.payment = Table(Payment, "commitment_id", "date", "amount", "reference")
        self.worked_days = Table(WorkedDays, "authority_id", "mobilisation_id", "month", "days")
        self.result = Table(Result, "project_id", "title", "territory", "result_type")
        self.indicator = Table(
            Indicator, "result_id", "title", "unit", "baseline", "baseline_year", "target"
        )
        self.indicator_period = Table(
            IndicatorPeriod, "indicator_id", "start", "end", "target", "actual"
        )
        self.mission = Table(
            Mission,
            "authority_id",
            "project_id",
            "direction",
            "title",
            "start_date",
            "end_date",
            "country_id",
            "cost",
            "youths",
        )
        self.mission_agents = Table(Mission.agents.through, "mission_id", "agent_id")
        self.mission_officials = Table(
            Mission.elected_officials.through, "mission_id", "electedofficial_id"
        )
        self.skill_tag = Table(SkillTag, "authority_id", "name", "slug")
        self.profile = Table(
            Profile,
            "authority_id",
            "agent_id",
            "published",
            "visibility",
            "missions_abroad",
            "hosting_delegations",
            "interpreting",
            "mentoring",
            "published_at",
            "last_confirmed_at",
            "created_at",
            "updated_at",
        )
        self.profile_language = Table(
            ProfileLanguage,
            "profile_id",
            "authority_id",
            "language_id",
            "level_id",
            "level_rank",
            "oral_level_id",
            "written_level_id",
        )
        self.profile_country = Table(
            ProfileCountry, "profile_id", "authority_id", "country_id", "relation"
        )
        self.profile_area = Table(ProfilePolicyArea, "profile_id", "authority_id", "policy_area_id")
        self.profile_tag = Table(ProfileTag, "profile_id", "authority_id", "tag_id")
        self.skill_call = Table(
            SkillCall,
            "authority_id",
            "project_id",
            "title",
            "language_id",
            "min_level_id",
            "country_id",
            "availability",
            "effort_days",
            "audience",
            "status",
            "created_by_id",
            "created_at",
            "updated_at",
        )
        self.skill_call_areas = Table(
            SkillCall.policy_areas.through, "skillcall_id", "policyarea_id"
        )
        self.skill_call_tags = Table(SkillCall.tags.through, "skillcall_id", "skilltag_id")
        self.skill_call_services = Table(SkillCall.services.through, "skillcall_id", "service_id")
        self.call_response = Table(
            CallResponse, "call_id", "authority_id", "agent_id", "origin", "status", "created_at"
        )
        self.response_step = Table(ResponseStep, "response_id", "step", "at")
        self.committee = Table(Committee, "authority_id", "name", "purpose", "kind", "active")
        self.committee_projects = Table(Committee.projects.through, "committee_id", "project_id")
        self.committee_areas = Table(
            Committee.policy_areas.through, "committee_id", "policyarea_id"
        )
        self.committee_member = Table(
            CommitteeMember,
            "authority_id",
            "committee_id",
            "agent_id",
            "elected_official_id",
            "external_name",
            "external_organisation",
            "position",
            "mandate_end",
        )
        self.meeting = Table(
            Meeting, "authority_id", "committee_id", "starts_at", "place", "status", "minutes"
        )
        self.agenda_item = Table(AgendaItem, "meeting_id", "position", "title", "project_id")
        self.attendance = Table(Attendance, "meeting_id", "member_id", "status")
        self.decision = Table(
            Decision,
            "authority_id",
            "committee_id",
            "meeting_id",
            "year",
            "number",
            "text",
            "project_id",
            "decided_on",
        )
        self.action_item = Table(
            ActionItem,
            "authority_id",
            "committee_id",
            "meeting_id",
            "decision_id",
            "title",
            "owner_agent_id",
            "owner_text",
            "due_date",
            "status",
            "closed_on",
            "project_id",
            "created_at",
        )

    def all(self) -> list[Table]:
        return list(vars(self).values())

    def pending(self) -> int:
        return sum(len(t) for t in self.all())


@dataclass
class Reference:
    """Reference data shipped by migrations, read once."""

    areas: list[str]
    area_set: frozenset[str]
    languages: frozenset[str]
    levels: list[tuple[str, int]]
    countries: list[str]
    sdg_targets: list[str]
    sectors: list[int]

    @classmethod
    def load(cls) -> Reference:
        areas = list(
            PolicyArea.objects.filter(level__in=(2, 3))
            .order_by("code")
            .values_list("code", flat=True)
        )
        return cls(
            areas=areas,
            area_set=frozenset(areas),
            languages=frozenset(Language.objects.values_list("code", flat=True)),
            levels=list(CefrLevel.objects.order_by("rank").values_list("code", "rank")),
            countries=list(Country.objects.order_by("iso2").values_list("iso2", flat=True)),
            sdg_targets=list(SdgTarget.objects.order_by("code").values_list("code", flat=True)),
            sectors=list(
                CodeListItem.objects.filter(codelist="Sector", withdrawn=False)
                .order_by("code")
                .values_list("pk", flat=True)
            ),
        )


@dataclass
class Stats:
    seconds: float = 0.0
    generate_seconds: float = 0.0
    write_seconds: float = 0.0
    finish_seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    bench_authority_id: int = 0
    bench_users: dict[str, str] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


@dataclass
class _Node:
    id: int
    name: str
    kind: str
    parent: int | None
    directorate: int  # index into vocabulary.DIRECTORATES
    agents: list[int] = field(default_factory=list)


def _ascii(text: str) -> str:
    bare = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return bare.lower().replace(" ", "-").replace("'", "")


def _cum(weights: Sequence[float]) -> list[float]:
    return list(accumulate(weights))


class Generator:
    """Generate a scale into the configured (empty) database."""

    def __init__(
        self,
        scale: Scale,
        seed: int,
        progress: Callable[[int], None] | None = None,
        flush_rows: int = FLUSH_ROWS,
    ) -> None:
        self.scale = scale
        self.seed = seed
        self.progress = progress
        self.flush_rows = flush_rows
        self.specs = plan_authorities(scale, seed)
        self.t = Tables()
        self.writer = Writer()
        self.stats = Stats()
        self._ascii_first = {n: _ascii(n) for n in V.FIRST_NAMES}
        self._ascii_last = {n: _ascii(n) for n in V.LAST_NAMES}
        self.bench_agents: dict[int, int] = {}  # bench user id -> their agent id

    # --- Orchestration ----------------------------------------------------------------------

    def run(self) -> Stats:
        started = time.perf_counter()
        self.ref = Reference.load()
        self._prepare_reference()
        with transaction.atomic():
            for spec in self.specs:
                t0 = time.perf_counter()
                self._authority(spec)
                self.stats.generate_seconds += time.perf_counter() - t0
                if self.t.pending() >= self.flush_rows:
                    self._flush()
                if self.progress is not None:
                    self.progress(spec.shape.agents)
            self._flush()
            t0 = time.perf_counter()
            self.writer.reset_sequences(self.t.all())
            self.stats.finish_seconds += time.perf_counter() - t0
        self.stats.rows = {t.model._meta.label: t.count for t in self.t.all()}
        self.stats.seconds = time.perf_counter() - started
        return self.stats

    def _flush(self) -> None:
        t0 = time.perf_counter()
        for table in self.t.all():
            self.writer.write(table)
        self.stats.write_seconds += time.perf_counter() - t0

    def _prepare_reference(self) -> None:
        ref = self.ref
        self.languages = [
            (code, share, _cum(levels))
            for code, share, levels in V.LANGUAGES
            if code in ref.languages
        ]
        self.language_codes = [code for code, _share, _levels in self.languages]
        self.language_cum = _cum([share for _code, share, _levels in self.languages])
        self.level_codes = [code for code, _rank in ref.levels]
        self.level_rank = dict(ref.levels)
        known = set(ref.countries)
        self.known_countries = [c for c, _w in V.KNOWN_COUNTRIES if c in known]
        self.known_cum = _cum([w for c, w in V.KNOWN_COUNTRIES if c in known])
        self.partner_countries = [c for c, _w in V.PARTNER_COUNTRIES if c in known]
        self.partner_cum = _cum([w for c, w in V.PARTNER_COUNTRIES if c in known])
        self.cities = {
            cc: list(gazetteer.cities(cc)[:40]) or [None] for cc in self.partner_countries
        }
        self.status_values = [s for s, _w in STATUS_WEIGHTS]
        self.status_cum = _cum([w for _s, w in STATUS_WEIGHTS])
        self.directorate_areas = [
            [code for code in codes if code in ref.area_set] or ref.areas[:1]
            for _name, _services, codes in V.DIRECTORATES
        ]
        self.tag_slugs = [slugify(name, allow_unicode=True) for name in V.SKILL_TAGS]
        self.password = make_password(BENCH_PASSWORD, salt="maillagebench")

    # --- One authority ----------------------------------------------------------------------

    def _authority(self, spec: AuthoritySpec) -> None:
        rng = random.Random(f"maillage-dataset:{self.seed}:{spec.key}")
        t = self.t
        publishes = spec.bench or rng.random() < 0.3
        authority_id = t.authority.add(
            spec.name,
            spec.slug,
            spec.kind,
            spec.siren,
            f"FR-SIREN-{spec.siren}" if publishes else "",
            publishes,
        )
        assert authority_id == spec.index + 1, "authorities are numbered in order"
        users = self._bench_users(authority_id) if spec.bench else {}
        if spec.bench:
            self.stats.bench_authority_id = authority_id
        nodes = self._services(rng, spec, authority_id)
        agents = self._agents(rng, spec, authority_id, nodes, users)
        self._referents(rng, authority_id, nodes, users)
        officials = self._officials(rng, spec, authority_id, users)
        partners = self._partners(rng, spec, authority_id)
        projects = self._projects(rng, spec, authority_id, nodes, officials, partners, users)
        n_tags = min(len(V.SKILL_TAGS), 5 + spec.shape.agents // 40)
        tags = [
            self.t.skill_tag.add(authority_id, V.SKILL_TAGS[i], self.tag_slugs[i])
            for i in range(n_tags)
        ]
        self._profiles(rng, spec, authority_id, agents, tags)
        self._calls(rng, authority_id, projects, nodes, tags, users)
        self._committees(rng, spec, authority_id, projects, nodes, officials, users)

    def _bench_users(self, authority_id: int) -> dict[str, int]:
        users = {}
        for role in Role.values:
            username = BENCH_USERNAMES[role]
            users[role] = self.t.user.add(
                self.password,
                username,
                "Banc",
                f"d'essai ({role})",
                f"{username}@valmont-sur-orne.example.fr",
                False,
                False,
                True,
            )
            self.t.membership.add(users[role], authority_id, role)
            self.stats.bench_users[role] = username
        return users

    def _services(self, rng: random.Random, spec: AuthoritySpec, authority_id: int) -> list[_Node]:
        n_services = max(6, round(spec.shape.agents / 25))
        n_dirs = min(len(V.DIRECTORATES), max(2, round(sqrt(n_services) * 0.9)))
        # The general secretariat and the international relations directorate always exist.
        chosen = [0, 1, *sorted(rng.sample(range(2, len(V.DIRECTORATES)), n_dirs - 2))]
        next_id = self.t.service.next_id
        nodes: list[_Node] = []

        def node(name: str, kind: str, parent: int | None, directorate: int) -> _Node:
            item = _Node(next_id + len(nodes), name, kind, parent, directorate)
            nodes.append(item)
            return item

        directorates = [node(V.DIRECTORATES[d][0], "directorate", None, d) for d in chosen]
        rest = n_services - n_dirs
        n_units = rest // 4
        services: list[_Node] = []
        used: dict[int, int] = {}
        for k in range(rest - n_units):
            parent = directorates[k % n_dirs]
            names = V.DIRECTORATES[parent.directorate][1]
            i = used.get(parent.directorate, 0)
            used[parent.directorate] = i + 1
            name = names[i % len(names)] + (
                f" — secteur {i // len(names) + 1}" if i >= len(names) else ""
            )
            services.append(node(name, "service", parent.id, parent.directorate))
        for k in range(n_units):
            parent = services[rng.randrange(len(services))] if services else directorates[0]
            unit = V.UNIT_NAMES[k % len(V.UNIT_NAMES)]
            node(f"{unit} ({parent.name})", "unit", parent.id, parent.directorate)
        return nodes

    def _agents(
        self,
        rng: random.Random,
        spec: AuthoritySpec,
        authority_id: int,
        nodes: list[_Node],
        users: dict[str, int],
    ) -> list[tuple[int, int]]:
        """Agents of the authority: every service has one (its head), the rest by weight."""
        t = self.t
        first_id = t.agent.next_id
        n = spec.shape.agents
        weights = [
            (0.25 if nd.kind == "directorate" else 0.7 if nd.kind == "unit" else 1.0)
            * rng.uniform(0.5, 1.5)
            for nd in nodes
        ]
        placement = list(range(len(nodes))) + rng.choices(
            range(len(nodes)), cum_weights=_cum(weights), k=max(0, n - len(nodes))
        )
        first_names, last_names = V.FIRST_NAMES, V.LAST_NAMES
        ascii_first, ascii_last = self._ascii_first, self._ascii_last
        domain = f"{spec.slug}.example.fr"
        jobs = V.JOB_TITLES
        linked = self._link_users(nodes, placement, users)
        active: list[tuple[int, int]] = []  # (agent id, node index)
        for i, where in enumerate(placement):
            first, last = rng.choice(first_names), rng.choice(last_names)
            nd = nodes[where]
            agent_id = first_id + i
            user_id = linked.get(i)
            is_active = i < len(nodes) or user_id is not None or rng.random() >= 0.03
            t.agent.add(
                authority_id,
                f"A{i + 1:06d}",
                first,
                last,
                f"{ascii_first[first]}.{ascii_last[last]}{i + 1}@{domain}",
                rng.choice(jobs),
                nd.id,
                is_active,
                user_id,
            )
            if user_id is not None:
                self.bench_agents[user_id] = agent_id
            if is_active:
                nd.agents.append(agent_id)
                active.append((agent_id, where))
        heads = {
            nodes[placement[i]].id: first_id + i
            for i, user_id in linked.items()
            if user_id == users.get(Role.DIRECTION)
        }
        assert t.service.next_id == nodes[0].id, "services are numbered in order"
        for nd in nodes:
            head = nd.agents[0] if nd.agents and rng.random() < 0.9 else None
            head = heads.get(nd.id, head)
            t.service.add(
                authority_id,
                f"S{nd.id - nodes[0].id + 1:05d}",
                nd.name,
                nd.kind,
                nd.parent,
                head,
                True,
            )
            areas = self.directorate_areas[nd.directorate]
            for code in rng.sample(areas, min(len(areas), 1 + (rng.random() < 0.4))):
                t.service_areas.add(nd.id, code)
        return active

    def _link_users(
        self, nodes: list[_Node], placement: list[int], users: dict[str, int]
    ) -> dict[int, int]:
        """Bench users get an agent record where their role makes sense: {agent index: user}."""
        if not users:
            return {}
        dgs = nodes[0]
        dri = next((nd for nd in nodes if nd.directorate == 1 and nd.kind != "directorate"), dgs)
        other_dir = next(
            (nd for nd in nodes if nd.kind == "directorate" and nd.directorate > 1), dgs
        )
        plain = next(
            (nd for nd in reversed(nodes) if nd.kind == "service" and nd.directorate > 1), dri
        )
        targets = {
            Role.ADMIN: dgs,
            Role.DRI: dri,
            Role.REFERENT: self._referent_service(nodes),
            Role.DIRECTION: other_dir,
            Role.AGENT: plain,
        }
        linked: dict[int, int] = {}
        for role, target in targets.items():
            where = nodes.index(target)
            # The first agent of that service not linked yet (several roles may share a service).
            index = next(i for i, w in enumerate(placement) if w == where and i not in linked)
            linked[index] = users[role]
        return linked

    @staticmethod
    def _referent_service(nodes: list[_Node]) -> _Node:
        """The bench référent's own service: one with siblings, outside international relations."""
        by_parent: dict[int | None, list[_Node]] = {}
        for nd in nodes:
            if nd.kind == "service":
                by_parent.setdefault(nd.parent, []).append(nd)
        for siblings in by_parent.values():
            if len(siblings) >= 2 and siblings[0].directorate > 1:
                return siblings[0]
        return next(nd for nd in nodes if nd.kind != "directorate")

    def _referents(
        self, rng: random.Random, authority_id: int, nodes: list[_Node], users: dict[str, int]
    ) -> None:
        t = self.t
        for nd in nodes:
            if nd.kind == "directorate" or not nd.agents:
                continue
            if rng.random() < 0.2:  # a past mandate
                start = _day(rng, datetime.date(2016, 1, 1), datetime.date(2019, 12, 31))
                end = _day(rng, datetime.date(2020, 1, 1), datetime.date(2023, 12, 31))
                t.referent.add(authority_id, nd.id, rng.choice(nd.agents), "holder", start, end)
            if rng.random() < 0.75:
                start = _day(rng, datetime.date(2020, 1, 1), datetime.date(2025, 12, 31))
                t.referent.add(authority_id, nd.id, rng.choice(nd.agents), "holder", start, None)
                if rng.random() < 0.25:
                    t.referent.add(
                        authority_id, nd.id, rng.choice(nd.agents), "substitute", start, None
                    )
        if users:
            own = self._referent_service(nodes)
            agent_id = self.bench_agents[users[Role.REFERENT]]
            siblings = [nd for nd in nodes if nd.parent == own.parent and nd.kind == "service"]
            for nd in siblings[:3]:
                t.referent.add(
                    authority_id, nd.id, agent_id, "holder", datetime.date(2024, 1, 1), None
                )

    def _officials(
        self, rng: random.Random, spec: AuthoritySpec, authority_id: int, users: dict[str, int]
    ) -> list[int]:
        t = self.t
        n = min(60, max(5, round(5 + spec.shape.agents / 150)))
        head = {"region": "Président", "departement": "Présidente", "epci": "Président"}.get(
            spec.kind, "Maire"
        )
        officials = []
        for i in range(n):
            first, last = rng.choice(V.FIRST_NAMES), rng.choice(V.LAST_NAMES)
            mandate = head if i == 0 else V.MANDATES[(i - 1) % len(V.MANDATES)]
            user_id = users.get(Role.ELECTED) if i == 1 else None
            official = t.official.add(
                authority_id,
                first,
                last,
                mandate,
                f"{self._ascii_first[first]}.{self._ascii_last[last]}@elus.{spec.slug}.example.fr",
                user_id,
                True,
            )
            officials.append(official)
            if i == 0:
                continue
            delegation = t.delegation.add(
                official, mandate.split(" ", 1)[-1][:200], datetime.date(2020, 7, 1)
            )
            for code in rng.sample(self.ref.areas, 1 + (rng.random() < 0.5)):
                t.delegation_areas.add(delegation, code)
        return officials

    def _partners(
        self, rng: random.Random, spec: AuthoritySpec, authority_id: int
    ) -> list[tuple[int, str, str]]:
        """(id, country, city) of each partner; a few agreements with them."""
        t = self.t
        partners = []
        for _i in range(spec.shape.partners):
            country = rng.choices(self.partner_countries, cum_weights=self.partner_cum)[0]
            city = rng.choice(self.cities[country])
            city_name = city.name if city is not None else place_name(rng)
            government = rng.random() < 0.8
            name = f"Ville de {city_name}" if government else f"Association des amis de {city_name}"
            partner = t.partner.add(
                authority_id,
                name,
                "10" if government else rng.choice(("21", "22", "70")),
                country,
                city_name,
                city.latitude if city is not None else None,
                city.longitude if city is not None else None,
                f"Partenaire de la collectivité depuis {rng.randrange(1975, 2024)}.",
            )
            first, last = rng.choice(V.FIRST_NAMES), rng.choice(V.LAST_NAMES)
            t.partner_contact.add(
                partner,
                f"{first} {last}",
                "Chargé des relations internationales",
                f"{self._ascii_first[first]}.{self._ascii_last[last]}@partenaire.example.org",
            )
            partners.append((partner, country, city_name))
        kinds = ("twinning", "cooperation", "friendship", "memorandum")
        for i in range(max(1, len(partners) // 3) if partners else 0):
            partner, _country, city_name = partners[i * 3 % len(partners)]
            signed = _day(rng, datetime.date(1980, 1, 1), datetime.date(2025, 12, 31))
            agreement = t.agreement.add(
                authority_id,
                rng.choice(kinds),
                f"Convention avec {city_name}",
                f"DEL-{signed.year}-{rng.randrange(1, 400):03d}",
                signed - datetime.timedelta(days=rng.randrange(20, 90)),
                signed,
                signed + datetime.timedelta(days=365 * rng.randrange(3, 10)),
                "in_force" if rng.random() < 0.8 else "expired",
            )
            t.agreement_partners.add(agreement, partner)
        return partners

    def _projects(
        self,
        rng: random.Random,
        spec: AuthoritySpec,
        authority_id: int,
        nodes: list[_Node],
        officials: list[int],
        partners: list[tuple[int, str, str]],
        users: dict[str, int],
    ) -> list[int]:
        t = self.t
        candidates = [nd for nd in nodes if nd.kind != "directorate" and nd.agents]
        n_projects = spec.shape.projects
        # Mobilisations per project: one at least, the rest spread at random (2-8 per project).
        cap = min(8, len(candidates))
        counts = [1] * n_projects
        spare = list(range(n_projects))
        for _ in range(max(0, spec.shape.mobilisations - n_projects)):
            while spare:
                i = rng.randrange(len(spare))
                if counts[spare[i]] < cap:
                    counts[spare[i]] += 1
                    break
                spare[i] = spare[-1]
                spare.pop()
        dri_user = users.get(Role.DRI)
        referent_user = users.get(Role.REFERENT)
        kinds = list(V.PROJECT_TITLES)
        projects = []
        for p in range(n_projects):
            kind = rng.choice(kinds)
            links = rng.sample(
                partners, min(len(partners), 1 + (rng.random() < 0.5) + (rng.random() < 0.2))
            )
            city = links[0][2] if links else place_name(rng)
            status = rng.choices(self.status_values, cum_weights=self.status_cum)[0]
            start = (
                None
                if status == S.IDEA and rng.random() < 0.5
                else _day(rng, datetime.date(2019, 1, 1), datetime.date(2027, 6, 30))
            )
            end = (
                start + datetime.timedelta(days=rng.randrange(180, 1500))
                if start is not None and rng.random() < 0.8
                else None
            )
            created = ANCHOR - datetime.timedelta(seconds=rng.randrange(30, 6 * 365) * 86_400)
            updated = created + (ANCHOR - created) * rng.random()
            lead = rng.choice(candidates) if candidates and rng.random() < 0.9 else None
            summary = " ".join(s.format(city=city) for s in rng.sample(V.SUMMARY_SENTENCES, 3))
            project = t.project.add(
                authority_id,
                rng.choice(V.PROJECT_TITLES[kind]).format(city=city),
                summary,
                "\n".join(o.format(city=city) for o in rng.sample(V.OBJECTIVES, 2)),
                kind,
                S.SUSPENDED if rng.random() < SUSPENDED_SHARE else status,
                start,
                end,
                lead.id if lead else None,
                rng.randrange(3),
                rng.randrange(3),
                rng.randrange(3),
                "public" if rng.random() < 0.2 else "internal",
                # Drawn without the random stream, so that the other columns stay as they were.
                APD_CHANNELS[len(projects) % len(APD_CHANNELS)],
                created,
                updated,
            )
            projects.append(project)
            for partner, _country, _city in links:
                t.project_partner.add(project, partner, rng.choice("1244"))
            for official in rng.sample(officials, min(len(officials), rng.randrange(3))):
                t.project_sponsors.add(project, official)
            areas = self.directorate_areas[lead.directorate] if lead else self.ref.areas
            for code in rng.sample(areas, min(len(areas), 1 + rng.randrange(3))):
                t.project_areas.add(project, code)
            for target in rng.sample(self.ref.sdg_targets, 1 + rng.randrange(3)):
                t.project_targets.add(project, target)
            for sector in rng.sample(self.ref.sectors, rng.randrange(3)):
                t.project_sectors.add(project, sector)
            self._status_changes(rng, project, status, created, dri_user)
            mobilised = self._mobilisations(
                rng, project, counts[p], lead, candidates, created, dri_user, referent_user
            )
            self._funding(rng, project)
            if start is not None and status in MOVED_STATUSES:
                self._money(project, authority_id, links, mobilised, start)
            self._results(rng, project, start)
            if links and rng.random() < 0.4:
                self._mission(rng, authority_id, project, links[0][1], city, lead, officials)
        return projects

    def _status_changes(
        self,
        rng: random.Random,
        project: int,
        status: str,
        created: datetime.datetime,
        user: int | None,
    ) -> None:
        previous = ""
        at = created
        for step in STATUS_PATH[: STATUS_PATH.index(status) + 1]:
            self.t.status_change.add(project, previous, step, at.date(), user, at)
            previous = step
            at = at + (ANCHOR - at) * rng.random() * 0.5

    def _mobilisations(
        self,
        rng: random.Random,
        project: int,
        count: int,
        lead: _Node | None,
        candidates: list[_Node],
        created: datetime.datetime,
        dri_user: int | None,
        referent_user: int | None,
    ) -> list[int]:
        """Add the project's mobilisations; the ids of the confirmed ones."""
        t = self.t
        confirmed = []
        chosen = rng.sample(candidates, min(count, len(candidates)))
        if lead is not None and lead not in chosen and chosen:
            chosen[0] = lead
        for nd in chosen:
            roll = rng.random()
            status = M.CONFIRMED if roll < 0.65 else M.PROPOSED if roll < 0.9 else M.DECLINED
            planned = Decimal(rng.randrange(2, 60))
            proposed = created + (ANCHOR - created) * rng.random()
            answered = (
                None if status == M.PROPOSED else proposed + (ANCHOR - proposed) * rng.random()
            )
            mobilisation = t.mobilisation.add(
                project,
                nd.id,
                "lead" if nd is lead else rng.choice(("contributor", "contributor", "consulted")),
                f"Apport du service {nd.name} : expertise et temps agents.",
                planned,
                (planned * Decimal(rng.randrange(0, 101)) / 100).quantize(Decimal("0.1"))
                if status == M.CONFIRMED
                else Decimal(0),
                status,
                dri_user,
                proposed,
                referent_user if answered is not None else None,
                answered,
            )
            for agent in rng.sample(nd.agents, min(len(nd.agents), rng.randrange(4))):
                t.mobilisation_agents.add(mobilisation, agent)
            if status == M.CONFIRMED:
                confirmed.append(mobilisation)
        return confirmed

    def _money(
        self,
        project: int,
        authority_id: int,
        links: list[tuple[int, str, str]],
        mobilised: list[int],
        start: datetime.date,
    ) -> None:
        """Payments to a partner and a provider, and months of worked days, 2023-2026.

        Drawn from a random stream of the project's own, so that adding them left every other
        column of the dataset as it was."""
        t = self.t
        rng = random.Random(f"money-{project}")
        first = max(start, datetime.date(2023, 1, 1))
        last = datetime.date(2026, 11, 30)
        if first > last:
            return
        if links:
            amount = Decimal(rng.randrange(2_000, 40_000))
            commitment = t.commitment.add(
                project,
                first,
                amount,
                "partner",
                links[0][0],
                "",
                "Subvention au partenaire",
                "044",
            )
            parts = 1 + rng.randrange(3)
            for i in range(parts):
                share = (amount / parts).quantize(Decimal("0.01"), ROUND_DOWN)
                t.payment.add(commitment, _day(rng, first, last), share, f"M-{commitment}-{i}")
        amount = Decimal(rng.randrange(500, 12_000))
        commitment = t.commitment.add(
            project, first, amount, "provider", None, "Prestataire", "Prestation", "045"
        )
        t.payment.add(commitment, _day(rng, first, last), amount, f"M-{commitment}-0")
        for mobilisation in mobilised:
            months = set()
            for _i in range(1 + rng.randrange(4)):
                day = _day(rng, first, last)
                months.add(day.replace(day=1))
            for month in sorted(months):
                days = Decimal(rng.randrange(1, 40)) / 2
                t.worked_days.add(authority_id, mobilisation, month, days)

    def _funding(self, rng: random.Random, project: int) -> None:
        t = self.t
        total = 0
        for category in rng.sample(list(V.BUDGET_LABELS), 3 + rng.randrange(4)):
            amount = rng.randrange(1_000, 80_000)
            total += amount
            t.budget_line.add(
                project, category, rng.choice(V.BUDGET_LABELS[category]), Decimal(amount)
            )
        shares = (("own", "cash", 0.4), ("ministry", "cash", 0.3), ("own", "in_kind", 0.1))
        extra = (("afd", "cash", 0.2), ("eu", "cash", 0.2), ("partner", "in_kind", 0.1))
        for funder, nature, share in shares + tuple(rng.sample(extra, rng.randrange(2))):
            t.contribution.add(
                project, funder, "", nature, Decimal(round(total * share * rng.uniform(0.8, 1.2)))
            )

    def _results(self, rng: random.Random, project: int, start: datetime.date | None) -> None:
        t = self.t
        begin = start or datetime.date(2025, 1, 1)
        for title in rng.sample(V.RESULT_TITLES, 1 + rng.randrange(3)):
            result = t.result.add(
                project, title, "home" if rng.random() < 0.2 else "partner", rng.choice("112")
            )
            for name, unit in rng.sample(V.INDICATOR_TITLES, 1 + (rng.random() < 0.5)):
                target = Decimal(rng.randrange(10, 500))
                indicator = t.indicator.add(result, name, unit, Decimal(0), begin.year, target)
                for k in range(1 + (rng.random() < 0.5)):
                    period_start = datetime.date(begin.year + k, 1, 1)
                    t.indicator_period.add(
                        indicator,
                        period_start,
                        datetime.date(begin.year + k, 12, 31),
                        (target / 2).quantize(Decimal("1")),
                        Decimal(rng.randrange(0, int(target))) if period_start < TODAY else None,
                    )

    def _mission(
        self,
        rng: random.Random,
        authority_id: int,
        project: int,
        country: str,
        city: str,
        lead: _Node | None,
        officials: list[int],
    ) -> None:
        t = self.t
        start = _day(rng, datetime.date(2019, 1, 1), datetime.date(2026, 10, 1))
        outgoing = rng.random() < 0.6
        mission = t.mission.add(
            authority_id,
            project,
            "outgoing" if outgoing else "incoming",
            f"Mission à {city}" if outgoing else f"Accueil d'une délégation de {city}",
            start,
            start + datetime.timedelta(days=rng.randrange(1, 10)),
            country,
            Decimal(rng.randrange(500, 15_000)),
            rng.randrange(0, 12) if rng.random() < 0.3 else 0,
        )
        if lead is not None:
            for agent in rng.sample(lead.agents, min(len(lead.agents), 1 + rng.randrange(2))):
                t.mission_agents.add(mission, agent)
        if officials and rng.random() < 0.5:
            t.mission_officials.add(mission, rng.choice(officials))

    # --- International profiles -------------------------------------------------------------

    def _profiles(
        self,
        rng: random.Random,
        spec: AuthoritySpec,
        authority_id: int,
        agents: list[tuple[int, int]],
        tags: list[int],
    ) -> None:
        """Profiles of a share of the active agents, with exactly the authority's entry count."""
        t = self.t
        entries = spec.shape.profile_entries
        n_profiles = min(len(agents), entries, round(len(agents) * PROFILE_SHARE))
        if n_profiles == 0:
            return
        # The bench users' agents have a profile: their pages show it.
        chosen = sorted(
            set(rng.sample(agents, n_profiles))
            | {pair for pair in agents if pair[0] in self.bench_agents.values()}
        )
        n_tags = len(tags)
        sizes = apportion(entries, [rng.random() + 0.25 for _ in chosen], minimum=1)
        languages, language_cum = self.language_codes, self.language_cum
        level_info = {code: cum for code, _share, cum in self.languages}
        level_codes, level_rank = self.level_codes, self.level_rank
        countries, known, known_cum = self.ref.countries, self.known_countries, self.known_cum
        areas = self.ref.areas
        relations = ("lived", "worked", "studied", "visited", "visited")
        add_language = t.profile_language.add
        add_country = t.profile_country.add
        add_area = t.profile_area.add
        add_tag = t.profile_tag.add
        random_ = rng.random
        for (agent_id, _where), size in zip(chosen, sizes, strict=True):
            created = ANCHOR - datetime.timedelta(seconds=rng.randrange(86_400, 4 * 365 * 86_400))
            published = random_() < 0.8
            confirmed = created + (ANCHOR - created) * random_()
            profile = t.profile.add(
                authority_id,
                agent_id,
                published,
                "authority" if random_() < 0.5 else "restricted",
                random_() < 0.4,
                random_() < 0.3,
                random_() < 0.1,
                random_() < 0.15,
                created if published else None,
                confirmed,
                created,
                confirmed,
            )
            # How the entries split: a language first, then languages, countries, areas, tags.
            n_lang, n_country, n_area, n_tag = 1, 0, 0, 0
            for _ in range(size - 1):
                roll = random_()
                if roll < 0.3 and n_lang < 6:
                    n_lang += 1
                elif roll < 0.62 and n_country < 10:
                    n_country += 1
                elif roll < 0.9 and n_area < 10:
                    n_area += 1
                elif n_tag < min(4, n_tags):
                    n_tag += 1
                elif n_country < 20:
                    n_country += 1
                else:
                    n_area += 1
            seen: set[str] = set()
            while len(seen) < n_lang:
                code = rng.choices(languages, cum_weights=language_cum)[0]
                if code in seen:
                    if len(seen) >= len(languages) - 1:
                        break
                    continue
                seen.add(code)
                level = rng.choices(level_codes, cum_weights=level_info[code])[0]
                detail = random_() < 0.25
                add_language(
                    profile,
                    authority_id,
                    code,
                    level,
                    level_rank[level],
                    level if detail else None,
                    level if detail and random_() < 0.5 else None,
                )
            picked: set[str] = set()
            while len(picked) < n_country:
                iso = (
                    rng.choices(known, cum_weights=known_cum)[0]
                    if random_() < 0.85
                    else countries[int(random_() * len(countries))]
                )
                if iso not in picked:
                    picked.add(iso)
                    add_country(profile, authority_id, iso, relations[int(random_() * 5)])
            for code in rng.sample(areas, min(n_area, len(areas))):
                add_area(profile, authority_id, code)
            for tag in rng.sample(tags, min(n_tag, len(tags))):
                add_tag(profile, authority_id, tag)

    def _calls(
        self,
        rng: random.Random,
        authority_id: int,
        projects: list[int],
        nodes: list[_Node],
        tags: list[int],
        users: dict[str, int],
    ) -> None:
        """A few calls for competences, with answers from agents."""
        t = self.t
        n_calls = round(len(projects) * 0.15)
        if not projects or not n_calls:
            return
        services = [nd for nd in nodes if nd.kind != "directorate" and nd.agents]
        agents = [a for nd in services for a in nd.agents]
        for _ in range(n_calls):
            created = ANCHOR - datetime.timedelta(seconds=rng.randrange(86_400, 365 * 86_400))
            is_open = rng.random() < 0.7
            language = rng.choice(self.language_codes[:8]) if rng.random() < 0.5 else None
            by_services = rng.random() < 0.2
            call = t.skill_call.add(
                authority_id,
                rng.choice(projects),
                rng.choice(V.CALL_TITLES),
                language,
                rng.choice(self.level_codes[2:5]) if language else None,
                rng.choice(self.partner_countries) if rng.random() < 0.3 else None,
                rng.choice(("", "", "missions_abroad", "interpreting")),
                Decimal(rng.randrange(1, 20)),
                "services" if by_services else "all",
                "open" if is_open else "closed",
                users.get(Role.DRI),
                created,
                created,
            )
            if rng.random() < 0.4:
                t.skill_call_areas.add(call, rng.choice(self.ref.areas))
            if tags and rng.random() < 0.3:
                t.skill_call_tags.add(call, rng.choice(tags[:5]))
            if by_services:
                for nd in rng.sample(services, min(len(services), 2)):
                    t.skill_call_services.add(call, nd.id)
            for agent in rng.sample(agents, min(len(agents), rng.randrange(4))):
                response = t.call_response.add(
                    call, authority_id, agent, "volunteered", "accepted", created
                )
                t.response_step.add(response, "volunteered", created)

    # --- Steering committees ----------------------------------------------------------------

    def _committees(
        self,
        rng: random.Random,
        spec: AuthoritySpec,
        authority_id: int,
        projects: list[int],
        nodes: list[_Node],
        officials: list[int],
        users: dict[str, int],
    ) -> None:
        """Committees holding exactly the authority's meeting count, one planned ahead each.

        Held meetings have minutes, attendance, decisions (numbered per committee and year) and
        action items, the older ones mostly closed; the bench DRI sits on every committee and
        the bench agent owns some actions ("mes actions").
        """
        n_meetings = spec.shape.meetings
        if not n_meetings:
            return
        t = self.t
        n_committees = max(1, min(len(V.COMMITTEE_NAMES), round(n_meetings / 15)))
        counts = apportion(n_meetings, [rng.uniform(0.5, 1.5) for _ in range(n_committees)], 1)
        staff = [a for nd in nodes if nd.kind != "directorate" for a in nd.agents[:3]]
        bench_dri = self.bench_agents.get(users.get(Role.DRI, 0))
        bench_agent = self.bench_agents.get(users.get(Role.AGENT, 0))
        statuses = ("present",) * 16 + ("excused",) * 3 + ("absent",)
        for c, n in enumerate(counts):
            kind, name = V.COMMITTEE_NAMES[c]
            committee = t.committee.add(
                authority_id, name, "Suivre les projets et décider des suites à donner.", kind, True
            )
            followed = rng.sample(projects, min(len(projects), 1 + rng.randrange(3)))
            for project in followed:
                t.committee_projects.add(committee, project)
            t.committee_areas.add(committee, rng.choice(self.ref.areas))
            agents = rng.sample(staff, min(len(staff), 3 + rng.randrange(4)))
            agents = [a for a in (bench_dri, bench_agent) if a is not None and c == 0] + [
                a for a in agents if a not in (bench_dri, bench_agent)
            ]
            if bench_dri is not None and c > 0:
                agents.insert(0, bench_dri)
            members: list[tuple[int, int | None]] = []  # (member id, agent id)
            for k, agent in enumerate(agents):
                position = "secretary" if k == 0 else "member"
                end = TODAY + datetime.timedelta(days=rng.randrange(-60, 900))
                member = t.committee_member.add(
                    authority_id, committee, agent, None, "", "", position,
                    end if rng.random() < 0.3 else None,
                )  # fmt: skip
                members.append((member, agent))
            for official in rng.sample(officials, min(len(officials), 1 + (rng.random() < 0.5))):
                members.append(
                    (
                        t.committee_member.add(
                            authority_id, committee, None, official, "", "", "chair", None
                        ),
                        None,
                    )
                )
            if rng.random() < 0.4:
                members.append(
                    (
                        t.committee_member.add(
                            authority_id, committee, None, None,
                            f"{rng.choice(V.FIRST_NAMES)} {rng.choice(V.LAST_NAMES)}",
                            "Ville partenaire", "guest", None,
                        ),
                        None,
                    )
                )  # fmt: skip
            owners = [a for _m, a in members if a is not None]
            self._meetings(rng, authority_id, committee, n, members, owners, followed, statuses)

    def _meetings(
        self,
        rng: random.Random,
        authority_id: int,
        committee: int,
        n: int,
        members: list[tuple[int, int | None]],
        owners: list[int],
        projects: list[int],
        statuses: tuple[str, ...],
    ) -> None:
        t = self.t
        cadence = rng.choice((30, 45, 60, 90))
        last = TODAY + datetime.timedelta(days=rng.randrange(7, 60))
        numbers: dict[int, int] = {}
        for k in range(n):
            day = last - datetime.timedelta(days=cadence * (n - 1 - k))
            starts_at = datetime.datetime.combine(
                day, datetime.time(rng.choice((8, 9, 13, 15))), tzinfo=datetime.UTC
            )
            held = day < TODAY
            cancelled = held and rng.random() < 0.04
            status = "cancelled" if cancelled else "held" if held else "planned"
            meeting = t.meeting.add(
                authority_id,
                committee,
                starts_at,
                rng.choice(V.MEETING_PLACES),
                status,
                "Tour de table des services ; point d'étape des projets."
                if status == "held"
                else "",
            )
            for position, title in enumerate(rng.sample(V.AGENDA_TITLES, 2 + rng.randrange(2)), 1):
                project = rng.choice(projects) if projects and rng.random() < 0.5 else None
                t.agenda_item.add(meeting, position, title, project)
            if status != "held":
                continue
            for member, _agent in members:
                t.attendance.add(meeting, member, statuses[int(rng.random() * len(statuses))])
            decisions = []
            for _ in range(rng.randrange(4)):
                number = numbers.get(day.year, 0) + 1
                numbers[day.year] = number
                project = rng.choice(projects) if projects and rng.random() < 0.6 else None
                decisions.append(
                    t.decision.add(
                        authority_id, committee, meeting, day.year, number,
                        rng.choice(V.DECISION_TEXTS), project, day,
                    )
                )  # fmt: skip
            for _ in range(rng.randrange(4)):
                due = day + datetime.timedelta(days=rng.randrange(20, 120))
                roll = rng.random()
                if due < TODAY - datetime.timedelta(days=30):
                    state = "done" if roll < 0.75 else "cancelled" if roll < 0.85 else "open"
                else:
                    state = "done" if roll < 0.2 else "in_progress" if roll < 0.5 else "open"
                closed = (
                    min(TODAY, day + datetime.timedelta(days=rng.randrange(5, 150)))
                    if state in ("done", "cancelled")
                    else None
                )
                owner = rng.choice(owners) if owners and rng.random() < 0.85 else None
                t.action_item.add(
                    authority_id,
                    committee,
                    meeting,
                    rng.choice(decisions) if decisions and rng.random() < 0.6 else None,
                    rng.choice(V.ACTION_TITLES),
                    owner,
                    "" if owner else "Direction générale des services",
                    due,
                    state,
                    closed,
                    rng.choice(projects) if projects and rng.random() < 0.4 else None,
                    starts_at,
                )


def _day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


def target_tables() -> list[type]:
    """The models the generator writes: all must be empty before it runs."""
    return [table.model for table in Tables().all()]


def database_rows() -> dict[str, int]:
    """Row count of every table the generator writes, as they are in the database."""
    with connection.cursor() as cursor:
        counts = {}
        for model in target_tables():
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
            counts[model._meta.label] = cursor.fetchone()[0]
    return counts
