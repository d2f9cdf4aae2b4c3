"""The agent's own data: the JSON download, and the erasure that leaves nothing behind."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from maillage.core.models import AuditEvent
from maillage.organisation.models import Agent
from maillage.projects.models import Mobilisation
from maillage.skills import services
from maillage.skills.models import (
    CallResponse,
    Profile,
    ProfileCountry,
    ProfileLanguage,
    ProfilePolicyArea,
    ProfileTag,
    ResponseStep,
    SkillTag,
)

from .factories import (
    CallResponseFactory,
    ProfileFactory,
    SkillCallFactory,
    expert_in,
    knows,
    speaks,
    tagged,
)

pytestmark = pytest.mark.django_db

SECRET = "Souvenirs de Ziguinchor"  # personal words that must vanish with the profile


@pytest.fixture
def alice_profile(org):
    profile = ProfileFactory(agent=org.agent("Alice"), about=SECRET)
    speaks(profile, "wo", "C1", oral_level_id="C2")
    speaks(profile, "pt", "B1")
    knows(profile, "SN", "lived", regions="Casamance")
    expert_in(profile, "045")
    tagged(profile, "tag-rien-qu-a-alice")
    tagged(profile, "compostage")
    tagged(ProfileFactory(agent=org.agent("Bruno")), "compostage")
    return profile


def test_json_download_holds_the_agents_own_data(org, alice_profile, client_for):
    call = SkillCallFactory(project__authority=org.authority, title="Mission à Thiès")
    CallResponseFactory(call=call, agent=org.agent("Alice"), message="Je suis partante.")
    CallResponseFactory(call=call, agent=org.agent("Bruno"), message="Message de Bruno.")
    response = client_for(org.user("Alice")).get(reverse("profile_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="mes-donnees-')
    data = json.loads(response.content)
    assert data["agent"]["last_name"] == "Aliceson"
    profile = data["international_profile"]
    assert profile["published"] is True
    assert profile["about"] == SECRET
    assert {(lang["code"], lang["level"]) for lang in profile["languages"]} == {
        ("wo", "C1"),
        ("pt", "B1"),
    }
    assert profile["languages"][0]["oral_level"] == "C2"
    assert profile["countries"] == [
        {"iso2": "SN", "name": "Sénégal", "relation": "lived", "regions": "Casamance"}
    ]
    assert profile["policy_areas"][0]["code"] == "045"
    assert sorted(profile["tags"]) == ["compostage", "tag-rien-qu-a-alice"]
    assert profile["availability"]["missions_abroad"] is False
    assert [r["message"] for r in data["call_responses"]] == ["Je suis partante."]
    assert data["call_responses"][0]["steps"][0]["step"] == "volunteered"
    assert "Bruno" not in response.content.decode()


def test_json_download_without_agent_record(users, client_for):
    data = json.loads(client_for(users["dri"]).get(reverse("profile_export")).content)
    assert data["agent"] is None and data["international_profile"] is None
    assert data["account"]["username"] == "u-dri"


def test_erase_asks_for_confirmation_first(org, alice_profile, client_for):
    response = client_for(org.user("Alice")).get(reverse("profile_erase"))
    assert response.status_code == 200
    assert "L'effacement est définitif" in response.content.decode()
    assert Profile.objects.filter(pk=alice_profile.pk).exists()


def test_erase_leaves_nothing_behind(org, alice_profile, client_for):
    alice = org.agent("Alice")
    client = client_for(org.user("Alice"))
    # Her trail: a saved profile (audited), one answer mobilised, one pending, one declined.
    services.confirm_profile(alice_profile, by=org.user("Alice"))
    mobilised = SkillCallFactory(project__authority=org.authority, effort_days=Decimal(4))
    approved = CallResponseFactory(call=mobilised, agent=alice, message="Avec plaisir, Casamance")
    services.approve(approved, by=org.user("Henri"), comment="Accord.")
    pending = CallResponseFactory(
        call=SkillCallFactory(project__authority=org.authority), agent=alice, message=SECRET
    )
    declined = services.invite(
        SkillCallFactory(project__authority=org.authority),
        profile=alice_profile,
        by=org.user("Dora"),
    )
    services.decline(declined, by=org.user("Alice"), comment="Pas cette fois, Casamance.")

    response = client.post(reverse("profile_erase"))
    assert response.status_code == 302

    for model in (Profile, ProfileLanguage, ProfileCountry, ProfilePolicyArea):
        assert (
            not model.objects.filter(authority=org.authority)
            .exclude(
                **(
                    {"agent": org.agent("Bruno")}
                    if model is Profile
                    else {"profile__agent": org.agent("Bruno")}
                )
            )
            .exists()
        ), model
    assert not ProfileTag.objects.filter(profile__agent=alice).exists()
    # The tag only she used is gone; the one Bruno uses stays.
    assert list(SkillTag.objects.values_list("name", flat=True)) == ["compostage"]
    # Answers that came to nothing are deleted with their steps; the mobilised one stays
    # (the project's staffing) without her words.
    assert not CallResponse.objects.filter(pk__in=[pending.pk, declined.pk]).exists()
    assert not ResponseStep.objects.filter(response_id__in=[pending.pk, declined.pk]).exists()
    approved.refresh_from_db()
    assert approved.status == "approved" and approved.message == ""
    assert all(not s.comment for s in approved.steps.all() if s.step in ("volunteered", "accepted"))
    assert alice in Mobilisation.objects.get(pk=approved.mobilisation_id).agents.all()
    # The audit trail records the erasure, and holds none of her data anywhere.
    erasure = AuditEvent.objects.filter(object_type="skills.Profile", action="delete").get()
    assert erasure.changes == {"erased": True}
    assert erasure.object_id == str(alice_profile.pk)
    assert "Alice" not in erasure.object_repr
    everything = " ".join(
        f"{e.object_repr} {json.dumps(e.changes, ensure_ascii=False)}"
        for e in AuditEvent.objects.all()
    )
    for personal in (SECRET, "Casamance", "tag-rien-qu-a-alice", "Aliceson"):
        assert personal not in everything, personal
    # The page says it is gone, and a second erasure finds nothing to erase.
    assert (
        "Votre profil international a été effacé."
        in client.get(reverse("my_profile")).content.decode()
    )
    client.post(reverse("profile_erase"))
    assert AuditEvent.objects.filter(object_type="skills.Profile", action="delete").count() == 1


def test_erased_profile_disappears_from_search_and_inventory(org, alice_profile, client_for):
    dora = client_for(org.user("Dora"))
    assert dora.get(reverse("skills_inventory")).context["rows"]
    client_for(org.user("Alice")).post(reverse("profile_erase"))
    assert dora.get(reverse("skills_inventory")).context["rows"] == []
    assert dora.get(reverse("profile_detail", args=[alice_profile.pk])).status_code == 404


def test_profiles_of_agents_who_left_are_erased_by_the_command(org, alice_profile):
    bruno = Profile.objects.get(agent=org.agent("Bruno"))
    alice = org.agent("Alice")
    alice.active = False
    alice.save()
    out = StringIO()
    # Within the grace period nothing is erased: she may come back in the next HR file.
    call_command("erase_departed_profiles", stdout=out)
    assert "Erased the data of 0 departed agents" in out.getvalue()
    assert Profile.objects.filter(pk=alice_profile.pk).exists()
    Agent.objects.filter(pk=alice.pk).update(
        deactivated_at=timezone.now() - datetime.timedelta(days=91)
    )
    call_command("erase_departed_profiles", "--dry-run", stdout=out)
    assert "1 departed agents" in out.getvalue()
    assert Profile.objects.filter(pk=alice_profile.pk).exists()
    call_command("erase_departed_profiles", stdout=out)
    assert list(Profile.objects.all()) == [bruno]
    erasure = AuditEvent.objects.get(object_type="skills.Profile", action="delete")
    assert erasure.user is None and erasure.changes == {"erased": True}
    call_command("erase_departed_profiles", stdout=out)
    assert out.getvalue().count("Erased the data of 0 departed agents") == 2


@pytest.mark.django_db
def test_profile_is_erased_after_the_grace_period_when_the_hr_import_drops_the_agent(
    authority, tmp_path
):
    """DOMAIN rule: the international profile is erased when the agent leaves, once the grace
    period has shown that the departure is real."""
    from maillage.organisation.hr.apply import import_hr
    from maillage.skills.models import Profile, ProfileLanguage

    path = tmp_path / "rh.csv"
    header = "type;matricule;rattachement;libelle;niveau;prenom;nom;courriel;fonction\n"
    service = "service;S1;;Relations internationales;direction;;;;\n"
    stays = "agent;A1;S1;;;Awa;Diallo;awa.diallo@example.fr;Chargée de mission\n"
    leaves = "agent;A2;S1;;;Jean;Martin;jean.martin@example.fr;Agent\n"
    path.write_text(header + service + stays + leaves, encoding="utf-8")
    import_hr(authority, by=None, source=path, filename="rh.csv", dry_run=False)
    leaving = Agent.objects.get(authority=authority, hr_id="A2")
    staying = Agent.objects.get(authority=authority, hr_id="A1")
    for agent in (leaving, staying):
        speaks(ProfileFactory(agent=agent), "wo")
    path.write_text(header + service + stays, encoding="utf-8")
    import_hr(
        authority, by=None, source=path, filename="rh.csv", dry_run=False, confirmed_deactivations=1
    )
    leaving.refresh_from_db()
    assert leaving.active is False and leaving.deactivated_at is not None
    assert Profile.objects.filter(agent=leaving).exists()  # not at once
    Agent.objects.filter(pk=leaving.pk).update(
        deactivated_at=timezone.now() - datetime.timedelta(days=91)
    )
    call_command("erase_departed_profiles", stdout=StringIO())
    assert not Profile.objects.filter(agent=leaving).exists()
    assert not ProfileLanguage.objects.filter(profile__agent=leaving).exists()
    assert Profile.objects.filter(agent=staying).exists()


def test_json_download_holds_the_civility(org, client_for):
    Agent.objects.filter(pk=org.agent("Alice").pk).update(civility="mme")

    data = json.loads(client_for(org.user("Alice")).get(reverse("profile_export")).content)

    assert data["agent"]["civility"] == "Madame"
