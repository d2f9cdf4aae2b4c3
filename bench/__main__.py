"""``python -m bench`` (``make bench``, ``make bench SCALE=national``): see bench/__init__.py."""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import postgres, report
from bench.pages import PAGE_NAMES

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_HR_ROWS = {"tiny": 2_000, "city": 20_000, "region": 50_000, "national": 300_000}
SCALES = ("tiny", "city", "region", "national")


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Generate a dataset, then time the key pages against their SQL floor.",
    )
    parser.add_argument("--scale", choices=SCALES, default="city", metavar="{city,region,national}")
    parser.add_argument(
        "--db",
        choices=("sqlite", "postgres", "both"),
        default=os.environ.get("BENCH_DB", "sqlite"),
        help="Database(s) to measure (default: $BENCH_DB or sqlite). PostgreSQL: the server of "
        "DATABASE_URL when it is one, else a throwaway server started here.",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=30, help="Timed requests per page.")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument(
        "--pages", default="", help=f"Comma-separated subset of: {', '.join(PAGE_NAMES)}."
    )
    parser.add_argument("--out", default=str(ROOT / "bench" / "out"))
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Reuse a dataset already generated at this scale (SQLite file in --out, or "
        "database on the DATABASE_URL server) instead of generating it again.",
    )
    parser.add_argument(
        "--no-city",
        action="store_true",
        help="Above city scale, skip the city run the growth targets compare with.",
    )
    parser.add_argument("--hr-rows", type=int, default=None, help="HR import rows (0: skip).")
    parser.add_argument(
        "--no-gc-freeze",
        dest="gc_freeze",
        action="store_false",
        help="Do not gc.freeze() the measuring process after the warm-up requests (a server "
        "started by config/wsgi.py freezes once the application is loaded).",
    )
    parser.add_argument(
        "--load",
        action="store_true",
        help="Also serve the dataset with gunicorn (2 workers) and load the project pages with "
        "concurrent clients (PostgreSQL only; see bench/load.py).",
    )
    parser.add_argument(
        "--no-exports", dest="exports", action="store_false", help="Skip the export timings."
    )
    parser.add_argument("--load-clients", type=int, default=50)
    parser.add_argument("--load-seconds", type=float, default=60)
    args = parser.parse_args(argv)
    unknown = set(filter(None, args.pages.split(","))) - set(PAGE_NAMES)
    if unknown:
        parser.error(f"unknown page(s): {', '.join(sorted(unknown))}")
    if args.hr_rows is None:
        args.hr_rows = DEFAULT_HR_ROWS[args.scale]
    args.quiet_children = False  # children's output (progress bars, warnings) goes to ours
    return args


def log(message: str) -> None:
    print(message, flush=True)


def _env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        DJANGO_SETTINGS_MODULE="config.settings",
        MAILLAGE_ENV="development",
        PYTHONPATH=str(ROOT),
        # WhiteNoise warns that collectstatic has not run: irrelevant to page timings.
        PYTHONWARNINGS="ignore:No directory at:UserWarning",
    )
    return env


def _run(command: list[str], env: dict[str, str], quiet: bool = False) -> tuple[float, str]:
    t0 = time.perf_counter()
    done = subprocess.run(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE if quiet else None,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        details = (done.stdout or "") + (done.stderr or "")
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{details}")
    return seconds, done.stdout


def prepare(db: str, scale: str, args, out: Path, server) -> tuple[str, dict[str, Any] | None]:
    """A database holding the dataset: generated now, or reused with --reuse."""
    name = f"maillage_bench_{scale}"
    if db == "sqlite":
        path = out / f"bench-{scale}.sqlite3"
        url = f"sqlite:///{path}"
        if args.reuse and path.exists():
            return url, None
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        if args.reuse and server.exists(name):
            return server.database_url(name), None
        url = server.recreate(name)
    env = _env(url)
    quiet = args.quiet_children
    migrate_s, _out = _run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], env, quiet
    )
    generate_s, output = _run(
        [
            sys.executable,
            "manage.py",
            "generate_dataset",
            "--scale",
            scale,
            "--seed",
            str(args.seed),
        ],
        env,
        quiet,
    )
    for line in output.strip().splitlines()[:2]:
        log(f"    {line.strip()}")
    return url, {"migrate_s": round(migrate_s, 2), "generate_s": round(generate_s, 2)}


