"""HR import and export: the authority's services and agents from one CSV or XLSX table.

The file is the whole organisation, keyed by the stable HR id (``matricule``) of each service
and agent. Import is all-or-nothing: :func:`parse_hr_file` reads and validates every row,
:func:`plan_import` compares the file with the database (nothing written: this is the dry
run), :func:`apply_import` writes the plan in bulk. Services and agents missing from the file
are deactivated, never deleted: what the apps above keep about an agent (the international
profile) is erased only by their scheduled commands, ``HR_DEPARTURE_GRACE_DAYS`` after the
deactivation, and an agent listed again before then gets everything back. :func:`export_hr`
writes the same format, so export → import changes nothing.

Untrusted input: an XLSX file is checked by :func:`check_xlsx` before openpyxl opens it
(uncompressed sizes, rows, columns, longest text), lines and cells are capped, control
characters are refused, and messages quote at most ``QUOTE_CHARS`` characters of a cell.

Sized for large authorities (hundreds of thousands of rows): rows are streamed, kept as small
tuples, compared with the database in one pass per table and written in batches.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import heapq
import io
import os
import re
import sys
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import batched
from pathlib import Path
from typing import IO, Any, NamedTuple

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils.exceptions import InvalidFileException

from maillage.core.audit import record
from maillage.core.models import Authority, User

from .models import Agent, Service
from .signals import departure_preview

# --- File format ---------------------------------------------------------------------------

TYPE, HR_ID, PARENT, LABEL, LEVEL = "type", "matricule", "rattachement", "libelle", "niveau"
FIRST_NAME, LAST_NAME, EMAIL, JOB = "prenom", "nom", "courriel", "fonction"
COLUMNS = (TYPE, HR_ID, PARENT, LABEL, LEVEL, FIRST_NAME, LAST_NAME, EMAIL, JOB)
# The other columns (niveau, courriel, fonction) may be left out of the file: they are then
# not managed by it, and the stored values are kept.
REQUIRED_COLUMNS = (TYPE, HR_ID, PARENT, LABEL, FIRST_NAME, LAST_NAME)

TYPE_SERVICE, TYPE_AGENT = "service", "agent"
LEVELS = {
    "direction": Service.Kind.DIRECTORATE,
    "service": Service.Kind.SERVICE,
    "unite": Service.Kind.UNIT,
    "unité": Service.Kind.UNIT,
}
LEVEL_NAMES = {
    Service.Kind.DIRECTORATE: "direction",
    Service.Kind.SERVICE: "service",
    Service.Kind.UNIT: "unite",
}
FORMATS = ("csv", "xlsx")

MAX_REPORTED_ERRORS = 200
QUOTE_CHARS = 80
# Text that a spreadsheet would run as a formula; the CSV export prefixes it with "'".
FORMULA_STARTS = ("=", "+", "-", "@")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
BATCH_SIZE = 2000
PROGRESS_EVERY = 5000
_READ_CHUNK = 1 << 20


def _max_length(model: type[models.Model], name: str) -> int:
    return model._meta.get_field(name).max_length


MAX_HR_ID = _max_length(Service, "hr_id")
MAX_SERVICE_NAME = _max_length(Service, "name")
MAX_FIRST_NAME = _max_length(Agent, "first_name")
MAX_LAST_NAME = _max_length(Agent, "last_name")
MAX_EMAIL = _max_length(Agent, "email")
MAX_JOB = _max_length(Agent, "job_title")

# progress(stage label, rows done, total rows or None when unknown)
ProgressCallback = Callable[[str, int, int | None], None]
Source = str | os.PathLike[str] | IO[bytes]


# --- Results -------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class RowError:
    """One problem of the file: line as a spreadsheet counts it (header = 1), column, reason."""

    line: int
    column: str
    message: str


class ErrorLog:
    """Counts every error but keeps only the ``limit`` first lines, so memory stays bounded."""

    def __init__(self, limit: int = MAX_REPORTED_ERRORS) -> None:
        self.limit = limit
        self.total = 0
        self._heap: list[tuple[int, int, RowError]] = []  # max-heap on (line, order)

    def add(self, line: int, column: str, message: str) -> None:
        self.total += 1
        item = (-line, -self.total, RowError(line, column, message))
        if len(self._heap) < self.limit:
            heapq.heappush(self._heap, item)
        elif item > self._heap[0]:
            heapq.heapreplace(self._heap, item)

    def __bool__(self) -> bool:
        return self.total > 0

    @property
    def shown(self) -> list[RowError]:
        return [error for _line, _order, error in sorted(self._heap, reverse=True)]


class ServiceRow(NamedTuple):
    line: int
    name: str
    kind: str | None  # None: the ``niveau`` column is absent
    parent: str  # the parent's matricule, "" for a top-level service


class AgentRow(NamedTuple):
    line: int
    first_name: str
    last_name: str
    email: str | None  # None: the column is absent
    job_title: str | None
    service: str  # the service's matricule


@dataclass
class ParsedFile:
    """The rows of a file, validated on their own and against each other."""

    filename: str
    services: dict[str, ServiceRow] = field(default_factory=dict)
    agents: dict[str, AgentRow] = field(default_factory=dict)
    columns: frozenset[str] = frozenset()
    rows: int = 0
    errors: ErrorLog = field(default_factory=ErrorLog)
    fatal: bool = False  # a file-level error: the rows could not be read


@dataclass
class ImportCounts:
    services_created: int = 0
    services_updated: int = 0
    services_deactivated: int = 0
    services_unchanged: int = 0
    agents_created: int = 0
    agents_updated: int = 0
    agents_deactivated: int = 0
    agents_reactivated: int = 0
    agents_unchanged: int = 0

    @property
    def changes(self) -> int:
        return (
            self.services_created
            + self.services_updated
            + self.services_deactivated
            + self.agents_created
            + self.agents_updated
            + self.agents_deactivated
            + self.agents_reactivated
        )


@dataclass
class ImportPlan:
    """What an import would change. Computing it writes nothing: it is the dry run."""

    parsed: ParsedFile
    counts: ImportCounts
    service_writes: list[str]  # matricules to create or update
    service_parents: dict[str, int | None]  # current parent id of the existing services written
    service_deactivations: list[int]
    agent_writes: list[str]
    agent_deactivations: list[int]
    active_agents: int = 0  # before the import

    @property
    def confirmation_required(self) -> bool:
        """Whether the import deactivates more than the allowed share of active agents."""
        share = settings.HR_IMPORT_CONFIRM_DEACTIVATION_PERCENT
        return len(self.agent_deactivations) * 100 > share * self.active_agents


@dataclass
class Departure:
    """What deactivating agents will lead to: erasures after the grace period, unless they
    come back. ``erased`` holds (label, count) pairs given by the apps that erase."""

    agents: int
    active_agents: int
    erase_on: datetime.date
    erased: list[tuple[str, int]]
    confirmation_required: bool

    @property
    def percent(self) -> int:
        return round(100 * self.agents / self.active_agents) if self.active_agents else 0


@dataclass
class ImportResult:
    filename: str
    rows: int
    counts: ImportCounts | None  # None when the file could not be read at all
    errors: list[RowError]
    error_count: int
    dry_run: bool
    applied: bool = False
    departure: Departure | None = None
    # The import was refused because the large deactivation was not confirmed with its number.
    confirmation_missing: bool = False

    @property
    def valid(self) -> bool:
        return self.error_count == 0

    @property
    def hidden_errors(self) -> int:
        return self.error_count - len(self.errors)


def summary(counts: ImportCounts) -> str:
    """The counts in one French sentence per table, for messages and command output."""
    return _(
        "Services : %(services_created)s créés, %(services_updated)s modifiés, "
        "%(services_deactivated)s désactivés, %(services_unchanged)s inchangés. "
        "Agents : %(agents_created)s créés, %(agents_updated)s modifiés, "
        "%(agents_reactivated)s réactivés, %(agents_deactivated)s désactivés, "
        "%(agents_unchanged)s inchangés."
    ) % asdict(counts)


def _result(parsed: ParsedFile, counts: ImportCounts | None, *, dry_run: bool) -> ImportResult:
    return ImportResult(
        filename=parsed.filename,
        rows=parsed.rows,
        counts=counts,
        errors=parsed.errors.shown,
        error_count=parsed.errors.total,
        dry_run=dry_run,
    )


# --- Reading -------------------------------------------------------------------------------


class _FileError(Exception):
    """A problem that stops reading the file (one or several file-level errors)."""

    def __init__(self, *errors: RowError) -> None:
        super().__init__(*(e.message for e in errors))
        self.errors = errors


def file_format(filename: str) -> str | None:
    """``csv`` or ``xlsx`` from the file name, None when not supported."""
    suffix = Path(filename).suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


def _normalise_header(value: str) -> str:
    # HR files write "Libellé", "Prénom ", "MATRICULE": compare without case, accents or spaces.
    decomposed = unicodedata.normalize("NFKD", value.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace(" ", "")


def quote(value: str) -> str:
    """At most QUOTE_CHARS characters of a cell, for a message: a cell may be megabytes long."""
    value = _CONTROL.sub("\N{REPLACEMENT CHARACTER}", value)
    return value if len(value) <= QUOTE_CHARS else value[: QUOTE_CHARS - 1] + "…"


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
    while block := stream.read(_READ_CHUNK):
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
    while block := stream.read(_READ_CHUNK):
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
        while block := part.read(_READ_CHUNK):
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
        if _CONTROL.search(joined) and _has_control(errors, line, cells, mapped):
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
            if hr_id and hr_id not in agents:
                agents[hr_id] = AgentRow(line, first_name, last_name, email, job, intern(service))
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
        match = _CONTROL.search(cells[position])
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


def neutralise(value: str) -> str:
    """Text a spreadsheet would run as a formula, prefixed with "'" (and "'" itself, so that
    :func:`unneutralise` gives back exactly what was exported)."""
    if value.startswith(FORMULA_STARTS) or value.startswith("'"):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    if value[:1] == "'" and value[1:2] and value[1] in "=+-@'":
        return value[1:]
    return value


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


# --- Planning (the dry run) ----------------------------------------------------------------


def plan_import(authority: Authority, parsed: ParsedFile) -> ImportPlan:
    """Compare a parsed file with the authority's organisation; reads only."""
    counts = ImportCounts()
    manage_level = LEVEL in parsed.columns
    manage_email, manage_job = EMAIL in parsed.columns, JOB in parsed.columns

    existing_services = {
        hr_id: (pk, name, kind, parent_id, active)
        for hr_id, pk, name, kind, parent_id, active in Service.objects.filter(
            authority=authority
        ).values_list("hr_id", "pk", "name", "kind", "parent_id", "active")
    }
    service_hr = {values[0]: hr_id for hr_id, values in existing_services.items()}
    service_writes: list[str] = []
    service_parents: dict[str, int | None] = {}
    for hr_id, row in parsed.services.items():
        current = existing_services.get(hr_id)
        if current is None:
            counts.services_created += 1
            service_writes.append(hr_id)
            continue
        _pk, name, kind, parent_id, active = current
        changed = (
            not active
            or name != row.name
            or (manage_level and kind != row.kind)
            or service_hr.get(parent_id, "") != row.parent
        )
        if changed:
            counts.services_updated += 1
            service_writes.append(hr_id)
            service_parents[hr_id] = parent_id
        else:
            counts.services_unchanged += 1
    service_deactivations = [
        values[0]
        for hr_id, values in existing_services.items()
        if values[4] and hr_id not in parsed.services
    ]
    counts.services_deactivated = len(service_deactivations)

    agents = parsed.agents
    matched: set[str] = set()
    agent_writes: list[str] = []
    agent_deactivations: list[int] = []
    existing_agents = (
        Agent.objects.filter(authority=authority)
        .values_list(
            "pk", "hr_id", "first_name", "last_name", "email", "job_title", "service_id", "active"
        )
        .iterator(chunk_size=BATCH_SIZE)
    )
    active_agents = 0
    for pk, hr_id, first_name, last_name, email, job_title, service_id, active in existing_agents:
        active_agents += active
        row = agents.get(hr_id)
        if row is None:
            if active:
                agent_deactivations.append(pk)
            continue
        matched.add(hr_id)
        if not active:
            counts.agents_reactivated += 1
            agent_writes.append(hr_id)
        elif (
            first_name == row.first_name
            and last_name == row.last_name
            and (not manage_email or email == row.email)
            and (not manage_job or job_title == row.job_title)
            and service_hr.get(service_id) == row.service
        ):
            counts.agents_unchanged += 1
        else:
            counts.agents_updated += 1
            agent_writes.append(hr_id)
    created = [hr_id for hr_id in agents if hr_id not in matched]
    counts.agents_created = len(created)
    counts.agents_deactivated = len(agent_deactivations)
    return ImportPlan(
        parsed=parsed,
        counts=counts,
        service_writes=service_writes,
        service_parents=service_parents,
        service_deactivations=service_deactivations,
        agent_writes=created + agent_writes,
        agent_deactivations=agent_deactivations,
        active_agents=active_agents,
    )


