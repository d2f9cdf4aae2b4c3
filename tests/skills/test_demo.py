"""The demo's international profiles and calls for competences (maillage/demo/skills_data.py)."""

from __future__ import annotations

import dataclasses
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from maillage.core.models import User
from maillage.demo import skills_data
from maillage.demo.data import build_dataset
from maillage.organisation.models import Agent
from maillage.skills.models import CallResponse, Profile, ProfileLanguage, SkillCall
from maillage.skills.rules import response_manager_q


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    load()


def test_a_third_of_the_agents_have_a_profile_in_some_fifteen_languages(demo):
    profiles = Profile.objects.all()
    assert 110 <= profiles.count() <= 150
    assert profiles.filter(published=True).count() > 0.8 * profiles.count()
    assert profiles.filter(visibility="restricted").exists()
    languages = set(ProfileLanguage.objects.values_list("language_id", flat=True))
    assert len(languages) >= 15
    assert {"wo", "ar", "pt", "zgh"} <= languages
    # The demo accounts start without a profile: the demo user fills in their own.
    accounts = Agent.objects.filter(user__username__in=["agent", "dri", "referent", "admin"])
    assert not Profile.objects.filter(agent__in=accounts).exists()
    per_profile = ProfileLanguage.objects.values("profile").annotate(n=Count("id"))
    assert {row["n"] for row in per_profile} <= {1, 2, 3}


def test_calls_of_the_thies_project_at_different_stages(demo):
    calls = SkillCall.objects.select_related("project")
    thies = calls.filter(project__title__contains="Thiès")
    assert set(thies.values_list("status", flat=True)) == {"open", "closed"}
    statuses = set(CallResponse.objects.values_list("status", flat=True))
    assert {"accepted", "invited", "approved", "refused"} <= statuses
    wolof = thies.get(language_id="wo")
    volunteer = CallResponse.objects.get(call=wolof, status="accepted")
    # The référent demo account approves it from her home page.
    referent = User.objects.get(username="referent")
    assert (
        CallResponse.objects.filter(pk=volunteer.pk)
        .filter(response_manager_q(referent.pk))
        .exists()
    )
    approved = CallResponse.objects.get(call__project=wolof.project, status="approved")
    assert approved.agent in approved.mobilisation.agents.all()


def test_second_run_writes_nothing(demo):
    assert "Already up to date" in load()


def test_without_the_demo_projects_no_call_is_created(db, monkeypatch):
    calls = tuple(dataclasses.replace(c, project="Nulle part") for c in skills_data.CALLS)
    monkeypatch.setattr(skills_data, "CALLS", calls)
    load()
    assert Profile.objects.exists()
    assert not SkillCall.objects.exists()


def test_profiles_are_the_same_for_the_same_dataset():
    dataset = build_dataset()
    assert skills_data.build_profiles(dataset) == skills_data.build_profiles(dataset)
    volunteer = skills_data.demo_volunteer(dataset)
    spec = next(p for p in skills_data.build_profiles(dataset) if p.hr_id == volunteer)
    assert spec.languages[0].code == "wo" and spec.published
