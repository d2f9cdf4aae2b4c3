"""A service counts as mobilised once confirmed; proposals awaiting an answer are shown apart."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from maillage.core.models import Role
from maillage.projects.models import Mobilisation

from ..factories import MobilisationFactory, ProjectFactory, ServiceFactory

pytestmark = pytest.mark.django_db
S = Mobilisation.Status


@pytest.fixture
def project(authority):
    project = ProjectFactory(authority=authority, title="Coopération hydraulique")
    statuses = [S.CONFIRMED, S.CONFIRMED, S.PROPOSED, S.PROPOSED, S.PROPOSED, S.DECLINED]
    for i, status in enumerate(statuses):
        service = ServiceFactory(authority=authority, name=f"Service {i}")
        MobilisationFactory(project=project, service=service, status=status)
    return project


def test_services_tab_counts_confirmed_and_shows_proposed_apart(project, users, client_for):
    response = client_for(users[Role.AGENT]).get(reverse("project_services", args=[project.pk]))
    summary = response.context["transversality"]
    assert (summary.services, summary.proposed) == (2, 3)
    html = response.content.decode()
    block = html[html.index('id="transversality"') :]
    assert '<p class="maillage-stat">2</p><p>services mobilisés</p>' in block
    assert "3 en attente de réponse" in block


def test_services_tab_says_nothing_of_proposals_when_none(authority, users, client_for):
    project = ProjectFactory(authority=authority)
    MobilisationFactory(project=project, status=S.CONFIRMED)
    response = client_for(users[Role.AGENT]).get(reverse("project_services", args=[project.pk]))
    assert response.context["transversality"].services == 1
    assert "en attente de réponse" not in response.content.decode()


def test_project_list_counts_confirmed_and_shows_proposed_apart(project, users, client_for):
    response = client_for(users[Role.AGENT]).get(reverse("project_list"))
    row = response.context["page_obj"].object_list[0]
    assert (row.n_services, row.n_proposed) == (2, 3)
    html = response.content.decode()
    assert '<td class="text-end">2<br><span class="small">3 en attente de réponse</span>' in html


def test_project_list_csv_counts_confirmed_only(project, users, client_for):
    response = client_for(users[Role.AGENT]).get(reverse("project_list") + "?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff")), delimiter=";"))
    column = rows[0].index("services_mobilises")
    assert rows[1][column] == "2"
