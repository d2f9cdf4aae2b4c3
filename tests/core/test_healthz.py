import contextlib

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError, connection


@pytest.mark.django_db
def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405


@contextlib.contextmanager
def read_only_database():
    """Make the test's connection refuse writes, as a replica or a read-only file would."""
    if connection.vendor == "postgresql":
        # Allowed mid-transaction; the test's own transaction ends it at rollback.
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION READ ONLY")
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA query_only = ON")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = OFF")


@pytest.mark.django_db
def test_healthz_reports_a_read_only_database(client):
    with read_only_database():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "read-only"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_write_probe_leaves_nothing_behind(client):
    assert client.get("/healthz").status_code == 200
    assert not Session.objects.filter(session_key__startswith="healthz-").exists()


@pytest.mark.django_db
def test_healthz_reports_an_unreachable_database(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}
