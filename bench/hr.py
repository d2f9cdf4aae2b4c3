"""HR import throughput and peak memory: ``python -m bench.hr --rows N --csv PATH``.

Writes a synthetic HR file of N rows (services then agents, the format of
``maillage/organisation/hr/``), imports it into a new authority of the dataset with
the import service (parse, plan, write, commit), then imports the same file again (nothing
changes: the monthly re-import), and removes the authority. Runs in its own process so that
``ru_maxrss`` is the import's peak memory (plus Django's own, reported as the baseline).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import sys
import time
from pathlib import Path
from typing import Any

HR_SLUG = "bench-hr-import"


def rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


def write_csv(path: Path, rows: int, seed: int = 1) -> int:
    """A whole organisation: ~1 service for 25 agents, under 20 directorates."""
    from maillage.datasets import vocabulary as V
    from maillage.organisation.hr.format import CIVILITY, COLUMNS, REFERENT

    rng = random.Random(f"maillage-bench-hr:{seed}:{rows}")
    n_services = max(2, rows // 25)
    n_directorates = min(20, max(1, n_services // 10))
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        # The optional columns are left out: a present "referent" column with empty cells
        # would end every current mandate (the file would say that nobody is a référent).
        writer.writerow([column for column in COLUMNS if column not in (CIVILITY, REFERENT)])
        for i in range(n_services):
            directorate = i < n_directorates
            parent = "" if directorate else f"S{rng.randrange(n_directorates) + 1:06d}"
            name = V.DIRECTORATES[i % len(V.DIRECTORATES)][0] if directorate else f"Service {i + 1}"
            level = "direction" if directorate else "service"
            writer.writerow(["service", f"S{i + 1:06d}", parent, name, level, "", "", "", ""])
        for i in range(rows - n_services):
            first, last = rng.choice(V.FIRST_NAMES), rng.choice(V.LAST_NAMES)
            writer.writerow(
                [
                    "agent",
                    f"A{i + 1:07d}",
                    f"S{rng.randrange(n_directorates, n_services) + 1:06d}",
                    "",
                    "",
                    first,
                    last,
                    f"agent{i + 1}@import.example.fr",
                    rng.choice(V.JOB_TITLES),
                ]
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hr")
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--csv", required=True)
    parser.add_argument("--json", required=True)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    from maillage.core.models import AuditEvent, Authority
    from maillage.organisation.hr.apply import import_hr
    from maillage.organisation.models import Agent, Service

    path = Path(args.csv)
    t0 = time.perf_counter()
    write_csv(path, args.rows)
    result: dict[str, Any] = {
        "rows": args.rows,
        "file_mb": round(path.stat().st_size / 2**20, 1),
        "csv_seconds": round(time.perf_counter() - t0, 2),
        "baseline_rss_mb": rss_mb(),
        "database": connection.vendor,
    }
    Authority.objects.filter(slug=HR_SLUG).delete()
    authority = Authority.objects.create(
        name="Import RH (banc d'essai)", slug=HR_SLUG, siren="219990099"
    )
    try:
        for label in ("first_import", "reimport_unchanged"):
            t0 = time.perf_counter()
            outcome = import_hr(authority, by=None, source=path, filename=path.name, dry_run=False)
            seconds = time.perf_counter() - t0
            if not outcome.valid:
                raise RuntimeError(f"HR import failed: {outcome.errors[:3]}")
            result[label] = {
                "seconds": round(seconds, 2),
                "rows_per_s": round(outcome.rows / seconds),
                "peak_rss_mb": rss_mb(),
                "changes": outcome.counts.changes if outcome.counts else None,
            }
    finally:
        # Raw deletes: nothing but the import's own rows points at them.
        with transaction.atomic(), connection.cursor() as cursor:
            for model in (Agent, Service, AuditEvent):
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"DELETE FROM {table} WHERE authority_id = %s", [authority.pk])  # noqa: S608
            authority.delete()
    with open(args.json, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
