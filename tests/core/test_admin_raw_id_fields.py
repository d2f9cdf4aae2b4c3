"""A raw id field of the admin never names another authority's object."""

from __future__ import annotations

import pytest

from maillage.core.models import Role
from maillage.skills.models import SkillCall

from ..factories import ProjectFactory, member

ADD = "/admin/skills/skillcall/add/"


@pytest.fixture
def admin_client(authority, client_for):
    return client_for(member(authority, Role.ADMIN, username="authority-admin"))


@pytest.mark.django_db
def test_add_page_names_a_project_of_the_authority(authority, admin_client):
    mine = ProjectFactory(authority=authority, title="Projet de Caen")
    response = admin_client.get(f"{ADD}?project={mine.pk}")
    assert response.status_code == 200
    assert "Projet de Caen" in response.content.decode()


@pytest.mark.django_db
def test_add_page_does_not_name_another_authoritys_project(other_authority, admin_client):
    theirs = ProjectFactory(authority=other_authority, title="Projet secret")
    response = admin_client.get(f"{ADD}?project={theirs.pk}")
    assert response.status_code == 200
    assert "Projet secret" not in response.content.decode()


@pytest.mark.django_db
def test_posting_another_authoritys_project_is_refused_without_naming_it(
    authority, other_authority, admin_client
):
    theirs = ProjectFactory(authority=other_authority, title="Projet secret")
    response = admin_client.post(
        ADD,
        {
            "project": theirs.pk,
            "title": "Appel",
            "effort_days": "1",
            "audience": "all",
            "status": "open",
        },
    )
    assert response.status_code == 200
    assert "project" in response.context["adminform"].form.errors
    assert "Projet secret" not in response.content.decode()
    assert not SkillCall.objects.exists()


@pytest.mark.django_db
def test_an_id_that_is_not_a_number_shows_nothing(admin_client):
    response = admin_client.get(f"{ADD}?project=abc")
    assert response.status_code == 200
