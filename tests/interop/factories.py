"""A project with every part the exports read, for the interop tests."""

from __future__ import annotations

import datetime
from decimal import Decimal

from maillage.core.models import CodeListItem, Country, PolicyArea, SdgTarget
from maillage.projects.models import Project

from ..factories import (
    BudgetLineFactory,
    ContributionFactory,
    ElectedOfficialFactory,
    IndicatorFactory,
    IndicatorPeriodFactory,
    MobilisationFactory,
    PartnerFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ResultFactory,
    ServiceFactory,
)

D = Decimal


def full_project(authority, **overrides) -> Project:
    """A public project with partners in two countries, sectors, SDGs, markers, funding, results.

    Own contribution: 10,000 € cash + 2,000 € in kind + 10 agent-days at 250 € = 14,500 €.
    Budget: 17,500 € of lines + the 2,500 € of agent-days = 20,000 €.
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
    MobilisationFactory(project=project, service=service, days_planned=D("10"))
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
    return project
