"""factory-boy factories shared by the test modules."""

from __future__ import annotations

import datetime
import struct
import zlib

import factory
from factory.django import DjangoModelFactory

from maillage.core.models import Authority, Membership, Role, User
from maillage.organisation.models import Agent, Delegation, ElectedOfficial, Referent, Service


class AuthorityFactory(DjangoModelFactory):
    class Meta:
        model = Authority
        django_get_or_create = ("siren",)

    name = factory.Sequence(lambda n: f"Ville n°{n}")
    slug = factory.Sequence(lambda n: f"ville-{n}")
    siren = factory.Sequence(lambda n: f"{200000000 + n:09d}")
    kind = Authority.Kind.COMMUNE


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.fr")
    password = factory.django.Password("motdepasse-test")


def member(authority: Authority, *roles: str, **user_kwargs) -> User:
    """A user holding ``roles`` in ``authority``."""
    user = UserFactory(**user_kwargs)
    for role in roles or (Role.AGENT,):
        Membership.objects.get_or_create(user=user, authority=authority, role=role)
    return user


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service

    authority = factory.SubFactory(AuthorityFactory)
    hr_id = factory.Sequence(lambda n: f"S{n:05d}")
    name = factory.Sequence(lambda n: f"Service n°{n}")
    kind = Service.Kind.SERVICE


class AgentFactory(DjangoModelFactory):
    class Meta:
        model = Agent

    authority = factory.LazyAttribute(lambda a: a.service.authority)
    service = factory.SubFactory(ServiceFactory)
    hr_id = factory.Sequence(lambda n: f"A{n:06d}")
    first_name = "Dominique"
    last_name = factory.Sequence(lambda n: f"Durand{n}")
    email = factory.Sequence(lambda n: f"agent{n}@ville.example.fr")
    job_title = "Chargé de mission"


class ReferentFactory(DjangoModelFactory):
    class Meta:
        model = Referent

    agent = factory.SubFactory(AgentFactory)
    service = factory.LazyAttribute(lambda r: r.agent.service)
    authority = factory.LazyAttribute(lambda r: r.agent.authority)
    kind = Referent.Kind.HOLDER
    start = datetime.date(2024, 1, 1)


class ElectedOfficialFactory(DjangoModelFactory):
    class Meta:
        model = ElectedOfficial

    authority = factory.SubFactory(AuthorityFactory)
    first_name = "Claude"
    last_name = factory.Sequence(lambda n: f"Élu{n}")
    mandate = "Adjoint au maire"


class DelegationFactory(DjangoModelFactory):
    class Meta:
        model = Delegation

    elected_official = factory.SubFactory(ElectedOfficialFactory)
    label = "Relations internationales"


# --- projects ---------------------------------------------------------------------------------

from decimal import Decimal  # noqa: E402

from maillage.core.models import Country  # noqa: E402
from maillage.projects.models import (  # noqa: E402
    Agreement,
    BudgetLine,
    BusinessMeeting,
    Commitment,
    Company,
    Contribution,
    ContributionInstalment,
    FundingStatus,
    Indicator,
    IndicatorPeriod,
    Mission,
    MissionCompany,
    MissionCost,
    MissionVisitor,
    Mobilisation,
    Partner,
    Payment,
    ProgrammeItem,
    Project,
    ProjectPartner,
    Result,
    WorkedDays,
)


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner

    authority = factory.SubFactory(AuthorityFactory)
    name = factory.Sequence(lambda n: f"Ville partenaire n°{n}")
    country = factory.LazyFunction(lambda: Country.objects.get(iso2="SN"))
    city = "Thiès"
    organisation_type = "10"


class AgreementFactory(DjangoModelFactory):
    class Meta:
        model = Agreement

    authority = factory.SubFactory(AuthorityFactory)
    kind = Agreement.Kind.COOPERATION
    title = factory.Sequence(lambda n: f"Convention n°{n}")
    status = Agreement.Status.IN_FORCE
    signature_date = datetime.date(2023, 3, 1)
    end_date = datetime.date(2027, 3, 1)


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project

    authority = factory.SubFactory(AuthorityFactory)
    title = factory.Sequence(lambda n: f"Projet n°{n}")
    kind = Project.Kind.SOLIDARITY
    status = Project.Status.ONGOING
    start_date = datetime.date(2025, 1, 1)
    end_date = datetime.date(2027, 12, 31)
    development_main_objective = True


class ProjectPartnerFactory(DjangoModelFactory):
    class Meta:
        model = ProjectPartner

    project = factory.SubFactory(ProjectFactory)
    partner = factory.SubFactory(
        PartnerFactory, authority=factory.SelfAttribute("..project.authority")
    )


class MobilisationFactory(DjangoModelFactory):
    class Meta:
        model = Mobilisation

    project = factory.SubFactory(ProjectFactory)
    service = factory.SubFactory(
        ServiceFactory, authority=factory.SelfAttribute("..project.authority")
    )
    role = Mobilisation.Role.CONTRIBUTOR
    days_planned = Decimal("10")


class BudgetLineFactory(DjangoModelFactory):
    class Meta:
        model = BudgetLine

    project = factory.SubFactory(ProjectFactory)
    category = BudgetLine.Category.ACTIVITIES
    label = "Activités"
    amount = Decimal("10000")


