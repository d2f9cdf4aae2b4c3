"""Options of the reference-data selects, read once per process and per language.

Reference data (M57 functions, SDG goals, CEFR levels, countries, languages, CRS channels) is
loaded by migrations from the files in ``reference/`` and is read-only in the admin: its options
are the same for every request in a given language, so pages do not query and rebuild them each
time. Each public function reads the active language (``get_language()``) and returns the options
built for it, labelled by the models' ``name`` (``wording.localized``) and sorted by that label
where the list is alphabetical. ``clear()`` runs after ``reference_data.load_all`` (migrations,
tests that reload the tables).
"""

from __future__ import annotations

import functools

from django.db.models import Q
from django.utils import translation

from .models import CefrLevel, CodeListItem, Country, Language, PolicyArea, SdgGoal
from .wording import sort_key

Choices = tuple[tuple[str, str], ...]


def _language() -> str:
    return (translation.get_language() or "fr").split("-")[0]


def policy_area_groups(max_level: int = 3, min_level: int = 1) -> tuple[tuple[str, Choices], ...]:
    """M57 functions grouped under their level-1 function, for ``<optgroup>`` lists."""
    return _policy_area_groups(_language(), max_level, min_level)


@functools.cache
def _policy_area_groups(
    language: str, max_level: int, min_level: int
) -> tuple[tuple[str, Choices], ...]:
    with translation.override(language):
        groups: dict[str, tuple[str, list[tuple[str, str]]]] = {}
        for area in PolicyArea.objects.filter(level__lte=max_level).order_by("code"):
            root = area.code[0]
            if area.level == 1:
                groups[root] = (str(area), [])
            if area.level >= min_level and root in groups:
                groups[root][1].append((area.code, str(area)))
        return tuple((label, tuple(items)) for label, items in groups.values() if items)


def sdg_goals() -> tuple[tuple[int, str], ...]:
    return _sdg_goals(_language())


@functools.cache
def _sdg_goals(language: str) -> tuple[tuple[int, str], ...]:
    with translation.override(language):
        return tuple((goal.number, str(goal)) for goal in SdgGoal.objects.order_by("number"))


def languages() -> Choices:
    return _languages(_language())


@functools.cache
def _languages(language: str) -> Choices:
    with translation.override(language):
        return _alphabetical((lang.code, lang.name) for lang in Language.objects.all())


def countries() -> Choices:
    return _countries(_language())


@functools.cache
def _countries(language: str) -> Choices:
    with translation.override(language):
        return _alphabetical((country.iso2, country.name) for country in Country.objects.all())


def _alphabetical(options: object) -> Choices:
    return tuple(sorted(options, key=lambda option: sort_key(option[1])))  # type: ignore[call-overload]


def cefr_levels() -> Choices:
    return _cefr_levels(_language())


@functools.cache
def _cefr_levels(language: str) -> Choices:
    with translation.override(language):
        return tuple((level.code, str(level)) for level in CefrLevel.objects.order_by("rank"))


def crs_channels() -> Choices:
    """OECD CRS channels an authority uses for the e-APD declaration: the channel families
    (…000) and the public-sector codes. The full list (438 codes) names individual NGOs and
    agencies; the project form adds a code chosen elsewhere so that an edit never drops it."""
    return _crs_channels(_language())


@functools.cache
def _crs_channels(language: str) -> Choices:
    items = CodeListItem.objects.filter(codelist="CRSChannelCode", withdrawn=False).filter(
        Q(code__endswith="000") | Q(code__startswith="1")
    )
    with translation.override(language):
        rows = list(items.order_by("code"))
        names = {item.code: item.name for item in rows}
        choices = []
        for item in rows:
            name = item.name
            if not item.code.endswith("000") and item.category in names:
                name = f"{names[item.category]} : {name[:1].lower()}{name[1:]}"
            choices.append((item.code, f"{item.code} — {name}"))
        return tuple(choices)


_CACHED = (
    _policy_area_groups,
    _sdg_goals,
    _languages,
    _countries,
    _cefr_levels,
    _crs_channels,
)


def clear() -> None:
    for cached in _CACHED:
        cached.cache_clear()


def warm() -> None:
    """Fill every cache now in the active language (tests, so that query counts do not depend
    on test order)."""
    policy_area_groups()
    policy_area_groups(max_level=2)
    policy_area_groups(min_level=2)
    policy_area_groups(max_level=3, min_level=2)
    sdg_goals()
    languages()
    countries()
    cefr_levels()
    crs_channels()
