"""The open-data files of public projects: content, schema, leaks, 404s, tenancy, queries."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.models import CodeListItem, Country, Role, SdgTarget
from maillage.interop import opendata

from ..factories import (
    AuthorityFactory,
    BudgetLineFactory,
    CommitmentFactory,
    ElectedOfficialFactory,
    MobilisationFactory,
    PartnerFactory,
    PaymentFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ServiceFactory,
)

SCHEMA = Path(settings.BASE_DIR) / "docs" / "opendata-schema.json"


@pytest.fixture
def published(db):
    authority = AuthorityFactory(
        name="Ville ouverte", slug="ville-ouverte", siren="219900001", publishes=True
    )
    public = ProjectFactory(
        authority=authority,
        title="Eau potable à Thiès",
        summary="Des bornes-fontaines, et un comité de l'eau",
        objectives="Objectifs internes",
        visibility="public",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2027, 12, 31),
    )
    thies = PartnerFactory(authority=authority, name="Ville de Thiès")
    fes = PartnerFactory(
        authority=authority, name="Commune de Fès | Saïss", country=Country.objects.get(iso2="MA")
    )
    ProjectPartnerFactory(project=public, partner=thies)
    ProjectPartnerFactory(project=public, partner=fes)
    public.sdg_targets.set(SdgTarget.objects.filter(code__in=["6.1", "6.b", "11.6"]))
    public.dac_sectors.set(CodeListItem.objects.filter(codelist="Sector", code="14030"))
    BudgetLineFactory(project=public, amount=Decimal("10000"))
    service = ServiceFactory(authority=authority, name="Service interne confidentiel")
    MobilisationFactory(project=public, service=service, days_planned=Decimal("10"))
    PaymentFactory(commitment=CommitmentFactory(project=public, beneficiary_name="Fournisseur X"))
    public.sponsors.add(ElectedOfficialFactory(authority=authority, last_name="Élue-Secrète"))
    bare = ProjectFactory(
        authority=authority, title="Projet sans rien", visibility="public", start_date=None
    )
    # An internal project whose partner, in a country of its own, must not leak.
    internal = ProjectFactory(authority=authority, title="Projet interne", visibility="internal")
    secret = PartnerFactory(
        authority=authority,
        name="Partenaire confidentiel",
        country=Country.objects.get(iso2="BO"),
        city="Sucre",
    )
    ProjectPartnerFactory(project=internal, partner=secret)
    return {"authority": authority, "public": public, "bare": bare, "internal": internal}


def csv_url(slug: str = "ville-ouverte") -> str:
    return reverse("public_opendata_csv", args=[slug])


def json_url(slug: str = "ville-ouverte") -> str:
    return reverse("public_opendata_json", args=[slug])


def read_csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert not text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.django_db
def test_csv_row_of_a_hand_made_project(client, published):
    rows = read_csv(client.get(csv_url()))
    assert [row["intitule"] for row in rows] == ["Eau potable à Thiès", "Projet sans rien"]
    pk = published["public"].pk
    assert rows[0] == {
        "identifiant": f"FR-SIREN-219900001-{pk}",
        "collectivite": "Ville ouverte",
        "collectivite_siren": "219900001",
        "intitule": "Eau potable à Thiès",
        "resume": "Des bornes-fontaines, et un comité de l'eau",
        "type": "solidarity",
        "statut": "ongoing",
        "date_debut": "2025-01-01",
        "date_fin": "2027-12-31",
        "pays": "MA|SN",
        "pays_noms": "Maroc|Sénégal",
        "partenaires": "Commune de Fès / Saïss|Ville de Thiès",
        "cibles_odd": "6.1|6.b|11.6",
        "odd": "6|11",
        "secteurs_cad": "14030",
        # 10,000 € of budget lines + 10 planned agent-days at 250 €.
        "budget_previsionnel_eur": "12500.00",
        "url": f"http://testserver/public/ville-ouverte/projets/{pk}/",
        "date_mise_a_jour": rows[0]["date_mise_a_jour"],
    }
    datetime.date.fromisoformat(rows[0]["date_mise_a_jour"])
    bare = rows[1]
    assert bare["date_debut"] == bare["pays"] == bare["budget_previsionnel_eur"] == ""


@pytest.mark.django_db
def test_json_carries_the_same_rows_as_the_csv(client, published):
    rows = read_csv(client.get(csv_url()))
    response = client.get(json_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = json.loads(response.content)
    assert document["licence"]["nom"] == "Licence Ouverte / Open Licence version 2.0"
    assert document["schema"] == {"nom": "maillage-projets-publics", "version": "1.0.0"}
    assert document["producteur"]["identifiant_iati"] == "FR-SIREN-219900001"
    assert document["projets"][0]["pays"] == ["MA", "SN"]
    assert document["projets"][0]["budget_previsionnel_eur"] == 12500.0
    assert document["projets"][1]["date_debut"] is None

    def as_csv(name, value):
        if value is None:
            return ""
        if isinstance(value, list):
            return "|".join(value)
        if isinstance(value, float):
            return f"{value:.2f}"
        return str(value)

    assert [
        {name: as_csv(name, value) for name, value in row.items()} for row in document["projets"]
    ] == rows
    assert list(document["projets"][0]) == list(rows[0])


# --- The Table Schema: the file follows it, and it follows the code --------------------------


def is_iso_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) is not None


def as_text(*lines: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(lines)
    return buffer.getvalue()


def check_against_schema(text: str, schema: dict) -> list[str]:
    """A small Table Schema check of a CSV: header, required, unique, types, patterns, enums."""
    errors = []
    fields = schema["fields"]
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    if header != [field["name"] for field in fields]:
        return [f"header {header}"]
    missing = set(schema.get("missingValues", [""]))
    seen: dict[str, set[str]] = {field["name"]: set() for field in fields}
    for line, cells in enumerate(reader, start=2):
        if len(cells) != len(fields):
            errors.append(f"line {line}: {len(cells)} cells")
            continue
        for field, cell in zip(fields, cells, strict=True):
            where = f"line {line}, {field['name']}"
            rules = field.get("constraints", {})
            if cell in missing:
                if rules.get("required"):
                    errors.append(f"{where}: required")
                continue
            if field["type"] == "date" and not is_iso_date(cell):
                errors.append(f"{where}: not a YYYY-MM-DD date {cell!r}")
            elif field["type"] == "number":
                try:
                    number = Decimal(cell)
                except InvalidOperation:
                    errors.append(f"{where}: not a number {cell!r}")
                    continue
                if "minimum" in rules and number < Decimal(str(rules["minimum"])):
                    errors.append(f"{where}: below the minimum")
            if "pattern" in rules and not re.fullmatch(rules["pattern"], cell):
                errors.append(f"{where}: {cell!r} does not match {rules['pattern']}")
            if "enum" in rules and cell not in rules["enum"]:
                errors.append(f"{where}: {cell!r} not in the list")
            if "maxLength" in rules and len(cell) > rules["maxLength"]:
                errors.append(f"{where}: too long")
            if field.get("format") == "uri" and not re.fullmatch(r"https?://\S+", cell):
                errors.append(f"{where}: not an address")
            if rules.get("unique") or schema.get("primaryKey") == field["name"]:
                if cell in seen[field["name"]]:
                    errors.append(f"{where}: {cell!r} twice")
                seen[field["name"]].add(cell)
    return errors


@pytest.mark.django_db
def test_the_csv_validates_against_the_table_schema(client, published):
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    text = client.get(csv_url()).content.decode("utf-8")
    assert check_against_schema(text, schema) == []


def test_the_check_finds_what_breaks_the_schema():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    header = [field["name"] for field in schema["fields"]]
    good = [
        "FR-SIREN-219900001-1",
        "Ville",
        "219900001",
        "Titre",
        "",
        "solidarity",
        "ongoing",
        "2025-01-01",
        "",
        "SN",
        "Sénégal",
        "Thiès",
        "6.1",
        "6",
        "14030",
        "10.50",
        "https://exemple.fr/p/1/",
        "2026-12-04",
    ]
    assert check_against_schema(as_text(header, good), schema) == []
    bad = [*good]
    bad[1] = ""  # required
    bad[5] = "friendship"  # not a project type
    bad[7] = "01/01/2025"  # not ISO 8601
    bad[9] = "Sénégal"  # not an ISO 3166 code
    bad[14] = "140"  # not a 5-digit DAC code
    bad[15] = "10,50"  # decimal comma
    errors = check_against_schema(as_text(header, good, bad), schema)
    assert len(errors) == 7, errors  # the id is also repeated
    assert all(error.startswith("line 3") for error in errors)


def test_the_schema_describes_the_fields_the_code_writes():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert [(f["name"], f["type"]) for f in schema["fields"]] == [
        (field.name, field.kind) for field in opendata.FIELDS
    ]
    assert schema["version"] == opendata.SCHEMA_VERSION
    assert schema["name"] == opendata.SCHEMA_NAME
    assert schema["licenses"][0]["name"] == "etalab-2.0"
    documented = (SCHEMA.parent / "opendata-schema.md").read_text(encoding="utf-8")
    for field in opendata.FIELDS:
        assert f"| `{field.name}` |" in documented


# --- Nothing internal, nothing of another authority ------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", [csv_url, json_url], ids=["csv", "json"])
def test_no_internal_project_or_data_leaks(url, client, published):
    text = client.get(url()).content.decode("utf-8")
    for secret in [
        "Projet interne",
        "Partenaire confidentiel",
        "Sucre",
        "BO",
        "Bolivie",
        "Objectifs internes",
        "Service interne confidentiel",
        "Fournisseur X",
        "Élue-Secrète",
    ]:
        assert secret not in text, secret


@pytest.mark.django_db
def test_a_partner_of_an_internal_project_only_leaks_nowhere(client, published):
    """The same partner on a public project shows; once it is only internal, it is gone."""
    ProjectPartnerFactory(
        project=published["internal"],
        partner=published["public"].project_partners.get(partner__name="Ville de Thiès").partner,
        role="1",
    )
    rows = read_csv(client.get(csv_url()))
    assert "Ville de Thiès" in rows[0]["partenaires"]
    published["public"].project_partners.filter(partner__name="Ville de Thiès").delete()
    rows = read_csv(client.get(csv_url()))
    assert "Ville de Thiès" not in rows[0]["partenaires"]
    assert rows[0]["pays"] == "MA"


@pytest.mark.django_db
@pytest.mark.parametrize("url", [csv_url, json_url], ids=["csv", "json"])
def test_an_authority_that_does_not_publish_is_404(url, client, published):
    published["authority"].publishes = False
    published["authority"].save()
    assert client.get(url()).status_code == 404
    assert client.get(url("inconnue")).status_code == 404


@pytest.mark.django_db
def test_only_the_authority_of_the_address(client, published):
    other = AuthorityFactory(slug="autre", publishes=True)
    ProjectFactory(authority=other, title="Projet d'ailleurs", visibility="public")
    rows = read_csv(client.get(csv_url()))
    assert "Projet d'ailleurs" not in {row["intitule"] for row in rows}
    assert [row["intitule"] for row in read_csv(client.get(csv_url("autre")))] == [
        "Projet d'ailleurs"
    ]


@pytest.mark.django_db
def test_a_member_of_another_authority_reads_the_same_file(published, users, client_for):
    """The file depends on the address only, not on who asks (nor their current authority)."""
    anonymous = read_csv(Client().get(csv_url()))
    member = read_csv(client_for(users[Role.DRI]).get(csv_url()))
    assert member == anonymous


@pytest.mark.django_db
@pytest.mark.parametrize("url", [csv_url, json_url], ids=["csv", "json"])
def test_open_data_headers(url, client, published):
    response = client.get(url())
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "no-store" not in response.get("Cache-Control", "")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert client.post(url()).status_code == 405


# --- Queries: the same number whatever the number of projects --------------------------------


def grow(authority, size: int) -> None:
    targets = list(SdgTarget.objects.all()[:2])
    sectors = list(CodeListItem.objects.filter(codelist="Sector")[:2])
    for i in range(size):
        for visibility in ("public", "internal"):
            project = ProjectFactory(
                authority=authority, title=f"Projet {visibility} {i}", visibility=visibility
            )
            ProjectPartnerFactory(project=project)
            ProjectPartnerFactory(project=project)
            project.sdg_targets.set(targets)
            project.dac_sectors.set(sectors)
            BudgetLineFactory(project=project)
            MobilisationFactory(project=project)


@pytest.mark.django_db
@pytest.mark.parametrize("url", [csv_url, json_url], ids=["csv", "json"])
def test_query_count_does_not_grow_with_projects(url, client, published):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url()).status_code == 200
        return len(ctx.captured_queries)

    grow(published["authority"], 1)
    small = count()
    grow(published["authority"], 8)
    large = count()
    assert small == large, f"{small} queries with little data, {large} with more"
    # The authority, then the file's queries.
    assert large <= 1 + opendata.QUERIES
