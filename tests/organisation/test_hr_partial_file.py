"""A file listing one directorate only: deactivation needs a second confirmation, erases
nothing, and the next full file brings everybody back with their international profiles."""

from __future__ import annotations

import csv
import datetime
import io
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import formats, timezone

from maillage.core.models import AuditEvent, Role
from maillage.organisation.hr.apply import import_hr
from maillage.organisation.hr.format import COLUMNS
from maillage.organisation.models import Agent
from maillage.skills.models import CallResponse, Profile, ProfileLanguage
from tests.skills.factories import CallResponseFactory, ProfileFactory, SkillCallFactory, speaks

pytestmark = pytest.mark.django_db

URL = "/import-rh/"


def organisation(big: int = 10, small: int = 2) -> list[list[str]]:
    rows = [
        ["service", "D1", "", "Direction de la culture", "direction", "", "", "", ""],
        ["service", "D2", "", "Direction des finances", "direction", "", "", "", ""],
    ]
    rows += [
        ["agent", f"C{i}", "D1", "", "", f"Prénom{i}", f"Culture{i}", f"c{i}@ville.fr", "Agent"]
        for i in range(big)
    ]
    rows += [
        ["agent", f"F{i}", "D2", "", "", f"Prénom{i}", f"Finances{i}", f"f{i}@ville.fr", "Agent"]
        for i in range(small)
    ]
    return rows


def finances_only(rows: list[list[str]]) -> list[list[str]]:
    return [r for r in rows if r[1] == "D2" or r[2] == "D2"]


