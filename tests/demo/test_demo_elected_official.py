"""The demo's elected official carries projects, chairs a committee and takes part in a mission."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from maillage.core.models import Authority, User
from maillage.demo import projects_data
from maillage.governance.models import CommitteeMember, Meeting
from maillage.organisation.models import ElectedOfficial
from maillage.projects.models import Mission, ProjectCarrier


@pytest.fixture
def demo(db) -> Authority:
    call_command("load_demo", verbosity=0)
    return Authority.objects.get(slug="bellerive")


def test_the_elected_login_carries_chairs_and_travels(demo, client):
    user = User.objects.get(username="elected")
    official = ElectedOfficial.objects.get(authority=demo, user=user)
    carried = {
        c.project.title: c.role
        for c in ProjectCarrier.objects.filter(official=official).select_related("project")
    }
    assert carried[projects_data.THIES_PROJECT] == ProjectCarrier.Role.LEAD
    assert carried[projects_data.YOUTH_PROJECT] == ProjectCarrier.Role.CO
    seat = CommitteeMember.objects.get(
        elected_official=official, position=CommitteeMember.Position.CHAIR
    )
    assert Meeting.objects.filter(committee=seat.committee, status=Meeting.Status.PLANNED).exists()
    missions = Mission.objects.filter(elected_officials=official)
    assert missions.filter(direction=Mission.Direction.OUTGOING).exists()
    assert missions.filter(direction=Mission.Direction.INCOMING).exists()
    # A second load changes nothing of it.
    before = set(ProjectCarrier.objects.values_list("project_id", "official_id", "role"))
    call_command("load_demo", verbosity=0)
    assert set(ProjectCarrier.objects.values_list("project_id", "official_id", "role")) == before
    # Her home page and her brief show it.
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert projects_data.THIES_PROJECT in html
    assert seat.committee.name.replace("'", "&#x27;") in html
    assert client.get(reverse("elected_brief", args=[official.pk])).status_code == 200