def measure(url: str, args, tmp: Path) -> dict[str, Any]:
    target = tmp / "measure.json"
    command = [
        sys.executable,
        "-m",
        "bench.measure",
        "--requests",
        str(args.requests),
        "--warmup",
        str(args.warmup),
        "--pages",
        args.pages,
        "--json",
        str(target),
        *(["--gc-freeze"] if args.gc_freeze else []),
    ]
    _run(command, _env(url), args.quiet_children)
    return json.loads(target.read_text(encoding="utf-8"))


def hr_import(url: str, rows: int, args, tmp: Path) -> dict[str, Any]:
    target = tmp / "hr.json"
    command = [
        sys.executable,
        "-m",
        "bench.hr",
        "--rows",
        str(rows),
        "--csv",
        str(tmp / f"hr-{rows}.csv"),
        "--json",
        str(target),
    ]
    _run(command, _env(url), args.quiet_children)
    return json.loads(target.read_text(encoding="utf-8"))


def exports(url: str, args, tmp: Path) -> dict[str, Any]:
    target = tmp / "exports.json"
    command = [sys.executable, "-m", "bench.exports", "--json", str(target)]
    _run(command, _env(url), args.quiet_children)
    return json.loads(target.read_text(encoding="utf-8"))


def load(url: str, args, tmp: Path) -> dict[str, Any]:
    target = tmp / "load.json"
    command = [
        sys.executable,
        "-m",
        "bench.load",
        "--clients",
        str(args.load_clients),
        "--seconds",
        str(args.load_seconds),
        "--json",
        str(target),
    ]
    _run(command, _env(url), args.quiet_children)
    return json.loads(target.read_text(encoding="utf-8"))


def run(args: argparse.Namespace) -> dict[str, Any]:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    # Growth targets compare the national (or region) run with the same authority at city scale.
    compare = args.scale in ("region", "national") and not args.no_city
    scales = ["city", args.scale] if compare else [args.scale]
    started = time.perf_counter()
    runs = []
    meta: dict[str, Any] = {
        "scale": args.scale,
        "seed": args.seed,
        "requests": args.requests,
        "warmup": args.warmup,
        "gc_freeze": args.gc_freeze,
        "started": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": report.machine(),
        # Other work on the machine skews timings: the 1-minute load average tells.
        "load_before": round(os.getloadavg()[0], 2),
    }
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="maillage-bench.")))
        for db in dbs:
            server = None
            if db == "postgres":
                server = stack.enter_context(postgres.server(os.environ.get("DATABASE_URL")))
                meta["postgres_server"] = server.description
            for scale in scales:
                log(f"[{db} {scale}] dataset")
                url, generation = prepare(db, scale, args, out, server)
                log(f"[{db} {scale}] pages ({args.requests} requests each)")
                measured = measure(url, args, tmp)
                entry: dict[str, Any] = {
                    "db": db,
                    "scale": scale,
                    "database_version": measured["database"]["version"],
                    "generation": generation,
                    "dataset": measured["dataset"],
                    "trivial": measured["trivial"],
                    "pages": measured["pages"],
                    "gc_freeze": measured["gc_freeze"],
                    "context": measured["context"],
                }
                if args.hr_rows and scale == args.scale:
                    log(f"[{db} {scale}] HR import of {args.hr_rows:,} rows")
                    entry["hr_import"] = hr_import(url, args.hr_rows, args, tmp)
                if args.exports and scale == args.scale:
                    log(f"[{db} {scale}] exports (IATI, e-APD)")
                    entry["exports"] = exports(url, args, tmp)
                if args.load and db == "postgres" and scale == args.scale:
                    log(f"[{db} {scale}] load: gunicorn, {args.load_clients} clients")
                    entry["load"] = load(url, args, tmp)
                runs.append(entry)
    meta["seconds"] = round(time.perf_counter() - started, 1)
    meta["load_after"] = round(os.getloadavg()[0], 2)
    result = {"meta": meta, "runs": runs, "targets": report.targets(runs, args.scale)}
    stem = f"results-{args.scale}" + ("" if args.gc_freeze else "-no-gc-freeze")
    (out / f"{stem}.json").write_text(json.dumps(result, indent=2, ensure_ascii=False), "utf-8")
    (out / f"{stem}.md").write_text(report.markdown(result), "utf-8")
    return result


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    result = run(args)
    print(report.markdown(result))
    stem = Path(args.out) / (f"results-{args.scale}" + ("" if args.gc_freeze else "-no-gc-freeze"))
    log(f"Written: {stem}.md and {stem}.json")
    failed = [t for t in result["targets"] if t["result"] == report.FAIL]
    log(f"{len(failed)} target(s) failed." if failed else "Every measured target passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
