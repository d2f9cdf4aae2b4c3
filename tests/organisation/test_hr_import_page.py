"""The HR import page: access, upload preview, confirmation, export download."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from maillage.core.models import AuditEvent, Role
from maillage.core.tenancy import SESSION_KEY
from maillage.organisation.hr.format import COLUMNS
from maillage.organisation.models import Agent, Service
from tests.factories import AgentFactory, ServiceFactory, member

pytestmark = pytest.mark.django_db

URL = "/import-rh/"
ORG = [
    ["service", "D1", "", "Direction générale des services", "direction", "", "", "", ""],
    ["service", "S1", "D1", "Relations internationales", "", "", "", "", ""],
    ["agent", "A1", "S1", "", "", "Élise", "Martin", "elise.martin@caen.fr", "Chargée"],
    ["agent", "A2", "D1", "", "", "Anaïs", "Lefèvre", "", "DGS"],
]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Each test (and each xdist worker) keeps its pending uploads apart.
    settings.MEDIA_ROOT = tmp_path / "media"


def csv_upload(rows: list[list[str]], name: str = "rh.csv") -> SimpleUploadedFile:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode("utf-8"), content_type="text/csv")


def select(client: Client, authority) -> None:
    """Make ``authority`` the current one, as the authority switch does."""
    session = client.session
    session[SESSION_KEY] = authority.pk
    session.save()


def pending_files(settings) -> list[str]:
    folder = settings.MEDIA_ROOT / "hr-imports"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.ADMIN, 200),
        (Role.DRI, 200),
        (Role.AGENT, 403),
        (Role.REFERENT, 403),
        (Role.ELECTED, 403),
        (Role.DIRECTION, 403),
    ],
)
def test_only_admin_and_dri_may_import(users, client_for, role, status):
    response = client_for(users[role]).get(URL)
    assert response.status_code == status
    if status == 200:
        assert 'type="file"' in response.content.decode()
        assert "rattachement" in response.content.decode()


def test_anonymous_is_sent_to_login(client, authority):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={URL}"


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_not_allowed(users, client_for, method):
    response = getattr(client_for(users[Role.ADMIN]), method)(URL)
    assert response.status_code == 405


def test_upload_with_errors_shows_them_by_line_and_keeps_nothing(users, client_for, settings):
    rows = [*ORG, ["agent", "A3", "X404", "", "", "Jean", "Perdu", "jean@", ""]]
    response = client_for(users[Role.DRI]).post(URL, {"file": csv_upload(rows)})

    assert response.status_code == 200
    result = response.context["result"]
    assert [(e.line, e.column) for e in result.errors] == [(6, "courriel"), (6, "rattachement")]
    html = response.content.decode()
    assert "2 erreurs dans le fichier" in html
    assert "<td>6</td>" in html
    assert "« X404 »" in html
    assert "Confirmer l'import" not in html
    assert response.context["token"] is None
    assert pending_files(settings) == []
    assert not Service.objects.exists()


def test_upload_then_confirm_applies_the_import(users, client_for, authority, settings):
    client = client_for(users[Role.ADMIN])
    preview = client.post(URL, {"file": csv_upload(ORG)})

    assert preview.status_code == 200
    counts = preview.context["result"].counts
    assert (counts.services_created, counts.agents_created) == (2, 2)
    assert "Confirmer l'import" in preview.content.decode()
    assert not Service.objects.exists()  # a preview writes nothing
    assert len(pending_files(settings)) == 1

    response = client.post(URL, {"action": "confirm", "token": preview.context["token"]})

    assert response.status_code == 302
    assert response.url == "/organigramme/"
    assert Service.objects.filter(authority=authority).count() == 2
    assert Agent.objects.filter(authority=authority, active=True).count() == 2
    event = AuditEvent.objects.get(object_type="organisation.hr_import")
    assert (event.authority, event.user) == (authority, users[Role.ADMIN])
    assert "2 créés" in [str(m) for m in get_messages(response.wsgi_request)][0]
    assert pending_files(settings) == []
    # The token is spent: confirming again does nothing more.
    again = client.post(URL, {"action": "confirm", "token": preview.context["token"]})
    assert again.status_code == 302 and again.url == URL
    assert AuditEvent.objects.filter(object_type="organisation.hr_import").count() == 1


def test_upload_xlsx_then_confirm(users, client_for, authority):
    workbook = openpyxl.Workbook()
    workbook.active.append(list(COLUMNS))
    for row in ORG:
        workbook.active.append(row)
    data = io.BytesIO()
    workbook.save(data)
    upload = SimpleUploadedFile("rh.xlsx", data.getvalue())

    client = client_for(users[Role.ADMIN])
    preview = client.post(URL, {"file": upload})

    assert preview.context["result"].valid
    assert preview.context["result"].counts.agents_created == 2
    response = client.post(URL, {"action": "confirm", "token": preview.context["token"]})
    assert response.status_code == 302
    assert Agent.objects.filter(authority=authority).count() == 2


def test_a_token_from_another_session_cannot_be_confirmed(users, client_for, authority):
    preview = client_for(users[Role.ADMIN]).post(URL, {"file": csv_upload(ORG)})
    token = preview.context["token"]
    intruder = Client()
    intruder.force_login(users[Role.DRI])

    response = intruder.post(URL, {"action": "confirm", "token": token}, follow=True)

    assert "n'est plus disponible" in response.content.decode().replace("&#x27;", "'")
    assert not Service.objects.exists()


def test_a_token_cannot_be_confirmed_in_another_authority(
    users, client_for, authority, other_authority
):
    user = users[Role.ADMIN]
    member(other_authority, Role.ADMIN, username=user.username)
    client = client_for(user)
    select(client, authority)
    preview = client.post(URL, {"file": csv_upload(ORG)})
    assert preview.wsgi_request.authority == authority
    select(client, other_authority)

    response = client.post(URL, {"action": "confirm", "token": preview.context["token"]})

    assert response.status_code == 302 and response.url == URL
    assert not Service.objects.exists()
    # Back in the authority it was checked for, the same file can still be confirmed.
    select(client, authority)
    client.post(URL, {"action": "confirm", "token": preview.context["token"]})
    assert Service.objects.filter(authority=authority).count() == 2
    assert not Service.objects.filter(authority=other_authority).exists()


def test_a_forged_token_is_refused(users, client_for):
    client = client_for(users[Role.ADMIN])
    client.post(URL, {"file": csv_upload(ORG)})
    response = client.post(URL, {"action": "confirm", "token": "forged"})
    assert response.status_code == 302 and response.url == URL
    assert not Service.objects.exists()


def test_import_goes_to_the_current_authority_only(users, client_for, authority, other_authority):
    theirs = AgentFactory(hr_id="A1", service=ServiceFactory(authority=other_authority, hr_id="S1"))
    client = client_for(users[Role.ADMIN])
    preview = client.post(URL, {"file": csv_upload(ORG)})
    client.post(URL, {"action": "confirm", "token": preview.context["token"]})
    # A second file without A1 deactivates it here, never in the other authority.
    preview = client.post(URL, {"file": csv_upload([r for r in ORG if r[1] != "A1"])})
    # One of two agents is half of them: the number must be confirmed.
    refused = client.post(URL, {"action": "confirm", "token": preview.context["token"]})
    assert refused.status_code == 200 and refused.context["result"].confirmation_missing
    assert Agent.objects.get(authority=authority, hr_id="A1").active is True
    confirmed = {"action": "confirm", "token": preview.context["token"]}
    client.post(URL, {**confirmed, "confirmed_deactivations": "1"})

    assert Agent.objects.get(authority=authority, hr_id="A1").active is False
    theirs.refresh_from_db()
    assert theirs.active is True
    assert Service.objects.filter(authority=other_authority).count() == 1


def test_only_csv_and_xlsx_are_accepted(users, client_for):
    upload = SimpleUploadedFile("rh.xls", b"\xd0\xcf\x11\xe0 old excel")
    response = client_for(users[Role.ADMIN]).post(URL, {"file": upload})
    assert response.status_code == 200
    assert "Seuls les fichiers .csv et .xlsx" in response.content.decode()
    assert response.context["result"] is None


def test_upload_size_is_limited(users, client_for, settings):
    settings.HR_IMPORT_MAX_UPLOAD_BYTES = 100
    response = client_for(users[Role.ADMIN]).post(URL, {"file": csv_upload(ORG)})
    assert "au-delà du maximum" in response.content.decode()
    assert response.context["result"] is None
    assert not Service.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_current_organisation_can_be_downloaded(users, client_for, authority, fmt):
    ServiceFactory(authority=authority, hr_id="D9", name="Direction Culture", kind="directorate")
    response = client_for(users[Role.DRI]).get(URL, {"modele": fmt})

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    data = b"".join(response.streaming_content)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
        rows = [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == list(COLUMNS)
    assert rows[1][:5] == ["service", "D9", "", "Direction Culture", "direction"]
