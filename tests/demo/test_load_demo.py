"""The demo data: `manage.py load_demo` and the dataset behind it."""

from __future__ import annotations

import dataclasses
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from maillage.core.models import AuditEvent, Authority, Membership, PolicyArea, Role, User
from maillage.demo import services as demo_services
from maillage.demo.data import PASSWORD, build_dataset
from maillage.organisation.models import Agent, Delegation, ElectedOfficial, Referent, Service
from maillage.projects.models import (
    Agreement,
    BudgetLine,
    Contribution,
    Indicator,
    IndicatorPeriod,
    Mission,
    Mobilisation,
    Partner,
    PartnerContact,
    Project,
    ProjectPartner,
    StatusChange,
)
from maillage.projects.models import Result as ProjectResult

UNCOVERED = {
    "Assemblées et affaires juridiques",
    "Voirie et déplacements",
    "Santé et autonomie",
    "Sports",
    "Paie et carrières",
}


def load(**options) -> str:
    out = StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def demo(db) -> Authority:
    load(verbosity=0)
    return Authority.objects.get(slug="bellerive")


def snapshot() -> dict[str, list[dict]]:
    """Every row of the tables the demo writes, primary keys included."""
    models = [
        Authority,
        User,
        Membership,
        Service,
        Service.policy_areas.through,
        Agent,
        Referent,
        ElectedOfficial,
        Delegation,
        Delegation.policy_areas.through,
        AuditEvent,
        # The demo projects (maillage/demo/projects_data.py).
        Partner,
        PartnerContact,
        Agreement,
        Agreement.partners.through,
        Project,
        Project.sponsors.through,
        Project.policy_areas.through,
        Project.sdg_targets.through,
        Project.dac_sectors.through,
        ProjectPartner,
        StatusChange,
        Mobilisation,
        Mobilisation.agents.through,
        BudgetLine,
        Contribution,
        ProjectResult,
        Indicator,
        IndicatorPeriod,
        Mission,
        Mission.agents.through,
        Mission.elected_officials.through,
    ]
    return {m._meta.label: list(m._default_manager.order_by("pk").values()) for m in models}


@pytest.mark.django_db
def test_authority_services_and_agents(demo):
    assert demo.name == "Ville de Bellerive-sur-Orne"
    assert (demo.kind, demo.siren, demo.publishes) == ("commune", "219900008", True)
    assert demo.iati_identifier == "FR-SIREN-219900008"
    services = Service.objects.filter(authority=demo)
    directorates = services.filter(kind=Service.Kind.DIRECTORATE, parent=None)
    assert directorates.count() == 6
    assert 24 <= services.filter(kind=Service.Kind.SERVICE).count() <= 28
    assert not services.filter(kind=Service.Kind.SERVICE, parent=None).exists()
    assert services.get(name__startswith="Relations internationales").parent.name == (
        "Direction générale des services"
    )
    for service in services.prefetch_related("policy_areas"):
        assert 1 <= len(service.policy_areas.all()) <= 3, service.name
        assert service.head is not None and service.head.service_id == service.pk
        assert service.hr_id.startswith("SV")
    agents = Agent.objects.filter(authority=demo)
    assert agents.count() == 400
    emails = list(agents.values_list("email", flat=True))
    assert len(set(emails)) == 400
    assert all(e.endswith("@bellerive.example.fr") for e in emails)
    assert agents.get(hr_id="AG00001").email == "isabelle.carpentier@bellerive.example.fr"
    assert not agents.filter(service=None).exists()
    assert agents.values("last_name").distinct().count() > 150


@pytest.mark.django_db
def test_referent_network_has_blind_spots(demo):
    services = Service.objects.filter(authority=demo)
    covered = set(
        Referent.objects.current().filter(authority=demo).values_list("service__name", flat=True)
    )
    names = set(services.values_list("name", flat=True))
    assert names - covered == UNCOVERED
    assert len(covered) >= 0.8 * len(names)
    expired = Referent.objects.get(service__name="Sports")
    assert (expired.start.isoformat(), expired.end.isoformat()) == ("2024-01-01", "2025-06-30")
    assert Referent.objects.filter(authority=demo, kind=Referent.Kind.SUBSTITUTE).count() >= 5
    for name in UNCOVERED - {"Sports"}:
        assert not Referent.objects.filter(service__name=name).exists()


