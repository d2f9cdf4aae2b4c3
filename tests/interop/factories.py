"""A project with every part the exports read, for the interop tests."""

from __future__ import annotations

import datetime
from decimal import Decimal

from maillage.core.models import CodeListItem, Country, PolicyArea, SdgTarget
from maillage.projects.models import Project

from ..factories import (
    BudgetLineFactory,
    CommitmentFactory,
    ContributionFactory,
    ElectedOfficialFactory,
    IndicatorFactory,
    IndicatorPeriodFactory,
    MobilisationFactory,
    PartnerFactory,
    PaymentFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ResultFactory,
    ServiceFactory,
    WorkedDaysFactory,
)

D = Decimal


def full_project(authority, *, moves: bool = True, **overrides) -> Project:
    """A public project with partners in two countries, sectors, SDGs, markers, funding, results.

    Own contribution: 10,000 € cash + 2,000 € in kind + 10 agent-days at 250 € = 14,500 €.
    Budget: 17,500 € of lines + the 2,500 € of agent-days = 20,000 €.

    With ``moves``, the money that moved (what the e-APD declaration reads):
    - to the partner city of Thiès (SN), 6,000 € paid on 2024-12-18 and 4,000 € on 2025-01-09;
    - to a provider, 3,000.01 € paid on 2025-03-12;
    - days worked by the service: 3 in November 2024, 2.5 in February and 1.5 in June 2025
      (the 10 planned days are never declared).
    """
    values = {
        "title": "Eau potable à Thiès",
        "summary": "Accès à l'eau potable dans trois quartiers de Thiès.",
        "objectives": "Former les agents du service des eaux.",
        "visibility": Project.Visibility.PUBLIC,
        "status": Project.Status.ONGOING,
        "start_date": datetime.date(2024, 7, 1),
        "end_date": datetime.date(2025, 6, 30),
        "marker_gender": 1,
        "marker_environment": 2,
        "marker_biodiversity": 0,
        "marker_nutrition": 1,
        "marker_disability": 2,
        "apd_channel": "12002",
        "apd_legal_basis": Project.LegalBasis.WATER,
        **overrides,
    }
    service = ServiceFactory(authority=authority, name="Eau et assainissement")
    project = ProjectFactory(authority=authority, lead_service=service, **values)
    senegal = PartnerFactory(authority=authority, name="Ville de Thiès", organisation_type="11")
    morocco = PartnerFactory(
        authority=authority,
        name="ONG Al Maa",
        organisation_type="23",
        country=Country.objects.get(iso2="MA"),
    )
    ProjectPartnerFactory(project=project, partner=senegal, role="4")
    ProjectPartnerFactory(project=project, partner=morocco, role="2")
    project.dac_sectors.set(
        CodeListItem.objects.filter(codelist="Sector", code__in=["14030", "14081"])
    )
    project.sdg_targets.set(SdgTarget.objects.filter(code__in=["6.1", "6.2", "5.5"]))
    project.policy_areas.set(PolicyArea.objects.filter(code__in=["044"]))
    project.sponsors.add(ElectedOfficialFactory(authority=authority, last_name="Diallo"))
    ContributionFactory(project=project, amount=D("10000"))
    ContributionFactory(project=project, amount=D("2000"), nature="in_kind")
    ContributionFactory(project=project, funder="ministry", amount=D("8000"))
    mobilisation = MobilisationFactory(project=project, service=service, days_planned=D("10"))
    BudgetLineFactory(project=project, amount=D("17500"))
    result = ResultFactory(
        project=project, title="Trois quartiers raccordés", territory="partner", result_type="2"
    )
    indicator = IndicatorFactory(
        result=result, title="Foyers raccordés", unit="foyers", baseline=D("12"), target=D("300")
    )
    IndicatorPeriodFactory(
        indicator=indicator,
        start=datetime.date(2024, 7, 1),
        end=datetime.date(2024, 12, 31),
        target=D("150"),
        actual=D("140.5"),
        comment="Retard de livraison des compteurs",
    )
    if moves:
        grant = CommitmentFactory(
            project=project,
            date=datetime.date(2024, 11, 4),
            amount=D("10000"),
            beneficiary_kind="partner",
            partner=senegal,
            beneficiary_name="",
            label="Subvention à la Ville de Thiès",
        )
        PaymentFactory(commitment=grant, date=datetime.date(2024, 12, 18), amount=D("6000"))
        PaymentFactory(commitment=grant, date=datetime.date(2025, 1, 9), amount=D("4000"))
        study = CommitmentFactory(
            project=project, date=datetime.date(2025, 2, 1), amount=D("3000.01"), label="Étude"
        )
        PaymentFactory(commitment=study, date=datetime.date(2025, 3, 12), amount=D("3000.01"))
        for month, days in (((2024, 11), "3"), ((2025, 2), "2.5"), ((2025, 6), "1.5")):
            WorkedDaysFactory(
                mobilisation=mobilisation, month=datetime.date(*month, 1), days=D(days)
            )
    return project
