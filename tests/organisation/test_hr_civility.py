"""The optional ``civilite`` column of the HR file: read, checked, kept when absent, exported."""

from __future__ import annotations

import csv
import io

import pytest

from maillage.organisation.hr.export import export_hr
from maillage.organisation.hr.format import COLUMNS
from maillage.organisation.models import Agent, Civility
from tests.organisation.test_hr_import import ORG, run, snapshot, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def with_civilities(*civilities: str) -> list[list[str]]:
    """ORG with a civilite cell on each agent row (services keep theirs empty)."""
    agents = iter(civilities)
    return [[*row, next(agents) if row[0] == "agent" else ""] for row in ORG]


def civilities(authority) -> dict[str, str]:
    return dict(Agent.objects.filter(authority=authority).values_list("hr_id", "civility"))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_civilite_column_sets_the_civility(authority, tmp_path, fmt):
    writer = write_csv if fmt == "csv" else write_xlsx
    result = run(authority, writer(tmp_path / f"rh.{fmt}", with_civilities("Mme", "M.", "")))

    assert result.applied and result.valid
    assert civilities(authority) == {"A1": "mme", "A2": "m", "A3": ""}


@pytest.mark.parametrize(
    ("cell", "stored"),
    [
        ("Mme", Civility.MADAME),
        (" madame ", Civility.MADAME),
        ("MME", Civility.MADAME),
        ("M.", Civility.MONSIEUR),
        ("m", Civility.MONSIEUR),
        ("MONSIEUR", Civility.MONSIEUR),
        ("", Civility.NOT_GIVEN),
    ],
)
def test_accepted_spellings(authority, tmp_path, cell, stored):
    run(authority, write_csv(tmp_path / "rh.csv", with_civilities(cell, "", "")))

    assert Agent.objects.get(authority=authority, hr_id="A1").civility == stored


def test_unknown_civility_is_a_line_error_and_nothing_is_written(authority, tmp_path):
    run(authority, write_csv(tmp_path / "v1.csv", with_civilities("Mme", "M.", "")))
    before = snapshot(authority), civilities(authority)
    rows = with_civilities("Mlle", "M.", "Dr")
    rows[4][5] = "Jérôme-Marie"  # another change that must not be written either

    result = run(authority, write_csv(tmp_path / "v2.csv", rows))

    assert not result.applied
    assert [(e.line, e.column) for e in result.errors] == [(5, "civilite"), (7, "civilite")]
    message = result.errors[0].message
    assert "« Mlle »" in message
    for accepted in ("« Mme »", "« Madame »", "« M. »", "« M »", "« Monsieur »"):
        assert accepted in message
    assert (snapshot(authority), civilities(authority)) == before


def test_civility_on_a_service_row_is_ignored_like_first_names(authority, tmp_path):
    rows = with_civilities("", "", "")
    rows[0][-1] = "n'importe quoi"

    result = run(authority, write_csv(tmp_path / "rh.csv", rows))

    assert result.applied and result.valid


def test_file_without_the_column_keeps_stored_civilities(authority, tmp_path):
    run(authority, write_csv(tmp_path / "v1.csv", with_civilities("Mme", "M.", "")))
    rows = [row[:] for row in ORG]
    rows[3][8] = "Cheffe de projet"  # a change on the same agent, to be sure it is written

    without = tuple(c for c in COLUMNS if c not in ("civilite", "referent"))
    result = run(authority, write_csv(tmp_path / "v2.csv", rows, without))

    assert result.applied
    assert result.counts.agents_updated == 1
    assert civilities(authority) == {"A1": "mme", "A2": "m", "A3": ""}
    assert Agent.objects.get(authority=authority, hr_id="A1").job_title == "Cheffe de projet"


def test_changing_only_the_civility_counts_as_an_update(authority, tmp_path):
    run(authority, write_csv(tmp_path / "v1.csv", with_civilities("Mme", "M.", "")))

    result = run(authority, write_csv(tmp_path / "v2.csv", with_civilities("Mme", "", "Mme")))

    assert (result.counts.agents_updated, result.counts.agents_unchanged) == (2, 1)
    assert civilities(authority) == {"A1": "mme", "A2": "", "A3": "mme"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_writes_the_civility_and_round_trips(authority, tmp_path, fmt):
    run(authority, write_csv(tmp_path / "rh.csv", with_civilities("Madame", "Monsieur", "")))
    before = snapshot(authority), civilities(authority)
    path = tmp_path / f"export.{fmt}"

    export_hr(authority, path, fmt)
    result = run(authority, path)

    assert result.counts.agents_unchanged == 3
    assert (snapshot(authority), civilities(authority)) == before


def test_export_spells_civilities_mme_and_m(authority, tmp_path):
    run(authority, write_csv(tmp_path / "rh.csv", with_civilities("madame", "monsieur", "")))
    stream = io.BytesIO()

    export_hr(authority, stream, "csv")

    rows = list(csv.reader(io.StringIO(stream.getvalue().decode("utf-8-sig")), delimiter=";"))
    column = rows[0].index("civilite")
    assert {row[1]: row[column] for row in rows[1:] if row[0] == "agent"} == {
        "A1": "Mme",
        "A2": "M.",
        "A3": "",
    }
