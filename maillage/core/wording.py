"""How the interface words things in French and in English.

* :func:`localized` picks a reference label (country, language, M57 function, IATI code, SDG…)
  in the active language. Reference tables store both labels side by side, not in the gettext
  catalogue, because they are data loaded from official files. Every ``name`` property of the
  reference models goes through it.
* :func:`in_country` puts a country after its preposition: "au Sénégal", "en Algérie",
  "aux Philippines", "à Madagascar"; "in Senegal" in English. :func:`from_country` gives
  the origin: "du Sénégal", "d'Algérie", "des Philippines"; "from Senegal"; :func:`to_country`
  the destination: "au Sénégal"; "to Senegal".
* :func:`gendered` picks the feminine, masculine or neutral form of a title from a person's
  civility: "Présidente", "Président", "Président ou présidente".
* :func:`plural_count` turns a decimal count into the number to give ``ngettext``, so that
  "1,5 jour-agent" is singular in French and "1.5 staff days" plural in English;
  :func:`days` writes a number of agent-days that way.
* :func:`long_date` writes a date in full: "1er décembre 2026" in French (Django's ``date``
  filter gives "1 décembre"), "1 December 2026" in English.

Numbers: ``USE_THOUSAND_SEPARATOR`` stays off, because it would also group years and ids
printed in templates ("2 026", ``data-id="1 234"``). Amounts are grouped where they are
shown, with ``floatformat:"2g"`` in templates and ``number_format(..., force_grouping=True)``
(or :func:`amount`) in Python: "1 234,5" in French, "1,234.5" in English.
"""

from __future__ import annotations

import datetime
import unicodedata
from decimal import Decimal
from typing import Any

from django.template.defaultfilters import floatformat
from django.utils import formats
from django.utils.translation import get_language, ngettext

# --- Reference labels --------------------------------------------------------------------------


def is_english() -> bool:
    return (get_language() or "fr").split("-")[0] == "en"


def localized(fr: str, en: str) -> str:
    """The label in the active language; the other one when that one is missing."""
    if is_english():
        return en or fr
    return fr or en


def localized_field(base: str) -> str:
    """``name_fr`` or ``name_en`` for ``base`` "name": the column to sort a query by in the
    active language (``order_by(localized_field("country__name"))``)."""
    return f"{base}_en" if is_english() else f"{base}_fr"


