"""ISO 639 languages shipped in core and the country → languages table of the skills app."""

from __future__ import annotations

import csv

import pycountry
import pytest
from django.apps import apps

from maillage.core.models import Country, Language
from maillage.core.reference_data import REFERENCE_DIR, load_languages, read_languages
from maillage.skills.selectors_calls import country_languages


def test_every_iso_639_1_language_is_shipped():
    codes = {row["code"] for row in read_languages()}
    two_letters = {lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2")}
    assert two_letters <= codes
    assert len(codes) == len(read_languages())


def test_languages_of_the_demo_and_of_partner_territories_are_there():
    by_code = {row["code"]: row for row in read_languages()}
    expected = {
        "wo": "Wolof",
        "ar": "Arabe",
        "pt": "Portugais",
        "bm": "Bambara",
        "ln": "Lingala",
        "ht": "Créole haïtien",
        "kab": "Kabyle",
        "fsl": "Langue des signes française",
    }
    for code, name in expected.items():
        assert by_code[code]["name_fr"] == name, code
    # Tamazight: the standard Moroccan variety and the Central Atlas one, by their ISO codes.
    assert by_code["zgh"]["iso639_3"] == "zgh"
    assert "tamazight" in by_code["zgh"]["name_fr"].lower()
    assert by_code["tzm"]["name_fr"] == "Tamazight de l'Atlas central"
    assert by_code["wo"]["iso639_3"] == "wol"


def test_names_have_no_linguist_suffix_and_start_with_a_capital():
    for row in read_languages():
        assert "macrolang" not in row["name_fr"] + row["name_en"], row
        assert row["name_fr"][:1].isupper(), row


def test_csv_columns():
    with (REFERENCE_DIR / "languages.csv").open(encoding="utf-8", newline="") as handle:
        assert csv.DictReader(handle).fieldnames == ["code", "iso639_3", "name_en", "name_fr"]


@pytest.mark.django_db
def test_migration_loaded_every_language_and_loading_again_changes_nothing():
    assert Language.objects.count() == len(read_languages())
    assert Language.objects.get(code="wo").name_fr == "Wolof"
    assert load_languages(apps) == (0, 0)


@pytest.mark.django_db
def test_country_languages_name_shipped_countries_and_languages():
    mapping = country_languages()
    assert set(mapping) <= set(Country.objects.values_list("iso2", flat=True))
    codes = {code for languages in mapping.values() for code in languages}
    assert codes <= set(Language.objects.values_list("code", flat=True))
    assert "fr" not in codes  # every agent works in French: it would explain nothing
    assert mapping["SN"][0] == "wo"
    assert {"ar", "zgh"} <= set(mapping["MA"])
