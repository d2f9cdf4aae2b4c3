"""Large HR files: checked and applied by the task worker, followed on a progress page."""

from __future__ import annotations

import csv
import io
import tracemalloc
from io import StringIO

import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from maillage.core.models import AuditEvent, Role
from maillage.organisation import hr_runs
from maillage.organisation.hr.format import COLUMNS
from maillage.organisation.models import Agent, HrImportRun, Service
from tests.factories import member

pytestmark = pytest.mark.django_db

URL = "/import-rh/"


def organisation(agents: int) -> list[list[str]]:
    rows = [["service", "D1", "", "Direction générale", "direction", "", "", "", ""]]
    rows += [
        ["agent", f"A{i}", "D1", "", "", f"Prénom{i}", f"Nom{i}", "", "Agent"]
        for i in range(agents)
    ]
    return rows


def upload(rows: list[list[str]], name: str = "rh.csv") -> SimpleUploadedFile:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode("utf-8"), content_type="text/csv")


@pytest.fixture(autouse=True)
def _background_from_five_rows(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.HR_IMPORT_BACKGROUND_ROWS = 5


def stored_files(settings) -> list[str]:
    folder = settings.MEDIA_ROOT / "hr-imports"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_large_file_is_checked_then_applied_in_the_background(
    authority, users, client_for, settings
):
    client = client_for(users[Role.DRI])
    response = client.post(URL, {"file": upload(organisation(8))})

    run = HrImportRun.objects.get()
    assert response.status_code == 302 and response.url == f"/import-rh/suivi/{run.pk}/"
    # The test settings run tasks at once: the check is done.
    assert run.status == HrImportRun.Status.CHECKED
    assert (run.rows_done, run.user, run.authority) == (9, users[Role.DRI], authority)
    page = client.get(response.url)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert page.context["result"].counts.agents_created == 8
    assert "Confirmer l'import" in page.content.decode()
    assert not Agent.objects.exists()

    confirmed = client.post(response.url)
    assert confirmed.status_code == 302
    run.refresh_from_db()
    assert run.status == HrImportRun.Status.APPLIED and run.stored_name == ""
    assert Agent.objects.filter(authority=authority, active=True).count() == 8
    event = AuditEvent.objects.get(object_type="organisation.hr_import")
    assert event.user == users[Role.DRI]
    done = client.get(response.url).content.decode()
    assert "Import RH enregistré" in done and "8 créés" in done
    assert stored_files(settings) == []
    # Confirming twice does nothing more.
    client.post(response.url)
    assert AuditEvent.objects.filter(object_type="organisation.hr_import").count() == 1


def test_a_small_file_is_still_checked_in_the_request(authority, users, client_for):
    response = client_for(users[Role.DRI]).post(URL, {"file": upload(organisation(3))})
    assert response.status_code == 200 and response.context["token"]
    assert not HrImportRun.objects.exists()


def test_a_running_check_refreshes_itself_without_script(authority, users, client_for):
    run = HrImportRun.objects.create(
        authority=authority, user=users[Role.DRI], filename="rh.csv", rows_done=5, rows_total=10
    )
    page = client_for(users[Role.DRI]).get(f"/import-rh/suivi/{run.pk}/")
    html = page.content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert '<progress max="100" value="50">' in html
    assert "5 lignes sur 10" in html


def test_an_invalid_large_file_shows_its_errors_and_keeps_nothing(
    authority, users, client_for, settings
):
    rows = [*organisation(8), ["agent", "A99", "X404", "", "", "Jean", "Perdu", "", ""]]
    response = client_for(users[Role.DRI]).post(URL, {"file": upload(rows)})
    run = HrImportRun.objects.get()
    assert run.status == HrImportRun.Status.FAILED
    page = client_for(users[Role.DRI]).get(response.url)
    assert [(e.line, e.column) for e in page.context["result"].errors] == [(11, "rattachement")]
    assert "Confirmer l'import" not in page.content.decode()
    assert stored_files(settings) == []
    assert not Service.objects.exists()


def test_only_who_uploaded_may_confirm(authority, users, client_for):
    client_for(users[Role.DRI]).post(URL, {"file": upload(organisation(8))})
    run = HrImportRun.objects.get()
    other = Client()
    other.force_login(users[Role.ADMIN])
    page = other.get(f"/import-rh/suivi/{run.pk}/")
    assert "Confirmer l'import" not in page.content.decode()
    other.post(f"/import-rh/suivi/{run.pk}/")
    run.refresh_from_db()
    assert run.status == HrImportRun.Status.CHECKED
    assert not Agent.objects.exists()


def test_another_authority_cannot_see_the_run(authority, other_authority, users, client_for):
    client_for(users[Role.DRI]).post(URL, {"file": upload(organisation(8))})
    run = HrImportRun.objects.get()
    stranger = Client()
    stranger.force_login(member(other_authority, Role.ADMIN, username="stranger"))
    assert stranger.get(f"/import-rh/suivi/{run.pk}/").status_code == 404
    assert stranger.post(f"/import-rh/suivi/{run.pk}/").status_code == 404


def test_a_large_deactivation_needs_the_number_in_the_background_too(authority, users, client_for):
    client = client_for(users[Role.DRI])
    client.post(URL, {"file": upload(organisation(10))})
    client.post(f"/import-rh/suivi/{HrImportRun.objects.get().pk}/")
    assert Agent.objects.filter(active=True).count() == 10
    client.post(URL, {"file": upload(organisation(6))})
    run = HrImportRun.objects.latest("pk")
    page = client.get(f"/import-rh/suivi/{run.pk}/")
    assert page.context["result"].departure.confirmation_required
    assert "Seconde confirmation" in page.content.decode()
    client.post(f"/import-rh/suivi/{run.pk}/")  # without the number
    run.refresh_from_db()
    assert run.status == HrImportRun.Status.CHECKED
    assert run.result["confirmation_missing"] is True
    assert Agent.objects.filter(active=True).count() == 10
    client.post(f"/import-rh/suivi/{run.pk}/", {"confirmed_deactivations": "4"})
    run.refresh_from_db()
    assert run.status == HrImportRun.Status.APPLIED
    assert Agent.objects.filter(active=True).count() == 6


# Committed for real: the worker closes its database connection between tasks, as in production.
@pytest.mark.django_db(transaction=True)
def test_the_database_backend_and_its_worker_run_an_import(authority, users, settings):
    """The real queue: the page enqueues, `db_worker --batch` runs the check, then the apply."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = Client()
    client.force_login(users[Role.ADMIN])
    response = client.post(URL, {"file": upload(organisation(8))})
    run = HrImportRun.objects.get()
    assert run.status == HrImportRun.Status.CHECKING  # queued, not run
    assert "Vérification en cours" in client.get(response.url).content.decode()

    worker = ["db_worker", "--batch", "--no-startup-delay", "--no-reload"]
    call_command(*worker, stdout=StringIO(), stderr=StringIO())
    run.refresh_from_db()
    assert run.status == HrImportRun.Status.CHECKED
    client.post(response.url)
    assert not Agent.objects.exists()
    call_command(*worker, stdout=StringIO(), stderr=StringIO())
    run.refresh_from_db()
    assert run.status == HrImportRun.Status.APPLIED
    assert Agent.objects.filter(authority=authority).count() == 8


def test_a_large_file_is_checked_with_bounded_memory(authority, users, settings, tmp_path):
    """250,000 agents (12 MB): the background check streams the file; what it keeps is the
    rows themselves (as small tuples), not the file, its lines or its cells. (The benchmark
    imports 300,000 rows and reports the peak; this bound is the same per row as its target.)"""
    settings.HR_IMPORT_BACKGROUND_ROWS = 20_000
    path = tmp_path / "rh.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(";".join(COLUMNS) + "\n")
        f.write("service;D1;;Direction générale;direction;;;;\n")
        f.writelines(f"agent;A{i};D1;;;Prénom{i};Nom{i};;Agent\n" for i in range(250_000))
    size = path.stat().st_size
    assert size > 11_000_000

    tracemalloc.start()
    with path.open("rb") as stream:
        run = hr_runs.start_check(authority, by=users[Role.DRI], upload=File(stream, name="rh.csv"))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    run.refresh_from_db()
    assert run.status == HrImportRun.Status.CHECKED, run.result
    assert run.result["rows"] == 250_001
    assert run.result["counts"]["agents_created"] == 250_000
    assert run.rows_done == 250_001
    assert peak < 125 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"


def test_the_progress_page_has_a_fixed_query_budget(authority, users, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(users[Role.DRI])
    counts = []
    for errors in (1, 200):
        run = HrImportRun.objects.create(
            authority=authority,
            user=users[Role.DRI],
            filename="rh.csv",
            status=HrImportRun.Status.FAILED,
            result={
                "filename": "rh.csv",
                "rows": errors,
                "counts": None,
                "errors": [[i + 2, "nom", "Nom manquant"] for i in range(errors)],
                "error_count": errors,
                "applied": False,
                "departure": None,
            },
        )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/import-rh/suivi/{run.pk}/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
