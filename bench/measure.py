"""Measure the key pages and their floors in one process: ``python -m bench.measure``.

Run by the harness with DATABASE_URL pointing at a generated dataset, ``DJANGO_DEBUG=0``.
Pages go through Django's test client, logged in as the page's role in the benchmarked
authority: a few warm-up requests, one request whose queries are captured, then N timed
requests. Floors run the same number of times on a plain cursor. Writes JSON to ``--json``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from math import ceil
from typing import Any


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1)."""
    ordered = sorted(values)
    return ordered[max(0, ceil(q * len(ordered)) - 1)]


def summary(times_ms: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(times_ms), 3),
        "p95_ms": round(percentile(times_ms, 0.95), 3),
        "min_ms": round(min(times_ms), 3),
        "max_ms": round(max(times_ms), 3),
    }


def timed(call: Callable[[], Any], n: int) -> list[float]:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        call()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.measure")
    parser.add_argument("--pages", default="")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--json", required=True)
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="gc.freeze() after the warm-up, as a server would after loading the app.",
    )
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from bench.floors import FLOORS
    from bench.pages import LIST_FILTERS, PAGES, SEARCH

    wanted = set(filter(None, args.pages.split(","))) or {p.name for p in PAGES}
    ctx = _context(LIST_FILTERS, SEARCH)
    result: dict[str, Any] = {
        "database": _database(connection),
        "python": platform.python_version(),
        "django": django.get_version(),
        "dataset": _dataset_counts(),
        "requests": args.requests,
        "gc_freeze": args.gc_freeze,
        "context": {"authority_id": ctx.authority_id, "project_id": ctx.project_id},
        "pages": [],
    }
    from maillage.core.models import User

    users = User.objects.in_bulk(list(ctx.user_ids.values()))
    clients: dict[str, Client] = {}

    def client_for(role: str) -> Client:
        if role not in clients:
            client = Client()
            client.force_login(users[ctx.user_ids[role]])
            clients[role] = client
        return clients[role]

    def measure_url(url: str, role: str) -> tuple[dict[str, Any], str]:
        client = client_for(role)

        def get() -> Any:
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code} to {role}")
            return response

        for _ in range(args.warmup):
            get()
        if args.gc_freeze:
            gc.freeze()
        captured: list[tuple[float, str]] = []

        def timing(execute, sql, params, many, context):
            t0 = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                captured.append(((time.perf_counter() - t0) * 1000, sql))

        # Every query is timed (a perf_counter pair: a few microseconds per page), so that the
        # SQL time of the page is a median over the same requests as the page time.
        times, sql_times = [], []
        with connection.execute_wrapper(timing):
            html = get().content.decode()
            queries = list(captured)
            for _ in range(args.requests):
                captured.clear()
                t0 = time.perf_counter()
                get()
                times.append((time.perf_counter() - t0) * 1000)
                sql_times.append(sum(ms for ms, _sql in captured))
        data = {
            "queries": len(queries),
            "sql_ms": round(statistics.median(sql_times), 3),
            "slowest_queries": [
                {"ms": round(ms, 3), "sql": sql[:400]}
                for ms, sql in sorted(queries, key=lambda q: -q[0])[:3]
            ],
            "bytes": len(html),
            **summary(times),
        }
        return data, html

    with override_settings(ROOT_URLCONF="bench.urls"):
        trivial, _html = measure_url(reverse("bench_trivial"), "dri")
        result["trivial"] = trivial
        for page in PAGES:
            if page.name not in wanted:
                continue
            row: dict[str, Any] = {"name": page.name, "title": page.title, "role": page.role}
            if not page.built:
                row["status"] = "not built yet"
                result["pages"].append(row)
                continue
            url = page.url(reverse, ctx)
            measured, html = measure_url(url, page.role)
            row.update(status="measured", url=url, **measured)
            floor = FLOORS[page.name]
            for _ in range(args.warmup):
                with connection.cursor() as cursor:
                    floor(cursor, ctx)
            with connection.cursor() as cursor:
                floor_result = floor(cursor, ctx)

            def run_floor(floor=floor) -> None:
                with connection.cursor() as cursor:
                    floor(cursor, ctx)

            row["floor"] = {
                "queries": floor_result.queries,
                **summary(timed(run_floor, args.requests)),
            }
            floor_ms = row["floor"]["median_ms"]
            row["ratio"] = round(row["median_ms"] / floor_ms, 2)
            # What the page adds to the fixed cost of any page, and its own SQL against the floor.
            row["beyond_trivial_ms"] = round(row["median_ms"] - trivial["median_ms"], 3)
            row["sql_ratio"] = round((row["sql_ms"] - trivial["sql_ms"]) / floor_ms, 2)
            if page.ids is not None and floor_result.ids is not None:
                shown = [int(v) for v in re.findall(rf'{page.ids}="(\d+)"', html)]
                expected = floor_result.ids
                row["same_rows"] = (
                    shown == expected if page.ordered else sorted(shown) == sorted(expected)
                )
                row["rows_shown"] = len(shown)
            result["pages"].append(row)
    with open(args.json, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=2, ensure_ascii=False)
    return 0


