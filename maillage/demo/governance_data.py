"""The demo authority's steering committees, after Grenoble's transversal committees.

"Comité de pilotage de l'action internationale": the DRI, directors and référents of the
services most involved, two elected officials and the general manager. Two meetings held (with
minutes, attendance, decisions and action items, some closed, some carried over) and one
planned. A technical committee follows the Thiès project with the partner town's coordinator.

Like the rest of the demo it is idempotent (natural keys, fixed dates) and writes no audit
event. Without the demo projects, the committees simply follow none.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

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
from maillage.organisation.models import Agent, Service
from maillage.projects.models import Project

from .data import Dataset
from .people import People
from .projects_data import ALGERIA_PROJECT, THIES_PROJECT, YOUTH_PROJECT
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

COMMITTEES: tuple[CommitteeSpec, ...] = (
    CommitteeSpec(
        name="Comité de pilotage de l'action internationale",
        kind=Committee.Kind.STEERING,
        purpose=(
            "Réunit chaque trimestre la direction générale, les services mobilisés et les élus "
            "pour arbitrer les projets internationaux, répartir les moyens et suivre les "
            "actions jusqu'à leur terme."
        ),
        projects=(THIES_PROJECT, ALGERIA_PROJECT, YOUTH_PROJECT),
        policy_areas=("045", "044"),
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
        ),
        meetings=(
            MeetingSpec(
                starts_at=at(2026, 3, 17),
                place="Hôtel de ville, salle des commissions",
                status=Meeting.Status.HELD,
                agenda=(
                    ("Bilan 2025 de l'action internationale", ""),
                    ("Chantier de solidarité à Thiès : lancement", THIES_PROJECT),
                    ("Mission économique en Algérie : calendrier", ALGERIA_PROJECT),
                ),
                minutes=(
                    "La présidente rappelle que l'action internationale engage tous les "
                    "services.\n"
                    "Le responsable des relations internationales présente le bilan 2025 : "
                    "quatre projets, onze services mobilisés.\n"
                    "La propreté urbaine et la jeunesse confirment leur participation au "
                    "chantier de Thiès ; l'économie prépare la mission à Oran avec la CCI."
                ),
                absent=("agent:economie:head",),
                decisions=(
                    (
                        "Le comité valide le lancement du chantier de solidarité à Thiès et "
                        "l'envoi de six jeunes des Coteaux en novembre 2026.",
                        THIES_PROJECT,
                    ),
                    (
                        "Le comité retient la mission économique à Oran en février 2027, "
                        "ouverte à quinze entreprises du territoire.",
                        ALGERIA_PROJECT,
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
                        "Recenser les entreprises intéressées par la mission à Oran",
                        "agent:economie:head",
                        datetime.date(2026, 9, 30),
                        ST.IN_PROGRESS,
                        decision=2,
                        project=ALGERIA_PROJECT,
                    ),
                ),
            ),
            MeetingSpec(
                starts_at=at(2026, 6, 23),
                place="Hôtel de ville, salle des commissions",
                status=Meeting.Status.HELD,
                agenda=(
                    ("Revue des actions en cours", ""),
                    ("Chantier de Thiès : préparation du départ", THIES_PROJECT),
                    ("Politique jeunesse ouverte à l'international", YOUTH_PROJECT),
                ),
                minutes=(
                    "Revue des actions : le dossier de cofinancement est déposé, les chefs "
                    "d'équipe volontaires sont identifiés.\n"
                    "La jeunesse présente les ateliers de théâtre forum ; l'insertion "
                    "accompagnera les jeunes au retour."
                ),
                absent=(SARR,),
                decisions=(
                    (
                        "Le comité valide le budget du chantier de Thiès (48 500 €) et le "
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
                        "Organiser la réunion d'information des familles des jeunes",
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
                    ("Retour du chantier de Thiès", THIES_PROJECT),
                    ("Mission à Oran : derniers préparatifs", ALGERIA_PROJECT),
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
            ),
        ),
        meetings=(
            MeetingSpec(
                starts_at=at(2026, 9, 15, 10),
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
                decisions=(("Le départ des jeunes est fixé au 8 novembre 2026.", THIES_PROJECT),),
                actions=(
                    ActionSpec(
                        "Commander le matériel de collecte remis aux quartiers",
                        FATOU,
                        datetime.date(2026, 10, 15),
                        ST.DONE,
                        datetime.date(2026, 10, 9),
                        decision=1,
                        project=THIES_PROJECT,
                    ),
                    ActionSpec(
                        "Vérifier les assurances et les vaccinations des jeunes",
                        "agent:jeunesse:head",
                        datetime.date(2026, 10, 31),
                        decision=1,
                        project=THIES_PROJECT,
                    ),
                    ActionSpec(
                        "Réserver l'hébergement de la délégation retour à Bellerive",
                        "Mamadou Ndiaye (Ville de Thiès)",
                        datetime.date(2027, 1, 15),
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
    for spec in COMMITTEES:
        members = _sync_members(spec, authority, ids[spec.name], people, result)
        for meeting_spec in spec.meetings:
            _sync_meeting(spec, meeting_spec, authority, ids[spec.name], members, projects, result)


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
    )
