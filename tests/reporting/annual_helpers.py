"""A small authority whose annual report of 2025 is known by hand.

Org chart: Direction Alpha (référent ended mid-2024) > Service Alpha 1 (référent since 2020);
Direction Beta (no référent).

Projects of 2025 (active in the year, ideas left out):

    P1 "Coopération Thiès"  ongoing,   2024-01-01 → 2026-12-31, M57 045 and 721, partner
        "Ville de Thiès" (Thiès, Sénégal); Alpha 1 confirmed 10 planned / 4 worked days,
        Direction Alpha only proposed; results: home "Jeunes accueillis" (indicator target 10,
        6 measured for 2025, 9 measured for 2026: after the year, not shown), partner
        "Écoles équipées"
    P2 "Jumelage Kairouan"  completed, 2025-01-01 → 2025-06-30, M57 045
not of 2025: P3 "Ancien projet" (2020 → 2023) and P4 "Idée Mali" (idea, starts 2025-03-01)

Payments: P1 (commitment charged to 045) 1,000 on 2025-03-01 and 500 on 2025-11-30, 700 on
2024-12-31; P2 (no M57 function) 300 on 2025-05-05; P3 200 on 2025-02-02: 2,000 paid in 2025,
700 in 2024.
Plans: P1 own cash 1,000 and EU 3,000 (granted, 1,200 received on 2025-04-01, 100 on
2024-10-01); P2 region 500; P3 ministry 9,999 (not of the year).
Committees: "COPIL international" met twice in 2025 (one held, one planned; a third cancelled)
and once in 2024; decisions: 2025-001 (2025), 2024-007 (2024).

Another authority has the same kinds of rows, all named with MARKER.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from maillage.core.models import Country
from maillage.governance.models import Meeting
from maillage.projects.models import Contribution, FundingStatus, Mobilisation, Project, Result

from ..factories import (
    AgentFactory,
    CommitmentFactory,
    ContributionFactory,
    IndicatorFactory,
    IndicatorPeriodFactory,
    InstalmentFactory,
    MobilisationFactory,
    PartnerFactory,
    PaymentFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ReferentFactory,
    ResultFactory,
    ServiceFactory,
)
from ..governance.factories import CommitteeFactory, DecisionFactory, MeetingFactory, at

YEAR = 2025
TODAY = datetime.date(2026, 12, 4)
MARKER = "Qwzzyx"
D = datetime.date


def build(authority) -> dict[str, object]:
    d_alpha = ServiceFactory(authority=authority, name="Direction Alpha", kind="directorate")
    s_alpha = ServiceFactory(authority=authority, name="Service Alpha 1", parent=d_alpha)
    ServiceFactory(authority=authority, name="Direction Beta", kind="directorate")
    ReferentFactory(
        agent=AgentFactory(service=s_alpha, first_name="Awa", last_name="Diallo"),
        start=D(2020, 1, 1),
    )
    ReferentFactory(
        agent=AgentFactory(service=d_alpha, first_name="Paul", last_name="Martin"),
        start=D(2020, 1, 1),
        end=D(2024, 6, 30),
    )

    def project(title, status, start, end):
        return ProjectFactory(
            authority=authority,
            title=title,
            status=status,
            start_date=start,
            end_date=end,
            lead_service=d_alpha,
            summary=f"Résumé de {title}.",
        )

    s = Project.Status
    p1 = project("Coopération Thiès", s.ONGOING, D(2024, 1, 1), D(2026, 12, 31))
    p2 = project("Jumelage Kairouan", s.COMPLETED, D(2025, 1, 1), D(2025, 6, 30))
    p3 = project("Ancien projet", s.COMPLETED, D(2020, 1, 1), D(2023, 12, 31))
    p4 = project("Idée Mali", s.IDEA, D(2025, 3, 1), None)
    p1.policy_areas.add("045", "721")
    p2.policy_areas.add("045")
    ProjectPartnerFactory(
        project=p1,
        partner=PartnerFactory(
            authority=authority,
            name="Ville de Thiès",
            city="Thiès",
            country=Country.objects.get(iso2="SN"),
        ),
    )
    MobilisationFactory(
        project=p1,
        service=s_alpha,
        status=Mobilisation.Status.CONFIRMED,
        days_planned=Decimal(10),
        days_actual=Decimal(4),
    )
    MobilisationFactory(project=p1, service=d_alpha, days_planned=Decimal(50))
    home = ResultFactory(project=p1, title="Jeunes accueillis", territory=Result.Territory.HOME)
    indicator = IndicatorFactory(result=home, title="Jeunes accueillis en mairie", target=10)
    IndicatorPeriodFactory(
        indicator=indicator, start=D(2025, 1, 1), end=D(2025, 12, 31), actual=Decimal(6)
    )
    IndicatorPeriodFactory(
        indicator=indicator, start=D(2026, 1, 1), end=D(2026, 12, 31), actual=Decimal(9)
    )
    ResultFactory(project=p1, title="Écoles équipées", territory=Result.Territory.PARTNER)

    c1 = CommitmentFactory(project=p1, date=D(2024, 12, 1), amount=5000, m57_function_id="045")
    for on, paid in [(D(2025, 3, 1), 1000), (D(2025, 11, 30), 500), (D(2024, 12, 31), 700)]:
        PaymentFactory(commitment=c1, date=on, amount=Decimal(paid))
    PaymentFactory(
        commitment=CommitmentFactory(project=p2, date=D(2025, 1, 10)),
        date=D(2025, 5, 5),
        amount=Decimal(300),
    )
    PaymentFactory(
        commitment=CommitmentFactory(project=p3, date=D(2023, 1, 10)),
        date=D(2025, 2, 2),
        amount=Decimal(200),
    )
    F = Contribution.Funder
    ContributionFactory(project=p1, funder=F.OWN, amount=Decimal(1000))
    eu = ContributionFactory(
        project=p1,
        funder=F.EU,
        amount=Decimal(3000),
        status=FundingStatus.GRANTED,
        decision_date=D(2024, 6, 1),
        granted_amount=Decimal(3000),
    )
    InstalmentFactory(contribution=eu, date=D(2025, 4, 1), amount=Decimal(1200))
    InstalmentFactory(contribution=eu, date=D(2024, 10, 1), amount=Decimal(100))
    ContributionFactory(project=p2, funder=F.REGION, amount=Decimal(500))
    ContributionFactory(project=p3, funder=F.MINISTRY, amount=Decimal(9999))

    copil = CommitteeFactory(authority=authority, name="COPIL international")
    held = MeetingFactory(committee=copil, starts_at=at(2025, 3, 10))
    MeetingFactory(committee=copil, starts_at=at(2025, 12, 15), status=Meeting.Status.PLANNED)
    MeetingFactory(committee=copil, starts_at=at(2025, 6, 2), status=Meeting.Status.CANCELLED)
    old = MeetingFactory(committee=copil, starts_at=at(2024, 5, 5))
    DecisionFactory(meeting=held, number=1, text="Le comité valide la mission à Thiès.", project=p1)
    DecisionFactory(meeting=old, number=7, text="Décision de l'an passé.")
    return {"p1": p1, "p2": p2, "p3": p3, "p4": p4}


def build_other(authority) -> None:
    """Another authority's year, every name carrying MARKER: none of it may show."""
    service = ServiceFactory(authority=authority, name=f"Service {MARKER}")
    project = ProjectFactory(
        authority=authority, title=f"Projet {MARKER}", start_date=D(2025, 1, 1)
    )
    project.policy_areas.add("045")
    MobilisationFactory(
        project=project,
        service=service,
        status=Mobilisation.Status.CONFIRMED,
        days_planned=Decimal(99),
    )
    ProjectPartnerFactory(
        project=project, partner=PartnerFactory(authority=authority, name=f"Partenaire {MARKER}")
    )
    PaymentFactory(
        commitment=CommitmentFactory(project=project), date=D(2025, 6, 1), amount=Decimal(77777)
    )
    ContributionFactory(project=project, funder=Contribution.Funder.AFD, amount=Decimal(88888))
    ResultFactory(project=project, title=f"Retombée {MARKER}", territory=Result.Territory.HOME)
    committee = CommitteeFactory(authority=authority, name=f"Comité {MARKER}")
    DecisionFactory(
        meeting=MeetingFactory(committee=committee, starts_at=at(2025, 4, 4)),
        text=f"Décision {MARKER}",
    )
