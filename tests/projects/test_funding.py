"""The funding plan's amounts, the co-financing rule checker and the funding services."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.core.concurrency import ConcurrentEditError
from maillage.core.models import AuditEvent
from maillage.projects.funding import services as funding
from maillage.projects.funding.services import FundingPlan, Outcome
from maillage.projects.models import (
    BudgetLine,
    Contribution,
    FundingRule,
    FundingRuleSet,
    Mobilisation,
)

from ..factories import (
    BudgetLineFactory,
    ContributionFactory,
    MobilisationFactory,
    ProjectFactory,
    member,
)

D = Decimal
OWN, MINISTRY = Contribution.Funder.OWN, Contribution.Funder.MINISTRY
CASH, IN_KIND = Contribution.Nature.CASH, Contribution.Nature.IN_KIND


def make_plan(
    *,
    lines: str = "0",
    monitoring: str = "0",
    days: str = "0",
    rate: str = "250",
    own_cash: str = "0",
    own_in_kind: str = "0",
    ministry: str = "0",
) -> FundingPlan:
    """A plan built without the database; ``lines`` includes ``monitoring``."""
    return FundingPlan(
        day_rate=D(rate),
        days_planned=D(days),
        days_actual=D(0),
        budget_lines_total=D(lines),
        monitoring=D(monitoring),
        by_funder={OWN: D(own_cash) + D(own_in_kind), MINISTRY: D(ministry)},
        own_in_kind_entered=D(own_in_kind),
        in_kind_entered=D(own_in_kind),
    )


def rule(numerator: str, denominator: str, operator: str, threshold: str) -> FundingRule:
    return FundingRule(
        label="règle",
        numerator=numerator,
        denominator=denominator,
        operator=operator,
        threshold=D(threshold),
    )


def outcomes_of(code: str, plan: FundingPlan) -> dict[str, funding.RuleOutcome]:
    rule_set = FundingRuleSet.objects.prefetch_related("rules").get(code=code)
    return {f"{o.rule.numerator}/{o.rule.denominator}": o for o in funding.check(plan, rule_set)}


# --- Amounts ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_plan_amounts_come_from_lines_contributions_and_mobilisations(authority):
    project = ProjectFactory(authority=authority, agent_day_rate=D("250"))
    BudgetLineFactory(project=project, category=BudgetLine.Category.ACTIVITIES, amount=D("8000"))
    BudgetLineFactory(project=project, category=BudgetLine.Category.MONITORING, amount=D("1000"))
    MobilisationFactory(project=project, days_planned=D("10"), status="confirmed")
    MobilisationFactory(project=project, days_planned=D("4"), days_actual=D("3"))
    MobilisationFactory(
        project=project, days_planned=D("20"), days_actual=D("9"), status="declined"
    )
    ContributionFactory(project=project, funder=OWN, nature=CASH, amount=D("1000"))
    ContributionFactory(project=project, funder=OWN, nature=IN_KIND, amount=D("500"))
    ContributionFactory(project=project, funder=MINISTRY, amount=D("6000"))
    ContributionFactory(project=project, funder="partner", nature=IN_KIND, amount=D("1000"))
    ContributionFactory(project=project, funder="region", amount=D("500"))
    other = ProjectFactory(authority=authority)
    BudgetLineFactory(project=other, amount=D("99999"))
    ContributionFactory(project=other, amount=D("99999"))

    with CaptureQueriesContext(connection) as ctx:
        plan = funding.funding_plan(project)
    assert len(ctx.captured_queries) == 1

    # Declined mobilisations count for nothing; planned days are valued, actual ones shown.
    assert plan.days_planned == D("14")
    assert plan.days_actual == D("3")
    assert plan.agent_days_value == D("3500.00")
    assert plan.budget_lines_total == D("9000")
    assert plan.budget_total == D("12500")
    assert plan.monitoring == D("1000")
    assert plan.own_cash == D("1000")
    assert plan.own_in_kind == D("4000")
    assert plan.own_total == D("5000")
    assert plan.external_total == D("7500")
    assert plan.in_kind_total == D("5000")
    assert plan.cash_total == D("7500")
    assert plan.resources_total == D("12500")
    assert plan.balance == D("0")
    amounts = plan.amounts()
    assert amounts["funder:ministry"] == D("6000")
    assert amounts["funder:own"] == D("5000")
    assert amounts["funder:afd"] == D("0")
    assert amounts["funder:region"] == D("500")
    assert all(isinstance(v, Decimal) for v in amounts.values())
    assert set(amounts) == set(funding.AMOUNT_LABELS)


@pytest.mark.django_db
def test_plan_of_an_empty_project_is_all_zero(authority):
    plan = funding.funding_plan(ProjectFactory(authority=authority))
    assert set(plan.amounts().values()) == {D(0)}


@pytest.mark.django_db
def test_agent_days_are_valued_at_the_project_rate(authority):
    project = ProjectFactory(authority=authority, agent_day_rate=D("312.50"))
    MobilisationFactory(project=project, days_planned=D("2.5"))
    plan = funding.funding_plan(project)
    assert plan.agent_days_value == D("781.25")
    assert plan.own_in_kind == plan.own_total == plan.in_kind_total == D("781.25")
    assert plan.budget_total == D("781.25")  # staff time is an expense too
    assert plan.balance == D(0)


def test_unknown_amount_name_raises():
    with pytest.raises(KeyError):
        make_plan().amount("own_money")


# --- Checker ----------------------------------------------------------------------------------


def test_zero_budget_is_not_evaluable_and_counts_as_not_met():
    outcome = funding.check_rule(make_plan(), rule("own_total", "budget_total", "gte", "10"))
    assert outcome.outcome is Outcome.NOT_EVALUABLE
    assert not outcome.met
    assert outcome.ratio is None
    assert outcome.reason == "non évaluable : le budget est nul"


def test_zero_own_contribution_is_not_evaluable_for_the_in_kind_share():
    outcome = funding.check_rule(
        make_plan(lines="1000"), rule("own_in_kind", "own_total", "lte", "50")
    )
    assert outcome.outcome is Outcome.NOT_EVALUABLE
    assert "apport de la collectivité" in outcome.reason


@pytest.mark.parametrize(
    ("own_cash", "expected"),
    [("999.99", Outcome.NOT_MET), ("1000", Outcome.MET), ("1000.01", Outcome.MET)],
)
def test_at_least_ten_percent_is_met_exactly_at_the_threshold(own_cash, expected):
    plan = make_plan(lines="10000", own_cash=own_cash)
    outcome = funding.check_rule(plan, rule("own_total", "budget_total", "gte", "10"))
    assert outcome.outcome is expected
    assert outcome.numerator == D(own_cash)
    assert outcome.denominator == D("10000")
    assert outcome.threshold == D("10")


@pytest.mark.parametrize(
    ("ministry", "expected"),
    [("8999.99", Outcome.MET), ("9000", Outcome.MET), ("9000.01", Outcome.NOT_MET)],
)
def test_at_most_ninety_percent_is_met_exactly_at_the_threshold(ministry, expected):
    plan = make_plan(lines="10000", ministry=ministry)
    outcome = funding.check_rule(plan, rule("funder:ministry", "budget_total", "lte", "90"))
    assert outcome.outcome is expected


def test_threshold_is_compared_exactly_not_after_rounding():
    # 1/3 = 33.333…%: rounded for display, but the comparison uses the exact ratio.
    plan = make_plan(lines="3", own_cash="1")
    outcome = funding.check_rule(plan, rule("own_total", "budget_total", "gte", "33.33"))
    assert outcome.met
    assert outcome.ratio == D("33.3")
    assert isinstance(outcome.ratio, Decimal)
    outcome = funding.check_rule(plan, rule("own_total", "budget_total", "gte", "33.34"))
    assert not outcome.met


def test_unknown_amount_in_a_rule_is_not_evaluable():
    outcome = funding.check_rule(
        make_plan(lines="10"), rule("own_money", "budget_total", "gte", "1")
    )
    assert outcome.outcome is Outcome.NOT_EVALUABLE
    assert "own_money" in outcome.reason


@pytest.mark.django_db
def test_meae_rules_on_a_compliant_plan():
    plan = make_plan(lines="100000", own_cash="6000", own_in_kind="4000", ministry="90000")
    outcomes = outcomes_of("meae-aap-2024-2025-pma", plan)
    assert {k: o.outcome for k, o in outcomes.items()} == {
        "own_total/budget_total": Outcome.MET,
        "own_in_kind/own_total": Outcome.MET,
        "funder:ministry/budget_total": Outcome.MET,
    }
    assert outcomes["own_total/budget_total"].ratio == D("10.0")
    # The same plan exceeds the 70 % ceiling of other countries.
    outcomes = outcomes_of("meae-aap-2024-2025-autres", plan)
    assert outcomes["funder:ministry/budget_total"].outcome is Outcome.NOT_MET


@pytest.mark.django_db
def test_own_contribution_only_in_kind_fails_the_fifty_percent_ceiling():
    plan = make_plan(lines="10000", own_in_kind="2000", ministry="8000")
    outcomes = outcomes_of("meae-aap-2024-2025-pma", plan)
    assert outcomes["own_total/budget_total"].met
    in_kind = outcomes["own_in_kind/own_total"]
    assert in_kind.outcome is Outcome.NOT_MET
    assert in_kind.ratio == D("100.0")


@pytest.mark.django_db
def test_valued_agent_days_are_in_kind_and_count_in_the_ceiling():
    # 8 days × 250 € = 2,000 € of in-kind over an own contribution of 3,000 €: 66.7 % > 50 %.
    plan = make_plan(lines="18000", days="8", own_cash="1000", ministry="19000")
    outcomes = outcomes_of("meae-aap-2024-2025-pma", plan)
    assert plan.budget_total == D("20000")
    assert outcomes["own_total/budget_total"].numerator == D("3000")
    assert outcomes["own_total/budget_total"].met  # 15 %
    assert outcomes["own_in_kind/own_total"].ratio == D("66.7")
    assert not outcomes["own_in_kind/own_total"].met


@pytest.mark.django_db
def test_monitoring_and_ficol_rules():
    plan = make_plan(lines="10000", monitoring="700", own_cash="2999")
    assert outcomes_of("meae-suivi-evaluation-2018", plan)["monitoring/budget_total"].met
    ficol = outcomes_of("afd-ficol", plan)["own_total/budget_total"]
    assert ficol.outcome is Outcome.NOT_MET
    assert ficol.ratio == D("30.0")  # 29.99 % shown rounded, still below 30 %


@pytest.mark.django_db
def test_every_rule_set_of_the_migration_is_present():
    sets = {s.code: s for s in FundingRuleSet.objects.prefetch_related("rules").order_by("code")}
    expected = {
        "meae-aap-2024-2025-pma": [
            ("own_total", "budget_total", "gte", D("10")),
            ("own_in_kind", "own_total", "lte", D("50")),
            ("funder:ministry", "budget_total", "lte", D("90")),
        ],
        "meae-aap-2024-2025-autres": [
            ("own_total", "budget_total", "gte", D("10")),
            ("own_in_kind", "own_total", "lte", D("50")),
            ("funder:ministry", "budget_total", "lte", D("70")),
        ],
        "meae-suivi-evaluation-2018": [("monitoring", "budget_total", "gte", D("7"))],
        "afd-ficol": [("own_total", "budget_total", "gte", D("30"))],
    }
    assert expected.keys() <= sets.keys()
    for code, rules in expected.items():
        rule_set = sets[code]
        assert rule_set.source
        assert [
            (r.numerator, r.denominator, r.operator, r.threshold) for r in rule_set.rules.all()
        ] == rules
        for r in rule_set.rules.all():
            r.full_clean()  # every name is a known amount
    assert sets["meae-aap-2024-2025-pma"].name == (
        "MEAE — appel à projets 2024-2025, pays les moins avancés"
    )
    assert funding.DEFAULT_RULE_SET == "meae-aap-2024-2025-pma"


@pytest.mark.django_db
def test_rule_with_an_unknown_amount_name_is_refused():
    rule_set = FundingRuleSet.objects.get(code="afd-ficol")
    bad = FundingRule(
        rule_set=rule_set,
        label="x",
        numerator="own_money",
        denominator="budget",
        operator="gte",
        threshold=D(1),
    )
    with pytest.raises(ValidationError) as exc:
        bad.full_clean()
    assert set(exc.value.message_dict) == {"numerator", "denominator"}
    funding.validate_rule_amounts("funder:afd", "resources_total")  # no error


@pytest.mark.django_db
def test_pick_rule_set_defaults_to_the_first_meae_set():
    sets = funding.rule_sets()
    assert funding.pick_rule_set(sets, None).code == "meae-aap-2024-2025-pma"
    assert funding.pick_rule_set(sets, "nope").code == "meae-aap-2024-2025-pma"
    assert funding.pick_rule_set(sets, "afd-ficol").code == "afd-ficol"
    assert funding.pick_rule_set([], None) is None


# --- Services ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_budget_line_services_write_and_audit(authority):
    user = member(authority, "dri")
    project = ProjectFactory(authority=authority)
    line = funding.create_budget_line(
        project, by=user, category="travel", label="Billets", amount=D("1200")
    )
    assert BudgetLine.objects.get(pk=line.pk).amount == D("1200")
    funding.update_budget_line(line, by=user, label="Billets Dakar", amount=D("1300"))
    line.refresh_from_db()
    assert (line.label, line.amount) == ("Billets Dakar", D("1300"))
    funding.delete_budget_line(line, by=user)
    assert not BudgetLine.objects.filter(pk=line.pk).exists()
    events = list(AuditEvent.objects.filter(object_type="projects.BudgetLine").order_by("pk"))
    assert [e.action for e in events] == ["create", "update", "delete"]
    assert all(e.authority == authority and e.user == user for e in events)
    assert events[1].changes == {
        "label": ["Billets", "Billets Dakar"],
        "amount": ["1200", "1300"],
    }


@pytest.mark.django_db
def test_negative_amounts_are_refused_by_the_services(authority):
    project = ProjectFactory(authority=authority)
    with pytest.raises(ValidationError):
        funding.create_budget_line(project, by=None, category="travel", label="x", amount=D(-1))
    with pytest.raises(ValidationError):
        funding.create_contribution(project, by=None, funder="own", nature="cash", amount=D(-1))
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_contribution_services_write_and_audit(authority):
    user = member(authority, "admin")
    project = ProjectFactory(authority=authority)
    contribution = funding.create_contribution(
        project, by=user, funder="afd", funder_name="AFD FICOL", nature="cash", amount=D("5000")
    )
    funding.update_contribution(contribution, by=user, nature="in_kind")
    contribution.refresh_from_db()
    assert contribution.nature == "in_kind"
    assert funding.funding_plan(project).in_kind_total == D("5000")
    funding.delete_contribution(contribution, by=user)
    assert not Contribution.objects.exists()
    assert list(
        AuditEvent.objects.filter(object_type="projects.Contribution")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["create", "update", "delete"]


@pytest.mark.django_db
def test_set_day_rate_bumps_the_version_and_refuses_a_stale_one(authority):
    user = member(authority, "dri")
    project = ProjectFactory(authority=authority)
    version = project.version
    funding.set_day_rate(project, by=user, rate=D("300"), version=version)
    project.refresh_from_db()
    assert project.agent_day_rate == D("300")
    assert project.version == version + 1
    with pytest.raises(ConcurrentEditError):
        funding.set_day_rate(project, by=user, rate=D("350"), version=version)
    project.refresh_from_db()
    assert project.agent_day_rate == D("300")
    event = AuditEvent.objects.get(object_type="projects.Project")
    assert event.changes == {"agent_day_rate": ["250.00", "300.00"]}


@pytest.mark.django_db
def test_set_day_rate_refuses_a_negative_rate(authority):
    project = ProjectFactory(authority=authority)
    with pytest.raises(ValidationError):
        funding.set_day_rate(project, by=None, rate=D("-1"))


@pytest.mark.django_db
def test_declined_mobilisation_leaves_the_plan(authority):
    project = ProjectFactory(authority=authority)
    mobilisation = MobilisationFactory(project=project, days_planned=D("4"))
    assert funding.funding_plan(project).agent_days_value == D("1000")
    Mobilisation.objects.filter(pk=mobilisation.pk).update(status="declined")
    assert funding.funding_plan(project).agent_days_value == D("0")


# --- Admin ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_authority_admin_reads_rule_sets_but_cannot_change_them(users, client_for):
    client = client_for(users["admin"])
    response = client.get("/admin/projects/fundingruleset/")
    assert response.status_code == 200
    assert "AFD — FICOL" in response.content.decode()
    rule_set = FundingRuleSet.objects.get(code="afd-ficol")
    url = f"/admin/projects/fundingruleset/{rule_set.pk}/change/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"name": "Changé", "code": "afd-ficol"}).status_code == 403
    assert client.get("/admin/projects/fundingruleset/add/").status_code == 403
    rule_set.refresh_from_db()
    assert rule_set.name == "AFD — FICOL"


def _rule_set_post(numerator: str) -> dict[str, str]:
    return {
        "code": "region-test",
        "name": "Région — test",
        "source": "Règlement régional",
        "rules-TOTAL_FORMS": "1",
        "rules-INITIAL_FORMS": "0",
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "1000",
        "rules-0-position": "1",
        "rules-0-label": "Apport d'au moins 20 %",
        "rules-0-numerator": numerator,
        "rules-0-operator": "gte",
        "rules-0-threshold": "20",
        "rules-0-denominator": "budget_total",
    }


@pytest.mark.django_db
def test_superuser_adds_a_rule_set_and_unknown_amounts_are_refused(client_for):
    from ..factories import UserFactory

    client = client_for(UserFactory(username="root", is_superuser=True, is_staff=True))
    url = "/admin/projects/fundingruleset/add/"
    assert "funder:ministry" in client.get(url).content.decode()  # amounts offered as choices
    response = client.post(url, _rule_set_post("own_money"))
    assert response.status_code == 200
    assert not FundingRuleSet.objects.filter(code="region-test").exists()
    response = client.post(url, _rule_set_post("own_total"))
    assert response.status_code == 302, response.content.decode()[:3000]
    rule = FundingRule.objects.get(rule_set__code="region-test")
    assert (rule.numerator, rule.denominator, rule.threshold) == ("own_total", "budget_total", 20)
