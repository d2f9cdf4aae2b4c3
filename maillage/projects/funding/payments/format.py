"""The finance software's payments file: its columns, the rows read from it, the plan of an
import and its result.

One row per mandat: ``date``, ``numero_mandat`` (or ``mandat``), ``montant``, and optionally
``imputation`` (M57 nature and function, "65748-048"), ``objet``, ``beneficiaire``,
``code_analytique`` and ``bordereau``. Headers are compared without case, accents, spaces,
underscores or "°", and the usual names of finance software exports are accepted
(``N° mandat``, ``Numéro de mandat``, ``Libellé``, ``Tiers``…).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from maillage.organisation.hr.format import ErrorLog, RowError

from ...models import Commitment, Payment

DATE, NUMBER, AMOUNT = "date", "numero_mandat", "montant"
IMPUTATION, OBJECT, BENEFICIARY = "imputation", "objet", "beneficiaire"
ANALYTIC_CODE, BORDEREAU = "code_analytique", "bordereau"
# The column of the dry-run form where a row's project is chosen.
PROJECT = "projet"

COLUMNS = (DATE, NUMBER, AMOUNT, IMPUTATION, OBJECT, BENEFICIARY, ANALYTIC_CODE, BORDEREAU)
REQUIRED_COLUMNS = (DATE, NUMBER, AMOUNT)

# Normalised header (see read._header_key) -> column.
HEADERS = {
    "date": DATE,
    "datemandat": DATE,
    "datedemandat": DATE,
    "dateemission": DATE,
    "datedemission": DATE,
    "numeromandat": NUMBER,
    "numerodemandat": NUMBER,
    "numeromandats": NUMBER,
    "nmandat": NUMBER,
    "nomandat": NUMBER,
    "mandat": NUMBER,
    "montant": AMOUNT,
    "montantttc": AMOUNT,
    "montantmandat": AMOUNT,
    "montantdumandat": AMOUNT,
    "imputation": IMPUTATION,
    "imputationbudgetaire": IMPUTATION,
    "objet": OBJECT,
    "objetdumandat": OBJECT,
    "objetmandat": OBJECT,
    "libelle": OBJECT,
    "beneficiaire": BENEFICIARY,
    "tiers": BENEFICIARY,
    "nomdutiers": BENEFICIARY,
    "codeanalytique": ANALYTIC_CODE,
    "analytique": ANALYTIC_CODE,
    "codeprojet": ANALYTIC_CODE,
    "bordereau": BORDEREAU,
    "numerobordereau": BORDEREAU,
    "numerodebordereau": BORDEREAU,
    "nbordereau": BORDEREAU,
}

MAX_NUMBER = Payment._meta.get_field("reference").max_length
MAX_NOTE = Payment._meta.get_field("note").max_length
MAX_BENEFICIARY = Commitment._meta.get_field("beneficiary_name").max_length
MAX_LABEL = Commitment._meta.get_field("label").max_length
MAX_NATURE = Commitment._meta.get_field("m57_nature").max_length
# 14 digits, 2 of them decimals (``models.MONEY``).
MAX_AMOUNT = Decimal("999999999999.99")

# How many rows the dry-run page lists, and how many rows to assign it offers a select for.
SHOWN_ROWS = 200
MAX_ASSIGNABLE = 300

BATCH_SIZE = 2000

# Why a row has (or has no) project.
BY_COLUMN, BY_TEXT, BY_CHOICE = "column", "text", "choice"
UNASSIGNED, AMBIGUOUS, EXCLUDED = "unassigned", "ambiguous", "excluded"
EXCLUDE = "exclure"


class PaymentRow(NamedTuple):
    line: int
    date: datetime.date
    number: str
    amount: Decimal
    imputation: str
    nature: str  # the M57 account by nature, "" when the imputation has none
    function: str | None  # the code of a known M57 function, or None
    object: str
    beneficiary: str
    code: str  # the analytic code cell, upper case; "" when empty or no such column
    bordereau: str


@dataclass
class ParsedFile:
    filename: str
    rows: list[PaymentRow] = field(default_factory=list)
    errors: ErrorLog = field(default_factory=ErrorLog)
    columns: frozenset[str] = frozenset()
    fatal: bool = False  # the file could not be read as a table at all

    @property
    def row_count(self) -> int:
        return len(self.rows)


class PlannedRow(NamedTuple):
    row: PaymentRow
    project_id: int | None
    how: str  # BY_COLUMN, BY_TEXT, BY_CHOICE, UNASSIGNED, AMBIGUOUS or EXCLUDED
    already: bool  # this mandat is already recorded, with the same amount


@dataclass
class ImportCounts:
    rows: int = 0
    created: int = 0
    already: int = 0
    to_assign: int = 0
    excluded: int = 0
    projects: int = 0
    amount: Decimal = Decimal("0")


@dataclass
class ImportPlan:
    parsed: ParsedFile
    rows: list[PlannedRow]
    counts: ImportCounts
    # Projects offered in the dry-run form: (pk, label), analytic code first.
    projects: list[tuple[int, str]]
    titles: dict[int, str]

    @property
    def unassigned(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.how in (UNASSIGNED, AMBIGUOUS)]


@dataclass
class ImportResult:
    filename: str
    rows: int
    counts: ImportCounts | None
    errors: list[RowError]
    error_count: int
    dry_run: bool
    applied: bool = False
    plan: ImportPlan | None = None

    @property
    def valid(self) -> bool:
        return self.error_count == 0

    @property
    def hidden_errors(self) -> int:
        return self.error_count - len(self.errors)


def result_of(parsed: ParsedFile, plan: ImportPlan | None, *, dry_run: bool) -> ImportResult:
    return ImportResult(
        filename=parsed.filename,
        rows=parsed.row_count,
        counts=plan.counts if plan is not None else None,
        errors=parsed.errors.shown,
        error_count=parsed.errors.total,
        dry_run=dry_run,
        plan=plan,
    )
