"""A mission's direction names its country: "Mission au Sénégal", "Délégation venue du
Sénégal"; the plain label when no country is given."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from maillage.core.models import Country, Role
from maillage.projects.models import Mission

from ..factories import MissionFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("direction", "iso2", "expected"),
    [
        ("outgoing", "SN", "Mission au Sénégal"),
        ("outgoing", "DZ", "Mission en Algérie"),
        ("outgoing", "PH", "Mission aux Philippines"),
        ("outgoing", "MG", "Mission à Madagascar"),
        ("incoming", "SN", "Délégation venue du Sénégal"),
        ("incoming", "DZ", "Délégation venue d'Algérie"),
        ("incoming", "PH", "Délégation venue des Philippines"),
        ("incoming", "MG", "Délégation venue de Madagascar"),
        ("outgoing", None, "Mission à l'étranger"),
        ("incoming", None, "Accueil de délégation"),
    ],
)
def test_direction_label_names_the_country(authority, direction, iso2, expected):
    country = Country.objects.get(iso2=iso2) if iso2 else None
    mission = MissionFactory(authority=authority, direction=direction, country=country)

    with translation.override("fr"):
        assert mission.direction_label == expected


def test_english_country_forms(authority):
    senegal = Country.objects.get(iso2="SN")
    outgoing = MissionFactory(authority=authority, direction="outgoing", country=senegal)
    incoming = MissionFactory(authority=authority, direction="incoming", country=senegal)
    with translation.override("en"):
        # The sentence around them comes from the catalogue; the country forms do not.
        assert outgoing.direction_label.endswith("to Senegal")
        assert incoming.direction_label.endswith("from Senegal")


def test_list_detail_and_project_pages_show_it(authority, users, client_for):
    client = client_for(users[Role.DRI])
    project = ProjectFactory(authority=authority)
    mission = MissionFactory(
        authority=authority,
        direction=Mission.Direction.INCOMING,
        country=Country.objects.get(iso2="PH"),
        project=project,
    )
    MissionFactory(authority=authority, direction=Mission.Direction.OUTGOING, project=project)

    for url in (
        reverse("mission_list"),
        reverse("mission_detail", args=[mission.pk]),
        reverse("project_missions", args=[project.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Délégation venue des Philippines" in page, url
    for url in (reverse("mission_list"), reverse("project_missions", args=[project.pk])):
        assert "Mission à l&#x27;étranger" in client.get(url).content.decode(), url
