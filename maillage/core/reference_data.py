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
import re
import xml.etree.ElementTree as ET  # noqa: S405 - parses only the files shipped with the code
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils.translation import gettext as _

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

# Territories that ISO 3166-1 does not list but the OECD DAC list and IATI do: Kosovo, under the
# user-assigned code XK that the European Commission, the IMF, the OECD and IATI use.
EXTRA_COUNTRIES = (
    {"iso2": "XK", "iso3": "XKX", "numeric": "", "name_en": "Kosovo", "name_fr": "Kosovo"},
)


def countries_from_pycountry() -> list[dict[str, str]]:
    """ISO 3166-1 countries from pycountry, with its French translation, sorted by iso2.

    English uses ``common_name`` when pycountry has one ("Bolivia" rather than "Bolivia,
    Plurinational State of"); French is pycountry's translation of ``name``, as is.
    """
    import gettext

    import pycountry

    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    return sorted(
        [
            *(
                {
                    "iso2": country.alpha_2,
                    "iso3": country.alpha_3,
                    "numeric": country.numeric,
                    "name_en": getattr(country, "common_name", None) or country.name,
                    "name_fr": french.gettext(country.name),
                }
                for country in pycountry.countries
            ),
            *EXTRA_COUNTRIES,
        ],
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
        # Added by migration core.0008.
        if _has_model(apps, "DacRecipientList"):
            result["DacRecipient"] = load_dac_lists(apps, using=using)
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


# --- DAC List of ODA Recipients ---------------------------------------------------------------

DAC_COLUMNS = ("iso2", "crs_code", "name_en", "name_fr", "income_group")
DAC_INCOME_GROUPS = ("LDC", "OTHER_LIC", "LMIC", "UMIC")
DAC_SOURCE = "OECD, DAC List of ODA Recipients, effective for reporting on {} and {} flows"
# The versions shipped: file, first and last year of the flows it applies to.
DAC_LISTS = (
    ("dac-recipients-2024-2025.csv", 2024, 2025),
    ("dac-recipients-2026-2027.csv", 2026, 2027),
)
DAC_MAX_BYTES = 200_000  # the list holds about 140 lines of 60 characters
DAC_MAX_ERRORS = 50
DAC_FIRST_YEAR, DAC_LAST_YEAR = 1990, 2100
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class DacListError(ValidationError):
    """A DAC list file or period that cannot be loaded; ``errors`` name line and column."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(errors)
        self.errors = errors


def _cell(value: str) -> str:
    return value if len(value) <= 80 else value[:79] + "…"


def parse_dac_list(data: bytes, known_countries: Iterable[str]) -> list[Row]:
    """Validate a DAC list file and return its rows (``country_id``, ``crs_code``,
    ``income_group``); raise :class:`DacListError` with every error, by line and column.

    The file is CSV in UTF-8 (a BOM is accepted), ``,`` or ``;`` separated, with the header
    :data:`DAC_COLUMNS`. Nothing is read from the database: ``known_countries`` are the ISO
    codes of the ``Country`` table.
    """
    if len(data) > DAC_MAX_BYTES:
        raise DacListError(
            [
                _("Le fichier dépasse %(size)s octets : ce n'est pas une liste du CAD.")
                % {"size": DAC_MAX_BYTES}
            ]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DacListError(
            [
                _("Le fichier n'est pas en UTF-8 (octet %(pos)s) : enregistrez-le en UTF-8.")
                % {"pos": exc.start + 1}
            ]
        ) from exc
    lines = text.splitlines()
    if not lines:
        raise DacListError([_("Le fichier est vide.")])
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(lines, delimiter=delimiter)
    header = [name.strip() for name in next(reader)]
    missing = [name for name in DAC_COLUMNS if name not in header]
    if missing:
        raise DacListError(
            [
                _("Ligne 1 : colonnes manquantes %(missing)s ; l'en-tête attendu est %(header)s.")
                % {"missing": ", ".join(missing), "header": ",".join(DAC_COLUMNS)}
            ]
        )
    known = set(known_countries)
    index = {name: header.index(name) for name in DAC_COLUMNS}
    errors: list[str] = []
    rows: list[Row] = []
    seen_country: dict[str, int] = {}
    seen_code: dict[str, int] = {}

    def error(line: int, column: str, message: str) -> None:
        errors.append(
            _("Ligne %(line)s, colonne %(column)s : %(message)s")
            % {"line": line, "column": column, "message": message}
        )

    for line, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            error(
                line,
                "—",
                _("%(count)s cellules au lieu de %(expected)s.")
                % {"count": len(record), "expected": len(header)},
            )
            continue
        cells = {name: record[i].strip() for name, i in index.items()}
        for name, value in cells.items():
            if _CONTROL.search(value):
                error(line, name, _("caractère de contrôle interdit."))
        iso2, code, group = cells["iso2"].upper(), cells["crs_code"], cells["income_group"]
        if iso2 not in known:
            error(
                line,
                "iso2",
                _(
                    "code pays « %(value)s » inconnu (code ISO 3166 à deux "
                    "lettres attendu, XK pour le Kosovo)."
                )
                % {"value": _cell(iso2)},
            )
        elif iso2 in seen_country:
            error(
                line,
                "iso2",
                _("« %(value)s » figure déjà ligne %(first)s.")
                % {"value": iso2, "first": seen_country[iso2]},
            )
        else:
            seen_country[iso2] = line
        if not (code.isdigit() and len(code) <= 4):
            error(
                line,
                "crs_code",
                _("« %(value)s » n'est pas un code bénéficiaire CRS (1 à 4 chiffres).")
                % {"value": _cell(code)},
            )
        elif code in seen_code:
            error(
                line,
                "crs_code",
                _("le code « %(value)s » figure déjà ligne %(first)s.")
                % {"value": code, "first": seen_code[code]},
            )
        else:
            seen_code[code] = line
        if group not in DAC_INCOME_GROUPS:
            error(
                line,
                "income_group",
                _("« %(value)s » n'est pas une catégorie de revenu : %(groups)s.")
                % {"value": _cell(group), "groups": ", ".join(DAC_INCOME_GROUPS)},
            )
        if len(errors) >= DAC_MAX_ERRORS:
            errors.append(_("Lecture arrêtée après %(count)s erreurs.") % {"count": len(errors)})
            break
        rows.append({"country_id": iso2, "crs_code": code, "income_group": group})
    if not errors and not rows:
        errors.append(_("Le fichier ne contient aucun pays."))
    if errors:
        raise DacListError(errors)
    return rows


def load_dac_list(
    apps: Any,
    rows: list[Row],
    first_year: int,
    last_year: int,
    source: str,
    using: str = DEFAULT_DB_ALIAS,
) -> tuple[int, int]:
    """Store ``rows`` as the version of the DAC list for the flows of ``first_year`` to
    ``last_year``; returns (created, updated).

    The version of the same period is replaced whole: a country absent from the file is no
    longer a recipient (nothing points to these rows). A period that overlaps another version
    is refused, so that a year always has one list.
    """
    dac_list_model = apps.get_model("core", "DacRecipientList")
    recipient_model = apps.get_model("core", "DacRecipient")
    if not (DAC_FIRST_YEAR <= first_year <= last_year <= DAC_LAST_YEAR):
        raise DacListError(
            [
                _(
                    "Période %(first)s–%(last)s invalide : la première année doit précéder la "
                    "dernière, entre %(min)s et %(max)s."
                )
                % {
                    "first": first_year,
                    "last": last_year,
                    "min": DAC_FIRST_YEAR,
                    "max": DAC_LAST_YEAR,
                }
            ]
        )
    lists = dac_list_model._base_manager.db_manager(using)
    with transaction.atomic(using=using):
        overlapping = (
            lists.filter(period_start_year__lte=last_year, period_end_year__gte=first_year)
            .exclude(period_start_year=first_year, period_end_year=last_year)
            .order_by("period_start_year")
        )
        clash = overlapping.first()
        if clash is not None:
            raise DacListError(
                [
                    _(
                        "La période %(first)s–%(last)s chevauche la liste %(other)s déjà chargée : "
                        "une année n'a qu'une liste."
                    )
                    % {
                        "first": first_year,
                        "last": last_year,
                        "other": f"{clash.period_start_year}–{clash.period_end_year}",
                    }
                ]
            )
        dac_list, _created = lists.update_or_create(
            period_start_year=first_year,
            period_end_year=last_year,
            defaults={"source": source[:300]},
        )
        recipients = recipient_model._base_manager.db_manager(using)
        wanted = {row["country_id"] for row in rows}
        recipients.filter(list=dac_list).exclude(country_id__in=wanted).delete()
        rows = [{**row, "list_id": dac_list.pk} for row in rows]
        existing = {obj.country_id: obj for obj in recipients.filter(list=dac_list)}
        to_create, to_update = [], []
        for row in rows:
            obj = existing.get(row["country_id"])
            if obj is None:
                to_create.append(recipient_model(**row))
            elif (obj.crs_code, obj.income_group) != (row["crs_code"], row["income_group"]):
                obj.crs_code, obj.income_group = row["crs_code"], row["income_group"]
                to_update.append(obj)
        recipients.bulk_create(to_create, batch_size=BATCH_SIZE)
        recipients.bulk_update(to_update, ["crs_code", "income_group"], batch_size=BATCH_SIZE)
    return len(to_create), len(to_update)


def load_dac_lists(apps: Any, using: str = DEFAULT_DB_ALIAS) -> tuple[int, int]:
    """Load the versions of the DAC list shipped in ``reference/`` (:data:`DAC_LISTS`)."""
    countries = apps.get_model("core", "Country")._base_manager.db_manager(using)
    known = set(countries.values_list("iso2", flat=True))
    created = updated = 0
    for name, first_year, last_year in DAC_LISTS:
        rows = parse_dac_list((REFERENCE_DIR / name).read_bytes(), known)
        source = DAC_SOURCE.format(first_year, last_year)
        c, u = load_dac_list(apps, rows, first_year, last_year, source, using=using)
        created, updated = created + c, updated + u
    return created, updated
