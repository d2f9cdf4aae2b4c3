"""Two saves of a shared object built on the same version: the first wins, the second gets a
409 page with both versions field by field and the user's input kept."""

from __future__ import annotations

import threading
from contextlib import nullcontext

import pytest
from django.db import connection, connections

from maillage.core.models import Role

from ..factories import member
from ..shared_objects import EDITS, Edit, form_data, logged_in

THREADS = 4


def _two_editors(authority):
    awa = member(authority, Role.DRI, username="awa", first_name="Awa", last_name="Diop")
    lou = member(authority, Role.DRI, username="lou", first_name="Lou", last_name="Marin")
    return logged_in(awa), logged_in(lou)


@pytest.mark.django_db
@pytest.mark.parametrize("case", EDITS, ids=lambda c: c.name)
def test_second_save_on_the_same_version_gets_both_versions(authority, case: Edit):
    first, second = _two_editors(authority)
    obj = case.make(authority)
    url = case.url(obj)
    # Both open the form at the same version.
    data = form_data(first.get(url).context)
    assert data["version"] == str(obj.version)
    saved = first.post(url, {**data, case.field: "Saisie d'Awa"})
    assert saved.status_code == 302, saved.context and saved.context["form"].errors

    refused = second.post(url, {**data, case.field: "Saisie de Lou"})

    assert refused.status_code == 409
    page = refused.content.decode()
    assert "Cette fiche a été modifiée par Awa Diop" in page
    rows = refused.context["conflict"]["rows"]
    assert [(r["name"], r["yours"], r["saved"]) for r in rows] == [
        (case.field, "Saisie de Lou", "Saisie d'Awa")
    ]
    assert f'<tr data-field="{case.field}">' in page
    assert "Saisie d&#x27;Awa" in page  # the saved version, shown
    # The form keeps what Lou typed, at the saved version: saving again is deliberate.
    form = refused.context["form"]
    assert form[case.field].value() == "Saisie de Lou"
    assert form["version"].value() == str(obj.version + 1)
    obj.refresh_from_db()
    assert (getattr(obj, case.field), obj.version) == ("Saisie d'Awa", 2)
    retry = second.post(url, form_data(refused.context))
    assert retry.status_code == 302
    obj.refresh_from_db()
    assert (getattr(obj, case.field), obj.version) == ("Saisie de Lou", 3)


@pytest.mark.django_db
def test_the_409_page_shows_labels_of_choices(authority):
    first, second = _two_editors(authority)
    case = next(c for c in EDITS if c.name == "meeting")
    meeting = case.make(authority)
    url = case.url(meeting)
    data = form_data(first.get(url).context)
    assert first.post(url, {**data, "status": "cancelled"}).status_code == 302
    refused = second.post(url, {**data, "minutes": "Compte rendu de Lou"})
    assert refused.status_code == 409
    rows = {r["name"]: (r["yours"], r["saved"]) for r in refused.context["conflict"]["rows"]}
    assert rows == {"status": ("Tenue", "Annulée"), "minutes": ("Compte rendu de Lou", "—")}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("case", EDITS, ids=lambda c: c.name)
def test_concurrent_saves_exactly_one_wins(authority, case: Edit):
    """Several threads, each with its own connection, save the same version at once.

    On SQLite an in-memory test database refuses concurrent writers outright, so the threads
    take turns there; on PostgreSQL they really race.
    """
    editors = [logged_in(member(authority, Role.DRI, username=f"dri-{i}")) for i in range(THREADS)]
    obj = case.make(authority)
    url = case.url(obj)
    data = form_data(editors[0].get(url).context)
    start = threading.Barrier(THREADS)
    turns = threading.Lock() if connection.vendor == "sqlite" else nullcontext()
    statuses: list[int] = []

    def save(i: int) -> None:
        try:
            start.wait()
            with turns:
                response = editors[i].post(url, {**data, case.field: f"Saisie {i}"})
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [302] + [409] * (THREADS - 1)
    obj.refresh_from_db()
    assert obj.version == 2
    assert getattr(obj, case.field) in {f"Saisie {i}" for i in range(THREADS)}