def sort_key(label: str) -> str:
    """Alphabetical order that ignores case and accents ("Émirats arabes unis" among the E, not
    after "Zimbabwe"), whatever the database collation."""
    decomposed = unicodedata.normalize("NFKD", label.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# --- Titles agreeing with the person ---------------------------------------------------------

# The stored values of ``organisation.models.Civility``; core sits below organisation.
MADAME, MONSIEUR = "mme", "m"


def gendered(civility: str, feminine: str, masculine: str, neutral: str) -> str:
    """The form of a title agreeing with ``civility``; the neutral one when it is not given.

    English titles ("Chair") are not gendered: each French form translates to the same word.
    """
    if civility == MADAME:
        return feminine
    if civility == MONSIEUR:
        return masculine
    return neutral


# --- Countries with their preposition ----------------------------------------------------------

# The rule: a plural name takes "aux" (aux Philippines), a name without article (most islands,
# city-states, "Saint-…") takes "à" (à Cuba, à Madagascar), a feminine name or one starting with
# a vowel takes "en" (en Algérie, en Iran), a masculine one starting with a consonant "au" (au
# Sénégal). A name ending in -e is feminine. The countries that break the rule are listed here,
# by ISO 3166 code, with their preposition.
PREPOSITION_EXCEPTIONS: dict[str, str] = {
    # Masculine although they end in -e.
    "BZ": "au",  # Belize
    "KH": "au",  # Cambodge
    "MX": "au",  # Mexique
    "MZ": "au",  # Mozambique
    "ZW": "au",  # Zimbabwe
    "GB": "au",  # Royaume-Uni
    "HN": "au",  # Honduras: aspirated h, no elision
    # Feminine although they do not end in -e.
    "SL": "en",  # Sierra Leone
    # Plural.
    "US": "aux",  # États-Unis
    "PH": "aux",  # Philippines
    "NL": "aux",  # Pays-Bas
    "AE": "aux",  # Émirats arabes unis
    "KM": "aux",  # Comores
    "MV": "aux",  # Maldives
    "SC": "aux",  # Seychelles
    "BS": "aux",  # Bahamas
    "FJ": "aux",  # Fidji
    "PW": "aux",  # Palaos
    "BM": "aux",  # Bermudes
    "AS": "aux",  # Samoa américaines
    "TK": "aux",  # Tokelau
    "TF": "aux",  # Terres australes françaises
    "TO": "aux",  # Tonga
    "WS": "aux",  # Samoa
    # Without article.
    "CU": "à",  # Cuba
    "MG": "à",  # Madagascar
    "CY": "à",  # Chypre
    "MT": "à",  # Malte
    "MU": "à",  # Maurice
    "MC": "à",  # Monaco
    "SG": "à",  # Singapour
    "BH": "à",  # Bahreïn
    "OM": "à",  # Oman
    "TW": "à",  # Taïwan
    "HK": "à",  # Hong Kong
    "MO": "à",  # Macao
    "PR": "à",  # Porto Rico
    "GU": "à",  # Guam
    "GI": "à",  # Gibraltar
    "AW": "à",  # Aruba
    "CW": "à",  # Curaçao
    "BQ": "à",  # Bonaire, Saint-Eustache et Saba
    "ST": "à",  # Sao Tomé-et-Principe
    "TT": "à",  # Trinité-et-Tobago
    "AG": "à",  # Antigua-et-Barbuda
    "NR": "à",  # Nauru
    "TV": "à",  # Tuvalu
    "KI": "à",  # Kiribati
    "RE": "à",  # La Réunion
    "YT": "à",  # Mayotte
    "WF": "à",  # Wallis-et-Futuna
    "AI": "à",  # Anguilla
    "MS": "à",  # Montserrat
    "JE": "à",  # Jersey
    "GG": "à",  # Guernesey
    "DJ": "à",  # Djibouti
    "NU": "à",  # Niue
    "IO": "dans le",  # Territoire britannique de l'océan Indien
    # With the article kept: "à la Barbade".
    "BB": "à la",  # Barbade
    "GD": "à la",  # Grenade
    "DM": "à la",  # Dominique
}

# The usual French name where the ISO name is an administrative inversion ("Corée, République
# de") or not the one said after a preposition.
USUAL_NAMES_FR: dict[str, str] = {
    "AX": "Îles Åland",
    "BN": "Brunei",
    "BO": "Bolivie",
    "CC": "Îles Cocos",
    "CX": "l'île Christmas",
    "FK": "Îles Malouines",
    "FM": "Micronésie",
    "IM": "l'île de Man",
    "IR": "Iran",
    "KP": "Corée du Nord",
    "KR": "Corée du Sud",
    "LA": "Laos",
    "MD": "Moldavie",
    "MO": "Macao",
    "NU": "Niue",
    "PS": "Palestine",
    "RE": "La Réunion",
    "RU": "Russie",
    "SB": "Îles Salomon",
    "SY": "Syrie",
    "TL": "Timor oriental",
    "TW": "Taïwan",
    "TZ": "Tanzanie",
    "VA": "Vatican",
    "VE": "Venezuela",
    "VI": "Îles Vierges des États-Unis",
}

# "y" is left out: "au Yémen". "h" is mute but for the exceptions ("au Honduras").
VOWELS = frozenset("aeiouàâäéèêëîïôöùûüœæh")


def usual_name_fr(country: Any) -> str:
    return USUAL_NAMES_FR.get(country.iso2) or country.name_fr


def preposition_fr(iso2: str, name: str) -> str:
    """ "au", "en", "aux", "à" or "à la" for a country called ``name`` in French."""
    if iso2 in PREPOSITION_EXCEPTIONS:
        return PREPOSITION_EXCEPTIONS[iso2]
    first_word = name.split()[0].lower()
    if first_word in ("îles", "iles"):
        return "aux"
    if first_word in ("île", "l'île"):
        return "à"
    if first_word.startswith(("saint-", "sainte-")):
        return "à"
    first_part = first_word.split("-")[0]
    if first_part[:1] in VOWELS or first_part.endswith("e"):
        return "en"
    return "au"


def in_country(country: Any) -> str:
    """ "au Sénégal", "en Algérie", "aux Philippines", "à Madagascar"; "in Senegal" in English.

    ``country`` is a :class:`~maillage.core.models.Country`; empty text for None.
    """
    if country is None:
        return ""
    if is_english():
        return f"in {_english_name(country)}"
    preposition, name = _french_name(country)
    return f"{preposition} {name}"


def to_country(country: Any) -> str:
    """Where someone goes: "au Sénégal" as :func:`in_country` in French, "to Senegal" in
    English. Empty for None."""
    if country is None:
        return ""
    if is_english():
        return f"to {_english_name(country)}"
    return in_country(country)


# Where "de" before a vowel keeps its "e": the h of these names is aspirated ("de Hongrie").
ASPIRATED_H = frozenset({"HK", "HN", "HU"})


def from_country(country: Any) -> str:
    """ "du Sénégal", "d'Algérie", "des Philippines", "de Madagascar", "de la Barbade" (what
    follows "venue", "originaire"); "from Senegal", "from the Philippines" in English.

    Built from :func:`in_country`'s preposition: "au" gives "du", "aux" "des", "à la" "de la";
    "en" and "à" give "de", elided before a vowel ("d'Israël", "d'Oman"). Empty for None.
    """
    if country is None:
        return ""
    if is_english():
        return f"from {_english_name(country)}"
    preposition, name = _french_name(country)
    if preposition == "au" or preposition == "dans le":
        return f"du {name}"
    if preposition == "aux":
        return f"des {name}"
    if preposition == "à la":
        return f"de la {name}"
    if name[:1].lower() in VOWELS and country.iso2 not in ASPIRATED_H:
        return f"d'{name}"
    return f"de {name}"


def _french_name(country: Any) -> tuple[str, str]:
    """The preposition of ``country`` and its name as written in running text."""
    name = usual_name_fr(country)
    preposition = preposition_fr(country.iso2, name)
    # In running text "île" takes no capital: "à l'île Bouvet", "aux îles Salomon".
    if name.startswith("Île "):
        name = f"l'île {name[4:]}"
    elif name.startswith("Îles "):
        name = f"îles {name[5:]}"
    return preposition, name


def _english_name(country: Any) -> str:
    name = USUAL_NAMES_EN.get(country.iso2) or country.name_en or country.name_fr
    # "in the United States", "in the Philippines": these names keep their article.
    if not name.startswith("the ") and (name.startswith(THE_EN) or name.endswith(" Islands")):
        name = f"the {name}"
    return name


# The usual English name where the ISO one is an inversion ("Congo, The Democratic Republic
# of the") or a long form.
USUAL_NAMES_EN: dict[str, str] = {
    "CD": "the Democratic Republic of the Congo",
    "CG": "the Republic of the Congo",
    "FK": "the Falkland Islands",
    "FM": "Micronesia",
    "IM": "the Isle of Man",
    "IO": "the British Indian Ocean Territory",
    "PS": "Palestine",
    "RU": "Russia",
    "TF": "the French Southern Territories",
    "VA": "the Holy See",
    "VG": "the British Virgin Islands",
    "VI": "the US Virgin Islands",
}


# English names said with "the".
THE_EN = (
    "United ",
    "Philippines",
    "Netherlands",
    "Bahamas",
    "Gambia",
    "Maldives",
    "Comoros",
    "Seychelles",
    "Dominican Republic",
    "Central African Republic",
    "Czech Republic",
    "Holy See",
)


# --- Dates and amounts -------------------------------------------------------------------------


def long_date(value: datetime.date | None) -> str:
    """ "1er décembre 2026", "2 décembre 2026"; in English "1 December 2026". Empty for None."""
    if value is None:
        return ""
    text = formats.date_format(value, "j F Y")
    if not is_english() and value.day == 1:
        text = "1er" + text[1:]
    return text


def amount(value: Decimal | float | int | None, decimals: int = 2) -> str:
    """An amount grouped by thousands: "1 234,50" in French, "1,234.50" in English."""
    if value is None:
        return ""
    return formats.number_format(value, decimals, force_grouping=True)


# --- Counts with decimals ----------------------------------------------------------------------


def plural_count(value: Decimal | float | int) -> int:
    """The integer to give ``ngettext`` for ``value`` as shown, so that the plural formulas
    (French ``n>1``, English ``n!=1``; French message ids missing from every catalogue fall
    back to ``n!=1`` too) give the CLDR category of a decimal.

    CLDR French "one" is an integer part of 0 or 1: "0,5 jour", "1,5 jour", "2 jours". English
    "one" is exactly 1 without decimals: "1 day", "1.5 days", "0.5 days".
    """
    number = abs(Decimal(str(value)))
    whole = int(number)
    if is_english():
        if number == 1:
            return 1
        return 2 if whole == 1 else whole  # a decimal is plural in English: never give it 1
    return 1 if whole < 2 else whole


def days(value: Decimal | float | int | None) -> str:
    """ "1,5 jour-agent", "6 jours-agent"; "1.5 staff days" in English. Empty for None.

    One decimal at most, as the pages show day counts; the agreement follows the number shown
    (1,04 is shown "1" and takes the singular).
    """
    if value is None or value == "":
        return ""
    shown = Decimal(str(value)).quantize(Decimal("0.1")).normalize()
    return ngettext("%(days)s jour-agent", "%(days)s jours-agent", plural_count(shown)) % {
        "days": floatformat(shown, "-1")
    }
