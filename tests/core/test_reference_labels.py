"""Reference data is labelled in the active language, and its French names read right."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from maillage.core import choices, reference_data
from maillage.core.models import (
    CefrLevel,
    CodeListItem,
    Country,
    Language,
    PolicyArea,
    Role,
    SdgGoal,
    SdgTarget,
)
from tests.factories import PartnerFactory

# Organisations known in French by their English name: their French label is the English one.
SAME_IN_BOTH_CHANNELS = {
    "21005",  # Consumer Unity and Trust Society International (CUTS)
    "21006",  # Development Gateway Foundation
    "21008",  # Eurostep
    "21013",  # Health Action International
    "21024",  # Inter Press Service, International Association
    "21033",  # Transparency International
    "21038",  # International Alert
    "21047",  # AgriCord
    "21058",  # International Crisis Group
    "21062",  # The Nature Conservancy
    "21063",  # Conservation International
    "21501",  # OXFAM International
    "21502",  # World Vision
    "21503",  # Family Health International 360
    "21504",  # International Relief and Development
    "21505",  # Save the Children
    "21507",  # Pact World
    "30009",  # Small Arms Survey
    "30019",  # Currency Exchange Fund N.V. (TCX)
    "47025",  # Commonwealth of Learning
    "47069",  # Bioversity International
    "47086",  # Private Infrastructure Development Group
    "47088",  # Relief Net
}

# Misspellings found in the published French names; none may reach the database.
KNOWN_TYPOS = re.compile(
    r"Gouvernment|regionale|Travaux décent|reguliers|Autres entité publique|\bEtats?\b|\bEgalit",
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            {
                "country": "Sénégal",
                "language": "Wolof",
                "language_de": "Allemand",
                "area": "045 — Actions internationales",
                "sector": "15110 — Politiques publiques et gestion administrative",
                "channel": "12001 — Gouvernement central",
                "goal": "ODD 8 — Travail décent et croissance économique",
                "target": "D’ici à 2030, éliminer complètement l’extrême pauvreté",
                "cefr": "B1 — Niveau seuil",
            },
        ),
        (
            "en",
            {
                "country": "Senegal",
                "language": "Wolof",
                "language_de": "German",
                "area": "045 — International actions",
                "sector": "15110 — Public sector policy and administrative management",
                "channel": "12001 — Central Government",
                "goal": "8 — Decent work and economic growth",
                "target": "By 2030, eradicate extreme poverty",
                "cefr": "B1 — Threshold",
            },
        ),
    ],
)
def test_labels_follow_the_active_language(language, expected):
    with translation.override(language):
        assert str(Country.objects.get(iso2="SN")) == expected["country"]
        assert Language.objects.get(code="wo").name == expected["language"]
        assert str(Language.objects.get(code="de")) == expected["language_de"]
        assert str(PolicyArea.objects.get(code="045")) == expected["area"]
        sector = CodeListItem.objects.get(codelist="Sector", code="15110")
        assert str(sector) == expected["sector"]
        channel = CodeListItem.objects.get(codelist="CRSChannelCode", code="12001")
        assert str(channel) == expected["channel"]
        # The English catalogue says "SDG"; until it is refreshed the prefix may stay French.
        assert str(SdgGoal.objects.get(number=8)).endswith(expected["goal"])
        assert SdgTarget.objects.get(code="1.1").title.startswith(expected["target"])
        assert str(CefrLevel.objects.get(code="B1")) == expected["cefr"]


@pytest.mark.django_db
def test_choices_are_cached_per_language():
    with translation.override("fr"):
        french = dict(choices.countries())
        french_channels = dict(choices.crs_channels())
        french_areas = dict(choices.policy_area_groups(max_level=2))
    with translation.override("en"):
        english = dict(choices.countries())
        english_channels = dict(choices.crs_channels())
        english_areas = dict(choices.policy_area_groups(max_level=2))
    assert french["DE"] == "Allemagne" and english["DE"] == "Germany"
    assert french_channels["12001"].endswith("Gouvernement du bénéficiaire : gouvernement central")
    assert english_channels["12001"].endswith("Recipient Government : central Government")
    assert "0 — Services généraux" in french_areas
    assert "0 — General services" in english_areas
    with translation.override("fr"):
        assert dict(choices.countries())["DE"] == "Allemagne"


@pytest.mark.django_db
def test_choices_sort_by_the_label_shown_ignoring_accents():
    with translation.override("fr"):
        names = [name for _code, name in choices.countries()]
    # "Émirats arabes unis" among the E, not after "Zimbabwe".
    assert names.index("Égypte") < names.index("Émirats arabes unis") < names.index("Espagne")
    with translation.override("en"):
        names = [name for _code, name in choices.countries()]
    assert names.index("Germany") < names.index("Ghana")


def test_every_m57_function_has_an_english_label():
    rows = reference_data.read_policy_areas()
    assert all(row["label_en"] for row in rows)
    assert {row["label_en"] for row in rows if row["code"] == "044"} == {
        "Official development assistance"
    }


def test_known_typos_are_corrected_when_the_files_are_read():
    names = [row["name_fr"] for row in reference_data.read_codelists()]
    names += [row["short_fr"] for row in reference_data.read_sdg_goals()]
    assert [name for name in names if KNOWN_TYPOS.search(name)] == []


@pytest.mark.django_db
def test_no_known_typo_in_the_database():
    stored = list(CodeListItem.objects.values_list("name_fr", flat=True))
    stored += list(SdgGoal.objects.values_list("short_fr", flat=True))
    assert [name for name in stored if KNOWN_TYPOS.search(name)] == []


def test_typo_pattern_catches_the_published_misspellings():
    for published in ("Gouvernment central", "ONG regionale", "Travaux décent et croissance"):
        assert KNOWN_TYPOS.search(published)


def test_french_channel_names_are_french():
    same = {
        row["code"]: row["name_en"]
        for row in reference_data.read_codelist("CRSChannelCode")
        if not row["name_fr"] or row["name_fr"] == row["name_en"]
    }
    assert set(same) - SAME_IN_BOTH_CHANNELS == set(), {
        code: name for code, name in same.items() if code not in SAME_IN_BOTH_CHANNELS
    }
    # The list stays justified: a code that got a French name leaves it.
    assert set(same) >= SAME_IN_BOTH_CHANNELS


def test_every_correction_targets_a_code_that_exists():
    codes = {(row["codelist"], row["code"]) for row in reference_data.read_codelists()}
    codes |= {("SdgGoal", str(row["number"])) for row in reference_data.read_sdg_goals()}
    assert set(reference_data.french_names()) <= codes


@pytest.mark.django_db
def test_pages_show_reference_labels_in_the_language_of_the_page(authority, users, client_for):
    partner = PartnerFactory(authority=authority, name="Commune de Thiès")
    client = client_for(users[Role.DRI])
    french = client.get(reverse("partner_detail", args=[partner.pk])).content.decode()
    assert "Sénégal" in french
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("partner_detail", args=[partner.pk])).content.decode()
    assert "Senegal" in english
    assert "Sénégal" not in english
