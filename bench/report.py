"""The performance targets, checked against the measurements, and the Markdown report."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from typing import Any

from bench.pages import PAGES

# Every key page inside the benchmarked authority (raised from 50 ms, 150 ms and 1.5 x).
MEDIAN_MS = 30
P95_MS = 60
SEARCH_P95_MS = 100
FLOOR_RATIO = 3
GROWTH = 1.2
HR_ROWS_PER_S = 5_000
HR_PEAK_MB = 500
LOAD_SHARE = 0.25
IATI_PER_S = 2_000
IATI_GROWTH_MB = 100

PASS, FAIL, NOT_BUILT, NOT_RUN = "PASS", "FAIL", "NOT BUILT YET", "NOT RUN"


def machine() -> dict[str, Any]:
    """nproc, memory, CPU model, Python, SQLite and PostgreSQL (client) versions."""
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "os": platform.platform(),
    }
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            kib = int(next(line for line in handle if line.startswith("MemTotal")).split()[1])
        info["memory_gb"] = round(kib / 2**20, 1)
    except (OSError, StopIteration, ValueError):
        info["memory_gb"] = None
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            info["cpu"] = next(
                line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")
            )
    except (OSError, StopIteration):
        info["cpu"] = platform.processor() or None
    try:
        out = subprocess.run(
            ["/usr/lib/postgresql/15/bin/postgres", "--version"],
            capture_output=True,
            text=True,
            check=False,
        )
        info["postgresql"] = out.stdout.strip() or None
    except OSError:
        info["postgresql"] = None
    return info


def _check(rows: list[dict], target: str, db: str, subject: str, value, limit, ok) -> None:
    rows.append(
        {
            "target": target,
            "db": db,
            "subject": subject,
            "measured": value,
            "limit": limit,
            "result": PASS if ok else FAIL,
        }
    )


def targets(runs: list[dict[str, Any]], main_scale: str) -> list[dict[str, Any]]:
    """PASS/FAIL per target, per database, on the main scale (and city for comparisons)."""
    rows: list[dict[str, Any]] = []
    by_key = {(r["db"], r["scale"]): r for r in runs}
    for db in dict.fromkeys(r["db"] for r in runs):
        run = by_key.get((db, main_scale))
        if run is None:
            continue
        city = by_key.get((db, "city")) if main_scale != "city" else None
        city_pages = {p["name"]: p for p in city["pages"]} if city else {}
        for page in run["pages"]:
            name = page["name"]
            if page["status"] != "measured":
                rows.append(
                    {
                        "target": "page",
                        "db": db,
                        "subject": name,
                        "measured": None,
                        "limit": None,
                        "result": NOT_BUILT,
                    }
                )
                continue
            _check(
                rows,
                f"median < {MEDIAN_MS} ms",
                db,
                name,
                page["median_ms"],
                MEDIAN_MS,
                page["median_ms"] < MEDIAN_MS,
            )
            _check(
                rows,
                f"p95 < {P95_MS} ms",
                db,
                name,
                page["p95_ms"],
                P95_MS,
                page["p95_ms"] < P95_MS,
            )
            _check(
                rows,
                "page / floor <= 3",
                db,
                name,
                page["ratio"],
                FLOOR_RATIO,
                page["ratio"] <= FLOOR_RATIO,
            )
            _check(
                rows,
                "(proposed) SQL in page / floor <= 3",
                db,
                name,
                page["sql_ratio"],
                FLOOR_RATIO,
                page["sql_ratio"] <= FLOOR_RATIO,
            )
            if name == "profile_search":
                _check(
                    rows,
                    f"profile search p95 < {SEARCH_P95_MS} ms",
                    db,
                    name,
                    page["p95_ms"],
                    SEARCH_P95_MS,
                    page["p95_ms"] < SEARCH_P95_MS,
                )
            base = city_pages.get(name)
            if base and base.get("status") == "measured":
                _check(
                    rows,
                    "same query count at city and national",
                    db,
                    name,
                    f"{base['queries']} / {page['queries']}",
                    "equal",
                    base["queries"] == page["queries"],
                )
                growth = round(page["median_ms"] / base["median_ms"], 2)
                _check(
                    rows,
                    f"national <= {GROWTH} x city (median)",
                    db,
                    name,
                    growth,
                    GROWTH,
                    growth <= GROWTH,
                )
        hr = run.get("hr_import")
        if hr:
            first = hr["first_import"]
            _check(
                rows,
                "HR import >= 5,000 rows/s",
                db,
                f"{hr['rows']:,} rows",
                first["rows_per_s"],
                HR_ROWS_PER_S,
                first["rows_per_s"] >= HR_ROWS_PER_S,
            )
            peak = max(first["peak_rss_mb"], hr["reimport_unchanged"]["peak_rss_mb"])
            _check(
                rows,
                "HR import peak memory < 500 MB",
                db,
                f"{hr['rows']:,} rows",
                peak,
                HR_PEAK_MB,
                peak < HR_PEAK_MB,
            )
        ex = run.get("exports")
        if ex:
            iati = ex["iati"]
            subject = f"{iati['activities']:,} activities, {iati['files']:,} files"
            _check(
                rows,
                "IATI export >= 2,000 activities/s",
                db,
                subject,
                iati["activities_per_s"],
                IATI_PER_S,
                iati["activities_per_s"] >= IATI_PER_S,
            )
            _check(
                rows,
                "IATI export peak memory growth < 100 MB",
                db,
                subject,
                iati["peak_growth_mb"],
                IATI_GROWTH_MB,
                iati["peak_growth_mb"] < IATI_GROWTH_MB,
            )
            _check(
                rows,
                "IATI file valid against the 2.03 XSD",
                db,
                "benchmarked authority",
                "valid" if iati["bench_file_valid"] else "; ".join(iati["bench_file_errors"]),
                "valid",
                iati["bench_file_valid"],
            )
        load_runs = [r for r in runs if r.get("load")]
    for run in load_runs:
        load = run["load"]
        for entry in load["runs"][1:]:
            _check(
                rows,
                f"load: {load['clients']} clients, zero errors",
                run["db"],
                entry["name"],
                sum(entry["errors"].values()),
                0,
                not entry["errors"],
            )
            _check(
                rows,
                "load: throughput >= 25 % of the trivial page",
                run["db"],
                entry["name"],
                f"{entry['share_of_trivial']:.0%} "
                f"({entry['rps']} / {load['runs'][0]['rps']} req/s)",
                f"{LOAD_SHARE:.0%}",
                entry["share_of_trivial"] >= LOAD_SHARE,
            )
    if not load_runs:
        rows.append(
            {
                "target": "load: gunicorn 2 workers, 50 clients, 60 s",
                "db": "postgres",
                "subject": "project list, project page",
                "measured": None,
                "limit": ">= 25 % of a trivial view, 0 errors",
                "result": NOT_RUN,
            }
        )
    return rows


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def markdown(report: dict[str, Any]) -> str:
    meta, runs = report["meta"], report["runs"]
    m = meta["machine"]
    lines = [
        f"# Benchmark — scale `{meta['scale']}`, seed {meta['seed']}, "
        f"{meta['requests']} requests per page",
        "",
        f"Machine: {m.get('nproc')} CPU ({m.get('cpu')}), {m.get('memory_gb')} GB RAM, "
        f"{m.get('os')}; Python {m.get('python')}, SQLite {m.get('sqlite')}, "
        f"{m.get('postgresql') or 'PostgreSQL: not found'}.",
        f"Run on {meta['started']} in {meta['seconds']:.0f} s; load average (1 min) "
        f"{meta.get('load_before')} before, {meta.get('load_after')} after "
        f"({m.get('nproc')} CPU: above that, other processes competed for the CPU).",
        "",
        "## Datasets",
        "",
        "| Database | Scale | Authorities | Agents | Projects | Mobilisations | Profile entries "
        "| migrate (s) | generate_dataset (s) |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for run in runs:
        d, g = run["dataset"], run.get("generation") or {}
        lines.append(
            f"| {run['db']} {run['database_version']} | {run['scale']} | {d['authorities']:,} "
            f"| {d['agents']:,} | {d['projects']:,} | {d['mobilisations']:,} "
            f"| {d['profile_entries']:,} | {_ms(g.get('migrate_s'))} "
            f"| {_ms(g.get('generate_s')) if g.get('generate_s') is not None else 'reused'} |"
        )
    for run in runs:
        lines += [
            "",
            f"## Pages — {run['db']}, {run['scale']}",
            "",
            "Server time through Django's test client (ms); floor = the same rows by "
            "hand-written SQL on a plain cursor; trivial page = middleware, session, "
            f"permission check and base template only: median {run['trivial']['median_ms']:.1f}"
            f" ms, {run['trivial']['queries']} queries, {run['trivial']['sql_ms']:.1f} ms of SQL. "
            "Page SQL / floor = (SQL in page − SQL of the trivial page) / floor median."
            + (" Measured after gc.freeze()." if run.get("gc_freeze") else ""),
            "",
            "| Page | Role | Median | p95 | Queries | SQL in page | Page − trivial | Floor median "
            "| Floor p95 | Floor queries | Page / floor | Page SQL / floor | Same rows as floor |",
            "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
        ]
        for page in run["pages"]:
            if page["status"] != "measured":
                lines.append(f"| {page['title']} | — | {NOT_BUILT} | | | | | | | | | | |")
                continue
            f = page["floor"]
            same = page.get("same_rows")
            same_text = "—" if same is None else ("yes" if same else "**no**")
            lines.append(
                f"| {page['title']} | {page['role']} | {_ms(page['median_ms'])} "
                f"| {_ms(page['p95_ms'])} | {page['queries']} | {_ms(page['sql_ms'])} "
                f"| {_ms(page['beyond_trivial_ms'])} "
                f"| {f['median_ms']:.2f} | {f['p95_ms']:.2f} | {f['queries']} "
                f"| {page['ratio']:.1f} | {page['sql_ratio']:.1f} | {same_text} |"
            )
    hr_runs = [r for r in runs if r.get("hr_import")]
    if hr_runs:
        lines += [
            "",
            "## HR import (synthetic file, new authority: parse, plan, write, commit)",
            "",
            "| Database | Scale | Rows | First import (s) | Rows/s | Re-import unchanged (s) "
            "| Rows/s | Peak RSS (MB) | RSS before import (MB) |",
            "|---|---|--:|--:|--:|--:|--:|--:|--:|",
        ]
        for run in hr_runs:
            hr = run["hr_import"]
            first, again = hr["first_import"], hr["reimport_unchanged"]
            lines.append(
                f"| {run['db']} | {run['scale']} | {hr['rows']:,} | {first['seconds']:.1f} "
                f"| {first['rows_per_s']:,} | {again['seconds']:.1f} | {again['rows_per_s']:,} "
                f"| {max(first['peak_rss_mb'], again['peak_rss_mb']):.0f} "
                f"| {hr['baseline_rss_mb']:.0f} |"
            )
    for run in (r for r in runs if r.get("load")):
        load = run["load"]
        lines += [
            "",
            f"## Under load — {run['db']}, {run['scale']}: gunicorn, {load['workers']} sync "
            f"workers (preloaded), {load['clients']} concurrent clients, {load['seconds']:.0f} s "
            "per URL, loopback",
            "",
            "| URL | Requests | Errors | Requests/s | Median (ms) | p95 (ms) | Share of trivial |",
            "|---|--:|--:|--:|--:|--:|--:|",
        ]
        for entry in load["runs"]:
            share = entry.get("share_of_trivial")
            errors = sum(entry["errors"].values())
            lines.append(
                f"| {entry['name']} (`{entry['path']}`) | {entry['requests']:,} | {errors} "
                f"| {entry['rps']} | {_ms(entry['median_ms'])} | {_ms(entry['p95_ms'])} "
                f"| {'—' if share is None else f'{share:.0%}'} |"
            )
    export_runs = [r for r in runs if r.get("exports")]
    if export_runs:
        lines += [
            "",
            "## Exports",
            "",
            "IATI: every authority's file (internal projects included) written in sequence; "
            "peak growth = resident set sampled every 5 ms during the run − resident set before. "
            "e-APD: the benchmarked authority's declaration (rows + CSV), then every "
            "authority's once.",
            "",
            "| Database | Scale | IATI activities | Files | Seconds | Activities/s "
            "| Peak growth (MB) | Benchmarked file valid (XSD) | e-APD year | e-APD rows "
            "| e-APD median (ms) | e-APD p95 (ms) | e-APD, every authority (s) |",
            "|---|---|--:|--:|--:|--:|--:|---|--:|--:|--:|--:|--:|",
        ]
        for run in export_runs:
            iati, ea = run["exports"]["iati"], run["exports"]["eapd"]
            lines.append(
                f"| {run['db']} | {run['scale']} | {iati['activities']:,} | {iati['files']:,} "
                f"| {iati['seconds']:.1f} | {iati['activities_per_s']:,} "
                f"| {iati['peak_growth_mb']:.0f} "
                f"| {'yes' if iati['bench_file_valid'] else '**no**'} "
                f"({iati['bench_file_bytes']:,} bytes, {iati['validation_s']:.2f} s) "
                f"| {ea['year']} | {ea['rows']} | {ea['median_ms']:.1f} | {ea['p95_ms']:.1f} "
                f"| {ea['all_authorities_s']:.1f} |"
            )
    lines += [
        "",
        "## Targets",
        "",
        "| Target | Database | Subject | Measured | Limit | Result |",
        "|---|---|---|--:|--:|---|",
    ]
    for row in report["targets"]:
        measured = "—" if row["measured"] is None else row["measured"]
        limit = "—" if row["limit"] is None else row["limit"]
        result = row["result"] if row["result"] != FAIL else f"**{FAIL}**"
        lines.append(
            f"| {row['target']} | {row['db']} | {row['subject']} | {measured} | {limit} "
            f"| {result} |"
        )
    not_built = [p.title for p in PAGES if not p.built]
    if not_built:
        lines += ["", "Not built yet: " + "; ".join(not_built) + ".", ""]
    return "\n".join(lines)