@pytest.mark.django_db
def test_officials_and_delegations(demo):
    officials = ElectedOfficial.objects.filter(authority=demo)
    assert officials.count() == 6
    assert officials.filter(mandate="Maire").count() == 1
    for official in officials:
        assert official.delegations.exists(), official
    international = Delegation.objects.get(
        label="Relations internationales et coopération décentralisée"
    )
    assert set(international.policy_areas.values_list("code", flat=True)) == {"044", "045"}
    assert international.elected_official.user.username == "elected"


@pytest.mark.django_db
def test_one_account_per_role_linked_to_people(demo):
    users = {u.username: u for u in User.objects.filter(username__in=Role.values)}
    assert set(users) == set(Role.values)
    for username, user in users.items():
        memberships = list(Membership.objects.filter(user=user).values_list("authority", "role"))
        assert memberships == [(demo.pk, username)]
        assert user.is_staff == (username == Role.ADMIN)
    assert Agent.objects.get(user=users["dri"]).service.name.startswith("Relations internationales")
    assert (
        Agent.objects.get(user=users["direction"]).job_title == "Directrice générale des services"
    )
    referent = Agent.objects.get(user=users["referent"])
    held = Referent.objects.current().filter(agent=referent, kind=Referent.Kind.HOLDER)
    assert "Propreté urbaine" in set(held.values_list("service__name", flat=True))
    ordinary = Agent.objects.get(user=users["agent"])
    assert not ordinary.referent_roles.exists() and not ordinary.headed_services.exists()
    assert ElectedOfficial.objects.get(user=users["elected"]).last_name == "Belkacem"


@pytest.mark.django_db
def test_second_run_leaves_the_database_identical(demo):
    before = snapshot()
    assert before["projects.Project"] and before["projects.Mobilisation"]
    output = load()
    assert snapshot() == before
    assert "Already up to date" in output


@pytest.mark.django_db
def test_rerun_resets_demo_passwords_and_roles(demo):
    user = User.objects.get(username="dri")
    user.set_password("changed-by-someone")
    user.save()
    Membership.objects.create(user=user, authority=demo, role=Role.ADMIN)
    load(verbosity=0)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert list(Membership.objects.filter(user=user).values_list("role", flat=True)) == ["dri"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_each_demo_account_logs_in_and_sees_home(demo, client, role):
    # Through the login page: the lockout check needs the request.
    assert (
        client.post(reverse("login"), {"username": role, "password": PASSWORD}).status_code == 302
    )
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["roles"] == frozenset({role})


@pytest.mark.django_db
def test_output_lists_accounts_and_verbosity_zero_is_silent():
    output = load()
    assert "Ville de Bellerive-sur-Orne" in output
    for role in Role.values:
        assert any(line.split()[:1] == [role] and PASSWORD in line for line in output.splitlines())
    assert load(verbosity=0) == ""


@pytest.mark.django_db
def test_missing_policy_area_fails_clearly_and_writes_nothing(monkeypatch):
    dataset = build_dataset()
    first = dataclasses.replace(dataset.services[0], policy_areas=("020", "0999"))
    broken = dataclasses.replace(dataset, services=(first, *dataset.services[1:]))
    monkeypatch.setattr(demo_services, "build_dataset", lambda: broken)
    assert PolicyArea.objects.filter(code="020").exists()
    with pytest.raises(CommandError, match="0999.*migrate"):
        load(verbosity=0)
    assert not Authority.objects.filter(slug="bellerive").exists()
    assert not User.objects.filter(username__in=Role.values).exists()


def test_dataset_is_deterministic():
    first, second = build_dataset(), build_dataset()
    assert first == second
    assert build_dataset(seed=1) != first
    assert [a.hr_id for a in first.agents][:2] == ["AG00001", "AG00002"]