def as_csv(rows: list[list[str]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


def upload(rows: list[list[str]]) -> SimpleUploadedFile:
    return SimpleUploadedFile("rh.csv", as_csv(rows), content_type="text/csv")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staffed(authority):
    """The whole organisation imported; three culture agents have a profile, one an answer."""
    import_hr(
        authority,
        by=None,
        source=io.BytesIO(as_csv(organisation())),
        filename="rh.csv",
        dry_run=False,
    )
    profiles = []
    for hr_id in ("C0", "C1", "C2"):
        profile = ProfileFactory(agent=Agent.objects.get(authority=authority, hr_id=hr_id))
        speaks(profile, "wo", "B2")
        profiles.append(profile)
    call = SkillCallFactory(project__authority=authority)
    answer = CallResponseFactory(
        call=call, agent=Agent.objects.get(authority=authority, hr_id="C3"), message="Volontiers"
    )
    return {"profiles": profiles, "answer": answer}


def test_the_check_says_what_will_happen_and_when(authority, staffed, users, client_for):
    page = client_for(users[Role.DRI]).post(URL, {"file": upload(finances_only(organisation()))})

    departure = page.context["result"].departure
    assert (departure.agents, departure.active_agents) == (10, 12)
    assert departure.confirmation_required is True
    assert departure.erase_on == timezone.localdate() + datetime.timedelta(days=90)
    assert dict(departure.erased) == {
        "profils internationaux": 3,
        "réponse à un appel à compétences": 1,
    }
    html = page.content.decode().replace("&#x27;", "'")
    assert "10 agents ne figurent plus dans le fichier" in html
    assert f"effacées le {formats.date_format(departure.erase_on)}" in html
    assert "3 profils internationaux" in html
    assert "1 réponse à un appel à compétences" in html
    assert "désactiverait 10 des 12 agents actifs (83 %)" in html
    assert "Seconde confirmation" in html
    assert "jamais supprimés" not in html
    assert "90 jours" in html


def test_partial_file_then_full_file_restores_everything(
    authority, staffed, users, client_for, settings
):
    client = client_for(users[Role.ADMIN])
    preview = client.post(URL, {"file": upload(finances_only(organisation()))})
    token = preview.context["token"]

    # First confirmation alone, then a wrong number: refused, nothing written.
    for extra in ({}, {"confirmed_deactivations": "9"}, {"confirmed_deactivations": "dix"}):
        refused = client.post(URL, {"action": "confirm", "token": token, **extra})
        assert refused.status_code == 200
        assert refused.context["result"].confirmation_missing is True
        assert "saisissez exactement 10" in refused.content.decode()
        assert Agent.objects.filter(authority=authority, active=True).count() == 12
    assert (
        not AuditEvent.objects.filter(object_type="organisation.hr_import")
        .exclude(user=None)
        .exists()
    )

    done = client.post(URL, {"action": "confirm", "token": token, "confirmed_deactivations": "10"})
    assert done.status_code == 302
    gone = Agent.objects.filter(authority=authority, active=False)
    assert gone.count() == 10 and not gone.filter(deactivated_at=None).exists()
    # Nothing erased: profiles, their entries and the answer are all still there.
    assert Profile.objects.filter(pk__in=[p.pk for p in staffed["profiles"]]).count() == 3
    assert ProfileLanguage.objects.filter(profile__in=staffed["profiles"]).count() == 3
    assert CallResponse.objects.filter(pk=staffed["answer"].pk, message="Volontiers").exists()
    # Hidden while inactive: the inventory no longer counts them.
    inventory = client.get(reverse("skills_inventory"))
    assert inventory.context["rows"] == []
    # The scheduled erasure leaves them alone during the grace period.
    out = StringIO()
    call_command("erase_departed_profiles", stdout=out)
    assert "Erased the data of 0 departed agents" in out.getvalue()
    assert Profile.objects.count() == 3

    # The next full file brings everyone back, with everything they had.
    preview = client.post(URL, {"file": upload(organisation())})
    counts = preview.context["result"].counts
    assert counts.agents_reactivated == 10
    assert preview.context["result"].departure is None
    client.post(URL, {"action": "confirm", "token": preview.context["token"]})
    assert Agent.objects.filter(authority=authority, active=True).count() == 12
    assert not Agent.objects.filter(authority=authority).exclude(deactivated_at=None).exists()
    assert Profile.objects.count() == 3
    assert CallResponse.objects.filter(pk=staffed["answer"].pk, message="Volontiers").exists()
    rows = client.get(reverse("skills_inventory")).context["rows"]
    assert [(row.key, row.total) for row in rows] == [("wo", 3)]


def test_erasure_comes_only_after_the_grace_period(authority, staffed, settings):
    partial = io.BytesIO(as_csv(finances_only(organisation())))
    import_hr(
        authority,
        by=None,
        source=partial,
        filename="rh.csv",
        dry_run=False,
        confirmed_deactivations=10,
    )
    settings.HR_DEPARTURE_GRACE_DAYS = 30
    Agent.objects.filter(active=False).update(
        deactivated_at=timezone.now() - datetime.timedelta(days=29)
    )
    call_command("erase_departed_profiles", stdout=StringIO())
    assert Profile.objects.count() == 3
    Agent.objects.filter(active=False).update(
        deactivated_at=timezone.now() - datetime.timedelta(days=31)
    )
    call_command("erase_departed_profiles", stdout=StringIO())
    assert Profile.objects.count() == 0
    assert not CallResponse.objects.filter(pk=staffed["answer"].pk).exists()


def test_small_deactivations_need_no_second_confirmation(authority, staffed):
    rows = [r for r in organisation() if r[1] != "C9"]  # 1 of 12: under 20 %
    result = import_hr(
        authority, by=None, source=io.BytesIO(as_csv(rows)), filename="rh.csv", dry_run=False
    )
    assert result.applied and result.counts.agents_deactivated == 1
    assert result.departure.confirmation_required is False


def test_the_share_is_a_setting(authority, staffed, settings):
    settings.HR_IMPORT_CONFIRM_DEACTIVATION_PERCENT = 90
    partial = io.BytesIO(as_csv(finances_only(organisation())))
    result = import_hr(authority, by=None, source=partial, filename="rh.csv", dry_run=False)
    assert result.applied and result.counts.agents_deactivated == 10


def test_the_command_asks_for_the_number_too(authority, staffed, tmp_path):
    path = tmp_path / "rh.csv"
    path.write_bytes(as_csv(finances_only(organisation())))
    with pytest.raises(CommandError, match="--confirm-deactivations 10"):
        call_command("import_hr", str(path), stdout=StringIO(), stderr=StringIO(), verbosity=0)
    assert Agent.objects.filter(active=False).count() == 0
    out = StringIO()
    call_command("import_hr", str(path), "--confirm-deactivations", "10", stdout=out, verbosity=0)
    assert Agent.objects.filter(active=False).count() == 10
    assert "3 profils internationaux" in out.getvalue()
