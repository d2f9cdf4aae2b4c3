"""The HR file: its columns, the records read from it, the results of an import, and the
small text rules shared by reading and export (quoting a cell, neutralising formulas)."""

from __future__ import annotations

import datetime
import heapq
import os
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, NamedTuple

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.core.models import Authority

from ..models import Agent, Civility, Referent, Service

TYPE, HR_ID, PARENT, LABEL, LEVEL = "type", "matricule", "rattachement", "libelle", "niveau"


FIRST_NAME, LAST_NAME, EMAIL, JOB = "prenom", "nom", "courriel", "fonction"


CIVILITY = "civilite"


REFERENT = "referent"


# civilite and referent come last so that files written before them keep their column
# positions.
COLUMNS = (
    TYPE,
    HR_ID,
    PARENT,
    LABEL,
    LEVEL,
    FIRST_NAME,
    LAST_NAME,
    EMAIL,
    JOB,
    CIVILITY,
    REFERENT,
)


# The other columns (niveau, courriel, fonction, civilite, referent) may be left out of the
# file: they are then not managed by it, and the stored values are kept.
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


# What HR software writes, compared in lower case; an empty cell means "not given".
CIVILITIES = {
    "": Civility.NOT_GIVEN.value,
    "mme": Civility.MADAME.value,
    "madame": Civility.MADAME.value,
    "m.": Civility.MONSIEUR.value,
    "m": Civility.MONSIEUR.value,
    "monsieur": Civility.MONSIEUR.value,
}


CIVILITY_NAMES = {Civility.MADAME: "Mme", Civility.MONSIEUR: "M."}


# The agent's référent role in their own service, compared in lower case; empty: none.
REFERENT_KINDS = {
    "": "",
    "titulaire": Referent.Kind.HOLDER.value,
    "suppleant": Referent.Kind.SUBSTITUTE.value,
    "suppléant": Referent.Kind.SUBSTITUTE.value,
}


REFERENT_NAMES = {Referent.Kind.HOLDER: "titulaire", Referent.Kind.SUBSTITUTE: "suppleant"}


FORMATS = ("csv", "xlsx")


MAX_REPORTED_ERRORS = 200


QUOTE_CHARS = 80


# Text that a spreadsheet would run as a formula; the CSV export prefixes it with "'".
FORMULA_STARTS = ("=", "+", "-", "@")


CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


BATCH_SIZE = 2000


PROGRESS_EVERY = 5000


READ_CHUNK = 1 << 20


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
    civility: str | None = None  # None: the column is absent
    referent: str | None = None  # a Referent.Kind, "" for none, None: the column is absent


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


class ReferentChange(NamedTuple):
    """A mandate the import starts or ends, named for the preview."""

    action: str  # "designate" or "end"
    kind: str  # a Referent.Kind
    agent: str  # "Nom Prénom"
    service: str  # the service's name

    @property
    def designated(self) -> bool:
        return self.action == "designate"

    def get_kind_display(self) -> str:
        return str(Referent.Kind(self.kind).label)


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
    # With the referent column only: (agent, service matricules, kind) to designate from the
    # import's day, ids of current mandates to end the day before, both named for the preview.
    referent_designations: list[tuple[str, str, str]] = field(default_factory=list)
    referent_endings: list[int] = field(default_factory=list)
    referent_changes: list[ReferentChange] = field(default_factory=list)

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
    referent_changes: list[ReferentChange] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.error_count == 0

    @property
    def hidden_errors(self) -> int:
        return self.error_count - len(self.errors)


# "1 créé", "2 créés": one message per participle, so that each count agrees with its number.
COUNTED = {
    "created": lambda n: ngettext("%(n)s créé", "%(n)s créés", n) % {"n": n},
    "updated": lambda n: ngettext("%(n)s modifié", "%(n)s modifiés", n) % {"n": n},
    "reactivated": lambda n: ngettext("%(n)s réactivé", "%(n)s réactivés", n) % {"n": n},
    "deactivated": lambda n: ngettext("%(n)s désactivé", "%(n)s désactivés", n) % {"n": n},
    "unchanged": lambda n: ngettext("%(n)s inchangé", "%(n)s inchangés", n) % {"n": n},
}
SUMMARY_PARTS = {
    "services": ("created", "updated", "deactivated", "unchanged"),
    "agents": ("created", "updated", "reactivated", "deactivated", "unchanged"),
}


def summary(counts: ImportCounts) -> str:
    """The counts in one French sentence per table, for messages and command output."""
    values = asdict(counts)
    parts = {
        table: ", ".join(COUNTED[what](values[f"{table}_{what}"]) for what in whats)
        for table, whats in SUMMARY_PARTS.items()
    }
    return _("Services : %(services)s. Agents : %(agents)s.") % parts


def result_of(parsed: ParsedFile, counts: ImportCounts | None, *, dry_run: bool) -> ImportResult:
    return ImportResult(
        filename=parsed.filename,
        rows=parsed.rows,
        counts=counts,
        errors=parsed.errors.shown,
        error_count=parsed.errors.total,
        dry_run=dry_run,
    )


def file_format(filename: str) -> str | None:
    """``csv`` or ``xlsx`` from the file name, None when not supported."""
    suffix = Path(filename).suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


def quote(value: str) -> str:
    """At most QUOTE_CHARS characters of a cell, for a message: a cell may be megabytes long."""
    value = CONTROL_CHARS.sub("\N{REPLACEMENT CHARACTER}", value)
    return value if len(value) <= QUOTE_CHARS else value[: QUOTE_CHARS - 1] + "…"


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
