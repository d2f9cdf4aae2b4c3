"""``manage.py generate_dataset --scale city|region|national [--seed N]``.

Writes a deterministic synthetic dataset into the configured database, which must be migrated
and empty: the same seed gives the same rows and the same primary keys. See
``maillage/datasets/generator.py`` for what an authority holds and ``bench/`` for its use.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.migrations.executor import MigrationExecutor
from tqdm import tqdm

from maillage.datasets.generator import BENCH_PASSWORD, Generator, target_tables
from maillage.datasets.scales import PUBLIC_SCALES, SCALES

# SQLite settings for the load only, restored afterwards: no fsync, a large page cache, the
# rollback journal in memory (the database is new: a crash means generating it again).
SQLITE_LOAD_PRAGMAS = {
    "synchronous": "OFF",
    "cache_size": "-262144",
    "temp_store": "MEMORY",
    "journal_mode": "MEMORY",
}


class Command(BaseCommand):
    help = (
        "Generate a deterministic synthetic dataset (authorities, services, agents, référents, "
        "elected officials, partners, projects with mobilisations, funding and results, "
        "international profiles, calls for competences, steering committees with their "
        "meetings, decisions and action items) into the configured database, which must be "
        "migrated and empty. city: 1 authority, 2,000 agents, 60 projects, 60 meetings; "
        "region: 1 authority, 12,000 agents, 600 projects, 150 partners, 400 meetings; "
        "national: 1,000 authorities, 300,000 agents, 20,000 projects, 60,000 mobilisations, "
        "1,500,000 profile entries, 50,000 meetings."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            required=True,
            choices=list(SCALES),  # "tiny" (tests) is accepted but not advertised
            metavar="{" + ",".join(PUBLIC_SCALES) + "}",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Same seed, same rows (default: 1)."
        )
        parser.add_argument(
            "--no-analyze",
            action="store_true",
            help="Skip ANALYZE (planner statistics) after the load.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale = SCALES[options["scale"]]
        verbosity = options["verbosity"]
        if connection.vendor not in ("sqlite", "postgresql"):
            raise CommandError(
                f"Only SQLite and PostgreSQL are supported, not {connection.vendor}."
            )
        self._check_migrated()
        self._check_empty()
        started = time.perf_counter()
        bar = tqdm(
            total=scale.total.agents,
            desc=f"generate_dataset {scale.name}",
            unit=" agents",
            disable=verbosity == 0 or None,  # None: hidden when stderr is not a terminal
        )
        try:
            with self._sqlite_load_settings():
                stats = Generator(scale, options["seed"], progress=bar.update).run()
        finally:
            bar.close()
        analyze = 0.0
        if not options["no_analyze"]:
            t0 = time.perf_counter()
            self._analyze()
            analyze = time.perf_counter() - t0
        total = time.perf_counter() - started
        if verbosity >= 1:
            self._summary(scale, options["seed"], stats, analyze, total, verbosity)

    def _check_migrated(self) -> None:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            raise CommandError(
                f"{len(plan)} migration(s) not applied: run `manage.py migrate` first."
            )

    def _check_empty(self) -> None:
        filled = [m._meta.label for m in target_tables() if m._default_manager.exists()]
        if filled:
            raise CommandError(
                "The database already holds data ("
                + ", ".join(filled[:5])
                + (", …" if len(filled) > 5 else "")
                + "). generate_dataset only writes into an empty, migrated database, so that "
                "the same seed gives the same rows and primary keys. Point DATABASE_URL at a "
                "new database (e.g. sqlite:///bench/out/dataset.sqlite3) and run "
                "`manage.py migrate` first."
            )

    @contextlib.contextmanager
    def _sqlite_load_settings(self) -> Iterator[None]:
        if connection.vendor != "sqlite" or connection.in_atomic_block:
            yield  # inside a transaction (tests) the pragmas cannot change: leave them
            return
        connection.ensure_connection()
        raw = connection.connection
        saved = {name: raw.execute(f"PRAGMA {name}").fetchone()[0] for name in SQLITE_LOAD_PRAGMAS}
        for name, value in SQLITE_LOAD_PRAGMAS.items():
            raw.execute(f"PRAGMA {name} = {value}")
        try:
            yield
        finally:
            for name, value in saved.items():
                raw.execute(f"PRAGMA {name} = {value}")

    def _analyze(self) -> None:
        """Planner statistics, as PostgreSQL's autovacuum would gather them after a bulk load.

        On PostgreSQL a VACUUM too, as autovacuum does after inserts: it marks the pages
        all-visible, so that index-only scans read no table page, and it is done before the
        benchmark measures rather than by autovacuum while it does.
        """
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA analysis_limit = 1000")
                cursor.execute("ANALYZE")
            else:
                # VACUUM cannot run inside a transaction (a caller's atomic block).
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")

    def _summary(
        self, scale, seed: int, stats, analyze: float, total: float, verbosity: int
    ) -> None:
        out = self.stdout.write
        db = connection.settings_dict
        where = db["NAME"] if connection.vendor == "sqlite" else f"{db['HOST']}/{db['NAME']}"
        out(
            self.style.SUCCESS(
                f"Dataset {scale.name} (seed {seed}): {stats.total_rows:,} rows in {total:.1f} s "
                f"on {connection.vendor} ({where})"
            )
        )
        out(
            f"  generate {stats.generate_seconds:.1f} s, write {stats.write_seconds:.1f} s, "
            f"sequences {stats.finish_seconds:.1f} s, analyze {analyze:.1f} s"
        )
        labels = (
            ("core.Authority", "authorities"),
            ("organisation.Service", "services"),
            ("organisation.Agent", "agents"),
            ("organisation.Referent", "référents"),
            ("organisation.ElectedOfficial", "elected officials"),
            ("projects.Partner", "partners"),
            ("projects.Project", "projects"),
            ("projects.Mobilisation", "mobilisations"),
            ("skills.Profile", "profiles"),
        )
        out("  " + ", ".join(f"{stats.rows.get(k, 0):,} {label}" for k, label in labels))
        entries = sum(
            stats.rows.get(k, 0)
            for k in (
                "skills.ProfileLanguage",
                "skills.ProfileCountry",
                "skills.ProfilePolicyArea",
                "skills.ProfileTag",
            )
        )
        out(f"  {entries:,} profile entries (languages, countries, expertise areas, tags)")
        out(
            f"  {stats.rows.get('governance.Committee', 0):,} committees, "
            f"{stats.rows.get('governance.Meeting', 0):,} meetings, "
            f"{stats.rows.get('governance.Decision', 0):,} decisions, "
            f"{stats.rows.get('governance.ActionItem', 0):,} action items"
        )
        out(
            f"  Benchmarked authority: id {stats.bench_authority_id}; users "
            + ", ".join(stats.bench_users.values())
            + f" (password {BENCH_PASSWORD!r})"
        )
        if verbosity >= 2:
            for label, count in sorted(stats.rows.items()):
                out(f"    {label:40} {count:>10,}")
