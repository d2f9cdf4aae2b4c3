"""The demo projects drawn from the founding conference (maillage/demo/projects_data.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from maillage.core.models import AuditEvent, Authority, CodeListItem, User
from maillage.demo import missions_data, projects_data
from maillage.demo.data import PASSWORD
from maillage.organisation.models import Referent
from maillage.projects.funding.services import Outcome, check, funding_page, funding_plan
from maillage.projects.models import (
    Agreement,
    BudgetLine,
    Company,
    Contribution,
    FundingRuleSet,
    Indicator,
    IndicatorPeriod,
    Mission,
    Mobilisation,
    Partner,
    PartnerContact,
    Project,
    ProjectPartner,
    Result,
    StatusChange,
    validate_siren,
)
from maillage.projects.partners import gazetteer
from maillage.projects.partners.selectors import renewals
from maillage.projects.registry.services import answer_mobilisation
from maillage.projects.results.services import results_framework

D = Decimal
P, M = Project.Status, Mobilisation.Status
LEAD, CONTRIBUTOR = Mobilisation.Role.LEAD, Mobilisation.Role.CONTRIBUTOR
DRI = "Relations internationales et coopération décentralisée"


def load(**options) -> str:
    out = StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def demo(db) -> Authority:
    load(verbosity=0)
    return Authority.objects.get(slug="bellerive")


def project(title: str) -> Project:
    return Project.objects.get(authority__slug="bellerive", title=title)


def mobilisations(title: str) -> dict[str, tuple[str, str]]:
    rows = Mobilisation.objects.filter(project=project(title)).select_related("service")
    return {m.service.name: (m.role, m.status) for m in rows}


@pytest.mark.django_db
def test_four_projects_with_their_mobilisations(demo):
    projects = {
        p.title: (p.kind, p.status, p.visibility, p.lead_service.name)
        for p in Project.objects.filter(authority=demo).select_related("lead_service")
    }
    public, internal = Project.Visibility.PUBLIC, Project.Visibility.INTERNAL
    # The four projects of the conference's testimonies, among the demo's five years of projects.
    conference = [
        projects_data.THIES_PROJECT,
        projects_data.ALGERIA_PROJECT,
        projects_data.BRAZIL_PROJECT,
        projects_data.YOUTH_PROJECT,
    ]
    assert {title: projects[title] for title in conference} == {
        projects_data.THIES_PROJECT: ("solidarity", P.ONGOING, public, DRI),
        projects_data.ALGERIA_PROJECT: (
            "economic",
            P.COMPLETED,
            public,
            "Développement économique et commerce",
        ),
        projects_data.BRAZIL_PROJECT: (
            "climate",
            P.ONGOING,
            public,
            "Collecte et valorisation des déchets",
        ),
        projects_data.YOUTH_PROJECT: ("youth", P.IDEA, internal, "Jeunesse et vie étudiante"),
    }
    assert projects_data.THIES_PROJECT == (
        "Chantier de solidarité Thiès–Bellerive : propreté urbaine et insertion des jeunes"
    )
    assert mobilisations(projects_data.THIES_PROJECT) == {
        DRI: (LEAD, M.CONFIRMED),
        "Jeunesse et vie étudiante": (CONTRIBUTOR, M.CONFIRMED),
        "Propreté urbaine": (CONTRIBUTOR, M.PROPOSED),
        "Politique de la ville et prévention": (CONTRIBUTOR, M.CONFIRMED),
        "Insertion et emploi": (CONTRIBUTOR, M.CONFIRMED),
        "Emploi et compétences": (CONTRIBUTOR, M.CONFIRMED),
    }
    assert mobilisations(projects_data.ALGERIA_PROJECT) == {
        "Développement économique et commerce": (LEAD, M.CONFIRMED),
        DRI: (CONTRIBUTOR, M.CONFIRMED),
    }
    assert mobilisations(projects_data.BRAZIL_PROJECT) == {
        "Collecte et valorisation des déchets": (LEAD, M.CONFIRMED),
        "Espaces verts et nature en ville": (CONTRIBUTOR, M.PROPOSED),
        DRI: (CONTRIBUTOR, M.CONFIRMED),
    }
    assert mobilisations(projects_data.YOUTH_PROJECT) == {
        "Jeunesse et vie étudiante": (LEAD, M.CONFIRMED),
        "Éducation et affaires scolaires": (CONTRIBUTOR, M.CONFIRMED),
        "Sports": (CONTRIBUTOR, M.PROPOSED),
        DRI: (CONTRIBUTOR, M.CONFIRMED),
    }
    # Sports has no current référent: nobody can answer, its mobilisation stays proposed.
    assert not Referent.objects.current().filter(service__name="Sports").exists()
    for m in Mobilisation.objects.filter(project__authority=demo).prefetch_related("agents"):
        assert m.contribution and m.days_planned > 0, m
        assert m.proposed_by.username == "dri"
        assert (m.answered_at is None) == (m.status == M.PROPOSED), m
        assert all(a.service_id == m.service_id for a in m.agents.all()), m
        if m.status == M.CONFIRMED:
            assert m.agents.exists(), m


@pytest.mark.django_db
def test_thies_project_history_links_and_markers(demo):
    thies = project(projects_data.THIES_PROJECT)
    steps = list(thies.status_changes.order_by("on").values_list("from_status", "to_status", "on"))
    assert steps == [
        ("", P.IDEA, datetime.date(2025, 9, 15)),
        (P.IDEA, P.PREPARATION, datetime.date(2025, 11, 17)),
        (P.PREPARATION, P.ONGOING, datetime.date(2026, 4, 6)),
    ]
    assert thies.start_date == datetime.date(2026, 4, 6)
    assert {o.last_name for o in thies.sponsors.all()} == {"Belkacem", "Sarr"}
    assert {"044", "045", "722", "33", "52", "65"} == set(
        thies.policy_areas.values_list("code", flat=True)
    )
    assert set(thies.sdg_targets.values_list("code", flat=True)) == {"8.6", "11.6", "17.17"}
    sectors = thies.dac_sectors.all()
    assert {s.code for s in sectors} >= {"14050", "16020"}
    assert all(s.codelist == "Sector" and not s.withdrawn for s in sectors)
    assert (thies.marker_environment, thies.marker_gender) == (1, 1)
    assert [pp.partner.name for pp in thies.project_partners.all()] == ["Ville de Thiès"]
    # Each project's steps chain up to its current status.
    for p in Project.objects.filter(authority=demo):
        chain = list(p.status_changes.order_by("on"))
        assert chain[-1].to_status == p.status
        assert all(a.to_status == b.from_status for a, b in pairwise(chain))


@pytest.mark.django_db
def test_five_of_six_youths_hired(demo):
    indicator = Indicator.objects.get(
        result__project=project(projects_data.THIES_PROJECT),
        title="Jeunes du territoire recrutés par la ville",
    )
    assert indicator.result.title == "Insertion professionnelle des jeunes du quartier"
    assert indicator.result.territory == Result.Territory.HOME
    assert (indicator.unit, indicator.target) == ("jeunes", D(6))
    assert [(p.target, p.actual) for p in indicator.periods.all()] == [(D(6), D(5))]
    framework = results_framework(project(projects_data.THIES_PROJECT))
    hired = next(i for r in framework.home for i in r.indicators if i.indicator.pk == indicator.pk)
    assert hired.percent == 83
    assert {r.result.title for r in framework.partner} >= {
        "Quartiers de Thiès nettoyés et réaménagés"
    }
    brazil = Result.objects.get(project=project(projects_data.BRAZIL_PROJECT), territory="home")
    assert brazil.title == "Pratiques de tri changées dans le service"


@pytest.mark.django_db
def test_missions_fifteen_companies_and_six_youths(demo):
    oran = Mission.objects.get(authority=demo, title=missions_data.ORAN_MISSION)
    assert oran.company_links.count() == 15 and oran.companies == 0
    assert oran.project.title == projects_data.ALGERIA_PROJECT
    assert oran.project.kind == Project.Kind.ECONOMIC and oran.project.status == P.COMPLETED
    assert (oran.direction, oran.country_id) == (Mission.Direction.OUTGOING, "DZ")
    assert [o.mandate for o in oran.elected_officials.all()] == [
        "Adjoint au maire chargé du développement économique"
    ]
    services = {a.service.name for a in oran.agents.select_related("service")}
    assert "Développement économique et commerce" in services
    to_thies, from_thies = (
        Mission.objects.get(project__title=projects_data.THIES_PROJECT, direction=direction)
        for direction in (Mission.Direction.OUTGOING, Mission.Direction.INCOMING)
    )
    assert (to_thies.country_id, to_thies.youths) == ("SN", 6)
    assert to_thies.agents.count() >= 3
    assert [o.user.username for o in to_thies.elected_officials.all()] == ["elected"]
    assert from_thies.other_participants > 0 and from_thies.start_date > to_thies.end_date


@pytest.mark.django_db
def test_partners_and_agreements(demo):
    partners = {p.name: p for p in Partner.objects.filter(authority=demo)}
    assert {p.country_id for p in partners.values()} == {"SN", "DZ", "BR", "TN", "DE", "ML"}
    for partner in partners.values():
        city = gazetteer.locate(partner.country_id, partner.city)
        assert city is not None, partner
        assert abs(partner.latitude - city.latitude) < D("0.01"), partner
        assert abs(partner.longitude - city.longitude) < D("0.01"), partner
        assert CodeListItem.objects.filter(
            codelist="OrganisationType", code=partner.organisation_type
        ).exists()
        assert PartnerContact.objects.filter(partner=partner).exists()
    kinds = {a.kind for a in Agreement.objects.filter(authority=demo)}
    assert kinds == {"cooperation", "friendship", "memorandum", "twinning"}
    convention = Agreement.objects.get(authority=demo, title=projects_data.AGREEMENTS[0].title)
    assert [p.name for p in convention.partners.all()] == ["Ville de Thiès"]
    assert convention.deliberation_number and convention.deliberation_date
    assert convention.signature_date and convention.end_date == datetime.date(2027, 3, 31)
    # "À renouveler dans les 6 mois" in late 2026 lists the Thiès convention only.
    assert list(renewals(demo, datetime.date(2026, 11, 1))) == [convention]


@pytest.mark.django_db
def test_referent_sees_the_proposed_proprete_mobilisation_at_home(demo, client):
    # Through the login page: the lockout check needs the request.
    assert (
        client.post(reverse("login"), {"username": "referent", "password": PASSWORD}).status_code
        == 302
    )
    response = client.get("/")
    assert response.status_code == 200
    pending = response.context["mobilisations_to_answer"]
    assert [(m.project.title, m.service.name) for m in pending] == [
        (projects_data.THIES_PROJECT, "Propreté urbaine")
    ]
    html = response.content.decode()
    section = html[html.index('id="mobilisations-to-answer"') :]
    section = section[: section.index("</section>")]
    assert "Mobilisations à confirmer" in section
    assert projects_data.THIES_PROJECT in section
    assert "Propreté urbaine" in section


@pytest.mark.django_db
def test_dri_home_lists_the_proposals_awaiting_an_answer(demo, client):
    # Through the login page: the lockout check needs the request.
    assert (
        client.post(reverse("login"), {"username": "dri", "password": PASSWORD}).status_code == 302
    )
    response = client.get("/")
    awaiting = {m.service.name for m in response.context["mobilisations_awaiting"]}
    assert awaiting == {
        "Propreté urbaine",
        "Espaces verts et nature en ville",
        "Sports",
        # Services without a référent: nobody answers (the dashboard's blind spots).
        "Assemblées et affaires juridiques",
        "Paie et carrières",
    }
    assert response.context["mobilisations_awaiting_count"] == 5


@pytest.mark.django_db
def test_funding_checker_on_the_thies_project(demo):
    thies = project(projects_data.THIES_PROJECT)
    page = funding_page(thies)
    plan = page["plan"]
    assert page["rule_set"].code == "meae-aap-2024-2025-pma"  # Senegal: least developed
    assert plan.agent_days_value == D("21500.00")  # 86 agent-days at 250 €
    assert plan.budget_total == D("83500.00")
    assert plan.own_cash == D("19000.00") and plan.own_total == D("40500.00")
    assert plan.balance == 0
    outcomes = [(o.rule.numerator, o.outcome, o.ratio) for o in page["outcomes"]]
    assert outcomes == [
        ("own_total", Outcome.MET, D("48.5")),
        # The agents' days weigh: in-kind reaches 53.1 % of the authority's contribution.
        ("own_in_kind", Outcome.NOT_MET, D("53.1")),
        ("funder:ministry", Outcome.MET, D("35.9")),
    ]
    monitoring = FundingRuleSet.objects.get(code="meae-suivi-evaluation-2018")
    [outcome] = check(plan, monitoring)
    assert (outcome.outcome, outcome.ratio) == (Outcome.MET, D("7.8"))
    kinds = {(c.funder, c.nature) for c in Contribution.objects.filter(project=thies)}
    assert kinds == {
        ("own", "cash"),
        ("ministry", "cash"),
        ("region", "cash"),
        ("partner", "in_kind"),
    }
    for p in Project.objects.filter(authority=demo).exclude(pk=thies.pk):
        assert funding_plan(p).balance == 0, p


@pytest.mark.django_db
def test_demo_project_rows_pass_model_validation(demo):
    models = [
        Partner,
        PartnerContact,
        Agreement,
        Project,
        ProjectPartner,
        StatusChange,
        Mobilisation,
        BudgetLine,
        Contribution,
        Result,
        Indicator,
        IndicatorPeriod,
        Mission,
    ]
    for model in models:
        rows = list(model._default_manager.all())
        assert rows, model
        for row in rows:
            row.full_clean()
    assert not AuditEvent.objects.exists()  # the demo records no audit events
    # Timestamps are the fixed moments of the data, not the time of the run.
    assert set(Mobilisation.objects.values_list("proposed_at", flat=True)) == {
        m.proposed_at for p in projects_data.PROJECTS for m in p.mobilisations
    }
    assert set(
        Project.objects.filter(authority__slug="bellerive").values_list("updated_at", flat=True)
    ) == {
        datetime.datetime.combine(p.steps[-1].on, datetime.time(18), projects_data.PARIS)
        for p in projects_data.PROJECTS
    }


@pytest.mark.django_db
def test_rerun_resets_the_demo_projects(demo):
    thies = project(projects_data.THIES_PROJECT)
    proprete = Mobilisation.objects.get(project=thies, service__name="Propreté urbaine")
    referent = User.objects.get(username="referent")
    answer_mobilisation(proprete, by=referent, confirm=True)
    BudgetLine.objects.filter(project=thies, category="monitoring").delete()
    Contribution.objects.create(project=thies, funder="eu", amount=D(1000))
    before = funding_plan(thies)
    load(verbosity=0)
    proprete.refresh_from_db()
    assert (proprete.status, proprete.answered_by, proprete.answered_at) == (
        M.PROPOSED,
        None,
        None,
    )
    after = funding_plan(thies)
    assert after != before and after.budget_total == D("83500.00") and after.balance == 0
    # The référent's answer stays in the audit trail: the demo only resets its own rows.
    assert AuditEvent.objects.filter(object_id=str(proprete.pk)).exists()


@pytest.mark.django_db
def test_missing_reference_data_fails_clearly_and_writes_nothing():
    CodeListItem.objects.filter(codelist="Sector", code="14050").delete()
    with pytest.raises(CommandError, match="DAC sectors 14050.*migrate"):
        load(verbosity=0)
    assert not Authority.objects.filter(slug="bellerive").exists()
    assert not Project.objects.exists()


def test_oran_meetings_costs_and_belo_horizonte_programme(demo):
    oran = Mission.objects.get(authority=demo, title=missions_data.ORAN_MISSION)
    outcomes = list(oran.business_meetings.values_list("outcome", flat=True))
    assert (outcomes.count("contract"), outcomes.count("follow_up")) == (4, 4)
    assert sum(c.amount for c in oran.costs.all()) == oran.cost == 14000
    for company in Company.objects.filter(authority=demo):
        validate_siren(company.siren)
    assert len({c.activity_code for c in Company.objects.filter(authority=demo)}) >= 10
    visit = Mission.objects.get(authority=demo, title=missions_data.BELO_HORIZONTE_VISIT)
    assert visit.visitors.count() == 3
    visited = {item.service.name for item in visit.programme.exclude(service=None)}
    assert len(visited) >= 4
