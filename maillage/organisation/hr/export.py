"""The HR export: the same format as the import, so export → import changes nothing."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell

from maillage.core.models import Authority

from ..models import Agent, Referent, Service
from .format import (
    BATCH_SIZE,
    CIVILITY_NAMES,
    COLUMNS,
    FORMATS,
    LEVEL_NAMES,
    REFERENT_NAMES,
    TYPE_AGENT,
    TYPE_SERVICE,
    Source,
    neutralise,
)


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
        level = LEVEL_NAMES.get(kind, kind)
        yield [TYPE_SERVICE, hr_id, parent_hr, name, level, "", "", "", "", "", ""]

    service_hr = {pk: values[0] for pk, values in all_services.items()}
    # The column says an agent's role in their own service, the only one the import manages.
    roles = {
        (agent_id, service_id): kind
        for agent_id, service_id, kind in Referent.objects.current()
        .filter(authority=authority)
        .order_by("-kind")  # the holder's row last, so it wins over a substitute's
        .values_list("agent_id", "service_id", "kind")
    }
    agents = (
        Agent.objects.filter(authority=authority, active=True)
        .order_by("hr_id")
        .values_list(
            "pk",
            "hr_id",
            "first_name",
            "last_name",
            "email",
            "job_title",
            "service_id",
            "civility",
        )
        .iterator(chunk_size=BATCH_SIZE)
    )
    for pk, hr_id, first_name, last_name, email, job_title, service_id, civility in agents:
        service = service_hr.get(service_id, "")
        role = roles.get((pk, service_id))
        yield [
            TYPE_AGENT,
            hr_id,
            service,
            "",
            "",
            first_name,
            last_name,
            email,
            job_title,
            CIVILITY_NAMES.get(civility, ""),
            REFERENT_NAMES.get(role, "") if role else "",
        ]


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
