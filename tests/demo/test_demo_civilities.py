"""The demo's people carry a civility that agrees with their first name and their title."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from maillage.core.models import Authority
from maillage.demo.data import FEMALE_FIRST_NAMES, MALE_FIRST_NAMES
from maillage.governance.models import CommitteeMember
from maillage.organisation.models import Agent, ElectedOfficial


@pytest.fixture
def demo(db) -> Authority:
    call_command("load_demo", verbosity=0)
    return Authority.objects.get(slug="bellerive")


def test_every_agent_and_official_has_a_civility(demo):
    assert not Agent.objects.filter(authority=demo, civility="").exists()
    both = set(FEMALE_FIRST_NAMES) & set(MALE_FIRST_NAMES)  # Dominique, Camille…
    for agent in Agent.objects.filter(authority=demo).exclude(first_name__in=both):
        if agent.first_name in FEMALE_FIRST_NAMES:
            assert agent.civility == "mme", agent
        elif agent.first_name in MALE_FIRST_NAMES:
            assert agent.civility == "m", agent
    officials = dict(
        ElectedOfficial.objects.filter(authority=demo).values_list("first_name", "civility")
    )
    assert officials == {
        "François": "m",
        "Nadia": "mme",
        "Yann": "m",
        "Aïssatou": "mme",
        "Marc": "m",
        "Véronique": "mme",
    }
    for official in ElectedOfficial.objects.filter(authority=demo):
        feminine = official.mandate.startswith("Adjointe")
        assert feminine == (official.civility == "mme") or official.mandate == "Maire"


def test_outside_member_has_a_civility(demo):
    member = CommitteeMember.objects.get(authority=demo, external_name="Mamadou Ndiaye")
    assert member.external_civility == "m"


def test_reloading_keeps_civilities(demo):
    before = list(Agent.objects.filter(authority=demo).values_list("pk", "civility"))
    Agent.objects.filter(authority=demo).update(civility="")

    call_command("load_demo", verbosity=0)

    assert list(Agent.objects.filter(authority=demo).values_list("pk", "civility")) == before
