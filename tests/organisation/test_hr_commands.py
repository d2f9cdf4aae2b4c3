"""The ``import_hr`` and ``export_hr`` management commands."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from maillage.core.models import AuditEvent
from maillage.organisation.hr.format import COLUMNS
from maillage.organisation.models import Agent, Service

pytestmark = pytest.mark.django_db

ORG = [
    ["service", "D1", "", "Direction générale des services", "direction", "", "", "", ""],
    ["service", "S1", "D1", "Relations internationales", "", "", "", "", ""],
    ["agent", "A1", "S1", "", "", "Élise", "Martin", "elise.martin@caen.fr", "Chargée"],
    ["agent", "A2", "D1", "", "", "Anaïs", "Lefèvre", "", "DGS"],
]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return path


def call(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err, verbosity=0)
    return out.getvalue(), err.getvalue()


def test_import_with_the_only_authority(authority, tmp_path):
    out, _err = call("import_hr", str(write_csv(tmp_path / "rh.csv", ORG)))
    assert "Import terminé" in out
    assert "Agents : 2 créés" in out
    assert Agent.objects.filter(authority=authority, active=True).count() == 2
    assert AuditEvent.objects.filter(object_type="organisation.hr_import").count() == 1


def test_dry_run_writes_nothing(authority, tmp_path):
    out, _err = call("import_hr", str(write_csv(tmp_path / "rh.csv", ORG)), "--dry-run")
    assert "Simulation" in out
    assert "Services : 2 créés" in out
    assert not Service.objects.exists()
    assert not AuditEvent.objects.exists()


def test_invalid_rows_fail_with_the_errors_and_write_nothing(authority, tmp_path):
    rows = [*ORG, ["agent", "A1", "S1", "", "", "Jean", "Bis", "jean@", ""]]
    with pytest.raises(CommandError, match="2 erreur"):
        call_command(
            "import_hr", str(write_csv(tmp_path / "rh.csv", rows)), stderr=(err := StringIO())
        )
    printed = err.getvalue()
    assert "Ligne 6, colonne « matricule »" in printed
    assert "Ligne 6, colonne « courriel »" in printed
    assert not Service.objects.exists()


def test_authority_is_chosen_by_siren(authority, other_authority, tmp_path):
    path = str(write_csv(tmp_path / "rh.csv", ORG))
    with pytest.raises(CommandError, match="Plusieurs collectivités"):
        call("import_hr", path)
    with pytest.raises(CommandError, match="SIREN 000000000"):
        call("import_hr", path, "--authority", "000000000")

    call("import_hr", path, "--authority", other_authority.siren)

    assert Agent.objects.filter(authority=other_authority).count() == 2
    assert not Agent.objects.filter(authority=authority).exists()


def test_missing_file_is_a_clear_error(authority, tmp_path):
    with pytest.raises(CommandError, match="introuvable"):
        call("import_hr", str(tmp_path / "absent.csv"))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(authority, tmp_path, fmt):
    call("import_hr", str(write_csv(tmp_path / "rh.csv", ORG)))
    Agent.objects.filter(hr_id="A2").update(active=False)  # inactive agents are not exported
    before = list(Agent.objects.order_by("pk").values()), list(Service.objects.values())
    export = tmp_path / f"export.{fmt}"

    out, _err = call("export_hr", str(export), "--authority", authority.siren)

    assert "3 lignes exportées" in out
    out, _err = call("import_hr", str(export))
    assert "Services : 0 créés, 0 modifiés, 0 désactivés, 2 inchangés." in out
    assert "Agents : 0 créés, 0 modifiés, 0 réactivés, 0 désactivés, 1 inchangé." in out
    assert (list(Agent.objects.order_by("pk").values()), list(Service.objects.values())) == before


def test_export_refuses_an_unknown_extension(authority, tmp_path):
    with pytest.raises(CommandError, match=r"\.csv ou \.xlsx"):
        call("export_hr", str(tmp_path / "export.ods"))
