"""Options of the reference-data selects, read once per process.

Reference data (M57 functions, SDG goals, CEFR levels, countries, languages, CRS channels) is
loaded by migrations from the files in ``reference/`` and is read-only in the admin: its options
are the same for every request, so pages do not query and rebuild them each time. ``clear()`` runs
after ``reference_data.load_all`` (migrations, tests that reload the tables).
"""

from __future__ import annotations

import functools

from django.db.models import Q

from .models import CefrLevel, CodeListItem, Country, Language, PolicyArea, SdgGoal

Choices = tuple[tuple[str, str], ...]


@functools.cache
def policy_area_groups(max_level: int = 3, min_level: int = 1) -> tuple[tuple[str, Choices], ...]:
    """M57 functions grouped under their level-1 function, for ``<optgroup>`` lists."""
    groups: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for area in PolicyArea.objects.filter(level__lte=max_level).order_by("code"):
        root = area.code[0]
        if area.level == 1:
            groups[root] = (str(area), [])
        if area.level >= min_level and root in groups:
            groups[root][1].append((area.code, str(area)))
    return tuple((label, tuple(items)) for label, items in groups.values() if items)


@functools.cache
def sdg_goals() -> tuple[tuple[int, str], ...]:
    return tuple((goal.number, str(goal)) for goal in SdgGoal.objects.order_by("number"))


@functools.cache
def languages() -> Choices:
    return tuple(Language.objects.order_by("name_fr").values_list("code", "name_fr"))


@functools.cache
def countries() -> Choices:
    return tuple(Country.objects.order_by("name_fr").values_list("iso2", "name_fr"))


@functools.cache
def cefr_levels() -> Choices:
    return tuple(
        (level.code, f"{level.code} — {level.label_fr}")
        for level in CefrLevel.objects.order_by("rank")
    )


@functools.cache
def crs_channels() -> Choices:
    """OECD CRS channels an authority uses for the e-APD declaration: the channel families
    (…000) and the public-sector codes. The full list (438 codes) names individual NGOs and
    agencies; the project form adds a code chosen elsewhere so that an edit never drops it."""
    items = CodeListItem.objects.filter(codelist="CRSChannelCode", withdrawn=False).filter(
        Q(code__endswith="000") | Q(code__startswith="1")
    )
    rows = list(items.order_by("code").values_list("code", "name_fr", "name_en", "category"))
    names = {code: fr or en for code, fr, en, _cat in rows}
    choices = []
    for code, fr, en, category in rows:
        name = fr or en
        if not code.endswith("000") and category in names:
            name = f"{names[category]} : {name[:1].lower()}{name[1:]}"
        choices.append((code, f"{code} — {name}"))
    return tuple(choices)


_CACHED = (policy_area_groups, sdg_goals, languages, countries, cefr_levels, crs_channels)


def clear() -> None:
    for cached in _CACHED:
        cached.cache_clear()


def warm() -> None:
    """Fill every cache now (tests, so that query counts do not depend on test order)."""
    if all(cached.cache_info().currsize for cached in _CACHED):
        return
    policy_area_groups(max_level=2)
    policy_area_groups(min_level=2)
    policy_area_groups(max_level=3, min_level=2)
    sdg_goals()
    languages()
    countries()
    cefr_levels()
    crs_channels()
