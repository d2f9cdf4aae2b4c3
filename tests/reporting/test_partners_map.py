"""The partners map: shipped shapes, shading by number of projects, cities, the table beside it."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.core.models import Country, Role
from maillage.projects.models import Project, ProjectPartner
from maillage.reporting import worldmap
from maillage.reporting.selectors import STATUS_ACTIVE, STATUS_ALL, Period

from ..factories import PartnerFactory, ProjectFactory, ProjectPartnerFactory

pytestmark = pytest.mark.django_db

# Reference countries Natural Earth draws no shape for at 1:110m (small island states, city
# states, dependencies merged into their country) and Antarctica, left out on purpose. They
# still get their line in the table. Kosovo (XK) has no ISO numeric code, in the reference list
# as in the source: its shape is drawn grey, unnamed.
NOT_DRAWN = {
    "XK",
    "AD",
    "AG",
    "AI",
    "AQ",
    "AS",
    "AW",
    "AX",
    "BB",
    "BH",
    "BL",
    "BM",
    "BQ",
    "BV",
    "CC",
    "CK",
    "CV",
    "CW",
    "CX",
    "DM",
    "FM",
    "FO",
    "GD",
    "GF",
    "GG",
    "GI",
    "GP",
    "GS",
    "GU",
    "HK",
    "HM",
    "IM",
    "IO",
    "JE",
    "KI",
    "KM",
    "KN",
    "KY",
    "LC",
    "LI",
    "MC",
    "MF",
    "MH",
    "MO",
    "MP",
    "MQ",
    "MS",
    "MT",
    "MU",
    "MV",
    "NF",
    "NR",
    "NU",
    "PF",
    "PM",
    "PN",
    "PW",
    "RE",
    "SC",
    "SG",
    "SH",
    "SJ",
    "SM",
    "ST",
    "SX",
    "TC",
    "TK",
    "TO",
    "TV",
    "UM",
    "VA",
    "VC",
    "VG",
    "VI",
    "WF",
    "WS",
    "YT",
}


def country(iso2: str) -> Country:
    return Country.objects.get(iso2=iso2)


def ongoing(authority, title: str) -> Project:
    year = timezone.localdate().year
    return ProjectFactory(
        authority=authority,
        title=title,
        status=Project.Status.ONGOING,
        start_date=datetime.date(year, 1, 1),
    )


def this_year() -> Period:
    return Period(timezone.localdate().year, STATUS_ACTIVE)


@pytest.fixture
def senegal_morocco(authority):
    """Three projects with a partner in Senegal (Thiès, located), one in Morocco (no position)."""
    thies = PartnerFactory(
        authority=authority,
        name="Commune de Thiès",
        country=country("SN"),
        city="Thiès",
        latitude=Decimal("14.79148"),
        longitude=Decimal("-16.92598"),
    )
    agadir = PartnerFactory(authority=authority, name="Agadir", country=country("MA"), city="")
    for i in range(3):
        ProjectPartnerFactory(project=ongoing(authority, f"Sénégal {i}"), partner=thies)
    ProjectPartnerFactory(project=ongoing(authority, "Maroc"), partner=agadir)
    return thies, agadir


def test_shapes_cover_the_reference_countries_natural_earth_draws():
    drawn = worldmap.shapes()["countries"]
    missing = {c.iso2 for c in Country.objects.all() if c.numeric not in drawn}
    assert missing == NOT_DRAWN
    numerics = set(Country.objects.values_list("numeric", flat=True))
    assert set(drawn) <= numerics, "every shape maps to a reference country"


def test_shapes_are_compact_svg_paths():
    data = worldmap.shapes()
    assert (data["width"], data["projection"]) == (1000, "Equal Earth")
    for path in [*data["countries"].values(), *data["unnamed"]]:
        assert re.fullmatch(r"(M[-\d. ]+l[-\d. ]+z)+", path), path[:80]
    assert worldmap.DATA.stat().st_size < 80_000


def test_levels_have_fixed_breaks():
    assert [worldmap.level(n) for n in (0, 1, 2, 3, 4, 5, 9, 10, 250)] == [
        0,
        1,
        2,
        3,
        3,
        4,
        4,
        5,
        5,
    ]


def test_more_projects_shade_darker(authority, senegal_morocco):
    found = worldmap.partners_map(authority, this_year())
    rows = {row.iso2: row for row in found.rows}
    assert [row.iso2 for row in found.rows] == ["SN", "MA"]  # most projects first
    assert (rows["SN"].projects, rows["SN"].level) == (3, 3)
    assert (rows["MA"].projects, rows["MA"].level) == (1, 1)
    assert found.projects == 4
    by_title = {s.title: s.level for s in found.shapes if s.title}
    assert by_title == {"Sénégal : 3 projets": 3, "Maroc : 1 projet": 1}
    # Every other country is drawn, unshaded.
    assert sum(1 for s in found.shapes if s.level == 0) == len(found.shapes) - 2


def test_a_project_counts_once_per_country_and_in_each_country(authority):
    project = ongoing(authority, "Triangulaire")
    for iso2, name in (("SN", "Dakar"), ("SN", "Thiès"), ("ML", "Bamako")):
        ProjectPartnerFactory(
            project=project,
            partner=PartnerFactory(authority=authority, name=name, country=country(iso2)),
        )
    rows = {row.iso2: row for row in worldmap.partners_map(authority, this_year()).rows}
    assert (rows["SN"].projects, rows["ML"].projects) == (1, 1)
    assert rows["SN"].partner_names == ["Dakar (Thiès)", "Thiès"]


def test_another_authoritys_partners_are_never_counted(authority, other_authority):
    ProjectPartnerFactory(
        project=ongoing(other_authority, "Ailleurs"),
        partner=PartnerFactory(authority=other_authority, country=country("TN")),
    )
    # A link to another authority's partner, which no form can make, is not shown either.
    ProjectPartner.objects.create(
        project=ongoing(authority, "Chez nous"),
        partner=PartnerFactory(
            authority=other_authority, country=country("BR"), latitude=1, longitude=1
        ),
    )
    found = worldmap.partners_map(authority, Period(None, STATUS_ALL))
    assert (found.rows, found.points, found.projects) == ([], [], 0)


def test_the_period_is_respected(authority):
    year = timezone.localdate().year
    old = ProjectFactory(
        authority=authority,
        status=Project.Status.COMPLETED,
        start_date=datetime.date(year - 5, 1, 1),
        end_date=datetime.date(year - 4, 12, 31),
    )
    ProjectPartnerFactory(project=old, partner__country=country("VN"))
    assert worldmap.partners_map(authority, this_year()).rows == []
    assert worldmap.partners_map(authority, Period(year - 4, STATUS_ACTIVE)).rows == []
    rows = worldmap.partners_map(authority, Period(year - 4, STATUS_ALL)).rows
    assert [row.iso2 for row in rows] == ["VN"]


def test_cities_with_coordinates_are_points(authority, senegal_morocco):
    found = worldmap.partners_map(authority, this_year())
    assert len(found.points) == 1  # Agadir has no position
    point = found.points[0]
    assert point.title == "Thiès (Sénégal) : Commune de Thiès"
    # West of the prime meridian and north of the equator: left of and above the centre.
    centre_x, equator_y = worldmap.project(0, 0)
    assert centre_x == 500
    assert 400 < point.x < centre_x and 0 < point.y < equator_y
    # Inside Senegal's drawn outline (its bounding box, in view-box units).
    numbers = [float(n) for n in re.findall(r"-?\d*\.?\d+", worldmap.shapes()["countries"]["686"])]
    x, y = numbers[0], numbers[1]
    xs, ys = [x], [y]
    for dx, dy in zip(numbers[2::2], numbers[3::2], strict=True):
        x, y = x + dx, y + dy
        xs.append(x)
        ys.append(y)
    assert min(xs) <= point.x <= max(xs) and min(ys) <= point.y <= max(ys)


def test_partners_in_one_city_share_one_point(authority):
    project = ongoing(authority, "Deux partenaires")
    for name in ("Université de Thiès", "Commune de Thiès"):
        ProjectPartnerFactory(
            project=project,
            partner=PartnerFactory(
                authority=authority, name=name, latitude=14.79148, longitude=-16.92598
            ),
        )
    points = worldmap.partners_map(authority, this_year()).points
    assert [p.title for p in points] == ["Thiès (Sénégal) : Commune de Thiès, Université de Thiès"]


def test_a_country_without_a_shape_is_in_the_table_and_a_point(authority, users, client_for):
    partner = PartnerFactory(
        authority=authority,
        name="Praia",
        country=country("CV"),
        city="Praia",
        latitude=Decimal("14.93152"),
        longitude=Decimal("-23.51254"),
    )
    ProjectPartnerFactory(project=ongoing(authority, "Cap-Vert"), partner=partner)
    found = worldmap.partners_map(authority, this_year())
    assert [(row.iso2, row.on_map) for row in found.rows] == [("CV", False)]
    assert not [s for s in found.shapes if s.level]
    assert len(found.points) == 1
    html = client_for(users[Role.DIRECTION]).get(reverse("dashboard")).content.decode()
    row = re.search(r'<tr data-country="CV">.*?</tr>', html, re.S).group(0)
    assert "Cap-Vert" in row and "absent du fond de carte" in row


def section(html: str) -> str:
    return re.search(
        r'<section class="mb-5" aria-labelledby="partners-map-title">.*?</section>', html, re.S
    ).group(0)


def test_dashboard_section(authority, senegal_morocco, users, client_for):
    year = timezone.localdate().year
    response = client_for(users[Role.DIRECTION]).get(reverse("dashboard"))
    html = section(response.content.decode())
    assert "Nos partenaires dans le monde" in html
    assert re.search(
        r'<svg class="worldmap" id="partners-world" viewBox="0 0 1000 \d+" role="img" '
        r'aria-labelledby="partners-world-title" aria-describedby="partners-world-desc"',
        html,
    )
    assert '<title id="partners-world-title">Carte des pays partenaires</title>' in html
    desc = re.search(r'<desc id="partners-world-desc">(.*?)</desc>', html).group(1)
    assert desc.startswith(
        "2 pays partenaires, 4 projets. Le plus de projets : Sénégal (3 projets)"
    )
    assert '<path class="worldmap-level-3" d="' in html
    assert "<title>Sénégal : 3 projets</title>" in html
    assert html.count("<circle cx=") == 1
    rows = re.findall(
        r'<tr data-country="(\w\w)">\s*<th scope="row"><a href="([^"]+)">([^<]+)</a>'
        r'</th>\s*<td class="text-end">(\d+)</td>\s*<td>([^<]*)</td>',
        html,
    )
    projects = reverse("project_list")
    assert rows == [
        (
            "SN",
            f"{projects}?country=SN&amp;year={year}",
            "Sénégal",
            "3",
            "Commune de Thiès",
        ),
        ("MA", f"{projects}?country=MA&amp;year={year}", "Maroc", "1", "Agadir"),
    ]
    assert '<details class="worldmap-details" open>' in html
    assert " style=" not in html, "the CSP forbids style attributes"


def test_dashboard_without_partners_says_what_to_do(authority, users, client_for):
    ongoing(authority, "Sans partenaire")
    html = section(client_for(users[Role.DIRECTION]).get(reverse("dashboard")).content.decode())
    assert "Aucun partenaire n'est associé aux projets de la période" in html
    assert "<svg" not in html


def test_printable_dashboard_has_the_map(authority, senegal_morocco, users, client_for):
    response = client_for(users[Role.ELECTED]).get(reverse("dashboard_print"))
    html = section(response.content.decode())
    assert 'role="img"' in html and '<tr data-country="SN">' in html


def test_names_are_escaped(authority, users, client_for):
    partner = PartnerFactory(
        authority=authority,
        name="<script>alert(1)</script>",
        city="<b>Ville</b>",
        latitude=1,
        longitude=1,
    )
    ProjectPartnerFactory(project=ongoing(authority, "Échappement"), partner=partner)
    html = client_for(users[Role.DIRECTION]).get(reverse("dashboard")).content.decode()
    assert "<script>alert(1)" not in html and "<b>Ville" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in section(html)
