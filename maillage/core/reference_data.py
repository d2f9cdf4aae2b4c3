"""Reference data shipped in ``maillage/core/reference/`` and the loader that stores it.

The ``read_*`` functions only parse the shipped files into rows: dicts keyed by the model
fields' attribute names (``parent_id``, ``goal_id``…). They never touch the database.

:func:`load_all` upserts every table. Migration ``core.0002_reference_data`` calls it with the
historical models, and the ``load_reference_data`` management command calls it with the
current ones. It inserts missing rows, updates changed rows and deletes nothing: a code that
disappears from a file stays in the database, because projects may still point to it. IATI
marks retired codes ``withdrawn`` instead of removing them.

The IATI and SDG files are kept as published. ``names-fr.csv`` holds the French names that
Maillage corrects (typos such as "Gouvernment", "ONG regionale", "Travaux décent") or adds
where the published list has none or left the English one; :func:`french_names` reads it and
the ``read_*`` functions apply it.

Sources and licences of the files: ``reference/README.md``.
"""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET  # noqa: S405 - parses only the files shipped with the code
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
IATI_DIR = REFERENCE_DIR / "iati"

# The IATI code lists that are shipped and loaded, one XML file each in IATI_DIR.
IATI_CODELISTS = (
    "Sector",
    "SectorCategory",
    "OrganisationType",
    "OrganisationRole",
    "PolicyMarker",
    "PolicySignificance",
    "CRSChannelCode",
    "ActivityStatus",
    "IndicatorMeasure",
    "ResultType",
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BATCH_SIZE = 500

Row = dict[str, Any]


def _read_csv(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return [
            {key: (value or "").strip() for key, value in rec.items()}
            for rec in csv.DictReader(handle)
        ]


# --- Parsing: files -> rows ------------------------------------------------------------------


def read_policy_areas() -> list[Row]:
    """M57 functions, parents before children; level 1, 2 or 3 follows the parent chain."""
    levels: dict[str, int] = {}
    rows: list[Row] = []
    for rec in _read_csv("m57-functions.csv"):
        code, parent = rec["code"], rec["parent"] or None
        if code in levels:
            raise ValueError(f"M57 function {code} is listed twice")
        if parent is None:
            level = 1
        elif parent in levels:
            level = levels[parent] + 1
        else:
            raise ValueError(f"M57 function {code}: parent {parent} is unknown or listed after it")
        if len(code) != level or (parent and not code.startswith(parent)):
            raise ValueError(f"M57 function {code}: code does not match parent {parent}")
        levels[code] = level
        rows.append(
            {
                "code": code,
                "label": rec["label"],
                "label_en": rec["label_en"],
                "parent_id": parent,
                "level": level,
            }
        )
    return rows


def french_names() -> dict[tuple[str, str], str]:
    """{(list, code): French name} from ``names-fr.csv``; the list is an IATI code list name or
    ``SdgGoal`` (the goal's short name)."""
    names: dict[tuple[str, str], str] = {}
    for rec in _read_csv("names-fr.csv"):
        key = (rec["list"], rec["code"])
        if key in names or not rec["name_fr"]:
            raise ValueError(f"names-fr.csv: {key} is listed twice or has no name")
        names[key] = rec["name_fr"]
    return names


def read_sdg_goals() -> list[Row]:
    fixes = french_names()
    return [
        {
            "number": int(rec["code"]),
            "short_fr": fixes.get(("SdgGoal", rec["code"]), rec["short_fr"]),
            "short_en": rec["short_en"],
            "title_fr": rec["title_fr"],
            "title_en": rec["title_en"],
        }
        for rec in _read_csv("sdg-goals.csv")
    ]


def read_sdg_targets() -> list[Row]:
    """SDG targets; ``position`` is the order within the goal in the file (1.1 < 1.2 < 1.a)."""
    positions: dict[int, int] = {}
    rows: list[Row] = []
    for rec in _read_csv("sdg-targets.csv"):
        code, goal = rec["code"], int(rec["goal"])
        if code.split(".")[0] != str(goal):
            raise ValueError(f"SDG target {code} is not in goal {goal}")
        positions[goal] = positions.get(goal, 0) + 1
        rows.append(
            {
                "code": code,
                "goal_id": goal,
                "position": positions[goal],
                "title_fr": rec["title_fr"],
                "title_en": rec["title_en"],
            }
        )
    return rows


def _text(element: ET.Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def read_codelist(name: str) -> list[Row]:
    """One IATI code list: English name (no xml:lang), French name (corrected by
    ``names-fr.csv``), category, withdrawn."""
    fixes = french_names()
    root = ET.parse(IATI_DIR / f"{name}.xml").getroot()  # noqa: S314 - shipped file
    if root.get("name") != name:
        raise ValueError(f"{name}.xml holds the code list {root.get('name')!r}")
    rows: list[Row] = []
    for item in root.iterfind("codelist-items/codelist-item"):
        code = _text(item.find("code"))
        narratives = item.findall("name/narrative")
        name_en = next((_text(n) for n in narratives if n.get(XML_LANG) is None), "")
        name_fr = next((_text(n) for n in narratives if n.get(XML_LANG) == "fr"), "")
        name_fr = fixes.get((name, code), name_fr)
        if not code or not name_en:
            raise ValueError(f"{name}.xml: an item has no code or no English name ({code!r})")
        rows.append(
            {
                "codelist": name,
                "code": code,
                "name_en": name_en,
                "name_fr": name_fr,
                "category": _text(item.find("category")),
                "withdrawn": item.get("status") == "withdrawn",
            }
        )
    return rows


def read_codelists(names: Iterable[str] = IATI_CODELISTS) -> list[Row]:
    return [row for name in names for row in read_codelist(name)]


def read_cefr_levels() -> list[Row]:
    return [
        {
            "code": rec["code"],
            "rank": int(rec["rank"]),
            "label_fr": rec["label_fr"],
            "label_en": rec["label_en"],
        }
        for rec in _read_csv("cefr-levels.csv")
    ]


def read_countries() -> list[Row]:
    return [
        {
            "iso2": rec["iso2"],
            "iso3": rec["iso3"],
            "numeric": rec["numeric"],
            "name_fr": rec["name_fr"],
            "name_en": rec["name_en"],
        }
        for rec in _read_csv("countries.csv")
    ]


# --- Generating countries.csv (run by hand, never by the migration) --------------------------

COUNTRY_COLUMNS = ("iso2", "iso3", "numeric", "name_en", "name_fr")


def countries_from_pycountry() -> list[dict[str, str]]:
    """ISO 3166-1 countries from pycountry, with its French translation, sorted by iso2.

    English uses ``common_name`` when pycountry has one ("Bolivia" rather than "Bolivia,
    Plurinational State of"); French is pycountry's translation of ``name``, as is.
    """
    import gettext

    import pycountry

    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    return sorted(
        (
            {
                "iso2": country.alpha_2,
                "iso3": country.alpha_3,
                "numeric": country.numeric,
                "name_en": getattr(country, "common_name", None) or country.name,
                "name_fr": french.gettext(country.name),
            }
            for country in pycountry.countries
        ),
        key=lambda row: row["iso2"],
    )


def write_countries_csv(path: Path = REFERENCE_DIR / "countries.csv") -> int:
    """Regenerate ``reference/countries.csv`` from the installed pycountry; returns the count.

    ``python -c "from maillage.core.reference_data import write_countries_csv as w; print(w())"``
    """
    rows = countries_from_pycountry()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COUNTRY_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


# --- Loading: rows -> database ---------------------------------------------------------------


def upsert(
    model: Any, rows: list[Row], key: tuple[str, ...], using: str = DEFAULT_DB_ALIAS
) -> tuple[int, int]:
    """Insert the missing rows and update the changed ones; returns (created, updated).

    Rows are matched on ``key``. Columns the given (historical) model does not have are left
    out, so the first data migration keeps working after later migrations add fields.
    """
    if not rows:
        return 0, 0
    columns = {field.attname for field in model._meta.concrete_fields}
    fields = [name for name in rows[0] if name in columns]
    updatable = [name for name in fields if name not in key]
    manager = model._base_manager.db_manager(using)
    existing = {tuple(getattr(obj, k) for k in key): obj for obj in manager.all()}
    seen: set[tuple[Any, ...]] = set()
    to_create, to_update = [], []
    for row in rows:
        values = {name: row[name] for name in fields}
        row_key = tuple(values[k] for k in key)
        if row_key in seen:
            raise ValueError(f"{model.__name__}: {row_key} appears twice in the reference files")
        seen.add(row_key)
        obj = existing.get(row_key)
        if obj is None:
            to_create.append(model(**values))
            continue
        changed = [name for name in updatable if getattr(obj, name) != values[name]]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            to_update.append(obj)
    manager.bulk_create(to_create, batch_size=BATCH_SIZE)
    if to_update:
        manager.bulk_update(to_update, updatable, batch_size=BATCH_SIZE)
    return len(to_create), len(to_update)


def load_all(apps: Any, using: str = DEFAULT_DB_ALIAS) -> dict[str, tuple[int, int]]:
    """Upsert every reference table; returns {model name: (created, updated)}.

    ``apps`` is the registry to take the models from: the historical one in a migration,
    ``django.apps.apps`` elsewhere. Parents come before children (policy areas are in file
    order, goals before targets).
    """
    tables = (
        ("PolicyArea", read_policy_areas, ("code",)),
        ("SdgGoal", read_sdg_goals, ("number",)),
        ("SdgTarget", read_sdg_targets, ("code",)),
        ("CodeListItem", read_codelists, ("codelist", "code")),
        ("CefrLevel", read_cefr_levels, ("code",)),
        ("Country", read_countries, ("iso2",)),
    )
    result: dict[str, tuple[int, int]] = {}
    with transaction.atomic(using=using):
        for model_name, read, key in tables:
            model = apps.get_model("core", model_name)
            result[model_name] = upsert(model, read(), key, using=using)
        # Added by migration core.0003: absent from the historical models of core.0002.
        if _has_model(apps, "Language"):
            result["Language"] = load_languages(apps, using=using)
    from . import choices  # the select options built from these tables

    choices.clear()
    return result


def _has_model(apps: Any, model_name: str) -> bool:
    try:
        apps.get_model("core", model_name)
    except LookupError:
        return False
    return True


# --- Languages (ISO 639) ---------------------------------------------------------------------

LANGUAGE_COLUMNS = ("code", "iso639_3", "name_en", "name_fr")

# Living ISO 639-3 languages without a two-letter code that agents of French authorities speak
# and that partner territories use: Amazigh (Tamazight) languages, regional Arabic, West and
# Central African languages, creoles of the overseas territories, Comorian, sign languages…
# ``languages.csv`` holds every ISO 639-1 language plus these; see ``reference/README.md``.
EXTRA_ISO639_3 = (
    # Amazigh (Tamazight) languages
    "zgh",  # Standard Moroccan Tamazight
    "tzm",  # Central Atlas Tamazight
    "kab",  # Kabyle
    "shi",  # Tachelhit
    "rif",  # Tarifit
    "shy",  # Tachawit
    "taq",  # Tamasheq
    # Regional Arabic
    "arq",  # Algerian
    "ary",  # Moroccan
    "aeb",  # Tunisian
    "arz",  # Egyptian
    "apc",  # Levantine
    "shu",  # Chadian
    "mey",  # Hassaniya
    # West Africa
    "fuc",  # Pulaar
    "fuf",  # Pular
    "snk",  # Soninke
    "srr",  # Serer
    "dyu",  # Dyula
    "mos",  # Mossi (Mooré)
    "mnk",  # Mandinka
    "fon",  # Fon
    "sus",  # Susu
    "bci",  # Baoulé
    "dje",  # Zarma
    "kea",  # Kabuverdianu
    "pcm",  # Nigerian Pidgin
    # Central Africa
    "lua",  # Luba-Lulua
    "ktu",  # Kituba
    # Indian Ocean, Caribbean, Pacific
    "swb",  # Maore Comorian
    "zdj",  # Ngazidja Comorian
    "mfe",  # Morisyen
    "rcf",  # Réunion Creole French
    "gcf",  # Guadeloupean Creole French
    "gcr",  # Guianese Creole French
    "wls",  # Wallisian
    "fud",  # East Futuna
    # Asia
    "cmn",  # Mandarin Chinese
    "yue",  # Cantonese
    "hmn",  # Hmong
    "prs",  # Dari
    "kmr",  # Northern Kurdish (Kurmanji)
    "ckb",  # Central Kurdish (Sorani)
    # Regional languages of France and neighbours
    "gsw",  # Alsatian (Swiss German in ISO 639-3)
    "pcd",  # Picard
    "frp",  # Arpitan (Franco-Provençal)
    "nrf",  # Norman (Jèrriais)
    "rom",  # Romani
    # Sign languages
    "fsl",  # French Sign Language
    "ils",  # International Sign
    "ase",  # American Sign Language
    "bfi",  # British Sign Language
)

# pycountry's names that read badly in a list of working languages.
LANGUAGE_NAME_FIXES_FR = {
    "ht": "Créole haïtien",
    "sw": "Swahili",
    "apc": "Arabe levantin",
    "zgh": "Amazighe standard marocain (tamazight)",
    "tzm": "Tamazight de l'Atlas central",
    "gsw": "Alsacien, suisse alémanique",
    "nrf": "Normand (jersiais)",
    "kea": "Créole capverdien",
    "pcm": "Pidgin nigérian",
    "gcf": "Créole guadeloupéen et martiniquais",
    "gcr": "Créole guyanais",
    "rcf": "Créole réunionnais",
    "mfe": "Créole mauricien",
    "hmn": "Hmong",
    "mos": "Mooré",
    "el": "Grec moderne",
    "oc": "Occitan",
    "uz": "Ouzbek",
    "ps": "Pachto",
    "yue": "Chinois cantonais (yue)",
    "ia": "Interlingua",
    "ktu": "Kituba",
}
LANGUAGE_NAME_FIXES_EN = {
    "sw": "Swahili",
    "oc": "Occitan",
    "el": "Modern Greek",
    "gsw": "Alsatian, Swiss German",
    "nrf": "Norman (Jèrriais)",
    "hmn": "Hmong",
    "mos": "Mooré",
    "ht": "Haitian Creole",
    "ia": "Interlingua",
    "yue": "Cantonese (Yue Chinese)",
}
# Suffixes of ISO 639-3 names that only matter to linguists.
MACROLANGUAGE_SUFFIXES = (" (macrolanguage)", " (macrolangue)")


def read_languages() -> list[Row]:
    return [
        {
            "code": rec["code"],
            "iso639_3": rec["iso639_3"],
            "name_fr": rec["name_fr"],
            "name_en": rec["name_en"],
        }
        for rec in _read_csv("languages.csv")
    ]


def languages_from_pycountry(extra: Iterable[str] = EXTRA_ISO639_3) -> list[dict[str, str]]:
    """ISO 639-1 languages and the ``extra`` ISO 639-3 ones, from pycountry, sorted by code.

    ``code`` is the two-letter ISO 639-1 code where the language has one, else the three-letter
    ISO 639-3 code. French names come from pycountry's ``iso639-3`` gettext catalogue, with
    :data:`LANGUAGE_NAME_FIXES_FR` applied; a name without translation stays in English.
    """
    import gettext

    import pycountry

    french = gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=["fr"])
    wanted = [lang for lang in pycountry.languages if hasattr(lang, "alpha_2")]
    for alpha_3 in extra:
        lang = pycountry.languages.get(alpha_3=alpha_3)
        if lang is None:
            raise ValueError(f"ISO 639-3 code {alpha_3} is unknown to pycountry")
        wanted.append(lang)
    rows: dict[str, dict[str, str]] = {}
    for lang in wanted:
        code = getattr(lang, "alpha_2", None) or lang.alpha_3
        name_en = LANGUAGE_NAME_FIXES_EN.get(code) or _plain_name(lang.name)
        name_fr = LANGUAGE_NAME_FIXES_FR.get(code) or _plain_name(french.gettext(lang.name))
        rows[code] = {
            "code": code,
            "iso639_3": lang.alpha_3,
            "name_en": name_en,
            "name_fr": name_fr[:1].upper() + name_fr[1:],
        }
    return [rows[code] for code in sorted(rows)]


def _plain_name(name: str) -> str:
    for suffix in MACROLANGUAGE_SUFFIXES:
        name = name.removesuffix(suffix)
    return name


def write_languages_csv(path: Path = REFERENCE_DIR / "languages.csv") -> int:
    """Regenerate ``reference/languages.csv`` from the installed pycountry; returns the count.

    ``python -c "from maillage.core.reference_data import write_languages_csv as w; print(w())"``
    """
    rows = languages_from_pycountry()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=LANGUAGE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def load_languages(apps: Any, using: str = DEFAULT_DB_ALIAS) -> tuple[int, int]:
    """Upsert ``Language`` from ``languages.csv`` (migration core.0003 and :func:`load_all`)."""
    return upsert(apps.get_model("core", "Language"), read_languages(), ("code",), using=using)
