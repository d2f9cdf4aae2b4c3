"""A throwaway PostgreSQL server for the benchmark, as ``.ci/run`` starts one.

``initdb`` into a temporary directory, ``pg_ctl start`` on a free loopback port, and
``stop()`` removes everything. As root (the project machines), the server runs as ``postgres``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PGBIN = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))
# fsync off as in CI: durability does not matter for a throwaway dataset, and it is the same
# for every page. The rest stays close to the defaults of a small production server.
SERVER_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "shared_buffers": "512MB",
    "max_wal_size": "4GB",
    "checkpoint_timeout": "30min",
}


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _free_port(start: int = 54340) -> int:
    for port in range(start, start + 200):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("No free port for PostgreSQL between 54340 and 54540.")


class ThrowawayPostgres:
    def __init__(self) -> None:
        if not (PGBIN / "initdb").exists():
            raise RuntimeError(f"{PGBIN}/initdb not found: install PostgreSQL 15 or set PGBIN.")
        self.port = _free_port()
        self.datadir = Path(tempfile.mkdtemp(prefix="maillage-bench-pg."))
        if os.geteuid() == 0:
            shutil.chown(self.datadir, "postgres")
        self.started = False

    def start(self) -> None:
        run = subprocess.run
        run(
            _as_postgres(
                [
                    str(PGBIN / "initdb"),
                    "-D",
                    str(self.datadir),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            ),
            check=True,
            capture_output=True,
        )
        options = f"-p {self.port} -k {self.datadir} " + " ".join(
            f"-c {k}={v}" for k, v in SERVER_SETTINGS.items()
        )
        run(
            _as_postgres(
                [
                    str(PGBIN / "pg_ctl"),
                    "-D",
                    str(self.datadir),
                    "-l",
                    str(self.datadir / "log"),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    options,
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )
        self.started = True

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        if self.started:
            subprocess.run(
                _as_postgres(
                    [str(PGBIN / "pg_ctl"), "-D", str(self.datadir), "-m", "fast", "-w", "stop"]
                ),
                check=False,
                capture_output=True,
            )
            self.started = False
        shutil.rmtree(self.datadir, ignore_errors=True)


@contextlib.contextmanager
def server(database_url: str | None) -> Iterator[ServerHandle]:
    """The server of ``database_url`` when it is a PostgreSQL URL, else a throwaway one."""
    if database_url and database_url.startswith(("postgres://", "postgresql://")):
        yield ServerHandle(database_url, None)
        return
    pg = ThrowawayPostgres()
    try:
        pg.start()
        yield ServerHandle(pg.url("postgres"), pg)
    finally:
        pg.stop()


class ServerHandle:
    """Creates and names the benchmark databases on one server."""

    def __init__(self, admin_url: str, throwaway: ThrowawayPostgres | None) -> None:
        self.admin_url = admin_url
        self.throwaway = throwaway

    @property
    def description(self) -> str:
        if self.throwaway is not None:
            settings = ", ".join(
                f"{k}={v}" for k, v in SERVER_SETTINGS.items() if k != "listen_addresses"
            )
            return f"throwaway server on port {self.throwaway.port} ({settings})"
        parts = urlsplit(self.admin_url)
        return f"DATABASE_URL server {parts.hostname}:{parts.port or 5432}"

    def database_url(self, name: str) -> str:
        parts = urlsplit(self.admin_url)
        return urlunsplit(parts._replace(path=f"/{name}"))

    def exists(self, name: str) -> bool:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            return bool(
                conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            )

    def recreate(self, name: str) -> str:
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.database_url(name)
