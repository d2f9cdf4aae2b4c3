"""Payments import throughput and peak memory: ``python -m bench.payments --rows N --csv PATH``.

Writes a synthetic finance software export of N mandats (the format of
``maillage/projects/funding/payments/``) for 200 projects: a third carry their analytic code
in a ``code_analytique`` column, a third in the mandat's object, a third are chosen as a
dry-run user would (``assignments``). Imports it into a new authority with the import service
(dry run; then parse, plan, write, commit), then imports the same file again (every mandat
already recorded: nothing written), and removes the authority. Runs in its own process so
that ``ru_maxrss`` is the import's peak memory (plus Django's own, reported as the baseline).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import random
import resource
import sys
import time
from pathlib import Path
from typing import Any

SLUG = "bench-payments-import"
PROJECTS = 200
# Beneficiaries per project: a project pays its partner and a few providers.
BENEFICIARIES = 3
IMPUTATIONS = ("65748-048", "6574-044", "6228-044", "6256-045", "204142-044", "011-6184-048")


def rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


def code(i: int) -> str:
    return f"COOP-{i:03d}"


def write_csv(path: Path, rows: int, seed: int = 1) -> dict[int, int]:
    """The export, ``;``-separated UTF-8 with French numbers; returns line -> project index
    for the rows whose project the dry-run user picks."""
    rng = random.Random(f"maillage-bench-payments:{seed}:{rows}")
    start = datetime.date(2025, 1, 2)
    chosen: dict[int, int] = {}
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(
            [
                "date",
                "numero_mandat",
                "montant",
                "imputation",
                "objet",
                "beneficiaire",
                "code_analytique",
                "bordereau",
            ]
        )
        for i in range(rows):
            project = rng.randrange(PROJECTS)
            rule = project % 3
            line = i + 2
            obj = f"Paiement facture {rng.randrange(10**6)} action {project}"
            if rule == 1:
                obj += f" {code(project)}"
            elif rule == 2:
                chosen[line] = project
            cents = rng.randrange(1000, 5_000_000)
            writer.writerow(
                [
                    (start + datetime.timedelta(days=i % 360)).strftime("%d/%m/%Y"),
                    str(i + 1),
                    f"{cents // 100:,}".replace(",", " ") + f",{cents % 100:02d}",
                    rng.choice(IMPUTATIONS),
                    obj,
                    f"Tiers {project}-{rng.randrange(BENEFICIARIES)}",
                    code(project) if rule == 0 else "",
                    str(i // 50 + 1),
                ]
            )
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.payments")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--csv", required=True)
    parser.add_argument("--json", required=True)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    from maillage.core.models import AuditEvent, Authority
    from maillage.projects.funding.payments.apply import import_payments
    from maillage.projects.models import Commitment, Payment, Project

    path = Path(args.csv)
    t0 = time.perf_counter()
    chosen = write_csv(path, args.rows)
    result: dict[str, Any] = {
        "rows": args.rows,
        "file_mb": round(path.stat().st_size / 2**20, 1),
        "csv_seconds": round(time.perf_counter() - t0, 2),
        "baseline_rss_mb": rss_mb(),
        "database": connection.vendor,
    }
    Authority.objects.filter(slug=SLUG).delete()
    authority = Authority.objects.create(
        name="Import des paiements (banc d'essai)", slug=SLUG, siren="219990098"
    )
    try:
        projects = Project.objects.bulk_create(
            Project(
                authority=authority,
                title=f"Projet {i}",
                kind=Project.Kind.SOLIDARITY,
                analytic_code=code(i) if i % 3 != 2 else "",
            )
            for i in range(PROJECTS)
        )
        assignments = {line: projects[index].pk for line, index in chosen.items()}
        runs = (("dry_run", True), ("first_import", False), ("reimport_unchanged", False))
        for label, dry_run in runs:
            t0, c0 = time.perf_counter(), time.process_time()
            outcome = import_payments(
                authority,
                by=None,
                source=path,
                filename=path.name,
                dry_run=dry_run,
                assignments=assignments,
            )
            seconds = time.perf_counter() - t0
            cpu = time.process_time() - c0
            if not outcome.valid or (not dry_run and not outcome.applied):
                raise RuntimeError(f"Payments import failed: {outcome.errors[:3]}")
            counts = outcome.counts
            result[label] = {
                "seconds": round(seconds, 2),
                "rows_per_s": round(outcome.rows / seconds),
                # This process's CPU time: on a shared machine, what the import itself costs.
                "cpu_seconds": round(cpu, 2),
                "peak_rss_mb": rss_mb(),
                "created": counts.created if counts else None,
                "already": counts.already if counts else None,
            }
        result["payments"] = Payment.objects.filter(
            commitment__project__authority=authority
        ).count()
        result["commitments"] = Commitment.objects.filter(project__authority=authority).count()
    finally:
        with transaction.atomic(), connection.cursor() as cursor:
            table = connection.ops.quote_name(AuditEvent._meta.db_table)
            cursor.execute(f"DELETE FROM {table} WHERE authority_id = %s", [authority.pk])  # noqa: S608
        authority.delete()
    with open(args.json, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
