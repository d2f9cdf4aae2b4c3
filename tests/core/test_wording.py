"""French and English wording: countries with their preposition, long dates, numbers."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from maillage.core import wording
from maillage.core.models import Country
from maillage.core.reference_data import read_countries

COUNTRIES = {row["iso2"]: Country(**row) for row in read_countries()}

IN_FRENCH = {
    "SN": "au Sénégal",
    "DZ": "en Algérie",
    "PH": "aux Philippines",
    "MG": "à Madagascar",
    "CU": "à Cuba",
    "US": "aux États-Unis",
    "IR": "en Iran",
    "FR": "en France",
    "MA": "au Maroc",
    "TN": "en Tunisie",
    "ML": "au Mali",
    "BF": "au Burkina Faso",
    "CI": "en Côte d'Ivoire",
    "CM": "au Cameroun",
    "BJ": "au Bénin",
    "MX": "au Mexique",
    "MZ": "au Mozambique",
    "KH": "au Cambodge",
    "VN": "au Viêt Nam",
    "LB": "au Liban",
    "IL": "en Israël",
    "HT": "en Haïti",
    "HN": "au Honduras",
    "AF": "en Afghanistan",
    "EC": "en Équateur",
    "NL": "aux Pays-Bas",
    "KM": "aux Comores",
    "CY": "à Chypre",
    "SG": "à Singapour",
    "MU": "à Maurice",
    "KR": "en Corée du Sud",
    "GB": "au Royaume-Uni",
    "CD": "en République démocratique du Congo",
    "SL": "en Sierra Leone",
    "BB": "à la Barbade",
    "SB": "aux îles Salomon",
    "LC": "à Sainte-Lucie",
    "RE": "à La Réunion",
    "RU": "en Russie",
    "YE": "au Yémen",
    "CV": "au Cap-Vert",
    "SV": "au Salvador",
    "OM": "à Oman",
    "DE": "en Allemagne",
    "BV": "à l'île Bouvet",
}

IN_ENGLISH = {
    "SN": "in Senegal",
    "PH": "in the Philippines",
    "US": "in the United States",
    "GB": "in the United Kingdom",
    "NL": "in the Netherlands",
    "IR": "in Iran",
    "CD": "in the Democratic Republic of the Congo",
    "SB": "in the Solomon Islands",
    "MG": "in Madagascar",
}


@pytest.mark.parametrize(("iso2", "expected"), IN_FRENCH.items())
def test_country_with_its_french_preposition(iso2, expected):
    with translation.override("fr"):
        assert wording.in_country(COUNTRIES[iso2]) == expected


@pytest.mark.parametrize(("iso2", "expected"), IN_ENGLISH.items())
def test_country_in_english(iso2, expected):
    with translation.override("en"):
        assert wording.in_country(COUNTRIES[iso2]) == expected


def test_the_rule_without_exceptions():
    # The exception table is only for names that break the rule.
    assert wording.preposition_fr("XX", "Sénégal") == "au"
    assert wording.preposition_fr("XX", "Algérie") == "en"
    assert wording.preposition_fr("XX", "Iran") == "en"
    assert wording.preposition_fr("XX", "Îles Cook") == "aux"
    assert wording.preposition_fr("XX", "Saint-Marin") == "à"
    for iso2, preposition in wording.PREPOSITION_EXCEPTIONS.items():
        name = wording.usual_name_fr(COUNTRIES[iso2])
        rule = wording.preposition_fr("XX", name)
        assert rule != preposition, f"{iso2} ({name}) follows the rule: drop it from the table"


def test_every_country_gets_a_preposition():
    with translation.override("fr"):
        phrases = [wording.in_country(country) for country in COUNTRIES.values()]
    assert all(p.split()[0] in {"au", "en", "aux", "à", "dans"} for p in phrases), phrases
    assert not [p for p in phrases if "," in p and "Saint-Eustache" not in p and "Hélène" not in p]
    assert wording.in_country(None) == ""


def test_long_date_says_premier_on_the_first_in_french():
    with translation.override("fr"):
        assert wording.long_date(datetime.date(2026, 12, 1)) == "1er décembre 2026"
        assert wording.long_date(datetime.date(2026, 3, 1)) == "1er mars 2026"
        assert wording.long_date(datetime.date(2026, 12, 2)) == "2 décembre 2026"
        assert wording.long_date(datetime.date(2026, 12, 11)) == "11 décembre 2026"
        assert wording.long_date(None) == ""
    with translation.override("en"):
        assert wording.long_date(datetime.date(2026, 12, 1)) == "1 December 2026"


def test_template_filters():
    template = Template(
        "{% load wording %}{{ country|in_country }} · {{ day|long_date }} · {{ n|amount:1 }}"
    )
    context = Context(
        {"country": COUNTRIES["SN"], "day": datetime.date(2026, 12, 1), "n": Decimal("1234.5")}
    )
    with translation.override("fr"):
        assert template.render(context) == "au Sénégal · 1er décembre 2026 · 1\xa0234,5"
    with translation.override("en"):
        assert template.render(context) == "in Senegal · 1 December 2026 · 1,234.5"


def test_numbers_are_grouped_where_amounts_are_shown_and_nowhere_else():
    assert settings.LANGUAGE_CODE == "fr"
    # Off on purpose: it would also group years and ids printed in templates.
    assert not settings.USE_THOUSAND_SEPARATOR
    template = Template('{{ n|floatformat:"1g" }} | {{ year }} | {{ pk }}')
    context = Context({"n": 1234.5, "year": 2026, "pk": 12345})
    with translation.override("fr"):
        assert template.render(context) == "1\xa0234,5 | 2026 | 12345"
        assert wording.amount(1234.5, 1) == "1\xa0234,5"
    with translation.override("en"):
        assert template.render(context) == "1,234.5 | 2026 | 12345"
        assert wording.amount(1234.5, 1) == "1,234.5"


FROM_FRENCH = {
    "SN": "du Sénégal",
    "DZ": "d'Algérie",
    "PH": "des Philippines",
    "MG": "de Madagascar",
    "CU": "de Cuba",
    "US": "des États-Unis",
    "IL": "d'Israël",
    "IR": "d'Iran",
    "FR": "de France",
    "MA": "du Maroc",
    "TN": "de Tunisie",
    "ML": "du Mali",
    "BF": "du Burkina Faso",
    "CI": "de Côte d'Ivoire",
    "CM": "du Cameroun",
    "BJ": "du Bénin",
    "MX": "du Mexique",
    "MZ": "du Mozambique",
    "KH": "du Cambodge",
    "VN": "du Viêt Nam",
    "LB": "du Liban",
    "HT": "d'Haïti",
    "HN": "du Honduras",
    "HU": "de Hongrie",
    "AF": "d'Afghanistan",
    "EC": "d'Équateur",
    "NL": "des Pays-Bas",
    "KM": "des Comores",
    "CY": "de Chypre",
    "SG": "de Singapour",
    "MU": "de Maurice",
    "KR": "de Corée du Sud",
    "GB": "du Royaume-Uni",
    "SL": "de Sierra Leone",
    "BB": "de la Barbade",
    "SB": "des îles Salomon",
    "LC": "de Sainte-Lucie",
    "RE": "de La Réunion",
    "RU": "de Russie",
    "YE": "du Yémen",
    "CV": "du Cap-Vert",
    "SV": "du Salvador",
    "OM": "d'Oman",
    "DE": "d'Allemagne",
    "BV": "de l'île Bouvet",
}

FROM_ENGLISH = {
    "SN": "from Senegal",
    "PH": "from the Philippines",
    "US": "from the United States",
    "GB": "from the United Kingdom",
    "CD": "from the Democratic Republic of the Congo",
    "SB": "from the Solomon Islands",
    "MG": "from Madagascar",
}


@pytest.mark.parametrize(("iso2", "expected"), FROM_FRENCH.items())
def test_origin_country_in_french(iso2, expected):
    with translation.override("fr"):
        assert wording.from_country(COUNTRIES[iso2]) == expected


@pytest.mark.parametrize(("iso2", "expected"), FROM_ENGLISH.items())
def test_origin_country_in_english(iso2, expected):
    with translation.override("en"):
        assert wording.from_country(COUNTRIES[iso2]) == expected


def test_every_country_gets_an_origin():
    with translation.override("fr"):
        phrases = [wording.from_country(country) for country in COUNTRIES.values()]
    starts = ("du ", "des ", "de ", "d'", "de la ")
    assert all(p.startswith(starts) for p in phrases), phrases
    assert not [p for p in phrases if p.startswith("de ") and p[3:4].lower() in "aeiouéèêîô"]
    assert wording.from_country(None) == ""
    template = Template("{% load wording %}{{ country|from_country }}")
    with translation.override("fr"):
        assert template.render(Context({"country": COUNTRIES["SN"]})) == "du Sénégal"


def test_gendered_title_follows_the_civility():
    forms = ("Présidente", "Président", "Président ou présidente")
    assert wording.gendered("mme", *forms) == "Présidente"
    assert wording.gendered("m", *forms) == "Président"
    assert wording.gendered("", *forms) == "Président ou présidente"
    assert wording.gendered("autre", *forms) == "Président ou présidente"