def _context(list_filters: dict[str, Any], search: dict[str, Any]):
    from django.db.models import Count, F

    from bench.floors import FloorContext
    from maillage.core.models import Authority, Role, User
    from maillage.datasets.generator import BENCH_USERNAMES
    from maillage.datasets.scales import BENCH_SLUG
    from maillage.governance.models import Committee
    from maillage.organisation.models import Agent
    from maillage.projects.models import Project

    authority = Authority.objects.get(slug=BENCH_SLUG)
    user_ids = dict(
        User.objects.filter(username__in=BENCH_USERNAMES.values()).values_list("username", "pk")
    )
    user_ids = {role: user_ids[name] for role, name in BENCH_USERNAMES.items()}
    agent_ids = {
        role: Agent.objects.filter(authority=authority, user_id=pk)
        .values_list("pk", flat=True)
        .first()
        for role, pk in user_ids.items()
    }
    # The busiest project of the authority: the most mobilisations and partners.
    project_id = (
        Project.objects.filter(authority=authority)
        .annotate(
            n=Count("mobilisations", distinct=True) + Count("project_partners", distinct=True)
        )
        .order_by(-F("n"), "pk")
        .values_list("pk", flat=True)
        .first()
    )
    # The committee with the most meetings.
    committee_id = (
        Committee.objects.filter(authority=authority)
        .annotate(n=Count("meetings"))
        .order_by(-F("n"), "pk")
        .values_list("pk", flat=True)
        .first()
    )
    assert Role.DRI in user_ids
    return FloorContext(
        committee_id=committee_id,
        authority_id=authority.pk,
        user_ids=user_ids,
        agent_ids=agent_ids,
        project_id=project_id,
        list_filters=list_filters,
        search=search,
    )


def _database(connection) -> dict[str, Any]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
    else:
        version = sqlite3.sqlite_version
    return {"vendor": connection.vendor, "version": version}


def _dataset_counts() -> dict[str, int]:
    from maillage.core.models import Authority
    from maillage.organisation.models import Agent
    from maillage.projects.models import Mobilisation, Project
    from maillage.skills.models import (
        ProfileCountry,
        ProfileLanguage,
        ProfilePolicyArea,
        ProfileTag,
    )

    return {
        "authorities": Authority.objects.count(),
        "agents": Agent.objects.count(),
        "projects": Project.objects.count(),
        "mobilisations": Mobilisation.objects.count(),
        "profile_entries": sum(
            m.objects.count()
            for m in (ProfileLanguage, ProfileCountry, ProfilePolicyArea, ProfileTag)
        ),
    }


if __name__ == "__main__":
    sys.exit(main())
