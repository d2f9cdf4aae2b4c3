"""Reference data: shipped files, the loader, migration core.0002 and its management command."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET  # noqa: S405 - parses the project's own shipped files
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.db import models

from maillage.core import reference_data
from maillage.core.models import (
    CefrLevel,
    CodeListItem,
    Country,
    PolicyArea,
    SdgGoal,
    SdgTarget,
)
from maillage.core.reference_data import IATI_CODELISTS, IATI_DIR, REFERENCE_DIR, load_all

PROJECT_DIR = Path(__file__).resolve().parents[2]
MODELS = (PolicyArea, SdgGoal, SdgTarget, CodeListItem, CefrLevel, Country)


def _csv_rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _xml_items(name: str) -> list[ET.Element]:
    root = ET.parse(IATI_DIR / f"{name}.xml").getroot()  # noqa: S314 - shipped file
    return root.findall("codelist-items/codelist-item")


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


# --- Shipped files --------------------------------------------------------------------------


def test_reference_files_are_shipped_inside_the_project():
    assert REFERENCE_DIR.is_relative_to(PROJECT_DIR / "maillage")
    for name in ("m57-functions.csv", "sdg-goals.csv", "sdg-targets.csv", "cefr-levels.csv"):
        assert (REFERENCE_DIR / name).is_file(), name
    assert (REFERENCE_DIR / "countries.csv").is_file()
    for name in IATI_CODELISTS:
        assert (IATI_DIR / f"{name}.xml").is_file(), name
    readme = (REFERENCE_DIR / "README.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in readme
    assert "MIT" in readme
    assert "LGPL" in readme


def test_no_python_file_reads_the_shared_folder_outside_the_project():
    # Built from parts so that this file does not match itself.
    forbidden = ("/work/" + "shared", ".." + "/shared", ".." + "\\shared")
    offenders = [
        f"{path.relative_to(PROJECT_DIR)}: {needle}"
        for tree in ("maillage", "tests", "config")
        for path in (PROJECT_DIR / tree).rglob("*.py")
        for needle in forbidden
        if needle in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_policy_areas_parse_with_parents_first_and_levels_from_the_chain():
    rows = reference_data.read_policy_areas()
    seen: set[str] = set()
    for row in rows:
        assert row["parent_id"] is None or row["parent_id"] in seen
        assert row["level"] == len(row["code"])
        seen.add(row["code"])
    by_level = {level: sum(row["level"] == level for row in rows) for level in (1, 2, 3)}
    assert by_level == {1: 9, 2: 68, 3: 44}


def test_every_row_fits_its_column():
    # SQLite ignores max_length; PostgreSQL would reject the migration.
    tables = {
        PolicyArea: reference_data.read_policy_areas(),
        SdgGoal: reference_data.read_sdg_goals(),
        SdgTarget: reference_data.read_sdg_targets(),
        CodeListItem: reference_data.read_codelists(),
        CefrLevel: reference_data.read_cefr_levels(),
        Country: reference_data.read_countries(),
    }
    for model, rows in tables.items():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField) and field.max_length:
                longest = max(len(row.get(field.attname) or "") for row in rows)
                assert longest <= field.max_length, (model.__name__, field.name, longest)


# --- Loaded by the migration ----------------------------------------------------------------


@pytest.mark.django_db
def test_counts_match_the_shipped_files():
    assert PolicyArea.objects.count() == len(_csv_rows("m57-functions.csv")) == 121
    assert SdgGoal.objects.count() == 17
    assert SdgTarget.objects.count() == 169
    assert CefrLevel.objects.count() == 6
    assert Country.objects.count() == len(_csv_rows("countries.csv")) == 250
    for name in IATI_CODELISTS:
        assert CodeListItem.objects.filter(codelist=name).count() == len(_xml_items(name)), name
    assert CodeListItem.objects.filter(codelist="Sector").count() == 325
    assert CodeListItem.objects.filter(codelist="Sector", withdrawn=True).count() == sum(
        item.get("status") == "withdrawn" for item in _xml_items("Sector")
    )


@pytest.mark.django_db
def test_policy_area_tree():
    area = PolicyArea.objects.select_related("parent__parent").get(code="044")
    assert area.label == "Aide publique au développement"
    assert area.level == 3
    assert area.parent.code == "04"
    assert area.parent.label == "Coopération décentralisée, actions interrégionales et européennes"
    assert area.parent.level == 2
    assert area.parent.parent.code == "0"
    assert area.parent.parent.level == 1
    assert area.parent.parent.parent is None
    assert PolicyArea.objects.get(code="045").label == "Actions internationales"
    assert not PolicyArea.objects.filter(level=1, parent__isnull=False).exists()
    assert not PolicyArea.objects.filter(level__gt=1, parent__isnull=True).exists()


@pytest.mark.django_db
def test_sdg_goals_and_targets():
    goal = SdgGoal.objects.get(number=1)
    assert goal.short_fr == "Pas de pauvreté"
    assert goal.short_en == "No poverty"
    target = SdgTarget.objects.get(code="1.a")
    assert target.goal_id == 1
    assert target.title_fr.startswith("Garantir")
    codes = list(SdgTarget.objects.filter(goal=1).values_list("code", flat=True))
    assert codes == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.a", "1.b"]
    assert SdgTarget.objects.filter(goal=17).count() == 19
    assert not SdgTarget.objects.filter(title_fr="").exists()
    assert not SdgTarget.objects.filter(title_en="").exists()


@pytest.mark.django_db
def test_iati_code_lists():
    sector = CodeListItem.objects.get(codelist="Sector", code="15110")
    assert sector.name_en == "Public sector policy and administrative management"
    assert sector.name_fr == "Politiques publiques et gestion administrative"
    assert sector.category == "151"
    assert not sector.withdrawn
    category = CodeListItem.objects.get(codelist="SectorCategory", code="230")
    assert category.withdrawn
    # Added by names-fr.csv: the published list has no French name for this withdrawn code.
    assert category.name_fr == "PRODUCTION ET DISTRIBUTION D'ÉNERGIE"
    markers = dict(
        CodeListItem.objects.filter(codelist="PolicyMarker").values_list("code", "name_en")
    )
    assert markers["1"] == "Gender Equality"
    assert markers["2"] == "Aid to Environment"
    assert {str(n) for n in range(1, 10)} <= set(markers)
    assert CodeListItem.objects.get(codelist="PolicyMarker", code="1").name == "Égalité des genres"
    assert CodeListItem.objects.get(codelist="OrganisationRole", code="1").name_fr == "Financement"
    assert CodeListItem.objects.filter(codelist="PolicySignificance").count() == 5


@pytest.mark.django_db
def test_cefr_levels():
    levels = list(CefrLevel.objects.values_list("code", "label_fr", "label_en"))
    assert levels == [
        ("A1", "Introductif ou découverte", "Breakthrough"),
        ("A2", "Intermédiaire ou de survie", "Waystage"),
        ("B1", "Niveau seuil", "Threshold"),
        ("B2", "Avancé ou indépendant", "Vantage"),
        ("C1", "Autonome", "Effective operational proficiency"),
        ("C2", "Maîtrise", "Mastery"),
    ]


@pytest.mark.django_db
def test_countries():
    senegal = Country.objects.get(iso2="SN")
    assert (senegal.iso3, senegal.numeric) == ("SEN", "686")
    assert senegal.name_fr == "Sénégal"
    assert senegal.name_en == "Senegal"
    assert Country.objects.get(iso2="BO").name_en == "Bolivia"  # common_name
    assert Country.objects.get(iso2="AF").numeric == "004"  # leading zeros kept
    assert Country.objects.get(iso2="FR").name_fr == "France"


# --- Idempotency ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_loader_run_twice_changes_nothing():
    before = _counts()
    first = load_all(django_apps)
    second = load_all(django_apps)
    # The migration already loaded exactly the shipped data.
    assert set(first.values()) == {(0, 0)}
    assert set(second.values()) == {(0, 0)}
    assert _counts() == before
    pairs = CodeListItem.objects.values_list("codelist", "code")
    assert pairs.distinct().count() == pairs.count()


@pytest.mark.django_db
def test_loader_restores_missing_and_changed_rows():
    PolicyArea.objects.filter(code="044").update(label="Changed")
    Country.objects.filter(iso2="CH").delete()  # not on the DAC list, which protects its rows
    CodeListItem.objects.filter(codelist="Sector", code="15110").update(name_fr="", withdrawn=True)
    before = _counts()
    result = load_all(django_apps)
    assert result["PolicyArea"] == (0, 1)
    assert result["Country"] == (1, 0)
    assert result["CodeListItem"] == (0, 1)
    assert PolicyArea.objects.get(code="044").label == "Aide publique au développement"
    assert Country.objects.get(iso2="CH").name_fr == "Suisse"
    sector = CodeListItem.objects.get(codelist="Sector", code="15110")
    assert sector.name_fr and not sector.withdrawn
    assert _counts() == {**before, "Country": before["Country"] + 1}


@pytest.mark.django_db
def test_loader_keeps_rows_that_left_the_files():
    PolicyArea.objects.create(code="999", label="Local code", level=3)
    load_all(django_apps)
    assert PolicyArea.objects.filter(code="999").exists()


@pytest.mark.django_db
def test_management_command_is_idempotent():
    before = _counts()
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    call_command("load_reference_data", stdout=out)
    assert _counts() == before
    assert "CodeListItem: 0 created, 0 updated" in out.getvalue()
    assert "0 rows written" in out.getvalue()
