"""A small, hand-built authority whose dashboard figures are known exactly.

Dates are relative to the current year ``Y`` so the figures hold whenever the tests run.

Org chart (active services, tree order), with current référents marked *:

    Direction Environnement            (no référent)
        Service Déchets *
        Service Eau                    (no référent)
        [Service Archives: closed, never mobilised: left out]
    Direction Relations internationales *
    Direction Solidarités *
        Service Jeunesse               (référent whose mandate ended)

Projects and mobilisations (lead service: Relations internationales unless said otherwise):

    P1 "Coopération Thiès"   ongoing,     Y-1-01-01 → Y+1-12-31, M57 045 + 72
        RI lead confirmed 10/4 days (confirmed Y-1), Déchets contributor confirmed 5/2 (Y),
        Jeunesse consulted proposed 40 days ago
    P2 "Jumelage Kairouan"   preparation, no dates (created this year), M57 045
        RI lead confirmed 3/0 days (confirmed Y)
    P3 "Ancien projet"       completed,   Y-6-01-01 → Y-4-12-31
        Eau contributor confirmed 8/8 (confirmed Y-4)
    P4 "Projet futur"        ongoing,     starts Y+1-01-01
        Eau contributor confirmed 2/0 (confirmed Y)
    P5 "Idée Sénégal"        idea,        starts Y-02-01
        Eau contributor declined

Funding: P1 own cash 1,000, own in kind 500, ministry cash 2,000, EU in kind 500; P2 own cash
1,000, AFD 1,000; P3 ministry 99,999 (outside the current period).
Results: P1 home "Jeunes recrutés" (indicator 0 → 6, measured 3 then 5), P1 partner result,
P2 home result without indicator, P3 home result (outside the period).
Skills: 1 published profile of an active agent (+ 1 unpublished, + 1 of a departed agent);
1 open call (+ 1 closed).

Another authority holds a project of this year with a confirmed mobilisation of 100 days,
funding, a home result, a published profile and an open call: none of it may be counted.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from maillage.projects.models import Contribution, Mobilisation, Project, Result
from maillage.skills.models import SkillCall

from ..factories import (
    AgentFactory,
    ContributionFactory,
    IndicatorFactory,
    IndicatorPeriodFactory,
    MobilisationFactory,
    ProjectFactory,
    ReferentFactory,
    ResultFactory,
    ServiceFactory,
)
from ..skills.factories import ProfileFactory, SkillCallFactory

CONFIRMED = Mobilisation.Status.CONFIRMED
LEAD = Mobilisation.Role.LEAD
CONSULTED = Mobilisation.Role.CONSULTED


def noon(year: int, month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 12, 0))


@dataclass
class SmallWorld:
    year: int
    services: dict[str, object]
    projects: dict[str, Project]
    mobilisations: dict[str, Mobilisation]


def confirmed(project, service, planned, actual, on, role=Mobilisation.Role.CONTRIBUTOR):
    return MobilisationFactory(
        project=project,
        service=service,
        role=role,
        status=CONFIRMED,
        days_planned=Decimal(planned),
        days_actual=Decimal(actual),
        answered_at=on,
    )


def build_small_world(authority) -> SmallWorld:
    y = timezone.localdate().year
    d_env = ServiceFactory(authority=authority, name="Direction Environnement", kind="directorate")
    s_waste = ServiceFactory(authority=authority, name="Service Déchets", parent=d_env)
    s_water = ServiceFactory(authority=authority, name="Service Eau", parent=d_env)
    ServiceFactory(authority=authority, name="Service Archives", parent=d_env, active=False)
    d_ri = ServiceFactory(
        authority=authority, name="Direction Relations internationales", kind="directorate"
    )
    d_sol = ServiceFactory(authority=authority, name="Direction Solidarités", kind="directorate")
    s_youth = ServiceFactory(authority=authority, name="Service Jeunesse", parent=d_sol)
    for service in (s_waste, d_ri, d_sol):
        ReferentFactory(agent=AgentFactory(service=service))
    ReferentFactory(
        agent=AgentFactory(service=s_youth),
        start=datetime.date(y - 3, 1, 1),
        end=datetime.date(y - 1, 12, 31),
    )

    def project(title, status, start, end=None):
        return ProjectFactory(
            authority=authority,
            title=title,
            status=status,
            start_date=start,
            end_date=end,
            lead_service=d_ri,
        )

    s = Project.Status
    p1 = project(
        "Coopération Thiès", s.ONGOING, datetime.date(y - 1, 1, 1), datetime.date(y + 1, 12, 31)
    )
    p2 = project("Jumelage Kairouan", s.PREPARATION, None)
    p3 = project(
        "Ancien projet", s.COMPLETED, datetime.date(y - 6, 1, 1), datetime.date(y - 4, 12, 31)
    )
    p4 = project("Projet futur", s.ONGOING, datetime.date(y + 1, 1, 1))
    p5 = project("Idée Sénégal", s.IDEA, datetime.date(y, 2, 1))
    p1.policy_areas.add("045", "72")
    p2.policy_areas.add("045")

    mobilisations = {
        "p1_ri": confirmed(p1, d_ri, 10, 4, noon(y - 1, 3, 1), role=LEAD),
        "p1_waste": confirmed(p1, s_waste, 5, 2, noon(y, 2, 1)),
        "p1_youth": MobilisationFactory(
            project=p1, service=s_youth, role=CONSULTED, days_planned=Decimal(1)
        ),
        "p2_ri": confirmed(p2, d_ri, 3, 0, noon(y, 5, 1), role=LEAD),
        "p3_water": confirmed(p3, s_water, 8, 8, noon(y - 4, 6, 1)),
        "p4_water": confirmed(p4, s_water, 2, 0, noon(y, 10, 1)),
        "p5_water": MobilisationFactory(
            project=p5, service=s_water, status=Mobilisation.Status.DECLINED
        ),
    }
    Mobilisation.objects.filter(pk=mobilisations["p1_youth"].pk).update(
        proposed_at=timezone.now() - datetime.timedelta(days=40)
    )

    F, N = Contribution.Funder, Contribution.Nature
    for target, funder, nature, amount in [
        (p1, F.OWN, N.CASH, 1000),
        (p1, F.OWN, N.IN_KIND, 500),
        (p1, F.MINISTRY, N.CASH, 2000),
        (p1, F.EU, N.IN_KIND, 500),
        (p2, F.OWN, N.CASH, 1000),
        (p2, F.AFD, N.CASH, 1000),
        (p3, F.MINISTRY, N.CASH, 99999),
    ]:
        ContributionFactory(project=target, funder=funder, nature=nature, amount=Decimal(amount))

    home = Result.Territory.HOME
    youths = ResultFactory(project=p1, title="Jeunes recrutés", territory=home)
    indicator = IndicatorFactory(result=youths, title="Jeunes recrutés par la ville", target=6)
    IndicatorPeriodFactory(
        indicator=indicator,
        start=datetime.date(y - 1, 1, 1),
        end=datetime.date(y - 1, 12, 31),
        actual=Decimal(3),
    )
    IndicatorPeriodFactory(
        indicator=indicator,
        start=datetime.date(y, 1, 1),
        end=datetime.date(y, 12, 31),
        actual=Decimal(5),
    )
    ResultFactory(project=p1, title="Écoles équipées", territory=Result.Territory.PARTNER)
    ResultFactory(project=p2, title="Agents formés à l'accueil", territory=home)
    ResultFactory(project=p3, title="Ancienne retombée", territory=home)

    ProfileFactory(agent=AgentFactory(service=s_waste))
    ProfileFactory(agent=AgentFactory(service=s_waste), published=False)
    ProfileFactory(agent=AgentFactory(service=s_water, active=False))
    SkillCallFactory(project=p1)
    SkillCallFactory(project=p1, status=SkillCall.Status.CLOSED)

    return SmallWorld(
        year=y,
        services={
            "d_env": d_env,
            "s_waste": s_waste,
            "s_water": s_water,
            "d_ri": d_ri,
            "d_sol": d_sol,
            "s_youth": s_youth,
        },
        projects={"p1": p1, "p2": p2, "p3": p3, "p4": p4, "p5": p5},
        mobilisations=mobilisations,
    )


OTHER_MARKER = "Qwzzyx"


def build_other_world(authority) -> Project:
    """Another authority's data, all named with OTHER_MARKER, that must never be counted."""
    y = timezone.localdate().year
    service = ServiceFactory(authority=authority, name=f"Service {OTHER_MARKER}")
    project = ProjectFactory(
        authority=authority, title=f"Projet {OTHER_MARKER}", start_date=datetime.date(y, 1, 1)
    )
    project.policy_areas.add("3")
    confirmed(project, service, 100, 100, noon(y, 3, 1))
    ContributionFactory(project=project, amount=Decimal(50000))
    ContributionFactory(project=project, funder=Contribution.Funder.EU, amount=Decimal(70000))
    ResultFactory(project=project, title=f"Retombée {OTHER_MARKER}")
    ProfileFactory(agent=AgentFactory(service=service))
    SkillCallFactory(project=project)
    return project


@pytest.fixture
def small_world(authority, other_authority):
    build_other_world(other_authority)
    return build_small_world(authority)
