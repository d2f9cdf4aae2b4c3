"""The export pages: index, IATI file, e-APD preview and files, Atlas sheet and CSV."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from maillage.core.models import Role
from maillage.interop import iati
from maillage.projects.models import Project

from ..factories import CommitmentFactory, PaymentFactory, ProjectFactory
from .factories import full_project

MARKER = "Zyxqwv"
LAST_YEAR = timezone.localdate().year - 1


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
def test_header_shows_exports_to_exporters_only(authority, users, client_for):
    assert reverse("exports") in client_for(users[Role.DIRECTION]).get("/").content.decode()
    assert reverse("exports") not in client_for(users[Role.AGENT]).get("/").content.decode()


@pytest.mark.django_db
def test_index_lists_the_three_exports(authority, users, client_for):
    ProjectFactory(authority=authority, visibility="public")
    page = client_for(users[Role.DRI]).get(reverse("exports")).content.decode()
    for name in ("export_eapd", "export_atlas_csv", "export_iati"):
        assert reverse(name) in page
    assert "1 projet public figure dans le fichier" in page


# --- IATI --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_iati_page_counts_public_activities(authority, users, client_for):
    ProjectFactory.create_batch(2, authority=authority, visibility="public")
    ProjectFactory(authority=authority)
    page = client_for(users[Role.DIRECTION]).get(reverse("export_iati")).content.decode()
    assert "<strong>2</strong> projets publics" in page
    assert "FR-SIREN-211401186" in page
    assert 'name="internes"' not in page  # the full file is for the DRI and admin
    page = client_for(users[Role.DRI]).get(reverse("export_iati")).content.decode()
    assert 'name="internes"' in page


@pytest.mark.django_db
def test_download_streams_a_valid_file(authority, users, client_for):
    full_project(authority)
    ProjectFactory(authority=authority, title=f"Interne {MARKER}")
    client = client_for(users[Role.DIRECTION])
    response = client.get(reverse("export_iati_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert "attachment" in response["Content-Disposition"]
    data = body(response)
    assert iati.validate(data).activities == 1
    assert MARKER.encode() not in data
    # The full file, for the DRI only.
    assert client.get(reverse("export_iati_download") + "?internes=1").status_code == 403
    dri = client_for(users[Role.DRI])
    full = body(dri.get(reverse("export_iati_download") + "?internes=1"))
    assert iati.validate(full).activities == 2
    assert MARKER.encode() in full


@pytest.mark.django_db
def test_download_holds_only_the_current_authority(authority, other_authority, client_for):
    from ..factories import member

    ProjectFactory(authority=authority, visibility="public", title=f"Projet {MARKER}")
    outsider = member(other_authority, Role.ADMIN, username="outsider")
    data = body(client_for(outsider).get(reverse("export_iati_download") + "?internes=1"))
    assert iati.validate(data).activities == 0
    assert MARKER.encode() not in data


@pytest.mark.django_db
def test_check_says_conform(authority, users, client_for):
    full_project(authority)
    page = client_for(users[Role.DRI]).get(reverse("export_iati_check")).content.decode()
    assert "Conforme au schéma IATI 2.03" in page
    assert "1 activité vérifiée" in page


@pytest.mark.django_db
def test_check_lists_errors(authority, users, client_for, monkeypatch):
    full_project(authority)
    monkeypatch.setattr(iati, "ACTIVITY_STATUS", dict.fromkeys(Project.Status, "") | {})

    def broken(activity, *args):
        element = original(activity, *args)
        element.remove(element.find("activity-status"))
        return element

    original = iati.activity_element
    monkeypatch.setattr(iati, "activity_element", broken)
    page = client_for(users[Role.DRI]).get(reverse("export_iati_check")).content.decode()
    assert "pas conforme au schéma IATI 2.03" in page
    assert "activity-status" in page


@pytest.mark.django_db
def test_public_file_of_a_publishing_authority(authority, client):
    full_project(authority)
    ProjectFactory(authority=authority, title=f"Interne {MARKER}")
    url = reverse("public_iati", args=["caen-test"])
    assert client.get(url).status_code == 404  # the authority does not publish
    authority.publishes = True
    authority.save()
    response = client.get(url)
    assert response.status_code == 200
    data = body(response)
    root = etree.fromstring(data)
    assert [a.findtext("title/narrative") for a in root] == ["Eau potable à Thiès"]
    assert MARKER.encode() not in data
    assert client.get(reverse("public_iati", args=["inconnue"])).status_code == 404


# --- e-APD -------------------------------------------------------------------------------------


def pay(project, when: datetime.date, amount: str) -> None:
    commitment = CommitmentFactory(project=project, date=when, amount=Decimal(amount))
    PaymentFactory(commitment=commitment, date=when, amount=Decimal(amount))


@pytest.mark.django_db
def test_eapd_page_defaults_to_last_year(authority, users, client_for):
    """In 2025 full_project has 4,000 + 3,000.01 € paid and 4 days × 250 € worked: 8,000.01 €,
    SN 6,000.00 and MA 2,000.01, reconciled with the payments list (7,000.01 €)."""
    project = full_project(authority)
    response = client_for(users[Role.DIRECTION]).get(reverse("export_eapd") + "?annee=2025")
    assert response.context["year"] == 2025
    page = response.content.decode()
    assert "8\xa0000,01" in page
    assert "Sénégal (SN)" in page
    assert "12002 — " in page
    assert "14030 — " in page
    assert f'href="{reverse("project_detail", args=[project.pk])}"' in page
    assert "Comment les montants sont calculés" in page
    reconciliation = page[page.index('id="eapd-reconciliation"') :]
    assert "7\xa0000,01 €" in reconciliation  # the payments list
    assert "1\xa0000,00 €" in reconciliation  # the worked days
    assert 'id="eapd-country-total"><strong>8\xa0000,01</strong>' in page
    assert "égale les paiements et les jours travaillés" in page
    assert response.context["payments_total"] == Decimal("7000.01")
    assert [(c, a) for c, _n, a in response.context["by_country"]] == [
        ("SN", Decimal("6000.00")),
        ("MA", Decimal("2000.01")),
    ]
    default = client_for(users[Role.DIRECTION]).get(reverse("export_eapd"))
    assert default.context["year"] == LAST_YEAR


@pytest.mark.django_db
def test_eapd_page_lists_what_to_complete_with_links(authority, users, client_for):
    project = ProjectFactory(authority=authority, title="Projet incomplet")
    pay(project, datetime.date(2025, 5, 5), "100")
    url = reverse("export_eapd") + "?annee=2025"
    page = client_for(users[Role.DRI]).get(url).content.decode()
    assert 'id="eapd-blocking"' in page
    assert "Projet incomplet" in page
    edit = reverse("project_edit", args=[project.pk])
    for anchor in ("id_partners_implementing", "id_dac_sectors", "id_policy_areas"):
        assert f'href="{edit}#{anchor}"' in page
    assert "id_apd_channel" not in page  # a provider's line has its channel (61000)
    page = client_for(users[Role.DIRECTION]).get(url).content.decode()
    assert edit not in page
    assert "Demandez à l'équipe des relations internationales" in page


@pytest.mark.django_db
def test_eapd_files_wait_for_every_cell(authority, users, client_for):
    project = ProjectFactory(authority=authority, title="Projet incomplet")
    pay(project, datetime.date(2025, 5, 5), "100")
    client = client_for(users[Role.DRI])
    for name in ("export_eapd_csv", "export_eapd_xlsx"):
        response = client.get(reverse(name) + "?annee=2025")
        assert response.status_code == 409
        assert response["Content-Type"].startswith("text/html")
        page = response.content.decode()
        assert 'id="eapd-blocked"' in page
        assert f"{reverse('project_edit', args=[project.pk])}#id_dac_sectors" in page


@pytest.mark.django_db
def test_eapd_page_empty_state_and_bad_year(authority, users, client_for):
    client = client_for(users[Role.DRI])
    response = client.get(reverse("export_eapd") + "?annee=abc")
    assert response.context["year"] == LAST_YEAR
    assert "Rien à déclarer" in response.content.decode()
    assert client.get(reverse("export_eapd") + "?annee=1800").context["year"] == LAST_YEAR


@pytest.mark.django_db
def test_eapd_files(authority, users, client_for):
    full_project(authority)
    client = client_for(users[Role.DIRECTION])
    response = client.get(reverse("export_eapd_csv") + "?annee=2025")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffAnnée;SIREN de la collectivité;")
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert [line[11] for line in lines[1:]] == [
        "250,00",
        "250,00",
        "750,01",
        "750,00",
        "250,00",
        "250,00",
        "2000,00",
        "2000,00",
        "750,00",
        "750,00",
    ]
    response = client.get(reverse("export_eapd_xlsx") + "?annee=2025")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["e-APD 2025"]
    assert sheet.max_row == 11


@pytest.mark.django_db
def test_eapd_xlsx_holds_only_the_current_authority(authority, other_authority, client_for):
    from ..factories import member

    full_project(authority, title=f"Projet {MARKER}", start_date=datetime.date(LAST_YEAR, 1, 1))
    outsider = member(other_authority, Role.ADMIN, username="outsider")
    response = client_for(outsider).get(reverse("export_eapd_xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1


@pytest.mark.django_db
def test_project_form_saves_the_declaration_fields(authority, users, client_for):
    project = ProjectFactory(authority=authority)
    client = client_for(users[Role.DRI])
    page = client.get(reverse("project_edit", args=[project.pk])).content.decode()
    assert 'value="12002"' in page
    data = {
        "title": project.title,
        "kind": project.kind,
        "visibility": project.visibility,
        "version": str(project.version),
        **dict.fromkeys(Project.MARKER_FIELDS, "0"),
        "apd_channel": "22000",
        "apd_legal_basis": "1pc-waste",
    }
    response = client.post(reverse("project_edit", args=[project.pk]), data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.apd_channel, project.apd_legal_basis) == ("22000", "1pc-waste")
    data |= {"apd_channel": "99999", "version": str(project.version)}
    response = client.post(reverse("project_edit", args=[project.pk]), data)
    assert response.status_code == 200  # not a channel of the list


# --- Atlas -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_atlas_sheet(authority, users, client_for):
    project = full_project(authority)
    page = client_for(users[Role.AGENT]).get(reverse("project_atlas_sheet", args=[project.pk]))
    text = page.content.decode()
    for expected in (
        "Ville de Thiès",
        "ONG Al Maa",
        "Sénégal",
        "Maroc",
        "044 — ",
        "ODD 6",
        "Diallo",
        "Eau et assainissement",
        "Accès à l&#x27;eau potable",
    ):
        assert expected in text, expected
    assert (
        reverse("project_atlas_sheet", args=[project.pk])
        in client_for(users[Role.AGENT])
        .get(reverse("project_detail", args=[project.pk]))
        .content.decode()
    )


@pytest.mark.django_db
def test_atlas_csv(authority, other_authority, users, client_for):
    project = full_project(authority)
    ProjectFactory(authority=other_authority, title=f"Projet {MARKER}")
    response = client_for(users[Role.DRI]).get(reverse("export_atlas_csv"))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffid;intitule;")
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(lines) == 2
    row = dict(zip(lines[0], lines[1], strict=True))
    assert row["id"] == str(project.pk)
    assert row["partenaires"] == "ONG Al Maa ; Ville de Thiès"
    assert row["pays"] == "Maroc ; Sénégal"
    assert row["odd"] == "ODD 5 ; ODD 6"
    assert row["service_pilote"] == "Eau et assainissement"
    assert MARKER not in text


@pytest.mark.django_db
def test_eapd_page_says_whose_local_government_and_spells_the_markers(authority, users, client_for):
    """The CRS list names 11002 and 12002 alike ("Local Government"): the page tells the
    authority's own staff time (donor side) from the partner city (recipient side)."""
    full_project(authority)
    page = client_for(users[Role.DIRECTION]).get(f"{reverse('export_eapd')}?annee=2025").text
    assert "11002 — Gouvernement local du pays donneur : la collectivité elle-même" in page
    assert "12002 — Gouvernement local du pays partenaire" in page
    assert 'id="eapd-markers-legend"' in page
    assert "NE non examiné (ce n'est pas un 0)" in page
