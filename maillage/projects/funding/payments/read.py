"""Reading a payments file (CSV or XLSX) into validated rows: nothing is written.

The file is read as the HR import reads its own (``organisation.hr.read``: streamed rows with
their line numbers, XLSX checked part by part before openpyxl opens it, lines and cells
capped, control characters refused, at most ``QUOTE_CHARS`` characters of a cell quoted).
Finance software often writes CSV in Windows-1252 rather than UTF-8: a CSV file that is not
valid UTF-8 is read as Windows-1252.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime
import os
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from maillage.core.models import PolicyArea
from maillage.organisation.hr.format import (
    CONTROL_CHARS,
    READ_CHUNK,
    RowError,
    Source,
    file_format,
    quote,
    unneutralise,
)
from maillage.organisation.hr.read import (
    FileError,
    csv_rows,
    has_control,
    normalise_header,
    open_binary,
    xlsx_rows,
)

from .format import (
    AMOUNT,
    ANALYTIC_CODE,
    BENEFICIARY,
    BORDEREAU,
    COLUMNS,
    DATE,
    HEADERS,
    IMPUTATION,
    MAX_AMOUNT,
    MAX_BENEFICIARY,
    MAX_NATURE,
    MAX_NUMBER,
    NUMBER,
    OBJECT,
    REQUIRED_COLUMNS,
    ParsedFile,
    PaymentRow,
)

_DATE_FR = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_AMOUNT = re.compile(r"\d+(?:\.\d{1,2})?")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_DIGITS = re.compile(r"\d+")
# The numeric words of an imputation ("011-6228-044", "6574 / 044"), not a code such as SN-01.
_NUMERIC_WORD = re.compile(r"(?<!\S)[\d./-]*\d[\d./-]*(?!\S)")


def _header_key(value: str) -> str:
    return "".join(c for c in normalise_header(value) if c.isalnum())


class _Transcoded:
    """A binary stream of Windows-1252 text read as UTF-8 (one byte is one character, so a
    block never cuts a character)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream

    def read(self, size: int = -1) -> bytes:
        return self.stream.read(size).decode("cp1252").encode("utf-8")

    def seekable(self) -> bool:
        return False


def _is_utf8(stream: IO[bytes]) -> bool:
    """Whether a seekable stream is valid UTF-8 throughout; the stream is rewound."""
    if not (hasattr(stream, "seekable") and stream.seekable()):
        return True  # read as UTF-8; a bad byte then gives the HR import's encoding message
    start = stream.tell()
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while block := stream.read(READ_CHUNK):
            decoder.decode(block)
        decoder.decode(b"", final=True)
        return True
    except UnicodeDecodeError:
        return False
    finally:
        stream.seek(start)


def _readable_cp1252(stream: IO[bytes]) -> bool:
    start = stream.tell()
    try:
        while block := stream.read(READ_CHUNK):
            block.decode("cp1252")
        return True
    except UnicodeDecodeError:
        return False
    finally:
        stream.seek(start)


def parse_payments_file(source: Source, filename: str | None = None) -> ParsedFile:
    """Read and validate a payments file (a path or a binary file object); writes nothing."""
    if filename is None:
        filename = getattr(source, "name", "") if hasattr(source, "read") else os.fspath(source)
    parsed = ParsedFile(filename=Path(filename).name)
    fmt = file_format(filename)
    if fmt is None:
        parsed.errors.add(
            1,
            "",
            _(
                "Format de fichier non pris en charge : déposez un fichier .csv ou .xlsx "
                "exporté de votre logiciel financier."
            ),
        )
        parsed.fatal = True
        return parsed
    try:
        if fmt == "xlsx":
            with contextlib.closing(xlsx_rows(source)) as rows:
                _read_rows(parsed, rows)
        else:
            with open_binary(source) as stream:
                text: IO[bytes] = stream
                if not _is_utf8(stream) and _readable_cp1252(stream):
                    text = _Transcoded(stream)  # type: ignore[assignment]
                with contextlib.closing(csv_rows(text)) as rows:
                    _read_rows(parsed, rows)
    except FileError as exc:
        for error in exc.errors:
            parsed.errors.add(error.line, error.column, error.message)
        parsed.fatal = True
    return parsed


