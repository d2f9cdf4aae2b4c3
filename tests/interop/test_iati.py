"""The IATI 2.03 activity file: content, schema validity, streaming in chunks."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from maillage.core.models import Authority, CodeListItem
from maillage.interop import iati
from maillage.projects.funding import services as funding
from maillage.projects.models import Project

from ..factories import IndicatorFactory, ProjectFactory, ResultFactory
from .factories import full_project

D = Decimal
SAMPLE = Path(__file__).parent / "samples" / "usaid-bb.xml"


def export(authority, **options) -> etree._Element:
    out = BytesIO()
    iati.write_activities(authority, out, **options)
    data = out.getvalue()
    report = iati.validate(data)
    assert report.valid, report.errors
    return etree.fromstring(data)


def attrs(activity, path: str) -> list[dict[str, str]]:
    return [dict(el.attrib) for el in activity.findall(path)]


@pytest.mark.django_db
def test_full_project_is_valid_and_mapped(authority):
    project = full_project(authority)
    root = export(authority)
    assert root.get("version") == "2.03"
    (activity,) = root.findall("iati-activity")
    assert activity.get("default-currency") == "EUR"
    assert activity.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert activity.findtext("iati-identifier") == f"FR-SIREN-211401186-{project.pk}"
    assert attrs(activity, "reporting-org") == [{"ref": "FR-SIREN-211401186", "type": "11"}]
    assert activity.findtext("reporting-org/narrative") == "Ville de Caen-sur-Test"
    assert activity.findtext("title/narrative") == "Eau potable à Thiès"
    assert [d.get("type") for d in activity.findall("description")] == ["1", "2"]
    participants = [
        (el.get("role"), el.get("type"), el.findtext("narrative"))
        for el in activity.findall("participating-org")
    ]
    assert participants == [
        ("1", "11", "Ville de Caen-sur-Test"),
        ("2", "23", "ONG Al Maa"),
        ("4", "11", "Ville de Thiès"),
        ("1", "10", "Ministère (MEAE)"),
    ]
    assert attrs(activity, "activity-status") == [{"code": "2"}]
    assert attrs(activity, "activity-date") == [
        {"type": "2", "iso-date": "2024-07-01"},
        {"type": "3", "iso-date": "2025-06-30"},
    ]
    assert attrs(activity, "recipient-country") == [
        {"code": "MA", "percentage": "50"},
        {"code": "SN", "percentage": "50"},
    ]
    assert attrs(activity, "sector") == [
        {"vocabulary": "1", "code": "14030", "percentage": "50"},
        {"vocabulary": "1", "code": "14081", "percentage": "50"},
    ]
    assert [(t["vocabulary"], t["code"]) for t in attrs(activity, "tag")] == [
        ("2", "5"),
        ("2", "6"),
        ("3", "5.5"),
        ("3", "6.1"),
        ("3", "6.2"),
    ]
    assert [(m["code"], m["significance"]) for m in attrs(activity, "policy-marker")] == [
        ("1", "1"),
        ("2", "2"),
        ("5", "0"),
        ("11", "2"),
        ("12", "1"),
    ]
    # 20,000 € over 2024-07-01..2025-06-30, shared by days: 184 in 2024, 181 in 2025.
    budgets = [
        (
            b.find("period-start").get("iso-date"),
            b.find("period-end").get("iso-date"),
            b.findtext("value"),
        )
        for b in activity.findall("budget")
    ]
    assert budgets == [
        ("2024-07-01", "2024-12-31", "10082.19"),
        ("2025-01-01", "2025-06-30", "9917.81"),
    ]
    (result,) = activity.findall("result")
    assert result.get("type") == "2"
    assert result.findtext("title/narrative") == "Trois quartiers raccordés"
    indicator = result.find("indicator")
    assert indicator.get("measure") == "1"
    assert indicator.findtext("title/narrative") == "Foyers raccordés (foyers)"
    assert attrs(indicator, "baseline") == [{"year": "2024", "value": "12"}]
    period = indicator.find("period")
    assert period.find("target").get("value") == "150"
    assert period.find("actual").get("value") == "140.5"
    assert period.findtext("actual/comment/narrative") == "Retard de livraison des compteurs"


@pytest.mark.django_db
def test_element_order_follows_the_schema(authority):
    full_project(authority)
    activity = export(authority).find("iati-activity")
    order = list(dict.fromkeys(child.tag for child in activity))
    assert order == [
        "iati-identifier",
        "reporting-org",
        "title",
        "description",
        "participating-org",
        "activity-status",
        "activity-date",
        "recipient-country",
        "sector",
        "tag",
        "policy-marker",
        "budget",
        "result",
    ]


@pytest.mark.django_db
def test_minimal_project_is_valid(authority):
    """No summary, no date, no partner: the file stays valid (a planned start stands in)."""
    project = ProjectFactory(
        authority=authority, visibility="public", status="idea", start_date=None, end_date=None
    )
    # A result without indicator cannot be written (the schema wants one): it is left out.
    ResultFactory(project=project)
    activity = export(authority).find("iati-activity")
    assert activity.findtext("description/narrative") == project.title
    assert attrs(activity, "activity-status") == [{"code": "1"}]
    (date,) = activity.findall("activity-date")
    assert date.get("type") == "1"
    assert activity.findall("budget") == []
    assert activity.findall("result") == []
    assert [p.get("role") for p in activity.findall("participating-org")] == ["1", "4"]


@pytest.mark.django_db
def test_control_characters_are_dropped(authority):
    ProjectFactory(authority=authority, visibility="public", title="Projet\x0b copié\x1f")
    activity = export(authority).find("iati-activity")
    assert activity.findtext("title/narrative") == "Projet copié"


@pytest.mark.django_db
def test_percentages_add_up_to_100(authority):
    project = full_project(authority)
    project.dac_sectors.add(CodeListItem.objects.get(codelist="Sector", code="14010"))
    activity = export(authority).find("iati-activity")
    shares = [Decimal(s["percentage"]) for s in attrs(activity, "sector")]
    assert shares == [D("33.34"), D("33.33"), D("33.33")]


@pytest.mark.django_db
def test_public_projects_only_unless_asked(authority, other_authority):
    public = ProjectFactory(authority=authority, visibility="public", title="Public")
    internal = ProjectFactory(authority=authority, visibility="internal", title="Interne")
    ProjectFactory(authority=other_authority, visibility="public", title="Autre ville")
    ids = [a.findtext("iati-identifier") for a in export(authority).findall("iati-activity")]
    assert ids == [f"FR-SIREN-211401186-{public.pk}"]
    every = export(authority, include_internal=True).findall("iati-activity")
    assert [a.findtext("title/narrative") for a in every] == ["Public", "Interne"]
    assert internal.pk  # listed above, in primary-key order


@pytest.mark.django_db
def test_identifier_uses_the_authority_iati_identifier(authority):
    authority.iati_identifier = "FR-SIRET-21140118600019"
    authority.save()
    project = ProjectFactory(authority=authority, visibility="public")
    activity = export(authority).find("iati-activity")
    assert activity.findtext("iati-identifier") == f"FR-SIRET-21140118600019-{project.pk}"
    assert activity.find("reporting-org").get("ref") == "FR-SIRET-21140118600019"


@pytest.mark.django_db
def test_projects_argument_narrows_the_file(authority):
    first = ProjectFactory(authority=authority, visibility="internal")
    ProjectFactory(authority=authority, visibility="public")
    out = BytesIO()
    assert iati.write_activities(authority, out, projects=[first.pk]) == 1


@pytest.mark.django_db
def test_queries_are_fixed_per_chunk(authority):
    """QUERIES_PER_CHUNK per chunk, plus the empty chunk that ends the loop: no N+1."""

    def count(n_projects: int) -> int:
        for _ in range(n_projects - Project.objects.count()):
            project = full_project(authority)
            IndicatorFactory(result=project.results.get())
        with CaptureQueriesContext(connection) as ctx:
            iati.write_activities(authority, BytesIO(), chunk_size=2)
        return len(ctx.captured_queries)

    assert count(2) == iati.QUERIES_PER_CHUNK + 1
    assert count(5) == 3 * iati.QUERIES_PER_CHUNK  # the last chunk is short: no extra query
    assert count(6) == 3 * iati.QUERIES_PER_CHUNK + 1


@pytest.mark.django_db
def test_demo_authority_file_is_valid():
    call_command("load_demo", stdout=StringIO(), verbosity=0)
    demo = Authority.objects.get(slug="bellerive")
    out = BytesIO()
    count = iati.write_activities(demo, out, include_internal=True)
    assert count == Project.objects.filter(authority=demo).count() > 0
    report = iati.validate(out.getvalue())
    assert report.valid, report.errors
    assert report.activities == count


def test_real_published_file_is_valid():
    report = iati.validate(SAMPLE)
    assert report.valid, report.errors
    assert report.activities == 1


def test_broken_file_is_refused_with_lines():
    broken = SAMPLE.read_bytes().replace(b"<reporting-org", b"<reporting-organisation", 1)
    broken = broken.replace(b"</reporting-org>", b"</reporting-organisation>", 1)
    report = iati.validate(broken)
    assert not report.valid
    assert report.errors[0].line > 1
    assert "reporting-organisation" in report.errors[0].message


def test_malformed_xml_is_refused():
    report = iati.validate(b"<iati-activities version='2.03'><iati-activity>")
    assert not report.valid
    assert report.errors[0].line == 1


@pytest.mark.django_db
def test_codes_are_in_the_iati_code_lists():
    def codes(codelist: str) -> set[str]:
        return set(CodeListItem.objects.filter(codelist=codelist).values_list("code", flat=True))

    assert {code for _field, code in iati.POLICY_MARKERS} <= codes("PolicyMarker")
    names = dict(
        CodeListItem.objects.filter(codelist="PolicyMarker").values_list("code", "name_en")
    )
    assert [names[code] for _field, code in iati.POLICY_MARKERS] == [
        "Gender Equality",
        "Aid to Environment",
        "Aid Targeting the Objectives of the Convention on Biological Diversity",
        "Disability",
        "Nutrition",
        "Aid Targeting the Objectives of the Framework Convention on Climate Change - Mitigation",
        "Aid Targeting the Objectives of the Framework Convention on Climate Change - Adaptation",
    ]
    assert iati.LOCAL_GOVERNMENT in codes("OrganisationType")
    assert set(iati.ACTIVITY_STATUS.values()) <= codes("ActivityStatus")
    assert {"0", "1", "2"} <= codes("PolicySignificance")


def test_schema_is_loaded_once():
    assert iati.activities_schema() is iati.activities_schema()


def test_split_exactly_and_prorate():
    assert funding.split_exactly(D("100"), 3) == [D("33.34"), D("33.33"), D("33.33")]
    assert funding.split_exactly(D("0.05"), 4) == [D("0.02"), D("0.01"), D("0.01"), D("0.01")]
    assert funding.prorate(D("14500"), [184, 181]) == [D("7309.59"), D("7190.41")]
    assert sum(funding.prorate(D("1000.01"), [1, 1, 1])) == D("1000.01")
    assert funding.year_shares(datetime.date(2024, 12, 31), datetime.date(2025, 1, 2)) == [
        (2024, datetime.date(2024, 12, 31), datetime.date(2024, 12, 31), 1),
        (2025, datetime.date(2025, 1, 1), datetime.date(2025, 1, 2), 2),
    ]


@pytest.mark.django_db
def test_export_iati_command(authority, tmp_path):
    full_project(authority)
    ProjectFactory(authority=authority, visibility="internal")
    path = tmp_path / "iati.xml"
    out = StringIO()
    call_command("export_iati", authority="caen-test", output=str(path), check=True, stdout=out)
    assert "1 activité écrite" in out.getvalue()
    assert "Conforme au schéma IATI 2.03" in out.getvalue()
    assert iati.validate(path).activities == 1
    call_command("export_iati", authority="caen-test", output=str(path), all=True, stdout=out)
    assert iati.validate(path).activities == 2
    with pytest.raises(CommandError):
        call_command("export_iati", authority="inconnue", output=str(path), stdout=out)
