"""Mon profil international: fill in, publish, withdraw, confirm, and the 12-month reminder."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.core.models import AuditEvent
from maillage.skills.models import Profile, ProfileLanguage, SkillTag
from maillage.skills.selectors import tag_suggestions

from .factories import ProfileFactory, SkillCallFactory, tagged

pytestmark = pytest.mark.django_db

URL = reverse("my_profile")


def form_data(action: str = "publish", **extra) -> dict:
    data = {
        "action": action,
        "visibility": "authority",
        "missions_abroad": "on",
        "about": "Deux ans à Dakar.",
        "policy_areas": ["045", "722"],
        "tags": "compostage, Marchés publics",
        "langues-TOTAL_FORMS": "2",
        "langues-INITIAL_FORMS": "0",
        "langues-MIN_NUM_FORMS": "0",
        "langues-MAX_NUM_FORMS": "20",
        "langues-0-language": "wo",
        "langues-0-level": "C1",
        "langues-0-oral_level": "C2",
        "langues-1-language": "pt",
        "langues-1-level": "B1",
        "pays-TOTAL_FORMS": "2",
        "pays-INITIAL_FORMS": "0",
        "pays-MIN_NUM_FORMS": "0",
        "pays-MAX_NUM_FORMS": "30",
        "pays-0-country": "SN",
        "pays-0-relation": "worked",
        "pays-0-regions": "Thiès",
    }
    data.update(extra)
    return data


def test_user_without_agent_record_is_told_why(users, client_for):
    response = client_for(users["agent"]).get(URL)
    assert response.status_code == 200
    assert "aucune fiche agent" in response.content.decode()


def test_new_profile_form_has_two_empty_language_rows_and_is_unpublished(org, client_for):
    response = client_for(org.user("Alice")).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="langues-0-language"' in html and 'name="langues-1-language"' in html
    assert "Personne d'autre que vous ne voit votre profil" in html
    assert not Profile.objects.exists()


def test_fill_in_two_languages_and_publish(org, client_for):
    client = client_for(org.user("Alice"))
    response = client.post(URL, form_data())
    assert response.status_code == 302, response.context and response.context["form"].errors
    profile = Profile.objects.get(agent=org.agent("Alice"))
    assert profile.published and profile.published_at and profile.last_confirmed_at
    assert profile.authority == org.authority
    assert profile.visibility == "authority" and profile.missions_abroad
    languages = {
        (e.language_id, e.level_id, e.level_rank, e.oral_level_id)
        for e in ProfileLanguage.objects.filter(profile=profile)
    }
    assert languages == {("wo", "C1", 5, "C2"), ("pt", "B1", 3, None)}
    assert all(e.authority_id == org.authority.pk for e in profile.languages.all())
    assert list(profile.countries.values_list("country_id", "relation", "regions")) == [
        ("SN", "worked", "Thiès")
    ]
    assert set(profile.area_links.values_list("policy_area_id", flat=True)) == {"045", "722"}
    assert set(profile.tag_links.values_list("tag__name", flat=True)) == {
        "compostage",
        "Marchés publics",
    }
    # The audit trail names the fields, never their values.
    events = AuditEvent.objects.filter(object_type="skills.Profile", object_id=str(profile.pk))
    assert events.count() == 2  # saved, then published
    dumped = " ".join(f"{e.object_repr} {e.changes}" for e in events)
    for personal in ("wo", "Dakar", "Thiès", "compostage", "Aliceson"):
        assert personal not in dumped.replace("'fields'", ""), personal
    assert "languages" in dumped
    page = client.get(URL).content.decode()
    assert "Votre profil est visible" in page
    assert "Tous les agents de la collectivité peuvent voir votre nom" in page


def test_save_without_publishing_shows_nothing(org, client_for):
    client_for(org.user("Alice")).post(URL, form_data(action="save"))
    profile = Profile.objects.get(agent=org.agent("Alice"))
    assert not profile.published
    dora = client_for(org.user("Dora"))
    assert dora.get(reverse("profile_detail", args=[profile.pk])).status_code == 404


def test_editing_replaces_the_entries(org, client_for):
    client = client_for(org.user("Alice"))
    client.post(URL, form_data())
    data = form_data(action="save")
    data.update(
        {
            "langues-TOTAL_FORMS": "4",
            "langues-INITIAL_FORMS": "2",
            "langues-0-language": "wo",
            "langues-0-level": "C2",
            "langues-1-language": "pt",
            "langues-1-level": "B1",
            "langues-1-DELETE": "on",
            "langues-2-language": "ar",
            "langues-2-level": "A2",
            "langues-3-language": "",
            "tags": "compostage",
        }
    )
    response = client.post(URL, data)
    assert response.status_code == 302
    profile = Profile.objects.get(agent=org.agent("Alice"))
    assert profile.published  # saving keeps it published
    assert set(profile.languages.values_list("language_id", "level_id")) == {
        ("wo", "C2"),
        ("ar", "A2"),
    }
    # "Marchés publics" was used by nobody else: the tag is gone.
    assert list(SkillTag.objects.values_list("name", flat=True)) == ["compostage"]


def test_a_language_without_level_is_refused(org, client_for):
    response = client_for(org.user("Alice")).post(URL, form_data(**{"langues-1-level": ""}))
    assert response.status_code == 200
    assert "Indiquez votre niveau dans cette langue." in response.content.decode()
    assert not Profile.objects.exists()


def test_the_same_language_twice_is_refused(org, client_for):
    data = form_data(**{"langues-1-language": "wo"})
    response = client_for(org.user("Alice")).post(URL, data)
    assert response.status_code == 200
    assert "Chaque langue ne peut figurer qu" in response.content.decode()
    assert not Profile.objects.exists()


def test_withdraw_then_confirm(org, client_for):
    profile = ProfileFactory(agent=org.agent("Alice"))
    client = client_for(org.user("Alice"))
    assert client.post(URL, {"action": "withdraw"}).status_code == 302
    profile.refresh_from_db()
    assert not profile.published
    old = timezone.now() - datetime.timedelta(days=400)
    Profile.objects.filter(pk=profile.pk).update(last_confirmed_at=old)
    client.post(URL, {"action": "confirm"})
    profile.refresh_from_db()
    assert timezone.now() - profile.last_confirmed_at < datetime.timedelta(minutes=1)


def test_reminder_after_twelve_months_on_my_profile_and_home(org, client_for):
    profile = ProfileFactory(agent=org.agent("Alice"))
    client = client_for(org.user("Alice"))
    for url in (URL, reverse("home")):
        assert 'id="profile-reminder"' not in client.get(url).content.decode(), url
    Profile.objects.filter(pk=profile.pk).update(
        last_confirmed_at=timezone.now() - datetime.timedelta(days=366)
    )
    for url in (URL, reverse("home")):
        html = client.get(url).content.decode()
        assert 'id="profile-reminder"' in html, url
        assert "plus de 12 mois" in html
    client.post(URL, {"action": "confirm"})
    assert 'id="profile-reminder"' not in client.get(reverse("home")).content.decode()


def test_home_invites_an_agent_without_profile_to_fill_it_in(org, client_for):
    html = client_for(org.user("Alice")).get(reverse("home")).content.decode()
    assert "Renseignez votre profil international" in html


def test_tag_suggestions_come_from_published_profiles_and_calls_only(org):
    tagged(ProfileFactory(agent=org.agent("Alice")), "compostage")
    tagged(ProfileFactory(agent=org.agent("Bruno"), published=False), "secret de Bruno")
    call = SkillCallFactory(project__authority=org.authority)
    call.tags.add(SkillTag.objects.create(authority=org.authority, name="export", slug="export"))
    assert tag_suggestions(org.authority) == ["compostage", "export"]
