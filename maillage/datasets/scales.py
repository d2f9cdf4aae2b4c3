"""Dataset sizes, and how a size is shared among the authorities of the dataset.

The benchmarked authority ("bench") has the same shape at ``city`` and ``national`` scale:
2,000 agents, 60 projects. Its rows are drawn from the same seeded stream at both scales, so the
pages show the same content and differ only by what the other 999 authorities add around them:
exactly what "cost does not grow with other authorities' data" is about.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from . import vocabulary as V


@dataclass(frozen=True)
class Shape:
    """How much one authority holds."""

    agents: int
    projects: int
    partners: int
    mobilisations: int
    profile_entries: int
    meetings: int = 0  # committee meetings, with agenda, attendance, decisions, actions


@dataclass(frozen=True)
class AuthoritySpec:
    index: int  # position in the dataset; its primary key is index + 1
    key: str  # seeds the authority's own random stream
    name: str
    slug: str
    siren: str
    kind: str
    shape: Shape
    bench: bool = False


@dataclass(frozen=True)
class Scale:
    name: str
    authorities: int
    total: Shape  # over every authority
    bench: Shape  # the benchmarked authority
    hidden: bool = False


CITY = Shape(
    agents=2_000,
    projects=60,
    partners=25,
    mobilisations=180,
    profile_entries=10_000,
    meetings=60,
)
TINY_BENCH = Shape(
    agents=80, projects=5, partners=4, mobilisations=15, profile_entries=400, meetings=8
)

REGION = Shape(
    agents=12_000,
    projects=600,
    partners=150,
    mobilisations=1_800,
    profile_entries=60_000,
    meetings=400,
)

SCALES: dict[str, Scale] = {
    # For the tests: two authorities, so "other authority" paths run too.
    "tiny": Scale(
        "tiny",
        2,
        Shape(
            agents=120, projects=8, partners=6, mobilisations=24, profile_entries=600, meetings=12
        ),
        TINY_BENCH,
        hidden=True,
    ),
    "city": Scale("city", 1, CITY, CITY),
    "region": Scale(
        "region",
        1,
        REGION,
        REGION,
    ),
    "national": Scale(
        "national",
        1_000,
        Shape(
            agents=300_000,
            projects=20_000,
            partners=15_000,
            mobilisations=60_000,
            profile_entries=1_500_000,
            meetings=50_000,
        ),
        CITY,
    ),
}
PUBLIC_SCALES = tuple(name for name, scale in SCALES.items() if not scale.hidden)

BENCH_NAME = "Ville de Valmont-sur-Orne"
BENCH_SLUG = "valmont-sur-orne"
BENCH_SIREN = "219990001"

# Kinds of the other authorities at national scale, with the relative size of their staff.
KIND_MIX = (("region", 13, 5_000), ("departement", 90, 2_500), ("epci", 250, 400))


def plan_authorities(scale: Scale, seed: int) -> list[AuthoritySpec]:
    """Every authority of the dataset with its share of the totals; the bench one in the middle."""
    bench_index = scale.authorities // 2
    bench = AuthoritySpec(
        index=bench_index,
        key="bench",
        name=BENCH_NAME,
        slug=BENCH_SLUG,
        siren=BENCH_SIREN,
        kind="commune",
        shape=scale.bench,
        bench=True,
    )
    others = scale.authorities - 1
    if others == 0:
        return [bench]
    rng = random.Random(f"maillage-dataset:{seed}:plan")
    kinds: list[str] = []
    weights: list[float] = []
    for kind, count, size in KIND_MIX:
        n = min(count, max(0, others - len(kinds) - 1)) if others > 20 else 0
        kinds += [kind] * n
        weights += [size * rng.uniform(0.5, 1.5) for _ in range(n)]
    while len(kinds) < others:
        kinds.append("commune")
        weights.append(min(rng.lognormvariate(4.6, 0.9), 3_000.0))  # median ~100 agents
    rest = Shape(
        agents=scale.total.agents - scale.bench.agents,
        projects=scale.total.projects - scale.bench.projects,
        partners=scale.total.partners - scale.bench.partners,
        mobilisations=scale.total.mobilisations - scale.bench.mobilisations,
        profile_entries=scale.total.profile_entries - scale.bench.profile_entries,
        meetings=scale.total.meetings - scale.bench.meetings,
    )
    agents = apportion(rest.agents, weights, minimum=12)
    projects = apportion(rest.projects, agents, minimum=1)
    partners = apportion(rest.partners, projects, minimum=1)
    mobilisations = _mobilisations(rest.mobilisations, projects)
    entries = apportion(rest.profile_entries, agents, minimum=0)
    meetings = apportion(rest.meetings, projects, minimum=0)
    names = _names(rng, kinds)
    specs = []
    for i in range(others):
        index = i if i < bench_index else i + 1
        specs.append(
            AuthoritySpec(
                index=index,
                key=f"a{index}",
                name=names[i],
                slug=f"collectivite-{index + 1:04d}",
                siren=f"{210000000 + index + 1:09d}",
                kind=kinds[i],
                shape=Shape(
                    agents[i], projects[i], partners[i], mobilisations[i], entries[i], meetings[i]
                ),
            )
        )
    specs.insert(bench_index, bench)
    return specs


def apportion(total: int, weights: list[float] | list[int], minimum: int = 0) -> list[int]:
    """Split ``total`` in proportion to ``weights`` (largest remainders), each at least
    ``minimum``; the parts add up to ``total`` exactly."""
    n = len(weights)
    if n == 0:
        return []
    base = [minimum] * n
    left = total - minimum * n
    if left < 0:
        raise ValueError(f"Cannot give {minimum} to each of {n} parts out of {total}.")
    weight_sum = float(sum(weights)) or 1.0
    exact = [left * w / weight_sum for w in weights]
    parts = [int(x) for x in exact]
    remainder = left - sum(parts)
    order = sorted(range(n), key=lambda i: (parts[i] - exact[i], i))
    for i in order[:remainder]:
        parts[i] += 1
    return [b + p for b, p in zip(base, parts, strict=True)]


def _mobilisations(total: int, projects: list[int]) -> list[int]:
    """Mobilisations follow projects: at least one per project, the rest in proportion."""
    return apportion(total, projects, minimum=0) if total >= sum(projects) else projects


def _names(rng: random.Random, kinds: list[str]) -> list[str]:
    regions = iter(V.REGION_NAMES)
    names = []
    for kind in kinds:
        place = place_name(rng)
        if kind == "region":
            names.append(f"Région {next(regions, place)}")
        elif kind == "departement":
            names.append(f"Département de {place}")
        elif kind == "epci":
            names.append(f"Communauté d'agglomération de {place}")
        else:
            names.append(f"Ville de {place}")
    return names


def place_name(rng: random.Random) -> str:
    """A fictional French place name: "Saint-Aubin-sur-Loire", "Beauvallon"…"""
    prefix, root = rng.choice(V.PLACE_PREFIXES), rng.choice(V.PLACE_ROOTS)
    if not prefix.endswith("-"):
        root = root.lower()
    return prefix + root + rng.choice(V.PLACE_SUFFIXES)