def _header_index(header: list[str]) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, cell in enumerate(header):
        name = HEADERS.get(_header_key(cell))
        if name is None:
            continue  # the other columns of the finance software are ignored
        if name in index:
            message = _(
                "Deux colonnes donnent « %(column)s » (« %(cell)s » et une autre) : "
                "supprimez l'une des deux."
            ) % {"column": name, "cell": quote(cell.strip())}
            raise FileError(RowError(1, name, message))
        index[name] = position
    missing = [c for c in REQUIRED_COLUMNS if c not in index]
    if missing:
        expected = ", ".join(COLUMNS)
        raise FileError(
            *(
                RowError(
                    1,
                    column,
                    _(
                        "Colonne « %(column)s » absente : ajoutez-la sur la première ligne du "
                        "fichier. Colonnes reconnues : %(expected)s."
                    )
                    % {"column": column, "expected": expected},
                )
                for column in missing
            )
        )
    return index


def parse_date(value: str) -> datetime.date | None:
    """A date as finance software writes it: 05/03/2025, 2025-03-05 (XLSX gives the time)."""
    match = _DATE_FR.fullmatch(value)
    try:
        if match:
            day, month, year = match.groups()
            return datetime.date(int(year), int(month), int(day))
        match = _DATE_ISO.fullmatch(value)
        if match:
            year, month, day = match.groups()
            return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None
    return None


def parse_amount(value: str) -> Decimal | None:
    """Euros as written in France or by a spreadsheet: 1 234,56 · 1234.56 · 1.234,56 €."""
    text = _SPACES.sub("", value).removesuffix("€").removesuffix("EUR")
    negative = text.startswith("-")
    text = text.removeprefix("-").removeprefix("+")
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        text = text.replace(thousands, "").replace(decimal_mark, ".")
    elif "," in text:
        text = text.replace(",", ".")
    elif text.count(".") > 1:
        text = text.replace(".", "")
    if not _AMOUNT.fullmatch(text):
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    return -amount if negative else amount


class Imputations:
    """M57 nature and function read from an imputation, cached: a file repeats a few dozen.

    The imputation's groups of digits are read as: the function, the last group that is the
    code of an M57 function the application knows (044, 048…); the nature, the longest other
    group (the account, 6574 or 65748; a chapter such as 011 is shorter). "65748-048",
    "011-6228-044" and "6574 / 044" all work; without a known function, only the nature.
    Only words made of digits and separators count: "SN-01" in a code is not a function."""

    def __init__(self) -> None:
        self.functions = frozenset(PolicyArea.objects.values_list("code", flat=True))
        self.cache: dict[str, tuple[str, str | None]] = {}

    def __call__(self, imputation: str) -> tuple[str, str | None]:
        found = self.cache.get(imputation)
        if found is None:
            found = self.cache[imputation] = self._parse(imputation)
        return found

    def _parse(self, imputation: str) -> tuple[str, str | None]:
        groups = [g for word in _NUMERIC_WORD.findall(imputation) for g in _DIGITS.findall(word)]
        function = None
        if len(groups) > 1:
            for position in range(len(groups) - 1, 0, -1):
                if groups[position] in self.functions:
                    function = groups.pop(position)
                    break
        nature = max(groups, key=len, default="")
        return (nature if len(nature) <= MAX_NATURE else ""), function


