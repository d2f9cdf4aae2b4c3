"""The company directory's lookups and its import format: an INSEE SIRENE extract.

The file is a CSV extract of the *StockUniteLegale* file (or of the SIRENE API, same column
names): ``siren`` and a name are required, read from ``denominationUniteLegale``, else
``denominationUsuelle1UniteLegale``, else ``prenom1UniteLegale`` + ``nomUniteLegale`` (an
individual company); ``activitePrincipaleUniteLegale`` gives the APE code
(``nomenclatureActivitePrincipaleUniteLegale`` says which NAF; only NAFRev2 codes are
checked), ``etatAdministratifUniteLegale`` "C" marks a ceased company, which is skipped. The
extract rarely carries what the directory keeps besides; these optional columns, not INSEE's,
fill it: ``libelleActivite``, ``commune`` (or INSEE's ``libelleCommuneEtablissement`` of an
establishment extract), ``contact``, ``courriel``, ``telephone``. Other columns are ignored.
Comma (INSEE) or semicolon (a spreadsheet's save) separated, UTF-8.

Every line is checked before anything is written; errors name the line and the column.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from maillage.core.models import Authority
from maillage.projects.models import Company, validate_siren

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
MAX_ERRORS = 200
MAX_CELL = 80  # characters of a refused cell quoted in a message

NAME_COLUMNS = ("denominationUniteLegale", "denominationUsuelle1UniteLegale")
OPTIONAL_COLUMNS = {
    "activity_code": "activitePrincipaleUniteLegale",
    "activity_label": "libelleActivite",
    "town": "commune",
    "contact_name": "contact",
    "contact_email": "courriel",
    "contact_phone": "telephone",
}
TOWN_ALIAS = "libelleCommuneEtablissement"
NAF_REV2 = re.compile(r"^(\d{2})\.?(\d{2})([A-Z])$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SEPARATORS = re.compile(r"[\s,;]+")


@dataclass
class SireneRow:
    line: int
    siren: str
    values: dict[str, str]


@dataclass
class SireneFile:
    rows: list[SireneRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: int = 0  # ceased companies
    columns: frozenset[str] = frozenset()  # the directory fields the file fills


def _quote(value: str) -> str:
    return value if len(value) <= MAX_CELL else value[: MAX_CELL - 1] + "…"


def normalise_naf(code: str) -> str | None:
    """``25.62B`` from ``25.62B`` or ``2562B``; None if it is not a NAF rev. 2 code."""
    match = NAF_REV2.match(code.strip().upper())
    return f"{match[1]}.{match[2]}{match[3]}" if match else None


def parse_sirens(text: str) -> list[str]:
    """The SIRENs typed in a field, separated by spaces, commas, semicolons or lines; the
    spaces inside one ("123 456 789") are allowed when it is the only one."""
    text = text.strip()
    if not text:
        return []
    if re.fullmatch(r"[\d ]+", text) and len(text.replace(" ", "")) == 9:
        return [text.replace(" ", "")]
    return [part for part in SEPARATORS.split(text) if part]


def lookup_sirens(authority: Authority, text: str) -> list[Company]:
    """The directory's companies for the SIRENs of ``text``, in the typed order; a
    ValidationError names every malformed or unknown one."""
    sirens = list(dict.fromkeys(parse_sirens(text)))
    errors = []
    for siren in sirens:
        try:
            validate_siren(siren)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    found = {c.siren: c for c in Company.objects.filter(authority=authority, siren__in=sirens)}
    missing = [s for s in sirens if s not in found]
    if missing:
        raise ValidationError(
            _(
                "SIREN absent de l'annuaire des entreprises : %(sirens)s. Ajoutez l'entreprise "
                "à l'annuaire (ou importez un extrait SIRENE), puis saisissez-le de nouveau."
            )
            % {"sirens": ", ".join(missing)}
        )
    return [found[s] for s in sirens]


# --- Reading an extract -------------------------------------------------------------------------


def read_sirene(data: bytes) -> SireneFile:
    """Read and check a whole extract; ``errors`` is empty when every line may be written."""
    result = SireneFile()
    if len(data) > MAX_BYTES:
        result.errors.append(
            _("Le fichier dépasse %(max)s Mo : découpez l'extrait en plusieurs fichiers.")
            % {"max": MAX_BYTES // (1024 * 1024)}
        )
        return result
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(
            _(
                "Le fichier n'est pas encodé en UTF-8 : enregistrez-le en « CSV UTF-8 » depuis "
                "votre tableur, ou utilisez l'extrait SIRENE tel que l'INSEE le fournit."
            )
        )
        return result
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        result.errors.append(
            _("Le fichier est vide : il doit commencer par la ligne des colonnes.")
        )
        return result
    index = {name.strip(): i for i, name in enumerate(header)}
    if "siren" not in index:
        result.errors.append(
            _("Ligne 1 : la colonne « siren » manque. Colonnes lues : %(columns)s.")
            % {"columns": _quote(", ".join(h.strip() for h in header))}
        )
        return result
    has_name = any(c in index for c in NAME_COLUMNS) or "nomUniteLegale" in index
    if not has_name:
        result.errors.append(
            _(
                "Ligne 1 : aucune colonne ne donne le nom de l'entreprise : ajoutez "
                "« denominationUniteLegale » (ou « nomUniteLegale » pour une entreprise "
                "individuelle)."
            )
        )
        return result
    if TOWN_ALIAS in index and OPTIONAL_COLUMNS["town"] not in index:
        index[OPTIONAL_COLUMNS["town"]] = index[TOWN_ALIAS]
    result.columns = frozenset(
        {"name"} | {name for name, column in OPTIONAL_COLUMNS.items() if column in index}
    )
    first_seen: dict[str, int] = {}
    for number, cells in enumerate(reader, start=2):
        if len(result.rows) + result.skipped >= MAX_ROWS:
            result.errors.append(
                _("Le fichier compte plus de %(max)s lignes : découpez l'extrait.")
                % {"max": MAX_ROWS}
            )
            break
        if not any(cell.strip() for cell in cells):
            continue
        row = _read_row(number, cells, index, result.errors)
        if row is None:
            pass
        elif row == "ceased":
            result.skipped += 1
        elif row.siren in first_seen:
            result.errors.append(
                _("Ligne %(line)s, colonne « siren » : %(siren)s figure déjà ligne %(first)s.")
                % {"line": number, "siren": row.siren, "first": first_seen[row.siren]}
            )
        else:
            first_seen[row.siren] = number
            result.rows.append(row)
        if len(result.errors) >= MAX_ERRORS:
            result.errors.append(_("Lecture arrêtée après %(max)s erreurs.") % {"max": MAX_ERRORS})
            break
    return result


def _cell(cells: list[str], index: dict[str, int], column: str) -> str:
    i = index.get(column)
    return cells[i].strip() if i is not None and i < len(cells) else ""


def _read_row(
    number: int, cells: list[str], index: dict[str, int], errors: list[str]
) -> SireneRow | str | None:
    before = len(errors)

    def error(column: str, message: str) -> None:
        errors.append(
            _("Ligne %(line)s, colonne « %(column)s » : %(message)s")
            % {"line": number, "column": column, "message": message}
        )

    for i, cell in enumerate(cells):
        if CONTROL.search(cell):
            name = next((n for n, j in index.items() if j == i), str(i + 1))
            error(name, _("caractère de contrôle interdit ; retirez-le."))
    if _cell(cells, index, "etatAdministratifUniteLegale") == "C":
        return "ceased"
    siren = _cell(cells, index, "siren").replace(" ", "")
    try:
        validate_siren(siren)
    except ValidationError as exc:
        error("siren", exc.messages[0])
    name = next((v for c in NAME_COLUMNS if (v := _cell(cells, index, c))), "")
    if not name:
        name = " ".join(
            v
            for v in (
                _cell(cells, index, "prenom1UniteLegale"),
                _cell(cells, index, "nomUniteLegale"),
            )
            if v
        )
    if not name:
        error(NAME_COLUMNS[0], _("le nom de l'entreprise est vide."))
    values = {"name": name}
    for field_name, column in OPTIONAL_COLUMNS.items():
        if column in index:
            values[field_name] = _cell(cells, index, column)
    code = values.get("activity_code", "")
    nomenclature = _cell(cells, index, "nomenclatureActivitePrincipaleUniteLegale")
    if code and nomenclature in ("", "NAFRev2"):
        naf = normalise_naf(code)
        if naf is None:
            error(
                OPTIONAL_COLUMNS["activity_code"],
                _("« %(value)s » n'est pas un code APE (NAF rév. 2) comme 25.62B.")
                % {"value": _quote(code)},
            )
        else:
            values["activity_code"] = naf
    if values.get("contact_email"):
        try:
            validate_email(values["contact_email"])
        except ValidationError:
            error(
                OPTIONAL_COLUMNS["contact_email"],
                _("« %(value)s » n'est pas une adresse électronique.")
                % {"value": _quote(values["contact_email"])},
            )
    for field_name, value in values.items():
        limit = Company._meta.get_field(field_name).max_length
        if limit and len(value) > limit:
            column = OPTIONAL_COLUMNS.get(field_name, NAME_COLUMNS[0])
            error(
                column,
                _("%(count)s caractères, %(max)s au plus : « %(value)s ».")
                % {"count": len(value), "max": limit, "value": _quote(value)},
            )
    if len(errors) > before:
        return None
    return SireneRow(line=number, siren=siren, values=values)


def changed_fields(company: Company, values: dict[str, str]) -> list[str]:
    return [name for name, value in values.items() if getattr(company, name) != value]


def plan_import(
    authority: Authority, rows: Iterable[SireneRow]
) -> tuple[list[SireneRow], list[tuple[Company, SireneRow]]]:
    """The rows to create and the (company, row) pairs to update: unchanged ones are left."""
    rows = list(rows)
    # The whole directory: an extract's SIRENs would overflow a query's parameters.
    existing = {c.siren: c for c in Company.objects.filter(authority=authority)}
    to_create, to_update = [], []
    for row in rows:
        company = existing.get(row.siren)
        if company is None:
            to_create.append(row)
        elif changed_fields(company, row.values):
            to_update.append((company, row))
    return to_create, to_update