def departure(authority: Authority, plan: ImportPlan) -> Departure | None:
    """What the plan's deactivations will erase, and when (asks the apps above, read only)."""
    if not plan.agent_deactivations:
        return None
    totals: dict[str, int] = {}
    for batch in batched(plan.agent_deactivations, BATCH_SIZE):
        for _receiver, answer in departure_preview.send(
            sender=Agent, authority=authority, agent_ids=list(batch)
        ):
            for label, count in answer or ():
                totals[label] = totals.get(label, 0) + count
    return Departure(
        agents=len(plan.agent_deactivations),
        active_agents=plan.active_agents,
        erase_on=erase_date(timezone.now()),
        erased=[(label, count) for label, count in totals.items() if count],
        confirmation_required=plan.confirmation_required,
    )


def erase_date(deactivated_at: datetime.datetime) -> datetime.date:
    """The day from which the data of an agent deactivated at that time may be erased."""
    grace = datetime.timedelta(days=settings.HR_DEPARTURE_GRACE_DAYS)
    return timezone.localdate(deactivated_at + grace)


def departure_sentence(dep: Departure) -> str:
    """The consequence of the deactivations in one French sentence, for pages and commands."""
    if dep.erased:
        what = ", ".join(f"{count} {label}" for label, count in dep.erased)
        return _(
            "%(agents)s agents seront désactivés ; leurs données (%(what)s) seront effacées "
            "le %(date)s s'ils ne figurent pas de nouveau dans un import d'ici là. Un agent "
            "qui revient avant cette date retrouve tout."
        ) % {"agents": dep.agents, "what": what, "date": formats.date_format(dep.erase_on)}
    return _(
        "%(agents)s agents seront désactivés ; aucune donnée n'est effacée tant qu'ils ne "
        "sont pas partis depuis %(days)s jours, et un agent qui revient retrouve tout."
    ) % {"agents": dep.agents, "days": settings.HR_DEPARTURE_GRACE_DAYS}


