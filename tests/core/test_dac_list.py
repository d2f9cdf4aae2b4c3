"""The OECD DAC List of ODA Recipients: shipped versions, eligibility, the load_dac_list command."""

from __future__ import annotations

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.core.dac import FRENCH_OVERSEAS, dac_recipient_codes, eligibility
from maillage.core.models import AuditEvent, Country, DacRecipient, DacRecipientList
from maillage.core.reference_data import DAC_LISTS, REFERENCE_DIR

HEADER = "iso2,crs_code,name_en,name_fr,income_group\n"
GULF = ("AE", "BH", "KW", "OM", "QA", "SA")
NEVER = ("CH", "NO", "KR", "SG", "IL", "CL", "UY", "FR", "DE", "US", "JP", "RU", *GULF)


def _rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- Shipped files ----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "_first", "_last"), DAC_LISTS)
def test_shipped_list_holds_recipients_only(name, _first, _last):
    rows = _rows(name)
    codes = {row["iso2"] for row in rows}
    assert 130 <= len(rows) <= 150
    assert len(codes) == len(rows)
    assert len({row["crs_code"] for row in rows}) == len(rows)
    assert "XK" in codes and "SN" in codes and "DZ" in codes and "UA" in codes
    assert codes.isdisjoint(NEVER)
    assert codes.isdisjoint(FRENCH_OVERSEAS)
    assert {row["income_group"] for row in rows} == {"LDC", "OTHER_LIC", "LMIC", "UMIC"}
    assert all(row["name_en"] and row["name_fr"] for row in rows)


def test_changes_between_the_two_shipped_lists():
    before = {row["iso2"]: row for row in _rows("dac-recipients-2024-2025.csv")}
    after = {row["iso2"]: row for row in _rows("dac-recipients-2026-2027.csv")}
    assert set(before) - set(after) == {"GY", "NR"}  # graduations
    assert set(after) <= set(before)
    moved = {
        iso2: (before[iso2]["income_group"], after[iso2]["income_group"])
        for iso2 in after
        if before[iso2]["income_group"] != after[iso2]["income_group"]
    }
    assert moved == {
        "ST": ("LDC", "LMIC"),
        "DZ": ("LMIC", "UMIC"),
        "IR": ("LMIC", "UMIC"),
        "MN": ("LMIC", "UMIC"),
        "UA": ("LMIC", "UMIC"),
    }
    assert all(before[c]["crs_code"] == after[c]["crs_code"] for c in after)


@pytest.mark.django_db
def test_migration_loaded_both_versions():
    lists = list(DacRecipientList.objects.values_list("period_start_year", "period_end_year"))
    assert lists == [(2024, 2025), (2026, 2027)]
    senegal = DacRecipient.objects.get(list__period_start_year=2024, country_id="SN")
    assert (senegal.crs_code, senegal.income_group) == ("269", "LDC")
    kosovo = DacRecipient.objects.get(list__period_start_year=2026, country_id="XK")
    assert kosovo.crs_code == "57"
    assert Country.objects.get(iso2="XK").name_fr == "Kosovo"
    assert DacRecipient.objects.filter(list__period_start_year=2024).count() == len(
        _rows("dac-recipients-2024-2025.csv")
    )


@pytest.mark.django_db
def test_reference_loader_is_idempotent_for_the_lists():
    before = list(DacRecipient.objects.order_by("pk").values_list("pk", "country_id"))
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    assert "DacRecipient: 0 created, 0 updated" in out.getvalue()
    assert list(DacRecipient.objects.order_by("pk").values_list("pk", "country_id")) == before


# --- Selector and eligibility ---------------------------------------------------------------


@pytest.mark.django_db
def test_recipient_codes_of_a_year_in_one_query():
    with CaptureQueriesContext(connection) as ctx:
        codes = dac_recipient_codes(2025)
    assert len(ctx.captured_queries) == 1
    assert "SN" in codes and "GY" in codes and "CH" not in codes
    assert "GY" not in dac_recipient_codes(2026)
    assert dac_recipient_codes(2030) == frozenset()


