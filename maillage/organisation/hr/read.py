"""Reading an HR file (CSV or XLSX) into validated rows: nothing is written.

Untrusted input: an XLSX file is checked by :func:`check_xlsx` before openpyxl opens it
(uncompressed sizes, rows, columns, longest text), lines and cells are capped, control
characters are refused, and messages quote at most ``QUOTE_CHARS`` characters of a cell.
Rows are streamed and kept as small tuples, so hundreds of thousands of rows fit."""

from __future__ import annotations

import contextlib
import csv
import os
import re
import sys
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

from .format import (
    CIVILITIES,
    CIVILITY,
    COLUMNS,
    CONTROL_CHARS,
    EMAIL,
    FIRST_NAME,
    HR_ID,
    JOB,
    LABEL,
    LAST_NAME,
    LEVEL,
    LEVELS,
    MAX_EMAIL,
    MAX_FIRST_NAME,
    MAX_HR_ID,
    MAX_JOB,
    MAX_LAST_NAME,
    MAX_SERVICE_NAME,
    PARENT,
    PROGRESS_EVERY,
    READ_CHUNK,
    REFERENT,
    REFERENT_KINDS,
    REQUIRED_COLUMNS,
    TYPE,
    TYPE_AGENT,
    TYPE_SERVICE,
    AgentRow,
    ErrorLog,
    ParsedFile,
    ProgressCallback,
    RowError,
    ServiceRow,
    Source,
    file_format,
    quote,
    unneutralise,
)


class _FileError(Exception):
    """A problem that stops reading the file (one or several file-level errors)."""

    def __init__(self, *errors: RowError) -> None:
        super().__init__(*(e.message for e in errors))
        self.errors = errors