# --- Writing -------------------------------------------------------------------------------


def apply_import(
    authority: Authority,
    plan: ImportPlan,
    user: User | None = None,
    *,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Write a valid plan in one transaction and record one audit event."""
    parsed = plan.parsed
    if parsed.errors:
        raise ValueError("An HR file with errors cannot be applied.")
    columns = parsed.columns
    stage = _("Écriture")
    total = len(plan.service_writes) + len(plan.agent_writes)
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(stage, done, total)

    with transaction.atomic():
        services = parsed.services
        authority_id = authority.pk
        # Pass 1: the services themselves; new ones get their parent in pass 2, once every
        # service of the file has an id.
        service_fields = ["name", "active", *(["kind"] if LEVEL in columns else [])]
        for batch in batched(plan.service_writes, BATCH_SIZE):
            rows = [_service_values(authority_id, h, services[h], None) for h in batch]
            _upsert(Service, SERVICE_COLUMNS, rows, service_fields)
            advance(len(batch))
        service_ids = dict(Service.objects.filter(authority=authority).values_list("hr_id", "pk"))
        moved = [
            hr_id
            for hr_id in plan.service_writes
            if (service_ids[services[hr_id].parent] if services[hr_id].parent else None)
            != plan.service_parents.get(hr_id)
        ]
        for batch in batched(moved, BATCH_SIZE):
            rows = [_service_values(authority_id, h, services[h], service_ids) for h in batch]
            _upsert(Service, SERVICE_COLUMNS, rows, ["parent_id"])
        for batch in batched(plan.service_deactivations, BATCH_SIZE):
            Service.objects.filter(pk__in=batch).update(active=False)

        agents = parsed.agents
        agent_fields = ["first_name", "last_name", "service_id", "active", "deactivated_at"]
        agent_fields += [
            name for column, name in ((EMAIL, "email"), (JOB, "job_title")) if column in columns
        ]
        for batch in batched(plan.agent_writes, BATCH_SIZE):
            rows = [_agent_values(authority_id, h, agents[h], service_ids) for h in batch]
            _upsert(Agent, AGENT_COLUMNS, rows, agent_fields)
            advance(len(batch))
        # Deactivation erases nothing: erase_departed_profiles does, after the grace period.
        now = timezone.now()
        for batch in batched(plan.agent_deactivations, BATCH_SIZE):
            Agent.objects.filter(pk__in=batch).update(active=False, deactivated_at=now)

        record(
            authority=authority,
            user=user,
            action="import",
            object_type="organisation.hr_import",
            changes={"file": parsed.filename, "rows": parsed.rows, **asdict(plan.counts)},
        )
    result = _result(parsed, plan.counts, dry_run=False)
    result.applied = True
    return result


SERVICE_COLUMNS = ("authority_id", "hr_id", "name", "kind", "parent_id", "active")
AGENT_COLUMNS = (
    "authority_id",
    "hr_id",
    "first_name",
    "last_name",
    "email",
    "job_title",
    "service_id",
    "active",
    "deactivated_at",
)


def _service_values(
    authority_id: int, hr_id: str, row: ServiceRow, ids: dict[str, int] | None
) -> tuple[Any, ...]:
    parent_id = ids[row.parent] if ids is not None and row.parent else None
    return (authority_id, hr_id, row.name, row.kind or Service.Kind.SERVICE, parent_id, True)


def _agent_values(
    authority_id: int, hr_id: str, row: AgentRow, service_ids: dict[str, int]
) -> tuple[Any, ...]:
    return (
        authority_id,
        hr_id,
        row.first_name,
        row.last_name,
        row.email or "",
        row.job_title or "",
        service_ids[row.service],
        True,
        None,
    )


def _upsert(
    model: type[models.Model],
    fields: tuple[str, ...],
    rows: list[tuple[Any, ...]],
    update_fields: list[str],
) -> None:
    """Insert ``rows``, or update ``update_fields`` where the matricule already exists.

    One ``INSERT … ON CONFLICT (authority, hr_id) DO UPDATE`` run with executemany, the same SQL
    on SQLite and PostgreSQL. bulk_create(update_conflicts=True) does the same but compiles
    every value in Python, which made it the bottleneck of large imports (about 4× slower).
    Columns the import does not set get their model default, so a new field with a default
    needs no change here; fields absent from ``update_fields`` keep their stored value.
    """
    sql, defaults = _upsert_sql(model, fields, tuple(update_fields))
    with connection.cursor() as cursor:
        cursor.executemany(sql, [row + defaults for row in rows] if defaults else rows)


def _upsert_sql(
    model: type[models.Model], fields: tuple[str, ...], update_fields: tuple[str, ...]
) -> tuple[str, tuple[Any, ...]]:
    meta, quote = model._meta, connection.ops.quote_name
    template = model()
    others = [f for f in meta.concrete_fields if not f.primary_key and f.attname not in fields]
    defaults = tuple(f.get_db_prep_save(f.pre_save(template, add=True), connection) for f in others)
    columns = [meta.get_field(name).column for name in fields] + [f.column for f in others]
    key = ", ".join(quote(meta.get_field(name).column) for name in ("authority", "hr_id"))
    updates = ", ".join(
        f"{quote(column)} = EXCLUDED.{quote(column)}"
        for column in (meta.get_field(name).column for name in update_fields)
    )
    # Only quoted identifiers from the model's metadata go into the text; values are parameters.
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(map(quote, columns))}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({key}) DO UPDATE SET {updates}"
    )
    return sql, defaults


def import_hr(
    authority: Authority,
    source: Source,
    filename: str | None = None,
    *,
    dry_run: bool,
    user: User | None = None,
    progress: ProgressCallback | None = None,
    confirmed_deactivations: int | None = None,
) -> ImportResult:
    """Parse, validate and (unless ``dry_run`` or invalid) apply an HR file, all-or-nothing.

    An import that deactivates more than HR_IMPORT_CONFIRM_DEACTIVATION_PERCENT of the active
    agents is applied only when ``confirmed_deactivations`` states that very number.
    """
    parsed = parse_hr_file(source, filename, progress=progress)
    if parsed.fatal:
        return _result(parsed, None, dry_run=dry_run)
    if dry_run or parsed.errors:
        plan = plan_import(authority, parsed)
        result = _result(parsed, plan.counts, dry_run=dry_run)
        result.departure = departure(authority, plan)
        return result
    with transaction.atomic():
        # Lock the authority so two imports of the same organisation run one after the other.
        Authority.objects.select_for_update().get(pk=authority.pk)
        plan = plan_import(authority, parsed)
        if plan.confirmation_required and confirmed_deactivations != len(plan.agent_deactivations):
            result = _result(parsed, plan.counts, dry_run=False)
            result.departure = departure(authority, plan)
            result.confirmation_missing = True
            return result
        result = apply_import(authority, plan, user, progress=progress)
        result.departure = departure(authority, plan)
        return result


# --- Export --------------------------------------------------------------------------------


def export_rows(authority: Authority) -> Iterator[list[str]]:
    """The header, then active services parents first, then active agents by matricule."""
    yield list(COLUMNS)
    all_services = {
        pk: (hr_id, name, kind, parent_id, active)
        for pk, hr_id, name, kind, parent_id, active in Service.objects.filter(
            authority=authority
        ).values_list("pk", "hr_id", "name", "kind", "parent_id", "active")
    }
    active = {pk: values for pk, values in all_services.items() if values[4]}
    children: dict[int | None, list[int]] = {}
    for pk, (_hr, _name, _kind, parent_id, _active) in active.items():
        # A service under an inactive parent is listed at the top so it is still exported;
        # its rattachement names the inactive parent, which the import will point out.
        children.setdefault(parent_id if parent_id in active else None, []).append(pk)
    for siblings in children.values():
        siblings.sort(key=lambda pk: (active[pk][1], active[pk][0]))
    order: list[int] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        pk = stack.pop()
        order.append(pk)
        stack.extend(reversed(children.get(pk, [])))
    if len(order) < len(active):
        # A parent loop made by hand in the database is unreachable from the top: list it
        # anyway, so that importing the export points at the loop instead of dropping it.
        reached = set(order)
        order += sorted((pk for pk in active if pk not in reached), key=lambda pk: active[pk][0])
    for pk in order:
        hr_id, name, kind, parent_id, _active = active[pk]
        parent_hr = all_services[parent_id][0] if parent_id else ""
        yield [TYPE_SERVICE, hr_id, parent_hr, name, LEVEL_NAMES.get(kind, kind), "", "", "", ""]

    service_hr = {pk: values[0] for pk, values in all_services.items()}
    agents = (
        Agent.objects.filter(authority=authority, active=True)
        .order_by("hr_id")
        .values_list("hr_id", "first_name", "last_name", "email", "job_title", "service_id")
        .iterator(chunk_size=BATCH_SIZE)
    )
    for hr_id, first_name, last_name, email, job_title, service_id in agents:
        service = service_hr.get(service_id, "")
        yield [TYPE_AGENT, hr_id, service, "", "", first_name, last_name, email, job_title]


def export_hr(authority: Authority, destination: Source, fmt: str) -> int:
    """Write the authority's organisation as CSV or XLSX; returns the number of data rows."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown HR export format: {fmt!r}")
    rows = export_rows(authority)
    if fmt == "csv":
        return _write_csv(rows, destination)
    return _write_xlsx(rows, destination)


def _write_csv(rows: Iterable[list[str]], destination: Source) -> int:
    # UTF-8 with a BOM and ";": what Excel in French opens correctly as "CSV UTF-8".
    count = -1
    own_file = not hasattr(destination, "write")
    binary = open(destination, "wb") if own_file else destination  # noqa: SIM115
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
    try:
        writer = csv.writer(text, delimiter=";")
        for count, row in enumerate(rows):  # noqa: B007
            writer.writerow([neutralise(value) for value in row])
        text.flush()
    finally:
        text.detach()  # the wrapper must not close the caller's stream
        if own_file:
            binary.close()
    return count


def _write_xlsx(rows: Iterable[list[str]], destination: Source) -> int:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Organisation"))
    count = -1
    for count, row in enumerate(rows):  # noqa: B007
        sheet.append([_xlsx_text(sheet, value) for value in row])
    workbook.save(destination)
    return count


def _xlsx_text(sheet: Any, value: str) -> str | WriteOnlyCell:
    if not value.startswith("="):
        return value
    # openpyxl would store "=…" as a formula: keep it as the text it is.
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def find_authority(siren: str | None) -> Authority:
    """The authority of a command: by SIREN, or the only one. Raises LookupError otherwise."""
    if siren:
        try:
            return Authority.objects.get(siren=siren.replace(" ", ""))
        except Authority.DoesNotExist:
            raise LookupError(
                _("Aucune collectivité n'a le SIREN %(siren)s.") % {"siren": siren}
            ) from None
    authorities = list(Authority.objects.order_by("siren")[:2])
    if len(authorities) == 1:
        return authorities[0]
    if not authorities:
        raise LookupError(_("Aucune collectivité n'existe : créez-la d'abord."))
    raise LookupError(
        _("Plusieurs collectivités existent : précisez laquelle avec --authority SIREN.")
    )
