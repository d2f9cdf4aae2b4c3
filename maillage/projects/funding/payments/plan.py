"""The dry run of a payments import: which project each mandat goes to, which mandats are
already recorded, what is wrong. Reads the database, writes nothing.

A row's project, in this order:

1. the ``code_analytique`` cell, when the file has that column and the cell is filled: the
   project of the authority with that analytic code (an unknown code is an error);
2. otherwise a project's analytic code found in the row's ``objet`` or ``imputation`` as a
   word of its own, or a part of a word cut at « - », « _ », « . » or « / » ("Subvention
   COOP-SN-01 2025", "2025/COOP-SN-01"); two different codes found leave the row to assign;
3. otherwise the row is "à affecter": the user chooses its project in the dry-run page, or
   excludes it.

A mandat is known by its number and the year of its date (finance software numbers mandats
afresh each budget year). One already recorded for the authority with the same amount is
left alone; with another amount it is an error: nothing is overwritten.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from maillage.core.models import Authority
from maillage.organisation.hr.format import quote

from ...models import Payment, Project
from .format import (
    AMBIGUOUS,
    AMOUNT,
    ANALYTIC_CODE,
    BY_CHOICE,
    BY_COLUMN,
    BY_TEXT,
    EXCLUDE,
    EXCLUDED,
    PROJECT,
    UNASSIGNED,
    ImportCounts,
    ImportPlan,
    ParsedFile,
    PlannedRow,
)

_WORD = re.compile(r"[A-Z0-9]+(?:[-_./][A-Z0-9]+)*")
_SEPARATOR = re.compile(r"([-_./])")

# line -> a project's pk, or EXCLUDE
Assignments = dict[int, int | str]


def euros(amount: Decimal) -> str:
    return number_format(amount, 2, force_grouping=True)


def _projects_named(text: str, by_code: dict[str, int]) -> set[int]:
    """The projects whose analytic code is a word of ``text`` or a part of a word cut at
    separators (only words with a separator are cut: most words of an object have none)."""
    found: set[int] = set()
    for word in _WORD.findall(text.upper()):
        pk = by_code.get(word)
        if pk is not None:
            found.add(pk)
        pieces = _SEPARATOR.split(word)
        if len(pieces) == 1:
            continue
        parts = len(pieces) // 2 + 1
        for start in range(parts):
            for end in range(start + 1, parts + 1):
                pk = by_code.get("".join(pieces[2 * start : 2 * end - 1]))
                if pk is not None:
                    found.add(pk)
    return found


def plan_import(
    authority: Authority,
    parsed: ParsedFile,
    *,
    assignments: Assignments | None = None,
    exclude_rest: bool = False,
    for_apply: bool = False,
) -> ImportPlan:
    """Propose a project for each row; with ``for_apply``, a row still to assign is an error."""
    assignments = assignments or {}
    errors = parsed.errors
    projects = list(
        Project.objects.filter(authority=authority)
        .order_by("analytic_code", "title")
        .values_list("pk", "title", "analytic_code")
    )
    titles = {pk: title for pk, title, _code in projects}
    by_code = {code.upper(): pk for pk, _title, code in projects if code}
    # Projects with a code first, in code order, then the others by title.
    choices = [(pk, f"{code} — {title}") for pk, title, code in projects if code]
    choices += [(pk, title) for pk, title, code in projects if not code]
    existing = {
        (date.year, reference): (amount, project_id)
        for date, reference, amount, project_id in Payment.objects.filter(
            commitment__project__authority=authority
        ).values_list("date", "reference", "amount", "commitment__project_id")
    }
    counts = ImportCounts(rows=parsed.row_count)
    planned: list[PlannedRow] = []
    touched: set[int] = set()
    for row in parsed.rows:
        known = existing.get((row.date.year, row.number))
        if known is not None:
            amount, project_id = known
            if amount != row.amount:
                errors.add(row.line, AMOUNT, _conflict(row.number, row.date.year, amount, row))
                continue
            counts.already += 1
            planned.append(PlannedRow(row, project_id, BY_COLUMN, True))
            continue
        how = UNASSIGNED
        project_id: int | None = None
        if row.code:
            project_id = by_code.get(row.code)
            if project_id is None:
                errors.add(row.line, ANALYTIC_CODE, _unknown_code(row.code))
                continue
            how = BY_COLUMN
        elif by_code:
            found = _projects_named(f"{row.object} {row.imputation}", by_code)
            if len(found) == 1:
                project_id, how = found.pop(), BY_TEXT
            elif found:
                how = AMBIGUOUS
        if project_id is None:
            choice = assignments.get(row.line)
            if choice == EXCLUDE or (choice is None and exclude_rest):
                how = EXCLUDED
            elif isinstance(choice, int):
                if choice not in titles:
                    errors.add(row.line, PROJECT, _not_ours())
                    continue
                project_id, how = choice, BY_CHOICE
            elif for_apply:
                errors.add(row.line, PROJECT, _to_assign())
        if how == EXCLUDED:
            counts.excluded += 1
        elif project_id is None:
            counts.to_assign += 1
        else:
            counts.created += 1
            counts.amount += row.amount
            touched.add(project_id)
        planned.append(PlannedRow(row, project_id, how, False))
    counts.projects = len(touched)
    return ImportPlan(parsed=parsed, rows=planned, counts=counts, projects=choices, titles=titles)


def _conflict(number: str, year: int, recorded: Decimal, row) -> str:
    return _(
        "Le mandat n° %(number)s de %(year)s est déjà enregistré pour %(recorded)s €, le "
        "fichier indique %(amount)s € : rien n'est remplacé. Corrigez le paiement sur la fiche "
        "du projet, ou la ligne du fichier."
    ) % {
        "number": quote(number),
        "year": year,
        "recorded": euros(recorded),
        "amount": euros(row.amount),
    }


def _unknown_code(code: str) -> str:
    return _(
        "Code analytique « %(code)s » inconnu : aucun projet de la collectivité ne le porte. "
        "Saisissez-le sur la fiche du projet (« Modifier »), ou corrigez la cellule."
    ) % {"code": quote(code)}


def _not_ours() -> str:
    return _("Ce projet n'est pas un projet de la collectivité : choisissez-en un dans la liste.")


def _to_assign() -> str:
    return _(
        "Aucun projet trouvé pour ce mandat : choisissez son projet dans la liste, ou "
        "« Exclure cette ligne »."
    )