def _normalise_header(value: str) -> str:
    # HR files write "Libellé", "Prénom ", "MATRICULE": compare without case, accents or spaces.
    decomposed = unicodedata.normalize("NFKD", value.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace(" ", "")


def _max_line_bytes() -> int:
    # Every column at its longest, in UTF-8 (up to 4 bytes a character), quoted.
    return settings.HR_IMPORT_MAX_CELL_CHARS * 4 * len(COLUMNS) * 2 + 1024


def _binary_lines(stream: IO[bytes]) -> Iterator[bytes]:
    """Lines of a binary stream, ``\\n`` kept; works on any object with ``read``.

    A line longer than any valid row stops the reading, so one huge cell cannot fill memory.
    """
    pending = b""
    limit = _max_line_bytes()
    line = 0
    while block := stream.read(READ_CHUNK):
        pending += block
        *complete, pending = pending.split(b"\n")
        for raw in complete:
            line += 1
            yield raw + b"\n"
        if len(pending) > limit:
            raise _FileError(RowError(line + 1, "", _line_too_long()))
    if pending:
        yield pending


def _line_too_long() -> str:
    return _(
        "Ligne démesurée (une cellule dépasse %(max)s caractères) : vérifiez que le fichier "
        "est bien l'export de votre logiciel RH, corrigez la cellule en cause puis déposez-le "
        "à nouveau."
    ) % {"max": settings.HR_IMPORT_MAX_CELL_CHARS}


def _count_lines(stream: IO[bytes]) -> int | None:
    """Physical lines of a seekable stream (for the progress bar), then rewind."""
    if not (hasattr(stream, "seekable") and stream.seekable()):
        return None
    start = stream.tell()
    count, last = 0, b"\n"
    while block := stream.read(READ_CHUNK):
        count += block.count(b"\n")
        last = block[-1:]
    stream.seek(start)
    return count + (last != b"\n")


def _encoding_message() -> str:
    return _(
        "Le fichier n'est pas encodé en UTF-8 (les lettres accentuées seraient illisibles). "
        "Dans votre tableur, utilisez « Enregistrer sous » et choisissez le format "
        "« CSV UTF-8 (délimité par des virgules) », ou enregistrez-le au format .xlsx, "
        "puis déposez-le à nouveau."
    )


def _csv_rows(stream: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of a UTF-8 CSV file; delimiter ``;`` or ``,`` taken from the header."""
    records = 0

    def decoded(lines: Iterator[bytes]) -> Iterator[str]:
        for raw in lines:
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise _FileError(RowError(records + 1, "", _encoding_message())) from exc

    text = decoded(_binary_lines(stream))
    header = next(text, None)
    if header is None:
        return
    header = header.removeprefix("\ufeff")
    delimiter = ";" if header.count(";") >= header.count(",") else ","
    reader = csv.reader(_chain_first(header, text), delimiter=delimiter)
    try:
        for cells in reader:
            records += 1
            yield records, cells
    except csv.Error as exc:
        message = _(
            "Ligne illisible (%(reason)s) : vérifiez les guillemets de cette ligne, "
            "ou enregistrez à nouveau le fichier au format « CSV UTF-8 »."
        ) % {"reason": exc}
        raise _FileError(RowError(records + 1, "", message)) from exc


def _chain_first(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # spreadsheets store the matricule 12345 as 12345.0
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _unreadable_xlsx() -> str:
    return _(
        "Ce fichier n'est pas un classeur Excel (.xlsx) lisible. Ouvrez-le dans votre "
        "tableur et enregistrez-le au format .xlsx ou « CSV UTF-8 », puis déposez-le "
        "à nouveau."
    )


def _too_big_xlsx(what: str) -> str:
    return _(
        "Classeur refusé avant ouverture : %(what)s. Un fichier RH n'atteint pas ces "
        "tailles ; enregistrez la seule feuille de l'organisation au format « CSV UTF-8 » "
        "ou demandez à l'administrateur de relever la limite."
    ) % {"what": what}


_XLSX_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")


_XLSX_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref=\"[A-Z]+\d+:([A-Z]+)\d+\"")


_XLSX_MAX_PARTS = 10_000


def check_xlsx(source: Source) -> int:
    """Check a workbook's zip without building it; returns its largest sheet's row count.

    The sizes in the zip directory bound what zipfile will ever unpack (it stops at the
    declared size), so refusing large declared sizes refuses decompression bombs. The
    worksheets and shared strings are then unpacked in 1 MB pieces to count rows and find the
    longest text, which openpyxl would otherwise hold whole in memory.
    """
    try:
        with _open_binary(source) as stream:
            start = stream.tell() if hasattr(stream, "tell") else 0
            try:
                with zipfile.ZipFile(stream) as archive:
                    return _check_archive(archive)
            finally:
                if hasattr(stream, "seek"):
                    stream.seek(start)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise _FileError(RowError(1, "", _unreadable_xlsx())) from exc


def _check_archive(archive: zipfile.ZipFile) -> int:
    infos = archive.infolist()
    if len(infos) > _XLSX_MAX_PARTS:
        raise _FileError(RowError(1, "", _unreadable_xlsx()))
    max_part = settings.HR_XLSX_MAX_PART_BYTES
    max_strings = settings.HR_XLSX_MAX_SHARED_STRINGS_BYTES
    for info in infos:
        limit = max_strings if info.filename.endswith("sharedStrings.xml") else max_part
        if info.file_size > limit:
            what = _(
                "la partie « %(part)s » occupe %(size)s une fois décompressée, %(max)s au maximum"
            ) % {
                "part": quote(info.filename),
                "size": filesizeformat(info.file_size),
                "max": filesizeformat(limit),
            }
            raise _FileError(RowError(1, "", _too_big_xlsx(what)))
    rows = 0
    for info in infos:
        name = info.filename
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            rows = max(rows, _scan_part(archive, info, count_rows=True))
        elif name.endswith("sharedStrings.xml"):
            _scan_part(archive, info, count_rows=False)
    return rows


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, count_rows: bool) -> int:
    """Rows of a worksheet part; refuses a text run longer than a cell may be."""
    max_text = settings.HR_IMPORT_MAX_CELL_CHARS * 4 + 64
    max_rows, max_columns = settings.HR_XLSX_MAX_ROWS, settings.HR_XLSX_MAX_COLUMNS
    rows = 0
    run = 0  # bytes since the last "<": the text of one cell, at most
    tail = b""
    first = True
    with archive.open(info) as part:
        while block := part.read(READ_CHUNK):
            if first and count_rows:
                first = False
                dimension = _XLSX_DIMENSION.search(block)
                if dimension and _column_number(dimension.group(1)) > max_columns:
                    what = _("la feuille compte %(count)s colonnes, %(max)s au maximum") % {
                        "count": _column_number(dimension.group(1)),
                        "max": max_columns,
                    }
                    raise _FileError(RowError(1, "", _too_big_xlsx(what)))
            last = block.rfind(b"<")
            if last < 0:
                run += len(block)
            else:
                pieces = block.split(b"<")
                longest = max(len(piece) for piece in pieces[1:-1]) if len(pieces) > 2 else 0
                if max(run + len(pieces[0]), longest) > max_text:
                    raise _FileError(RowError(1, "", _huge_cell()))
                run = len(block) - last - 1
            if run > max_text:
                raise _FileError(RowError(1, "", _huge_cell()))
            if count_rows:
                # A row tag cut between two blocks is found in the joined tail.
                window = tail + block
                rows += len(_XLSX_ROW.findall(window)) - len(_XLSX_ROW.findall(tail))
                tail = block[-32:]
                if rows > max_rows:
                    what = _("la feuille compte plus de %(max)s lignes") % {"max": max_rows}
                    raise _FileError(RowError(1, "", _too_big_xlsx(what)))
    return rows


def _huge_cell() -> str:
    return _too_big_xlsx(
        _("une cellule dépasse %(max)s caractères") % {"max": settings.HR_IMPORT_MAX_CELL_CHARS}
    )


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def _xlsx_rows(source: Source) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of the first sheet of a workbook, checked first by :func:`check_xlsx`."""
    message = _unreadable_xlsx()
    check_xlsx(source)
    try:
        workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise _FileError(RowError(1, "", message)) from exc
    try:
        if not workbook.worksheets:  # a workbook of chart sheets only
            raise _FileError(RowError(1, "", message))
        sheet = workbook.worksheets[0]
        header = next(sheet.iter_rows(max_row=1, values_only=True), ())
        # Sheets formatted "to the last column" carry thousands of empty cells per row: read
        # only up to the last named column.
        width = max((i + 1 for i, v in enumerate(header) if v is not None), default=1)
        if width > settings.HR_XLSX_MAX_COLUMNS:
            what = _("la feuille compte %(count)s colonnes, %(max)s au maximum") % {
                "count": width,
                "max": settings.HR_XLSX_MAX_COLUMNS,
            }
            raise _FileError(RowError(1, "", _too_big_xlsx(what)))
        yield 1, [_cell_text(v) for v in header[:width]]
        rows = sheet.iter_rows(min_row=2, max_col=width, values_only=True)
        for line, values in enumerate(rows, start=2):
            yield line, [_cell_text(v) for v in values]
    finally:
        workbook.close()


def estimate_rows(source: Source, filename: str) -> int | None:
    """Data rows of a file, counted without reading it as a table; None when unreadable.

    Decides whether the file is checked in the request or by the background worker.
    """
    fmt = file_format(filename)
    try:
        if fmt == "xlsx":
            return max(check_xlsx(source) - 1, 0)
        if fmt == "csv":
            with _open_binary(source) as stream:
                lines = _count_lines(stream)
            return None if lines is None else max(lines - 1, 0)
    except _FileError:
        return None
    return None


def parse_hr_file(
    source: Source, filename: str | None = None, *, progress: ProgressCallback | None = None
) -> ParsedFile:
    """Read and validate an HR file (a path or a binary file object); writes nothing."""
    if filename is None:
        filename = getattr(source, "name", "") if hasattr(source, "read") else os.fspath(source)
    parsed = ParsedFile(filename=Path(filename).name)
    fmt = file_format(filename)
    if fmt is None:
        parsed.errors.add(
            1,
            "",
            _(
                "Format de fichier non pris en charge : déposez un fichier .csv (enregistré "
                "en « CSV UTF-8 ») ou .xlsx."
            ),
        )
        parsed.fatal = True
        return parsed
    try:
        if fmt == "xlsx":
            # closing(): the workbook is released even when reading stops at the header.
            with contextlib.closing(_xlsx_rows(source)) as rows:
                # openpyxl's read-only sheet dimensions are unreliable: the bar has no total.
                _read_rows(parsed, rows, progress, None)
        else:
            with _open_binary(source) as stream, contextlib.closing(_csv_rows(stream)) as rows:
                total = _count_lines(stream) if progress else None
                _read_rows(parsed, rows, progress, None if total is None else max(total - 1, 0))
    except _FileError as exc:
        for error in exc.errors:
            parsed.errors.add(error.line, error.column, error.message)
        parsed.fatal = True
    if not parsed.fatal:
        _check_references(parsed)
    return parsed


def _open_binary(source: Source) -> contextlib.AbstractContextManager[IO[bytes]]:
    """The caller's stream as is (left open), or the file at a path (closed after use)."""
    if hasattr(source, "read"):
        return contextlib.nullcontext(source)
    return open(source, "rb")  # noqa: SIM115


def _read_rows(
    parsed: ParsedFile,
    rows: Iterator[tuple[int, list[str]]],
    progress: ProgressCallback | None,
    total: int | None,
) -> None:
    first = next(rows, None)
    if first is None:
        message = _("Le fichier est vide : la première ligne doit contenir les noms des colonnes.")
        raise _FileError(RowError(1, "", message))
    index = _header_index(first[1])
    parsed.columns = frozenset(index)
    width = len(first[1])
    errors = parsed.errors
    services, agents = parsed.services, parsed.agents
    i_type, i_hr, i_parent = index[TYPE], index[HR_ID], index[PARENT]
    i_label, i_first, i_last = index[LABEL], index[FIRST_NAME], index[LAST_NAME]
    i_level, i_email, i_job = index.get(LEVEL), index.get(EMAIL), index.get(JOB)
    i_civility, i_referent = index.get(CIVILITY), index.get(REFERENT)
    holders: dict[str, int] = {}  # service matricule -> line of its holder in the file
    intern = sys.intern
    mapped = sorted(index.items(), key=lambda item: item[1])
    stage = _("Lecture du fichier")
    line = 1
    for line, raw in rows:
        if progress is not None and line % PROGRESS_EVERY == 0:
            progress(stage, line - 1, total)
        if len(raw) < width:
            raw = raw + [""] * (width - len(raw))
        cells = [c.strip() for c in raw]
        if not any(cells):
            continue  # blank lines in the middle of a sheet are harmless
        parsed.rows += 1
        joined = "".join(cells)
        if CONTROL_CHARS.search(joined) and _has_control(errors, line, cells, mapped):
            continue
        if "'" in joined:
            for _name, position in mapped:
                cells[position] = unneutralise(cells[position])
        kind = cells[i_type].lower()
        hr_id = cells[i_hr]
        if kind == TYPE_AGENT:
            _check_hr_id(errors, line, hr_id, agents, _agent_duplicate)
            first_name = cells[i_first]
            last_name = cells[i_last]
            service = cells[i_parent]
            _check_text(errors, line, FIRST_NAME, first_name, MAX_FIRST_NAME, _missing_first_name)
            _check_text(errors, line, LAST_NAME, last_name, MAX_LAST_NAME, _missing_last_name)
            if not service:
                errors.add(line, PARENT, _missing_agent_service())
            email = None if i_email is None else cells[i_email]
            if email:
                _check_email(errors, line, email)
            job = None if i_job is None else cells[i_job]
            if job:
                _check_text(errors, line, JOB, job, MAX_JOB, None)
                job = intern(job)  # job titles repeat: share the strings
            civility = None
            if i_civility is not None:
                civility = CIVILITIES.get(cells[i_civility].lower())
                if civility is None:
                    errors.add(line, CIVILITY, _bad_civility(cells[i_civility]))
            referent = None
            if i_referent is not None:
                referent = REFERENT_KINDS.get(cells[i_referent].lower())
                if referent is None:
                    errors.add(line, REFERENT, _bad_referent(cells[i_referent]))
                elif referent == REFERENT_KINDS["titulaire"] and service:
                    first_holder = holders.setdefault(service, line)
                    if first_holder != line:
                        errors.add(line, REFERENT, _second_holder(service, first_holder))
            if hr_id and hr_id not in agents:
                agents[hr_id] = AgentRow(
                    line, first_name, last_name, email, job, intern(service), civility, referent
                )
        elif kind == TYPE_SERVICE:
            _check_hr_id(errors, line, hr_id, services, _service_duplicate)
            name = cells[i_label]
            _check_text(errors, line, LABEL, name, MAX_SERVICE_NAME, _missing_label)
            level: str | None = None
            if i_level is not None:
                level_cell = cells[i_level].lower()
                level = LEVELS.get(level_cell or "service")
                if level is None:
                    errors.add(line, LEVEL, _bad_level(cells[i_level]))
            if hr_id and hr_id not in services:
                services[hr_id] = ServiceRow(line, name, level, intern(cells[i_parent]))
        elif not kind:
            errors.add(line, TYPE, _("Type manquant : indiquez « service » ou « agent »."))
        else:
            errors.add(
                line,
                TYPE,
                _("Type « %(value)s » inconnu : indiquez « service » ou « agent ».")
                % {"value": quote(cells[i_type])},
            )
    if progress is not None:
        progress(stage, max(line - 1, 0), total)
    if parsed.rows == 0:
        # An empty organisation would deactivate everyone: surely the wrong file.
        message = _(
            "Le fichier ne contient aucune ligne de données : il doit décrire toute "
            "l'organisation (services et agents), sous la ligne des noms de colonnes."
        )
        raise _FileError(RowError(2, "", message))


def _has_control(
    errors: ErrorLog, line: int, cells: list[str], mapped: list[tuple[str, int]]
) -> bool:
    """Reports control characters (NUL, line breaks…) in the columns the import reads."""
    found = False
    for name, position in mapped:
        match = CONTROL_CHARS.search(cells[position])
        if match:
            found = True
            errors.add(
                line,
                name,
                _(
                    "Caractère de contrôle interdit (code %(code)s) à la position %(position)s "
                    "de la cellule : retirez-le (souvent un saut de ligne ou un caractère "
                    "invisible collé depuis un autre logiciel)."
                )
                % {"code": f"U+{ord(match.group()):04X}", "position": match.start() + 1},
            )
    return found


def _header_index(header: list[str]) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, cell in enumerate(header):
        name = _normalise_header(cell)
        if name not in COLUMNS:
            continue  # extra columns of the HR software are ignored
        if name in index:
            message = _(
                "La colonne « %(column)s » apparaît deux fois : supprimez l'une des deux."
            ) % {"column": name}
            raise _FileError(RowError(1, name, message))
        index[name] = position
    missing = [c for c in REQUIRED_COLUMNS if c not in index]
    if missing:
        expected = ", ".join(COLUMNS)
        raise _FileError(
            *(
                RowError(
                    1,
                    column,
                    _(
                        "Colonne « %(column)s » absente : ajoutez-la sur la première ligne du "
                        "fichier. Colonnes attendues : %(expected)s."
                    )
                    % {"column": column, "expected": expected},
                )
                for column in missing
            )
        )
    return index


def _check_hr_id(
    errors: ErrorLog,
    line: int,
    hr_id: str,
    seen: dict[str, ServiceRow] | dict[str, AgentRow],
    duplicate: Callable[[str, int], str],
) -> None:
    if not hr_id:
        errors.add(line, HR_ID, _("Matricule manquant : renseignez l'identifiant RH."))
    elif len(hr_id) > MAX_HR_ID:
        errors.add(line, HR_ID, _too_long(hr_id, MAX_HR_ID))
    elif hr_id in seen:
        errors.add(line, HR_ID, duplicate(hr_id, seen[hr_id].line))


def _check_text(
    errors: ErrorLog,
    line: int,
    column: str,
    value: str,
    max_length: int,
    missing: Callable[[], str] | None,
) -> None:
    if not value:
        if missing is not None:
            errors.add(line, column, missing())
    elif len(value) > max_length:
        errors.add(line, column, _too_long(value, max_length))


def _check_email(errors: ErrorLog, line: int, email: str) -> None:
    if len(email) > MAX_EMAIL:
        errors.add(line, EMAIL, _too_long(email, MAX_EMAIL))
        return
    try:
        validate_email(email)
    except ValidationError:
        errors.add(
            line,
            EMAIL,
            _(
                "Adresse « %(value)s » invalide : corrigez-la (par exemple "
                "prenom.nom@mairie.fr) ou laissez la case vide."
            )
            % {"value": quote(email)},
        )


def _too_long(value: str, max_length: int) -> str:
    return _(
        "Valeur trop longue (%(length)s caractères, %(max)s au maximum) : raccourcissez-la."
    ) % {"length": len(value), "max": max_length}


def _agent_duplicate(hr_id: str, first_line: int) -> str:
    return _(
        "Le matricule « %(value)s » est déjà celui de l'agent de la ligne %(first)s : chaque "
        "agent doit avoir un matricule unique, corrigez l'une des deux lignes."
    ) % {"value": quote(hr_id), "first": first_line}


def _service_duplicate(hr_id: str, first_line: int) -> str:
    return _(
        "Le matricule « %(value)s » est déjà celui du service de la ligne %(first)s : chaque "
        "service doit avoir un matricule unique, corrigez l'une des deux lignes."
    ) % {"value": quote(hr_id), "first": first_line}


def _missing_first_name() -> str:
    return _("Prénom manquant : renseignez le prénom de l'agent.")


def _missing_last_name() -> str:
    return _("Nom manquant : renseignez le nom de l'agent.")


def _missing_label() -> str:
    return _("Libellé manquant : renseignez le nom du service.")


def _missing_agent_service() -> str:
    return _("Rattachement manquant : indiquez le matricule du service de l'agent.")


def _bad_level(value: str) -> str:
    return _(
        "Niveau « %(value)s » inconnu : indiquez « direction », « service » ou « unite » "
        "(vide vaut « service »)."
    ) % {"value": quote(value)}


def _bad_referent(value: str) -> str:
    return _(
        "Valeur « %(value)s » inconnue : indiquez « titulaire » ou « suppléant », ou laissez "
        "la case vide si l'agent n'est pas référent de son service."
    ) % {"value": quote(value)}


def _second_holder(service: str, line: int) -> str:
    return _(
        "Le service %(service)s a déjà un référent titulaire à la ligne %(line)s : un service "
        "n'a qu'un titulaire ; indiquez « suppléant » ou laissez la case vide."
    ) % {"service": quote(service), "line": line}


def _bad_civility(value: str) -> str:
    return _(
        "Civilité « %(value)s » inconnue : indiquez « Mme », « Madame », « M. », « M » ou "
        "« Monsieur », ou laissez la case vide."
    ) % {"value": quote(value)}


def _check_references(parsed: ParsedFile) -> None:
    """Parents and services must be in the file (it is the whole organisation), no cycles."""
    services, errors = parsed.services, parsed.errors
    for row in services.values():
        if row.parent and row.parent not in services:
            errors.add(
                row.line,
                PARENT,
                _(
                    "Aucun service de matricule « %(value)s » dans le fichier : le service "
                    "de rattachement doit figurer dans le même fichier. Ajoutez-le ou "
                    "corrigez le matricule."
                )
                % {"value": quote(row.parent)},
            )
    for row in parsed.agents.values():
        if row.service and row.service not in services:
            errors.add(
                row.line,
                PARENT,
                _(
                    "Aucun service de matricule « %(value)s » dans le fichier : ajoutez une "
                    "ligne de type « service » pour ce service ou corrigez le matricule."
                )
                % {"value": quote(row.service)},
            )
    for cycle in _cycles({hr: row.parent for hr, row in services.items()}):
        path = " → ".join([*cycle, cycle[0]])
        for hr_id in cycle:
            errors.add(
                services[hr_id].line,
                PARENT,
                _(
                    "Rattachement en boucle (%(path)s) : un service ne peut pas dépendre de "
                    "lui-même, corrigez le rattachement de l'un de ces services."
                )
                % {"path": quote(path)},
            )


def _cycles(parents: dict[str, str]) -> list[list[str]]:
    """Each cycle of the parent relation once, in walking order."""
    done: set[str] = set()
    cycles: list[list[str]] = []
    for start in parents:
        path: list[str] = []
        position: dict[str, int] = {}
        node = start
        while node in parents and node not in done:
            if node in position:
                cycles.append(path[position[node] :])
                break
            position[node] = len(path)
            path.append(node)
            node = parents[node]
        done.update(path)
    return cycles


# The same reading for the other imports of the application (the payments import of
# projects): streamed CSV and XLSX rows with their line numbers, the workbook checks, the
# header and control-character rules, and the error that stops reading a file.
FileError = _FileError
csv_rows = _csv_rows
xlsx_rows = _xlsx_rows
open_binary = _open_binary
normalise_header = _normalise_header
has_control = _has_control
unreadable_xlsx = _unreadable_xlsx
