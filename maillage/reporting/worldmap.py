"""The partners map: the countries of the period's partners shaded by number of projects, and
the partners' cities as points.

The country shapes ship with the application (``data/world-110m.json``, built once from Natural
Earth by ``scripts/build_world_map.py``): nothing is fetched at run time and the page only picks
a class for each precomputed path. Projection: Equal Earth, equal-area, so that a country's
shaded surface is in proportion to its real one (on a plate carrée or a Mercator, Russia and
Canada would outweigh the African and Latin-American partners most authorities work with), and
written in a few lines here too, so that the partners' coordinates fall where the shapes are.

A project counts in a country when at least one of its partners is based there; a project with
partners in two countries counts in both.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.core.models import Authority
from maillage.core.wording import localized, sort_key
from maillage.projects.models import ProjectPartner
from maillage.projects.partners.gazetteer import fold
from maillage.projects.registry.selectors import public_projects

if TYPE_CHECKING:
    from .selectors import Period

DATA = Path(__file__).resolve().parent / "data" / "world-110m.json"

# Fixed class breaks rather than breaks computed from the data: the same colour means the same
# number of projects from one year, one page and one authority to the next, and a legend
# reads "3 or 4" rather than "2.6 to 4.1". The lowest count of each class.
LEVELS: tuple[int, ...] = (1, 2, 3, 5, 10)

# Equal Earth (Šavrič, Patterson, Jenny 2018); same constants in scripts/build_world_map.py.
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def level(projects: int) -> int:
    """The shading class of a number of projects: 0 (none), then 1 to 5."""
    found = 0
    for index, lowest in enumerate(LEVELS, start=1):
        if projects >= lowest:
            found = index
    return found


@functools.cache
def shapes() -> dict:
    """The shipped shapes, read once per process (about 60 kB)."""
    return json.loads(DATA.read_text(encoding="utf-8"))


def project(longitude: float, latitude: float) -> tuple[float, float]:
    """A point in the map's view box, projected as the shapes were."""
    data = shapes()
    lam, phi = math.radians(longitude), math.radians(latitude)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    tx, ty = data["translate"]
    return round(tx + x * data["scale"], 1), round(ty - y * data["scale"], 1)


@dataclass
class CountryRow:
    """A line of the table: a partners' country with its projects and partners."""

    iso2: str
    numeric: str
    name: str
    project_ids: set[int] = field(default_factory=set)
    partners: dict[int, str] = field(default_factory=dict)  # id → "name (city)", in order

    @property
    def projects(self) -> int:
        return len(self.project_ids)

    @property
    def level(self) -> int:
        return level(self.projects)

    @property
    def on_map(self) -> bool:
        return self.numeric in shapes()["countries"]

    @property
    def partner_names(self) -> list[str]:
        return sorted(self.partners.values(), key=sort_key)


@dataclass(frozen=True)
class Shape:
    path: str
    level: int  # 0: no project of the period
    title: str = ""


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    title: str


@dataclass
class WorldMap:
    width: int
    height: int
    rows: list[CountryRow]  # most projects first, then by name
    points: list[Point]
    projects: int  # distinct projects with at least one partner

    @property
    def shapes(self) -> list[Shape]:
        """Every country drawn, those with projects carrying their name and count."""
        data = shapes()
        shaded = {row.numeric: row for row in self.rows if row.on_map}
        drawn = []
        for numeric, path in data["countries"].items():
            row = shaded.get(numeric)
            if row is None:
                drawn.append(Shape(path, 0))
            else:
                drawn.append(Shape(path, row.level, f"{row.name} : {count_label(row.projects)}"))
        drawn.extend(Shape(path, 0) for path in data["unnamed"])
        return drawn

    @property
    def off_map(self) -> list[CountryRow]:
        """Partners' countries the 1:110m shapes do not draw (island and city states, Kosovo)."""
        return [row for row in self.rows if not row.on_map]

    @property
    def legend(self) -> list[tuple[int, str]]:
        return [
            (1, count_label(1)),
            (2, count_label(2)),
            (3, _("3 ou 4 projets")),
            (4, _("5 à 9 projets")),
            (5, _("10 projets ou plus")),
        ]


def count_label(projects: int) -> str:
    return ngettext("%(n)s projet", "%(n)s projets", projects) % {"n": projects}


def _point_title(city: str, country: str, names: list[str]) -> str:
    place = f"{city} ({country})" if city else country
    return f"{place} : {', '.join(sorted(names, key=sort_key))}"


def partners_map(authority: Authority, period: Period) -> WorldMap:
    """The period's projects by partner country and their partners' cities (1 query)."""
    return _draw(
        ProjectPartner.objects.filter(
            period.projects_q("project__"),
            project__authority=authority,
            # A link to another authority's partner cannot be made through the forms; should
            # one exist, it must not show that authority's partner here.
            partner__authority=authority,
        )
    )


def public_partners_map(authority: Authority) -> WorldMap:
    """The map of the public list: the partners of the public projects only (1 query).

    What is public is decided by ``public_projects`` alone: a partner that works only on
    internal projects, and its country, stay off the map and off its table.
    """
    return _draw(
        ProjectPartner.objects.filter(
            project__in=public_projects(authority.slug).values("pk"),
            partner__authority=authority,
        )
    )


def _draw(selected: QuerySet[ProjectPartner]) -> WorldMap:
    """The map of the project-partner links ``selected``."""
    links = selected.order_by().values_list(
        "project_id",
        "partner_id",
        "partner__name",
        "partner__city",
        "partner__latitude",
        "partner__longitude",
        "partner__country_id",
        "partner__country__numeric",
        "partner__country__name_fr",
        "partner__country__name_en",
    )
    rows: dict[str, CountryRow] = {}
    places: dict[tuple[Decimal, Decimal], tuple[str, str, dict[int, str]]] = {}
    projects: set[int] = set()
    for project_id, partner_id, name, city, lat, lon, iso2, numeric, name_fr, name_en in links:
        row = rows.get(iso2)
        if row is None:
            row = rows[iso2] = CountryRow(iso2, numeric, localized(name_fr, name_en))
        row.project_ids.add(project_id)
        if partner_id not in row.partners:
            # "Ville de Thiès (Thiès)" would say the city twice.
            named = not city or fold(city) in fold(name)
            row.partners[partner_id] = name if named else f"{name} ({city})"
        projects.add(project_id)
        if lat is not None and lon is not None:
            place = places.setdefault((lat, lon), (city, row.name, {}))
            place[2][partner_id] = name
    points = [
        Point(*project(float(lon), float(lat)), _point_title(city, country, list(names.values())))
        for (lat, lon), (city, country, names) in sorted(places.items())
    ]
    data = shapes()
    return WorldMap(
        width=data["width"],
        height=data["height"],
        rows=sorted(rows.values(), key=lambda r: (-r.projects, sort_key(r.name))),
        points=points,
        projects=len(projects),
    )


def description(found: WorldMap) -> str:
    """The text alternative of the drawing: what it shows and where the detail is."""
    if not found.rows:
        return _("Aucun projet de la période n'a de partenaire : aucun pays n'est coloré.")
    top = found.rows[0]
    countries = ngettext("%(n)s pays partenaire", "%(n)s pays partenaires", len(found.rows)) % {
        "n": len(found.rows)
    }
    return _(
        "%(countries)s, %(projects)s. Le plus de projets : %(top)s (%(count)s). "
        "Le tableau qui suit donne chaque pays, ses projets et ses partenaires."
    ) % {
        "countries": countries,
        "projects": count_label(found.projects),
        "top": top.name,
        "count": count_label(top.projects),
    }
