"""The key pages of the benchmark: who opens them, with which query string, and their floor.

A page not built yet stays in the list (``url`` None) so that the output says so, and is
measured as soon as it exists: give it a URL, a role and a floor in ``floors.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# The project list filtered the way a DRI looks at current work.
LIST_FILTERS = {"status": "ongoing", "year": 2025}
# Profile search: Spanish at B2 or better, or knows Spain ("who could go to Seville?").
SEARCH = {"language": "es", "level": "B2", "min_rank": 4, "country": "ES"}


@dataclass(frozen=True)
class Page:
    name: str
    title: str
    role: str | None = None
    url: Callable[[Any], str] | None = None  # (reverse, context) -> URL; None: not built yet
    ids: str | None = None  # HTML attribute holding the listed ids, compared with the floor's
    ordered: bool = True  # compare ids in order (a list) or as a set (a tree)

    @property
    def built(self) -> bool:
        return self.url is not None


def _list_url(reverse, ctx) -> str:
    f = ctx.list_filters
    return f"{reverse('project_list')}?status={f['status']}&year={f['year']}&tri=-maj"


def _search_url(reverse, ctx) -> str:
    s = ctx.search
    query = f"langue={s['language']}&niveau={s['level']}&pays={s['country']}"
    return f"{reverse('skills_search')}?{query}"


PAGES: tuple[Page, ...] = (
    Page("home", "Accueil (DRI)", "dri", lambda reverse, ctx: reverse("home")),
    Page(
        "org_chart",
        "Organigramme",
        "agent",
        lambda reverse, ctx: reverse("org_chart"),
        ids="data-service",
        ordered=False,
    ),
    Page("project_list", "Liste des projets filtrée", "dri", _list_url, ids="data-project"),
    Page(
        "project_detail",
        "Fiche projet (vue d'ensemble)",
        "dri",
        lambda reverse, ctx: reverse("project_detail", args=[ctx.project_id]),
    ),
    Page("profile_search", "Recherche de profils", "dri", _search_url, ids="data-profile"),
    Page(
        "language_inventory",
        "Inventaire des langues",
        "dri",
        lambda reverse, ctx: reverse("skills_inventory"),
    ),
    Page(
        "dashboard",
        "Tableau de bord",
        "direction",
        lambda reverse, ctx: f"{reverse('dashboard')}?annee={ctx.dashboard_year}",
    ),
    Page(
        "committee",
        "Page de comité",
        "dri",
        lambda reverse, ctx: reverse("committee_detail", args=[ctx.committee_id]),
    ),
)
PAGE_NAMES = tuple(page.name for page in PAGES)