def _read_rows(parsed: ParsedFile, rows: Iterator[tuple[int, list[str]]]) -> None:
    first = next(rows, None)
    if first is None:
        message = _("Le fichier est vide : la première ligne doit contenir les noms des colonnes.")
        raise FileError(RowError(1, "", message))
    index = _header_index(first[1])
    parsed.columns = frozenset(index)
    width = len(first[1])
    errors = parsed.errors
    mapped = sorted(index.items(), key=lambda item: item[1])
    i_date, i_number, i_amount = index[DATE], index[NUMBER], index[AMOUNT]
    optional = [index.get(c) for c in (IMPUTATION, OBJECT, BENEFICIARY, ANALYTIC_CODE, BORDEREAU)]
    i_imputation, i_object, i_beneficiary, i_code, i_bordereau = optional
    imputations = Imputations()
    seen: dict[tuple[int, str], int] = {}  # (year, mandat number) -> first line
    append = parsed.rows.append
    for line, raw in rows:
        if len(raw) < width:
            raw = raw + [""] * (width - len(raw))
        cells = [c.strip() for c in raw]
        if not any(cells):
            continue  # blank lines (and the empty total lines of some exports) are harmless
        joined = "".join(cells)
        if CONTROL_CHARS.search(joined) and has_control(errors, line, cells, mapped):
            continue
        if "'" in joined:
            for _name, position in mapped:
                cells[position] = unneutralise(cells[position])
        ok = True
        date_cell = cells[i_date]
        date = parse_date(date_cell)
        if date is None:
            ok = False
            errors.add(line, DATE, _bad_date(date_cell))
        number = cells[i_number]
        if not number:
            ok = False
            errors.add(line, NUMBER, _("Numéro de mandat manquant : recopiez-le de l'export."))
        elif len(number) > MAX_NUMBER:
            ok = False
            errors.add(line, NUMBER, _too_long(number, MAX_NUMBER))
        amount_cell = cells[i_amount]
        amount = parse_amount(amount_cell)
        if amount is None:
            ok = False
            errors.add(line, AMOUNT, _bad_amount(amount_cell))
        elif amount <= 0:
            ok = False
            errors.add(line, AMOUNT, _not_positive(amount_cell))
        elif amount > MAX_AMOUNT:
            ok = False
            errors.add(line, AMOUNT, _bad_amount(amount_cell))
        beneficiary = cells[i_beneficiary] if i_beneficiary is not None else ""
        if len(beneficiary) > MAX_BENEFICIARY:
            ok = False
            errors.add(line, BENEFICIARY, _too_long(beneficiary, MAX_BENEFICIARY))
        if date is not None and number:
            key = (date.year, number)
            first_line = seen.setdefault(key, line)
            if first_line != line:
                ok = False
                errors.add(line, NUMBER, _duplicate(number, date.year, first_line))
        if not ok:
            continue
        imputation = cells[i_imputation] if i_imputation is not None else ""
        nature, function = imputations(imputation) if imputation else ("", None)
        append(
            PaymentRow(
                line,
                date,  # type: ignore[arg-type]  # checked above
                number,
                amount,  # type: ignore[arg-type]
                imputation,
                nature,
                function,
                cells[i_object] if i_object is not None else "",
                beneficiary,
                cells[i_code].upper() if i_code is not None else "",
                cells[i_bordereau] if i_bordereau is not None else "",
            )
        )
    if not parsed.rows and not errors:
        message = _(
            "Le fichier ne contient aucun mandat : sous la ligne des noms de colonnes, "
            "chaque ligne décrit un mandat."
        )
        raise FileError(RowError(2, "", message))


def _bad_date(value: str) -> str:
    if not value:
        return _("Date manquante : indiquez la date du mandat, par exemple 05/03/2025.")
    return _("Date « %(value)s » illisible : écrivez-la JJ/MM/AAAA (05/03/2025) ou AAAA-MM-JJ.") % {
        "value": quote(value)
    }


def _bad_amount(value: str) -> str:
    if not value:
        return _("Montant manquant : indiquez le montant du mandat en euros, par exemple 1 250,00.")
    return _(
        "Montant « %(value)s » illisible : écrivez un nombre d'euros avec au plus deux "
        "décimales, par exemple 1 250,00 ou 1250.00."
    ) % {"value": quote(value)}


def _not_positive(value: str) -> str:
    return _(
        "Montant « %(value)s » négatif ou nul : les annulations et réductions de mandats ne "
        "sont pas importées. Retirez la ligne et corrigez le paiement sur la fiche du projet."
    ) % {"value": quote(value)}


def _too_long(value: str, max_length: int) -> str:
    return _("Texte trop long (%(length)s caractères, %(max)s au maximum) : raccourcissez-le.") % {
        "length": len(value),
        "max": max_length,
    }


def _duplicate(number: str, year: int, first_line: int) -> str:
    return _(
        "Le mandat n° %(number)s de %(year)s figure déjà ligne %(line)s : un mandat ne "
        "s'importe qu'une fois, supprimez le doublon."
    ) % {"number": quote(number), "year": year, "line": first_line}
