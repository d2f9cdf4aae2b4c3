"""Export throughput: ``python -m bench.exports`` (run by the harness).

- IATI: every authority's activity file, internal projects included, written one after the
  other (``interop.iati.write_activities``) — at national scale 20,000 activities in 1,000
  files. Throughput in activities/s over the whole run, peak memory growth (the resident set
  sampled every 5 ms during the run, minus the resident set before it), and the file of the
  benchmarked authority validated against the official IATI 2.03 XSD.
- e-APD: the declaration of the benchmarked authority for the year of its busiest projects
  (``interop.eapd.declaration`` then the CSV file: payments and worked days of the year with
  the most payments), median and p95 over ``--requests`` runs;
  and every authority's declaration once, in sequence.
Writes JSON to ``--json``.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any


def rss_mb() -> float:
    """Current resident set size (Linux)."""
    with open("/proc/self/statm", encoding="ascii") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


class RssSampler(threading.Thread):
    """Samples the resident set every 5 ms: its peak during a block of work."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = rss_mb()
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.005):
            self.peak = max(self.peak, rss_mb())

    def __enter__(self) -> RssSampler:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self.join()
        self.peak = max(self.peak, rss_mb())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.exports")
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--json", required=True)
    parser.add_argument(
        "--only", choices=("iati", "eapd"), help="Time one export only (default: both)."
    )
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    from maillage.core.models import Authority
    from maillage.datasets.scales import BENCH_SLUG
    from maillage.interop import eapd, iati

    bench_authority = Authority.objects.get(slug=BENCH_SLUG)
    authorities = list(Authority.objects.order_by("pk"))
    result: dict[str, Any] = {"database": connection.vendor}

    if args.only == "eapd":
        gc.freeze()  # as config/wsgi.py does (the IATI run freezes after its warm-up)
    if args.only != "eapd":
        _iati(args, result, authorities, bench_authority, iati)
    if args.only != "iati":
        _eapd(args, result, authorities, bench_authority, eapd)
    Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


def _iati(args, result, authorities, bench_authority, iati) -> None:
    with tempfile.TemporaryDirectory(prefix="maillage-iati.") as tmp:
        # Warm-up: imports, the schema, the code lists read by the writer.
        iati.write_activities(bench_authority, Path(tmp) / "warmup.xml", include_internal=True)
        gc.freeze()  # as config/wsgi.py does once the application is loaded
        rss_before = rss_mb()
        activities, started = 0, time.perf_counter()
        with RssSampler() as sampler:
            for authority in authorities:
                target = Path(tmp) / f"{authority.pk}.xml"
                activities += iati.write_activities(authority, target, include_internal=True)
                if authority.pk != bench_authority.pk:
                    target.unlink()
        seconds = time.perf_counter() - started
        bench_file = Path(tmp) / f"{bench_authority.pk}.xml"
        t0 = time.perf_counter()
        report = iati.validate(bench_file)
        result["iati"] = {
            "files": len(authorities),
            "activities": activities,
            "seconds": round(seconds, 2),
            "activities_per_s": round(activities / seconds),
            "rss_before_mb": round(rss_before, 1),
            "peak_growth_mb": round(sampler.peak - rss_before, 1),
            "bench_file_bytes": bench_file.stat().st_size,
            "bench_file_valid": report.valid,
            "bench_file_errors": [str(error) for error in report.errors[:5]],
            "validation_s": round(time.perf_counter() - t0, 2),
        }


def _eapd(args, result, authorities, bench_authority, eapd) -> None:
    from django.db.models import Count

    from bench.measure import summary, timed
    from maillage.projects.models import Payment

    # The year with the most payments: the declaration reads what was paid and worked.
    year = (
        Payment.objects.filter(commitment__project__authority=bench_authority)
        .values_list("date__year")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("date__year", flat=True)
        .first()
    ) or 2025

    def declare(authority=bench_authority) -> int:
        declaration = eapd.declaration(authority, year)
        eapd.write_csv(declaration.rows, io.StringIO())
        return len(declaration.rows)

    rows = declare()
    times = timed(declare, args.requests)
    started = time.perf_counter()
    every = sum(declare(authority) for authority in authorities)
    result["eapd"] = {
        "year": year,
        "rows": rows,
        **summary(times),
        "all_authorities_s": round(time.perf_counter() - started, 2),
        "all_authorities": len(authorities),
        "all_authorities_rows": every,
    }


if __name__ == "__main__":
    sys.exit(main())
