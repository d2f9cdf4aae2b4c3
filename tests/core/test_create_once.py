"""A create form posted twice (double click, reload, two racing requests) creates one object."""

from __future__ import annotations

import threading
from contextlib import nullcontext

import pytest
from django.db import connection, connections

from maillage.core.models import Role
from maillage.projects.models import SubmittedForm

from ..factories import member
from ..shared_objects import CREATES, Create, form_data, logged_in


def _filled_form(client, authority, case: Create) -> tuple[str, dict]:
    url = case.url(authority)
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.context)
    assert data["form_token"]
    return url, {**data, **case.values}


@pytest.mark.django_db
@pytest.mark.parametrize("case", CREATES, ids=lambda c: c.name)
def test_the_same_form_posted_twice_creates_one_object(authority, case: Create):
    client = logged_in(member(authority, Role.DRI))
    url, data = _filled_form(client, authority, case)
    before = case.model.objects.count()

    first = client.post(url, data)
    assert first.status_code == 302, first.context and first.context["form"].errors
    second = client.post(url, data, follow=True)

    assert case.model.objects.count() == before + 1
    # The second answer leads where the first did, and says the form was already saved.
    assert second.redirect_chain[0][0] == first.url
    assert "Ce formulaire avait déjà été enregistré" in second.content.decode()
    # A new rendering of the form has a new token: it creates another object.
    _url, again = _filled_form(client, authority, case)
    assert again["form_token"] != data["form_token"]


@pytest.mark.django_db
def test_a_refused_creation_leaves_the_token_free(authority):
    """Invalid input creates nothing and keeps the token usable once corrected."""
    client = logged_in(member(authority, Role.DRI))
    case = next(c for c in CREATES if c.name == "project")
    url, data = _filled_form(client, authority, case)
    refused = client.post(url, {**data, "title": ""})
    assert refused.status_code == 200
    assert refused.context["form"]["form_token"].value() == data["form_token"]
    assert client.post(url, data).status_code == 302
    assert SubmittedForm.objects.count() == 1


@pytest.mark.django_db
def test_tokens_are_kept_per_authority(authority, other_authority):
    case = next(c for c in CREATES if c.name == "committee")
    client = logged_in(member(authority, Role.DRI))
    url, data = _filled_form(client, authority, case)
    assert client.post(url, data).status_code == 302
    elsewhere = logged_in(member(other_authority, Role.DRI, username="ailleurs"))
    assert elsewhere.post(url, data).status_code == 302
    assert case.model.objects.filter(authority=other_authority).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", ["project", "decision", "budget line"])
def test_racing_posts_of_the_same_form_create_one_object(authority, name):
    """Threads with their own connections post the same token at once (in turns on SQLite,
    whose in-memory test database refuses concurrent writers)."""
    case = next(c for c in CREATES if c.name == name)
    client = logged_in(member(authority, Role.DRI))
    url, data = _filled_form(client, authority, case)
    before = case.model.objects.count()
    start = threading.Barrier(3)
    turns = threading.Lock() if connection.vendor == "sqlite" else nullcontext()
    locations: list[str] = []

    def post() -> None:
        try:
            start.wait()
            with turns:
                response = logged_in(client_user).post(url, data)
            locations.append(response.headers.get("Location", str(response.status_code)))
        finally:
            connections.close_all()

    client_user = member(authority, Role.DRI, username="double-clic")
    threads = [threading.Thread(target=post) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert case.model.objects.count() == before + 1
    assert len(locations) == 3 and len(set(locations)) == 1
