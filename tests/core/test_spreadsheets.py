"""CSV and XLSX files: French spreadsheet conventions, and text never run as a formula."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from maillage.core.models import Role
from maillage.core.spreadsheets import csv_response, write_csv, xlsx_bytes
from tests.factories import ProjectFactory


def test_csv_has_bom_semicolons_and_decimal_commas():
    stream = io.StringIO()
    write_csv(
        stream, [["Thiès", Decimal("2.50"), Decimal("10.00"), 3]], header=["a", "b", "c", "d"]
    )
    assert stream.getvalue() == "\ufeffa;b;c;d\r\nThiès;2,5;10;3\r\n"


@pytest.mark.parametrize("text", ["=1+1", "+33 1 23", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_csv_text_that_would_run_as_a_formula_is_made_plain_text(text):
    stream = io.StringIO()
    write_csv(stream, [[text]])
    assert stream.getvalue().removeprefix("\ufeff").startswith(("'" + text, "\"'" + text))


def test_csv_for_a_later_import_keeps_text_as_written():
    stream = io.StringIO()
    write_csv(stream, [["=1+1"]], neutralise_text=False)
    assert stream.getvalue() == "\ufeff=1+1\r\n"


def test_xlsx_stores_formula_like_text_as_text():
    content = xlsx_bytes([("Feuille", [["titre", "montant"], ['=HYPERLINK("x")', Decimal("1.5")]])])
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Feuille"
    assert sheet["A2"].value == '=HYPERLINK("x")' and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 1.5


def test_csv_response_is_an_attachment():
    response = csv_response("liste.csv", [[1]], ["n"])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="liste.csv"'


@pytest.mark.django_db
def test_project_list_export_neutralises_a_formula_in_a_title(authority, users, client_for):
    ProjectFactory(authority=authority, title='=HYPERLINK("http://example.org")')
    response = client_for(users[Role.AGENT]).get(reverse("project_list") + "?format=csv")
    assert "'=HYPERLINK" in response.content.decode()