class ContributionFactory(DjangoModelFactory):
    class Meta:
        model = Contribution

    project = factory.SubFactory(ProjectFactory)
    funder = Contribution.Funder.OWN
    nature = Contribution.Nature.CASH
    amount = Decimal("1000")


class CommitmentFactory(DjangoModelFactory):
    class Meta:
        model = Commitment

    project = factory.SubFactory(ProjectFactory)
    date = datetime.date(2024, 11, 15)
    amount = Decimal("5000")
    beneficiary_kind = Commitment.Beneficiary.PROVIDER
    beneficiary_name = "Prestataire"
    label = "Engagement"


class PaymentFactory(DjangoModelFactory):
    class Meta:
        model = Payment

    commitment = factory.SubFactory(CommitmentFactory)
    date = datetime.date(2024, 12, 10)
    amount = Decimal("1000")
    reference = factory.Sequence(lambda n: f"M-{n}")


class InstalmentFactory(DjangoModelFactory):
    class Meta:
        model = ContributionInstalment

    contribution = factory.SubFactory(
        "tests.factories.ContributionFactory",
        funder=Contribution.Funder.REGION,
        status=FundingStatus.GRANTED,
        decision_date=datetime.date(2024, 6, 1),
        granted_amount=Decimal("1000"),
    )
    date = datetime.date(2024, 9, 1)
    amount = Decimal("500")


class WorkedDaysFactory(DjangoModelFactory):
    class Meta:
        model = WorkedDays

    mobilisation = factory.SubFactory(MobilisationFactory)
    authority = factory.SelfAttribute("mobilisation.project.authority")
    month = datetime.date(2025, 3, 1)
    days = Decimal("2")


class ResultFactory(DjangoModelFactory):
    class Meta:
        model = Result

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Résultat n°{n}")
    territory = Result.Territory.HOME


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    result = factory.SubFactory(ResultFactory)
    title = "Jeunes du territoire recrutés par la ville"
    unit = "jeunes"
    target = Decimal("6")


class IndicatorPeriodFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorPeriod

    indicator = factory.SubFactory(IndicatorFactory)
    start = datetime.date(2025, 1, 1)
    end = datetime.date(2025, 12, 31)
    target = Decimal("6")
    actual = Decimal("5")


class MissionFactory(DjangoModelFactory):
    class Meta:
        model = Mission

    authority = factory.SubFactory(AuthorityFactory)
    direction = Mission.Direction.OUTGOING
    title = factory.Sequence(lambda n: f"Mission n°{n}")
    start_date = datetime.date(2025, 3, 10)
    end_date = datetime.date(2025, 3, 17)


def siren_for(n: int) -> str:
    """A valid SIREN (Luhn) built on ``n``: 8 digits and their check digit."""
    base = f"{n % 10**8:08d}"
    for last in "0123456789":
        digits = base + last
        total = 0
        for i, char in enumerate(reversed(digits)):
            value = int(char) * (2 if i % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return digits
    raise AssertionError("unreachable")


class CompanyFactory(DjangoModelFactory):
    class Meta:
        model = Company

    authority = factory.SubFactory(AuthorityFactory)
    siren = factory.Sequence(lambda n: siren_for(30_000_000 + n))
    name = factory.Sequence(lambda n: f"Entreprise n°{n}")
    activity_code = "25.62B"
    activity_label = "Mécanique industrielle"
    town = "Bellerive-sur-Orne"


class MissionCompanyFactory(DjangoModelFactory):
    class Meta:
        model = MissionCompany

    mission = factory.SubFactory(MissionFactory)
    company = factory.SubFactory(
        CompanyFactory, authority=factory.SelfAttribute("..mission.authority")
    )
    sector = "Mécanique"


class BusinessMeetingFactory(DjangoModelFactory):
    class Meta:
        model = BusinessMeeting

    mission = factory.SubFactory(MissionFactory)
    date = factory.SelfAttribute("mission.start_date")
    company = factory.SubFactory(
        CompanyFactory, authority=factory.SelfAttribute("..mission.authority")
    )
    counterpart = "Société partenaire"
    subject = "Présentation des produits"
    outcome = BusinessMeeting.Outcome.FOLLOW_UP


class MissionCostFactory(DjangoModelFactory):
    class Meta:
        model = MissionCost

    mission = factory.SubFactory(MissionFactory)
    nature = MissionCost.Nature.TRAVEL
    label = "Billets d'avion"
    amount = Decimal("1000")


class MissionVisitorFactory(DjangoModelFactory):
    class Meta:
        model = MissionVisitor

    mission = factory.SubFactory(MissionFactory, direction=Mission.Direction.INCOMING)
    name = factory.Sequence(lambda n: f"Visiteur n°{n}")
    role = "Technicienne"
    organisation = "Ville partenaire"


class ProgrammeItemFactory(DjangoModelFactory):
    class Meta:
        model = ProgrammeItem

    mission = factory.SubFactory(MissionFactory, direction=Mission.Direction.INCOMING)
    date = factory.SelfAttribute("mission.start_date")
    activity = "Visite du centre technique"
    service = factory.SubFactory(
        ServiceFactory, authority=factory.SelfAttribute("..mission.authority")
    )


def png_bytes(width: int = 1, height: int = 1) -> bytes:
    """A valid PNG of ``width`` × ``height`` grey pixels, built without an image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
