"""Uploads that cannot take the server down: XLSX bombs refused before openpyxl opens them,
huge cells and lines refused, control characters refused with line and column, messages that
quote at most 80 characters, request bodies capped, no caching of the staff list."""

from __future__ import annotations

import csv
import io
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from maillage.core.models import Role
from maillage.organisation.hr import format as hr_format
from maillage.organisation.hr import read as hr_read
from maillage.organisation.hr.apply import import_hr
from maillage.organisation.hr.format import COLUMNS
from maillage.organisation.hr.read import parse_hr_file
from maillage.organisation.models import Agent, Service

pytestmark = pytest.mark.django_db

URL = "/import-rh/"
ORG = [
    ["service", "D1", "", "Direction générale", "direction", "", "", "", ""],
    ["agent", "A1", "D1", "", "", "Élise", "Martin", "elise.martin@caen.fr", "Chargée"],
]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def no_openpyxl(monkeypatch):
    """Fails the test if openpyxl is asked to open the workbook."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl opened a workbook that should have been refused")

    monkeypatch.setattr(hr_read.openpyxl, "load_workbook", refuse)


def good_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(list(COLUMNS))
    for row in ORG:
        workbook.active.append(row)
    data = io.BytesIO()
    workbook.save(data)
    return data.getvalue()


def rebuild(replace: dict[str, object], add: dict[str, object] | None = None) -> bytes:
    """A copy of a valid workbook with some parts replaced or added. A part's content is bytes,
    or (piece, times) to stream a huge part without holding it."""
    source = zipfile.ZipFile(io.BytesIO(good_xlsx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        parts = {info.filename: source.read(info) for info in source.infolist()}
        parts.update(replace)
        parts.update(add or {})
        for name, content in parts.items():
            if isinstance(content, tuple):
                piece, times = content
                with target.open(name, "w", force_zip64=True) as stream:
                    for _ in range(times):
                        stream.write(piece)
            else:
                target.writestr(name, content)
    return out.getvalue()


def check(data: bytes, name: str = "rh.xlsx") -> hr_format.ParsedFile:
    return parse_hr_file(io.BytesIO(data), name)


def messages(parsed: hr_format.ParsedFile) -> str:
    return " ".join(e.message for e in parsed.errors.shown)


def test_a_part_that_unpacks_huge_is_refused_before_opening(no_openpyxl):
    # 210 MB of zeros in about 200 KB: over the 200 MB default limit of one part.
    data = rebuild({}, add={"xl/media/image1.bin": (b"\0" * (1 << 20), 210)})
    assert len(data) < 1_000_000
    tracemalloc.start()
    parsed = check(data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert parsed.fatal
    assert "Classeur refusé avant ouverture" in messages(parsed)
    assert "xl/media/image1.bin" in messages(parsed)
    assert peak < 20 * 1024 * 1024


def test_a_sheet_with_a_huge_cell_is_refused_before_opening(no_openpyxl):
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
        b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>'
    )
    body = b"x" * (3 * 1024 * 1024)  # one 3 MB cell, under every size limit of the zip
    tail = b"</t></is></c></row></sheetData></worksheet>"
    data = rebuild({"xl/worksheets/sheet1.xml": head + body + tail})
    assert len(data) < 100_000
    parsed = check(data)
    assert parsed.fatal
    assert "une cellule dépasse 2000 caractères" in messages(parsed)


def test_a_shared_strings_part_too_big_is_refused_before_opening(no_openpyxl):
    strings = (b"<si><t>abc</t></si>" * 1000, 3000)  # about 57 MB, over the 50 MB default
    data = rebuild({"xl/sharedStrings.xml": strings})
    parsed = check(data)
    assert parsed.fatal
    assert "xl/sharedStrings.xml" in messages(parsed)


def test_limits_are_settings(settings):
    settings.HR_XLSX_MAX_ROWS = 2
    parsed = check(good_xlsx())
    assert parsed.fatal and "plus de 2 lignes" in messages(parsed)
    settings.HR_XLSX_MAX_ROWS = 10
    settings.HR_XLSX_MAX_PART_BYTES = 100
    parsed = check(good_xlsx())
    assert parsed.fatal and "Classeur refusé" in messages(parsed)


def test_too_many_columns_are_refused(settings):
    settings.HR_XLSX_MAX_COLUMNS = 5
    parsed = check(good_xlsx())
    assert parsed.fatal and "colonnes, 5 au maximum" in messages(parsed)


def test_a_valid_workbook_still_imports(authority):
    result = import_hr(
        authority, by=None, source=io.BytesIO(good_xlsx()), filename="rh.xlsx", dry_run=False
    )
    assert result.applied and Agent.objects.filter(authority=authority).count() == 1


def test_the_bomb_through_the_page_gives_a_short_clear_answer(users, client_for, no_openpyxl):
    data = rebuild({}, add={"xl/media/image1.bin": (b"\0" * (1 << 20), 210)})
    upload = SimpleUploadedFile("rh.xlsx", data)
    response = client_for(users[Role.ADMIN]).post(URL, {"file": upload})
    assert response.status_code == 200
    assert "Classeur refusé avant ouverture" in response.content.decode()
    assert len(response.content) < 100_000
    assert not Service.objects.exists()


def csv_bytes(rows: list[list[str]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


def test_a_csv_line_with_a_huge_cell_stops_the_reading(users, client_for):
    huge = "x" * (5 * 1024 * 1024)
    data = csv_bytes([*ORG, ["agent", "A2", "D1", "", "", "Jean", huge, "", ""]])
    tracemalloc.start()
    parsed = parse_hr_file(io.BytesIO(data), "rh.csv")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert parsed.fatal
    assert "Ligne démesurée" in messages(parsed)
    assert peak < 40 * 1024 * 1024
    response = client_for(users[Role.ADMIN]).post(URL, {"file": SimpleUploadedFile("rh.csv", data)})
    assert len(response.content) < 100_000


def test_messages_quote_at_most_80_characters_of_a_cell():
    long_email = "x" * 200 + "@"  # under the 254 characters of an address, but invalid
    long_type = "y" * 1000
    data = csv_bytes(
        [*ORG, ["agent", "A2", "D1", "", "", "Jean", "Perdu", long_email, ""], [long_type]]
    )
    parsed = parse_hr_file(io.BytesIO(data), "rh.csv")
    texts = [e.message for e in parsed.errors.shown]
    assert texts
    for text in texts:
        assert "x" * 81 not in text and "y" * 81 not in text
    assert any("x" * 79 + "…" in text for text in texts)
    assert any("y" * 79 + "…" in text for text in texts)


@pytest.mark.parametrize(
    ("cell", "column", "code"),
    [
        ("Mar\x00tin", "nom", "U+0000"),
        ("Ma\x0btin", "nom", "U+000B"),
        ("Chef\nde service", "fonction", "U+000A"),
        ("\x1bÉlise", "prenom", "U+001B"),
    ],
)
def test_control_characters_are_refused_with_line_and_column(authority, cell, column, code):
    row = ["agent", "A2", "D1", "", "", "Jean", "Martin", "", "Agent"]
    row[COLUMNS.index(column)] = cell
    data = csv_bytes([*ORG, row])
    result = import_hr(
        authority, by=None, source=io.BytesIO(data), filename="rh.csv", dry_run=False
    )
    assert not result.applied
    [error] = result.errors
    assert (error.line, error.column) == (4, column)
    assert code in error.message
    assert not Agent.objects.exists()


def test_control_characters_in_ignored_columns_are_harmless(authority):
    header = [*COLUMNS, "commentaire"]
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow(header)
    for row in ORG:
        # ORG's rows may be narrower than COLUMNS: the note must land in "commentaire".
        writer.writerow([*row, *[""] * (len(COLUMNS) - len(row)), "note\x07"])
    result = import_hr(
        authority,
        by=None,
        source=io.BytesIO(text.getvalue().encode()),
        filename="rh.csv",
        dry_run=False,
    )
    assert result.applied


def test_request_bodies_are_capped(settings):
    from django.conf import settings as live

    assert live.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024
    assert live.FILE_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024
    assert live.HR_IMPORT_MAX_UPLOAD_BYTES <= 100 * 1024 * 1024


@pytest.mark.parametrize("query", ["", "?modele=csv", "?modele=xlsx"])
def test_import_pages_and_export_are_never_cached(users, client_for, query):
    response = client_for(users[Role.ADMIN]).get(URL + query)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_preview_is_never_cached(users, client_for):
    upload = SimpleUploadedFile("rh.csv", csv_bytes(ORG))
    response = client_for(users[Role.ADMIN]).post(URL, {"file": upload})
    assert "no-store" in response["Cache-Control"]


def test_a_file_over_the_upload_cap_is_not_even_read(users, client_for, settings):
    settings.FILE_UPLOAD_MAX_BYTES = 1000
    data = csv_bytes([*ORG] * 50)
    assert len(data) > 1000
    response = client_for(users[Role.ADMIN]).post(URL, {"file": SimpleUploadedFile("rh.csv", data)})
    assert response.status_code == 200
    assert "Le fichier dépasse le maximum de 1000" in response.content.decode()
    assert response.context["result"] is None