@pytest.mark.django_db
def test_eligibility_with_reasons():
    assert eligibility("SN", 2025).eligible
    assert eligibility("XK", 2026).eligible
    swiss = eligibility("CH", 2025)
    assert not swiss.eligible
    assert swiss.reason == "pays à revenu élevé, absent de la liste du CAD pour 2025"
    for territory in ("YT", "RE", "GP", "MQ", "GF", "NC", "PF", "WF", "PM", "BL", "MF"):
        verdict = eligibility(territory, 2025)
        assert verdict.reason == "territoire français d'outre-mer : c'est la France", territory
    assert eligibility("SN", 2030).reason == "aucune liste du CAD chargée pour 2030"
    assert not eligibility("SN", 2030).eligible


# --- The load_dac_list command --------------------------------------------------------------


def _load(tmp_path, text: str, first=2028, last=2029, **options) -> str:
    path = tmp_path / "dac.csv"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command(
        "load_dac_list", file=str(path), from_year=first, to_year=last, stdout=out, **options
    )
    return out.getvalue()


@pytest.mark.django_db
def test_a_bad_file_names_line_and_column_and_writes_nothing(tmp_path):
    before = (DacRecipientList.objects.count(), DacRecipient.objects.count())
    text = (
        HEADER
        + "SN,269,Senegal,Sénégal,LDC\n"
        + "ZZ,999,Nowhere,Nulle part,LDC\n"
        + "SN,270,Senegal,Sénégal,LDC\n"
        + "MA,136,Morocco,Maroc,RICH\n"
        + "ML,ab,Mali,Mali,LDC\n"
    )
    with pytest.raises(CommandError) as caught:
        _load(tmp_path, text)
    message = str(caught.value)
    assert "rien n'a été chargé" in message
    assert "Ligne 3, colonne iso2 : code pays « ZZ » inconnu" in message
    assert "Ligne 4, colonne iso2 : « SN » figure déjà ligne 2." in message
    assert "Ligne 5, colonne income_group : « RICH » n'est pas une catégorie de revenu" in message
    assert "Ligne 6, colonne crs_code : « ab » n'est pas un code bénéficiaire CRS" in message
    assert (DacRecipientList.objects.count(), DacRecipient.objects.count()) == before
    assert not AuditEvent.objects.filter(kind="dac_recipient_list.imported").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "first", "last", "expected"),
    [
        ("iso2,crs_code,name_en\nSN,269,Senegal\n", 2028, 2029, "Ligne 1 : colonnes manquantes"),
        (HEADER, 2028, 2029, "aucun pays"),
        (HEADER + "SN,269,Senegal,Sénégal,LDC\n", 2029, 2028, "Période 2029–2028 invalide"),
        (HEADER + "SN,269,Senegal,Sénégal,LDC\n", 2025, 2026, "chevauche la liste 2024–2025"),
    ],
)
def test_bad_header_empty_file_and_bad_periods(tmp_path, text, first, last, expected):
    before = DacRecipient.objects.count()
    with pytest.raises(CommandError, match=expected):
        _load(tmp_path, text, first, last)
    assert DacRecipient.objects.count() == before
    assert DacRecipientList.objects.count() == 2


@pytest.mark.django_db
def test_a_good_file_loads_a_new_version_and_reloading_replaces_it(tmp_path):
    out = _load(
        tmp_path,
        "\ufeff"
        + HEADER.replace(",", ";")
        + "SN;269;Senegal;Sénégal;LDC\nxk;57;Kosovo;Kosovo;UMIC\n",
        source="OECD, test list",
    )
    assert "2028–2029: 2 bénéficiaires" in out
    new = DacRecipientList.objects.get(period_start_year=2028)
    assert (new.period_end_year, new.source) == (2029, "OECD, test list")
    assert dac_recipient_codes(2029) == {"SN", "XK"}
    event = AuditEvent.objects.get(kind="dac_recipient_list.imported")
    assert event.changes["recipients"] == 2
    # The same period again: the file is the list (Kosovo left it, Senegal changed group).
    _load(tmp_path, HEADER + "SN,269,Senegal,Sénégal,LMIC\n")
    assert dac_recipient_codes(2028) == {"SN"}
    assert DacRecipient.objects.get(list=new).income_group == "LMIC"
    assert DacRecipientList.objects.get(period_start_year=2028).source.startswith(
        "OECD, DAC List of ODA Recipients, effective for reporting on 2028 and 2029 flows"
    )
    assert dac_recipient_codes(2025) >= {"SN", "XK", "GY"}  # other versions untouched
