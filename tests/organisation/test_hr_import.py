"""The HR import service: parsing, validation, all-or-nothing writes, export round trip."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from maillage.core.models import AuditEvent
from maillage.organisation.hr import format as hr_format
from maillage.organisation.hr.apply import import_hr
from maillage.organisation.hr.export import export_hr
from maillage.organisation.hr.format import COLUMNS
from maillage.organisation.models import Agent, Service
from tests.factories import AgentFactory, ServiceFactory

pytestmark = pytest.mark.django_db

ORG = [
    ["service", "D1", "", "Direction générale des services", "direction", "", "", "", ""],
    ["service", "S1", "D1", "Relations internationales", "service", "", "", "", ""],
    ["service", "U1", "S1", "Unité Europe", "unite", "", "", "", ""],
    ["agent", "A1", "S1", "", "", "Élise", "Martin", "elise.martin@caen.fr", "Chargée de mission"],
    ["agent", "A2", "U1", "", "", "Jérôme", "Durand", "", "Assistant"],
    ["agent", "A3", "D1", "", "", "Anaïs", "Lefèvre", "anais.lefevre@caen.fr", "DGS"],
]


def write_csv(
    path: Path,
    rows: list[list[str]],
    header: list[str] | tuple[str, ...] = COLUMNS,
    delimiter: str = ";",
    encoding: str = "utf-8-sig",
) -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]], header: tuple[str, ...] = COLUMNS) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def snapshot(authority) -> tuple[list[tuple], list[tuple]]:
    """Every column the import may touch, with primary keys: equal means nothing changed."""
    services = Service.objects.filter(authority=authority).order_by("pk")
    agents = Agent.objects.filter(authority=authority).order_by("pk")
    return (
        list(services.values_list("pk", "hr_id", "name", "kind", "parent__hr_id", "active")),
        list(
            agents.values_list(
                "pk",
                "hr_id",
                "first_name",
                "last_name",
                "email",
                "job_title",
                "service__hr_id",
                "active",
            )
        ),
    )


@pytest.fixture(autouse=True)
def _small_organisations(settings):
    # These organisations have a handful of agents: one departure is already a large share.
    # The second confirmation of large deactivations is tested in test_hr_partial_file.py.
    settings.HR_IMPORT_CONFIRM_DEACTIVATION_PERCENT = 100


def run(authority, path: Path, *, dry_run: bool = False):
    return import_hr(authority, by=None, source=path, filename=path.name, dry_run=dry_run)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_creates_the_tree_and_one_audit_event(authority, tmp_path, fmt):
    writer = write_csv if fmt == "csv" else write_xlsx
    result = run(authority, writer(tmp_path / f"rh.{fmt}", ORG))

    assert result.applied and result.valid
    counts = result.counts
    assert (counts.services_created, counts.agents_created) == (3, 3)
    parents = dict(
        Service.objects.filter(authority=authority).values_list("hr_id", "parent__hr_id")
    )
    assert parents == {"D1": None, "S1": "D1", "U1": "S1"}
    kinds = dict(Service.objects.filter(authority=authority).values_list("hr_id", "kind"))
    assert kinds == {"D1": "directorate", "S1": "service", "U1": "unit"}
    elise = Agent.objects.get(authority=authority, hr_id="A1")
    assert (elise.first_name, elise.email, elise.service.hr_id) == (
        "Élise",
        "elise.martin@caen.fr",
        "S1",
    )
    event = AuditEvent.objects.get(authority=authority)
    assert (event.action, event.object_type) == ("import", "organisation.hr_import")
    assert event.changes["agents_created"] == 3
    assert event.changes["services_created"] == 3


def test_comma_delimiter_and_spreadsheet_style_headers(authority, tmp_path):
    header = [
        "Type",
        "Matricule",
        "Rattachement",
        "Libellé",
        "Niveau",
        "Prénom",
        "Nom",
        "Courriel",
        "Fonction",
        "Grade",
    ]  # an extra column of the HR software
    rows = [[*row, "attaché"] for row in ORG]
    result = run(authority, write_csv(tmp_path / "rh.csv", rows, header, delimiter=","))
    assert result.valid, result.errors
    assert Agent.objects.filter(authority=authority).count() == 3


def test_reimporting_the_same_file_changes_nothing(authority, tmp_path):
    path = write_csv(tmp_path / "rh.csv", ORG)
    run(authority, path)
    before = snapshot(authority)

    result = run(authority, path)

    assert result.applied
    assert result.counts == hr_format.ImportCounts(services_unchanged=3, agents_unchanged=3)
    assert snapshot(authority) == before
    assert AuditEvent.objects.filter(authority=authority).count() == 2  # one per import


def test_missing_agent_is_deactivated_then_reactivated(authority, tmp_path):
    run(authority, write_csv(tmp_path / "v1.csv", ORG))
    without_a2 = [row for row in ORG if row[1] != "A2"]

    result = run(authority, write_csv(tmp_path / "v2.csv", without_a2))

    assert result.counts.agents_deactivated == 1
    a2 = Agent.objects.get(authority=authority, hr_id="A2")  # still there
    assert a2.active is False
    assert Agent.objects.filter(authority=authority, active=True).count() == 2

    result = run(authority, write_csv(tmp_path / "v3.csv", ORG))
    assert (result.counts.agents_reactivated, result.counts.agents_unchanged) == (1, 2)
    assert Agent.objects.get(pk=a2.pk).active is True


def test_missing_service_is_deactivated_not_deleted(authority, tmp_path):
    run(authority, write_csv(tmp_path / "v1.csv", ORG))
    rows = [row for row in ORG if row[1] != "U1"]
    rows = [[*row[:2], "S1", *row[3:]] if row[1] == "A2" else row for row in rows]

    result = run(authority, write_csv(tmp_path / "v2.csv", rows))

    assert (result.counts.services_deactivated, result.counts.agents_updated) == (1, 1)
    assert Service.objects.get(authority=authority, hr_id="U1").active is False
    assert Agent.objects.get(authority=authority, hr_id="A2").service.hr_id == "S1"


def test_changes_are_counted_and_applied(authority, tmp_path):
    run(authority, write_csv(tmp_path / "v1.csv", ORG))
    rows = [list(row) for row in ORG]
    rows[2][2] = "D1"  # U1 moves under the directorate
    rows[3][6] = "Martin-Roux"  # A1 changes name
    rows.append(["service", "S2", "D1", "Culture", "", "", "", "", ""])

    result = run(authority, write_csv(tmp_path / "v2.csv", rows))

    counts = result.counts
    assert (counts.services_created, counts.services_updated, counts.services_unchanged) == (
        1,
        1,
        2,
    )
    assert (counts.agents_updated, counts.agents_unchanged) == (1, 2)
    assert Service.objects.get(authority=authority, hr_id="U1").parent.hr_id == "D1"
    assert Service.objects.get(authority=authority, hr_id="S2").kind == "service"
    assert Agent.objects.get(authority=authority, hr_id="A1").last_name == "Martin-Roux"


def test_absent_optional_columns_keep_existing_values(authority, tmp_path):
    run(authority, write_csv(tmp_path / "v1.csv", ORG))
    header = ("type", "matricule", "rattachement", "libelle", "prenom", "nom")
    rows = [[row[0], row[1], row[2], row[3], row[5], row[6]] for row in ORG]

    result = run(authority, write_csv(tmp_path / "v2.csv", rows, header))

    assert result.counts.agents_unchanged == 3
    assert result.counts.services_unchanged == 3
    assert Agent.objects.get(authority=authority, hr_id="A1").email == "elise.martin@caen.fr"
    assert Service.objects.get(authority=authority, hr_id="D1").kind == "directorate"


def test_dry_run_counts_and_writes_nothing(authority, tmp_path):
    result = run(authority, write_csv(tmp_path / "rh.csv", ORG), dry_run=True)

    assert result.valid and not result.applied
    assert (result.counts.services_created, result.counts.agents_created) == (3, 3)
    assert not Service.objects.filter(authority=authority).exists()
    assert not Agent.objects.exists()
    assert not AuditEvent.objects.exists()


def test_import_touches_only_its_authority(authority, other_authority, tmp_path):
    theirs = AgentFactory(
        hr_id="A1",
        first_name="Autre",
        service=ServiceFactory(authority=other_authority, hr_id="S1"),
    )
    run(authority, write_csv(tmp_path / "rh.csv", ORG))
    run(authority, write_csv(tmp_path / "rh2.csv", ORG[:3]))  # deactivates every agent here

    theirs.refresh_from_db()
    assert (theirs.first_name, theirs.active, theirs.service.authority) == (
        "Autre",
        True,
        other_authority,
    )
    assert Agent.objects.filter(authority=authority, active=False).count() == 3


def test_xlsx_numbers_and_formula_like_text(authority, tmp_path):
    rows = [
        ["service", 100, None, "Direction", "direction"],
        ["agent", 12345, 100, None, None, "Léa", "Petit", None, "=chargée"],
    ]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(row)
    sheet["I3"].data_type = "s"  # typed as text in the spreadsheet
    path = tmp_path / "rh.xlsx"
    workbook.save(path)

    result = run(authority, path)

    assert result.valid, result.errors
    agent = Agent.objects.get(authority=authority)
    assert (agent.hr_id, agent.service.hr_id, agent.job_title) == ("12345", "100", "=chargée")


# --- Broken files: a clear error, nothing written ------------------------------------------


def _latin1(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "rh.csv", ORG, encoding="latin-1")


def _missing_column(tmp_path: Path) -> Path:
    header = [c for c in COLUMNS if c != "nom"]
    rows = [[cell for i, cell in enumerate(row) if COLUMNS[i] != "nom"] for row in ORG]
    return write_csv(tmp_path / "rh.csv", rows, header)


def _with(tmp_path: Path, *extra: list[str], ext: str = "csv") -> Path:
    return write_csv(tmp_path / f"rh.{ext}", [*ORG, *extra])


def _corrupt_xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "rh.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    return path


def _header_only(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "rh.csv", [])


BROKEN = {
    "latin-1": (_latin1, 2, "", "CSV UTF-8"),  # "générale" on line 2
    "missing column": (_missing_column, 1, "nom", "absente"),
    "duplicate agent id": (
        lambda p: _with(p, ["agent", "A1", "S1", "", "", "Jean", "Bis", "", ""]),
        8,
        "matricule",
        "ligne 5",
    ),
    "duplicate service id": (
        lambda p: _with(p, ["service", "S1", "D1", "Doublon", "", "", "", "", ""]),
        8,
        "matricule",
        "ligne 3",
    ),
    "bad email": (
        lambda p: _with(p, ["agent", "A9", "S1", "", "", "Jean", "Faux", "jean@", ""]),
        8,
        "courriel",
        "« jean@ » invalide",
    ),
    "unknown parent": (
        lambda p: _with(p, ["service", "S9", "X404", "Orphelin", "", "", "", "", ""]),
        8,
        "rattachement",
        "« X404 »",
    ),
    "unknown service of agent": (
        lambda p: _with(p, ["agent", "A9", "X404", "", "", "Jean", "Perdu", "", ""]),
        8,
        "rattachement",
        "« X404 »",
    ),
    "unknown type": (
        lambda p: _with(p, ["stagiaire", "A9", "S1", "", "", "Jean", "Type", "", ""]),
        8,
        "type",
        "« stagiaire » inconnu",
    ),
    "empty last name": (
        lambda p: _with(p, ["agent", "A9", "S1", "", "", "Jean", "", "", ""]),
        8,
        "nom",
        "Nom manquant",
    ),
    "empty agent service": (
        lambda p: _with(p, ["agent", "A9", "", "", "", "Jean", "Sans", "", ""]),
        8,
        "rattachement",
        "Rattachement manquant",
    ),
    "too long": (
        lambda p: _with(p, ["service", "S9", "D1", "x" * 201, "", "", "", "", ""]),
        8,
        "libelle",
        "201 caractères, 200 au maximum",
    ),
    "bad level": (
        lambda p: _with(p, ["service", "S9", "D1", "Pôle", "pôle", "", "", "", ""]),
        8,
        "niveau",
        "« pôle » inconnu",
    ),
    "cycle": (
        lambda p: _with(
            p,
            ["service", "C1", "C2", "Boucle 1", "", "", "", "", ""],
            ["service", "C2", "C1", "Boucle 2", "", "", "", "", ""],
        ),
        8,
        "rattachement",
        "C1 → C2 → C1",
    ),
    "not a workbook": (_corrupt_xlsx, 1, "", "classeur Excel"),
    "unsupported format": (lambda p: _with(p, ext="xls"), 1, "", ".csv"),
    "no data rows": (_header_only, 2, "", "aucune ligne"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_broken_file_reports_a_clear_error_and_writes_nothing(authority, tmp_path, case):
    run(authority, write_csv(tmp_path / "initial.csv", ORG))
    before, events = snapshot(authority), AuditEvent.objects.count()
    make, line, column, reason = BROKEN[case]

    result = run(authority, make(tmp_path))

    assert not result.valid and not result.applied
    assert any(
        (e.line, e.column) == (line, column) and reason in e.message for e in result.errors
    ), result.errors
    assert snapshot(authority) == before
    assert AuditEvent.objects.count() == events


def test_wrong_encoding_is_one_error_telling_to_save_as_csv_utf8(authority, tmp_path):
    result = run(authority, _latin1(tmp_path))
    assert result.error_count == 1
    assert result.counts is None  # nothing could be compared
    assert "« CSV UTF-8" in result.errors[0].message


def test_missing_columns_are_each_reported(authority, tmp_path):
    header = ["type", "matricule", "libelle", "prenom"]
    result = run(authority, write_csv(tmp_path / "rh.csv", [], header))
    assert [(e.line, e.column) for e in result.errors] == [
        (1, "rattachement"),
        (1, "nom"),
    ]


def test_errors_are_capped_but_all_counted(authority, tmp_path):
    rows = [
        ["agent", f"B{i}", "S1", "", "", "Jean", "Faux", "pas-une-adresse", ""] for i in range(300)
    ]
    result = run(authority, write_csv(tmp_path / "rh.csv", [*ORG, *rows]))
    assert result.error_count == 300
    assert len(result.errors) == hr_format.MAX_REPORTED_ERRORS
    assert result.hidden_errors == 100
    assert [e.line for e in result.errors] == list(range(8, 208))


def test_large_file_with_one_bad_row_near_the_end(authority, tmp_path):
    rows = [["service", f"S{i}", "", f"Service {i}", "", "", "", "", ""] for i in range(500)]
    rows += [
        ["agent", f"A{i:06d}", f"S{i % 500}", "", "", "Camille", f"Nom{i}", f"a{i}@ville.fr", ""]
        for i in range(49_500)
    ]
    bad = 49_990  # index in rows; the header is line 1
    rows[bad][7] = "a49990@@ville.fr"
    path = write_csv(tmp_path / "big.csv", rows)

    started = time.perf_counter()
    result = run(authority, path)
    elapsed = time.perf_counter() - started

    assert [(e.line, e.column) for e in result.errors] == [(bad + 2, "courriel")]
    assert not Service.objects.filter(authority=authority).exists()
    assert not Agent.objects.exists()
    assert elapsed < 10


def test_progress_is_reported(authority, tmp_path):
    calls: list[tuple[str, int, int | None]] = []
    path = write_csv(tmp_path / "rh.csv", ORG)
    import_hr(
        authority,
        by=None,
        source=path,
        filename=path.name,
        dry_run=False,
        progress=lambda *a: calls.append(a),
    )
    assert ("Lecture du fichier", 6, 6) in calls
    assert calls[-1] == ("Écriture", 6, 6)


# --- Export --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(authority, tmp_path, fmt):
    run(authority, write_csv(tmp_path / "rh.csv", ORG))
    before = snapshot(authority)
    path = tmp_path / f"export.{fmt}"

    assert export_hr(authority, path, fmt) == 6
    result = run(authority, path)

    assert result.counts == hr_format.ImportCounts(services_unchanged=3, agents_unchanged=3)
    assert snapshot(authority) == before


def test_export_lists_parents_first_then_agents_by_matricule_active_only(authority):
    top = ServiceFactory(authority=authority, hr_id="Z-TOP", name="B Direction", kind="directorate")
    child = ServiceFactory(authority=authority, hr_id="A-CHILD", name="Jeunesse", parent=top)
    ServiceFactory(authority=authority, hr_id="GONE", name="Ancien", active=False)
    AgentFactory(service=child, hr_id="M2", email="", job_title="")
    AgentFactory(service=top, hr_id="M1")
    AgentFactory(service=top, hr_id="M0", active=False)
    stream = io.BytesIO()

    assert export_hr(authority, stream, "csv") == 4

    text = stream.getvalue().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == list(COLUMNS)
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [
        ("service", "Z-TOP", ""),
        ("service", "A-CHILD", "Z-TOP"),
        ("agent", "M1", "Z-TOP"),
        ("agent", "M2", "A-CHILD"),
    ]
    assert rows[1][4] == "direction"


def test_xlsx_line_numbers_count_blank_rows(authority, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for row in ORG:
        sheet.append(row)
    sheet["B10"] = "A9"  # rows 8 and 9 stay empty; row 10 lacks everything but the matricule
    sheet["A10"] = "agent"
    sheet["Z1"].font = Font(bold=True)  # a formatted, empty column far to the right
    sheet["Z4"].font = Font(bold=True)
    path = tmp_path / "rh.xlsx"
    workbook.save(path)

    result = run(authority, path)

    assert {(e.line, e.column) for e in result.errors} == {
        (10, "prenom"),
        (10, "nom"),
        (10, "rattachement"),
    }


def test_a_parent_loop_made_in_the_database_is_exported_and_reported(authority, tmp_path):
    first = ServiceFactory(authority=authority, hr_id="L1")
    second = ServiceFactory(authority=authority, hr_id="L2", parent=first)
    Service.objects.filter(pk=first.pk).update(parent=second)
    path = tmp_path / "export.csv"

    assert export_hr(authority, path, "csv") == 2
    result = run(authority, path, dry_run=True)

    assert {(e.line, e.column) for e in result.errors} == {(2, "rattachement"), (3, "rattachement")}
