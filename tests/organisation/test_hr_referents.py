"""The optional ``referent`` column of the HR file: designates, ends, checked, exported."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from maillage.core.models import AuditEvent
from maillage.organisation.hr.export import export_hr
from maillage.organisation.hr.format import COLUMNS
from maillage.organisation.models import Agent, Referent
from tests.organisation.test_hr_import import ORG, run, snapshot, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

# ORG's agents: A1 in S1, A2 in U1, A3 in D1.
WITHOUT_REFERENT = tuple(c for c in COLUMNS if c != "referent")


def with_referents(**cells: str) -> list[list[str]]:
    """ORG with civilite empty and a referent cell per agent (``A1="titulaire"``)."""
    return [[*row, "", cells.get(row[1], "") if row[0] == "agent" else ""] for row in ORG]


def mandates(authority, current_only=True):
    referents = Referent.objects.filter(authority=authority)
    if current_only:
        referents = referents.current()
    return sorted(referents.values_list("agent__hr_id", "service__hr_id", "kind", "start", "end"))


def today():
    return timezone.localdate()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_column_designates_referents_from_the_import_date(authority, tmp_path, fmt):
    writer = write_csv if fmt == "csv" else write_xlsx
    rows = with_referents(A1="Titulaire", A2="suppléant", A3="")
    result = run(authority, writer(tmp_path / f"rh.{fmt}", rows))

    assert result.applied and result.valid
    assert mandates(authority) == [
        ("A1", "S1", "holder", today(), None),
        ("A2", "U1", "substitute", today(), None),
    ]
    events = AuditEvent.objects.filter(kind="referent.designated")
    assert events.count() == 2
    assert {e.object_repr for e in events} == {
        "Martin Élise — Relations internationales (Titulaire)",
        "Durand Jérôme — Unité Europe (Suppléant)",
    }
    applied = AuditEvent.objects.get(kind="hr_import.applied")
    assert (applied.changes["referents_designated"], applied.changes["referents_ended"]) == (2, 0)


def test_suppleant_without_accent_and_any_case(authority, tmp_path):
    run(authority, write_csv(tmp_path / "rh.csv", with_referents(A1="SUPPLEANT")))
    assert mandates(authority) == [("A1", "S1", "substitute", today(), None)]


def test_a_current_referent_stays_untouched(authority, tmp_path):
    run(authority, write_csv(tmp_path / "v1.csv", with_referents(A1="titulaire")))
    Referent.objects.update(start=datetime.date(2024, 1, 1))
    events = AuditEvent.objects.count()

    result = run(authority, write_csv(tmp_path / "v2.csv", with_referents(A1="titulaire")))

    assert result.referent_changes == []
    assert mandates(authority) == [("A1", "S1", "holder", datetime.date(2024, 1, 1), None)]
    assert AuditEvent.objects.count() == events + 1  # the import's own event only


def test_an_empty_cell_ends_the_mandate_the_day_before(authority, tmp_path):
    run(authority, write_csv(tmp_path / "v1.csv", with_referents(A1="titulaire", A2="suppleant")))
    Referent.objects.update(start=datetime.date(2024, 1, 1))

    result = run(authority, write_csv(tmp_path / "v2.csv", with_referents(A2="suppleant")))

    assert result.applied
    yesterday = today() - datetime.timedelta(days=1)
    assert mandates(authority, current_only=False) == [
        ("A1", "S1", "holder", datetime.date(2024, 1, 1), yesterday),
        ("A2", "U1", "substitute", datetime.date(2024, 1, 1), None),
    ]
    ended = AuditEvent.objects.get(kind="referent.ended")
    assert ended.changes["end"] == [None, yesterday.isoformat()]
    # A form opened on the mandate before the import (version 1) can no longer overwrite it.
    assert Referent.objects.get(agent__hr_id="A1").version == 2
    assert Referent.objects.get(agent__hr_id="A2").version == 1


def test_a_change_of_kind_ends_one_mandate_and_starts_the_other(authority, tmp_path):
    run(authority, write_csv(tmp_path / "v1.csv", with_referents(A1="suppleant")))
    Referent.objects.update(start=datetime.date(2024, 1, 1))

    run(authority, write_csv(tmp_path / "v2.csv", with_referents(A1="titulaire")))

    assert mandates(authority) == [("A1", "S1", "holder", today(), None)]
    assert Referent.objects.filter(authority=authority).count() == 2  # history kept


def test_a_file_without_the_column_changes_no_referent(authority, tmp_path):
    run(authority, write_csv(tmp_path / "v1.csv", with_referents(A1="titulaire")))
    before = mandates(authority, current_only=False)
    rows = [row[:] for row in ORG]
    rows[3][8] = "Cheffe de projet"  # another change, written

    result = run(authority, write_csv(tmp_path / "v2.csv", rows, WITHOUT_REFERENT[:9]))

    assert result.applied
    assert result.referent_changes == []
    assert mandates(authority, current_only=False) == before
    assert Agent.objects.get(authority=authority, hr_id="A1").job_title == "Cheffe de projet"
    assert (
        "referents_designated"
        not in AuditEvent.objects.filter(kind="hr_import.applied").latest("id").changes
    )


def test_the_dry_run_lists_the_changes_and_writes_nothing(authority, tmp_path):
    run(authority, write_csv(tmp_path / "v1.csv", with_referents(A1="titulaire")))
    Referent.objects.update(start=datetime.date(2024, 1, 1))
    before = mandates(authority, current_only=False)

    result = run(
        authority, write_csv(tmp_path / "v2.csv", with_referents(A3="titulaire")), dry_run=True
    )

    assert [(c.action, c.kind, c.agent, c.service) for c in result.referent_changes] == [
        ("end", "holder", "Martin Élise", "Relations internationales"),
        ("designate", "holder", "Lefèvre Anaïs", "Direction générale des services"),
    ]
    assert mandates(authority, current_only=False) == before


def test_the_preview_page_lists_the_referent_changes(authority, users, client_for, tmp_path):
    path = write_csv(tmp_path / "rh.csv", with_referents(A1="titulaire"))
    client = client_for(users["dri"])
    with path.open("rb") as f:
        response = client.post("/import-rh/", {"file": f})
    html = response.content.decode()
    assert "Martin Élise devient titulaire de « Relations internationales »" in html
    assert not Referent.objects.exists()


def test_an_unknown_value_is_a_line_error_and_nothing_is_written(authority, tmp_path):
    run(authority, write_csv(tmp_path / "v1.csv", with_referents(A1="titulaire")))
    before = snapshot(authority), mandates(authority, current_only=False)
    rows = with_referents(A1="", A2="référent", A3="oui")
    rows[4][5] = "Jérôme-Marie"  # another change that must not be written either

    result = run(authority, write_csv(tmp_path / "v2.csv", rows))

    assert not result.applied
    assert [(e.line, e.column) for e in result.errors] == [(6, "referent"), (7, "referent")]
    assert "« référent »" in result.errors[0].message
    assert "titulaire" in result.errors[0].message
    assert (snapshot(authority), mandates(authority, current_only=False)) == before


def test_two_holders_of_one_service_in_the_file_are_refused(authority, tmp_path):
    rows = with_referents(A1="titulaire")
    rows.append(["agent", "A4", "S1", "", "", "Paul", "Petit", "", "", "", "titulaire"])

    result = run(authority, write_csv(tmp_path / "rh.csv", rows))

    assert not result.applied
    assert [(e.line, e.column) for e in result.errors] == [(8, "referent")]
    assert "ligne 5" in result.errors[0].message
    assert not Referent.objects.exists()


def test_a_new_holder_in_the_file_ends_the_previous_one(authority, tmp_path):
    run(authority, write_csv(tmp_path / "v1.csv", with_referents(A1="titulaire")))
    Referent.objects.update(start=datetime.date(2024, 1, 1))
    rows = with_referents(A1="")
    rows.append(["agent", "A4", "S1", "", "", "Paul", "Petit", "", "", "", "titulaire"])

    run(authority, write_csv(tmp_path / "v2.csv", rows))

    assert mandates(authority) == [("A4", "S1", "holder", today(), None)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_writes_the_column_and_round_trips(authority, tmp_path, fmt):
    run(authority, write_csv(tmp_path / "rh.csv", with_referents(A1="titulaire", A2="suppleant")))
    before = snapshot(authority), mandates(authority, current_only=False)
    path = tmp_path / f"export.{fmt}"

    export_hr(authority, path, fmt)
    result = run(authority, path)

    assert result.applied and result.referent_changes == []
    assert (snapshot(authority), mandates(authority, current_only=False)) == before


def test_export_spells_the_roles(authority, tmp_path):
    run(authority, write_csv(tmp_path / "rh.csv", with_referents(A1="Titulaire", A2="suppléant")))
    stream = io.BytesIO()

    export_hr(authority, stream, "csv")

    rows = list(csv.reader(io.StringIO(stream.getvalue().decode("utf-8-sig")), delimiter=";"))
    column = rows[0].index("referent")
    assert {row[1]: row[column] for row in rows[1:] if row[0] == "agent"} == {
        "A1": "titulaire",
        "A2": "suppleant",
        "A3": "",
    }


def _agents(n: int, offset: int = 0) -> list[list[str]]:
    return [
        ["agent", f"B{i}", "S1", "", "", f"P{i}", f"N{i}", "", "", "", "suppleant"]
        for i in range(offset, offset + n)
    ]


def test_query_count_does_not_grow_with_the_referents(authority, tmp_path, settings):
    settings.HR_IMPORT_CONFIRM_DEACTIVATION_PERCENT = 100

    def count(rows, name):
        path = write_csv(tmp_path / name, rows)
        with CaptureQueriesContext(connection) as ctx:
            result = run(authority, path)
        assert result.applied, result.errors
        Referent.objects.update(start=datetime.date(2024, 1, 1))
        return len(ctx.captured_queries)

    # Each import ends the previous substitutes and designates as many new ones.
    count(with_referents() + _agents(3), "v0.csv")
    small = count(with_referents() + _agents(3, 100), "v1.csv")
    count(with_referents() + _agents(60), "v2.csv")
    large = count(with_referents() + _agents(60, 100), "v3.csv")
    assert small == large
    assert Referent.objects.current().count() == 60


def test_the_command_says_how_many_mandates_start_and_end(authority, tmp_path):
    from django.core.management import call_command

    out = io.StringIO()
    path = write_csv(tmp_path / "rh.csv", with_referents(A1="titulaire", A2="suppleant"))
    call_command("import_hr", str(path), "--dry-run", stdout=out, verbosity=0)
    assert "Référents : 2 mandats commencés, 0 terminés." in out.getvalue()
    assert not Referent.objects.exists()


def test_a_background_check_keeps_the_referent_changes(authority, tmp_path):
    from maillage.organisation.hr_runs import result_from_json, result_to_json

    result = run(
        authority, write_csv(tmp_path / "rh.csv", with_referents(A1="titulaire")), dry_run=True
    )
    kept = result_from_json(result_to_json(result))
    assert kept.referent_changes == result.referent_changes
    assert [c.designated for c in kept.referent_changes] == [True]
