"""generate_dataset: deterministic (same seed, same rows and ids), sized as asked, empty DB only."""

from __future__ import annotations

import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F

from maillage.core.models import Authority, Membership, Role, User
from maillage.datasets.generator import BENCH_USERNAMES, database_rows
from maillage.datasets.scales import BENCH_SLUG, SCALES, apportion, plan_authorities
from maillage.organisation.models import Agent, Referent, Service
from maillage.projects.models import Mobilisation, Project, ProjectPartner
from maillage.skills.models import Profile, ProfileCountry, ProfileLanguage

from ..factories import AuthorityFactory

# Columns whose values make the checksum: ids, foreign keys, names, statuses, dates.
CHECKED = {
    Authority: ("id", "name", "slug", "siren", "kind"),
    User: ("id", "username", "password"),
    Service: ("id", "authority_id", "hr_id", "name", "kind", "parent_id", "head_id"),
    Agent: ("id", "authority_id", "hr_id", "first_name", "last_name", "service_id", "active"),
    Referent: ("id", "service_id", "agent_id", "kind", "start", "end"),
    Project: ("id", "authority_id", "title", "status", "start_date", "updated_at"),
    ProjectPartner: ("id", "project_id", "partner_id", "role"),
    Mobilisation: ("id", "project_id", "service_id", "status", "days_planned", "proposed_at"),
    Profile: ("id", "agent_id", "published", "visibility", "last_confirmed_at"),
    ProfileLanguage: ("id", "profile_id", "language_id", "level_id", "level_rank"),
    ProfileCountry: ("id", "profile_id", "country_id", "relation"),
}


def fingerprint() -> tuple[dict[str, int], str]:
    digest = hashlib.sha256()
    for model, columns in CHECKED.items():
        for row in model.objects.order_by("pk").values_list(*columns):
            digest.update(repr(row).encode())
    return database_rows(), digest.hexdigest()


def generate(seed: int) -> tuple[dict[str, int], str]:
    """Generate into the (empty) test database, fingerprint it, and roll it back."""
    with transaction.atomic():
        call_command("generate_dataset", scale="tiny", seed=seed, no_analyze=True, verbosity=0)
        result = fingerprint()
        transaction.set_rollback(True)
    return result


@pytest.mark.django_db
def test_same_seed_gives_the_same_rows_and_ids():
    counts, checksum = generate(seed=7)
    again_counts, again_checksum = generate(seed=7)
    assert counts == again_counts
    assert checksum == again_checksum
    other_counts, other_checksum = generate(seed=8)
    assert other_checksum != checksum
    assert other_counts["core.Authority"] == counts["core.Authority"] == 2


@pytest.mark.django_db
def test_tiny_dataset_has_the_planned_sizes_and_bench_users():
    call_command("generate_dataset", scale="tiny", seed=1, no_analyze=True, verbosity=0)
    scale = SCALES["tiny"]
    assert Agent.objects.count() == scale.total.agents
    assert Project.objects.count() == scale.total.projects
    entries = database_rows()
    assert (
        entries["skills.ProfileLanguage"]
        + entries["skills.ProfileCountry"]
        + entries["skills.ProfilePolicyArea"]
        + entries["skills.ProfileTag"]
        == scale.total.profile_entries
    )
    bench = Authority.objects.get(slug=BENCH_SLUG)
    # The benchmarked authority sits in the middle: its id is its position, not 1.
    assert bench.pk == scale.authorities // 2 + 1
    roles = dict(Membership.objects.filter(authority=bench).values_list("user__username", "role"))
    assert roles == {name: role for role, name in BENCH_USERNAMES.items()}
    # Users who work in the authority have an agent record; the elected official is one.
    for role in (Role.ADMIN, Role.DRI, Role.REFERENT, Role.DIRECTION, Role.AGENT):
        assert Agent.objects.filter(authority=bench, user__username=BENCH_USERNAMES[role]).exists()
    referent = Agent.objects.get(user__username=BENCH_USERNAMES[Role.REFERENT])
    assert Referent.objects.current().filter(agent=referent).exists()
    # Every agent's service belongs to the agent's authority.
    assert not Agent.objects.exclude(service__authority_id=F("authority_id")).exists()


@pytest.mark.django_db
def test_refuses_a_database_that_holds_data():
    AuthorityFactory()
    with pytest.raises(CommandError, match="already holds data"):
        call_command("generate_dataset", scale="tiny", verbosity=0)
    assert Agent.objects.count() == 0


@pytest.mark.parametrize("name", ["city", "region", "national"])
def test_plans_add_up_to_the_scale(name):
    scale = SCALES[name]
    specs = plan_authorities(scale, seed=1)
    assert len(specs) == scale.authorities
    assert [s.index for s in specs] == list(range(scale.authorities))
    for field in ("agents", "projects", "partners", "mobilisations", "profile_entries"):
        assert sum(getattr(s.shape, field) for s in specs) == getattr(scale.total, field), field
    bench = [s for s in specs if s.bench]
    assert len(bench) == 1
    assert bench[0].shape == scale.bench
    assert len({s.slug for s in specs}) == len({s.siren for s in specs}) == len(specs)


def test_apportion_keeps_the_total_and_the_minimum():
    parts = apportion(100, [1, 2, 3, 0.5], minimum=5)
    assert sum(parts) == 100
    assert min(parts) >= 5
    with pytest.raises(ValueError):
        apportion(3, [1, 1], minimum=2)
