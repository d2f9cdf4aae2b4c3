"""Throughput under load: ``python -m bench.load`` (run by the harness with ``--load``).

Starts gunicorn (``config.wsgi`` as in production: sync workers, the application preloaded)
on loopback against the dataset of DATABASE_URL, then, for each URL in turn, keeps
``--clients`` concurrent clients busy for ``--seconds`` (and at most ``--max-requests`` in
all), each sending its next request as soon as the previous answer is read. The reference is
the trivial page of ``bench/urls.py`` (same middleware, session, permission check and base
template as every page, nothing fetched) served the same way. Writes JSON to ``--json``.

The client is asyncio on raw sockets (one connection per request: gunicorn's sync workers
close the connection after each answer); it shares the two cores with the server, as a load
balancer or a browser on the same machine would not, so the absolute figures are low bounds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(port: int, workers: int):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.settings")
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--preload",
        "--backlog",
        "2048",
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


async def _get(port: int, path: str, cookie: str, timeout: float) -> tuple[int, int]:
    """One GET on a new connection: (status, body bytes)."""
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
    try:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n"
            "Connection: close\r\n\r\n".encode()
        )
        await writer.drain()
        data = await asyncio.wait_for(reader.read(-1), timeout)
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
    head, _sep, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
    return status, len(body)


async def _load(
    port: int, path: str, cookie: str, clients: int, seconds: float, max_requests: int
) -> dict[str, Any]:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    sent = 0
    stop_at = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal sent
        while time.perf_counter() < stop_at and sent < max_requests:
            sent += 1
            t0 = time.perf_counter()
            try:
                status, size = await _get(port, path, cookie, timeout=30)
            except (OSError, TimeoutError, ValueError, IndexError) as error:
                key = type(error).__name__
            else:
                key = None if status == 200 and size > 0 else f"HTTP {status}"
            if key is None:
                latencies.append((time.perf_counter() - t0) * 1000)
            else:
                errors[key] = errors.get(key, 0) + 1

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "path": path,
        "seconds": round(elapsed, 1),
        "requests": len(latencies) + sum(errors.values()),
        "ok": len(latencies),
        "errors": errors,
        "rps": round(len(latencies) / elapsed, 1),
        "median_ms": round(statistics.median(ordered), 1) if ordered else None,
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1) if ordered else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", required=True)
    args = parser.parse_args(argv)

    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from bench.measure import _context
    from bench.pages import LIST_FILTERS, SEARCH, _list_url
    from maillage.core.models import User

    ctx = _context(LIST_FILTERS, SEARCH)
    login = Client()
    login.force_login(User.objects.get(pk=ctx.user_ids["dri"]))
    cookie = f"{settings.SESSION_COOKIE_NAME}={login.cookies[settings.SESSION_COOKIE_NAME].value}"
    targets = [
        ("trivial", reverse("bench_trivial")),
        ("project_list", _list_url(reverse, ctx)),
        ("project_detail", reverse("project_detail", args=[ctx.project_id])),
    ]
    connection.close()

    port = free_port()
    result: dict[str, Any] = {
        "database": connection.vendor,
        "workers": args.workers,
        "clients": args.clients,
        "seconds": args.seconds,
        "runs": [],
    }
    with gunicorn(port, args.workers):
        for name, path in targets:
            # Warm every worker (templates compiled, connections open) before timing.
            asyncio.run(_load(port, path, cookie, args.workers * 2, 2, 50))
            run = asyncio.run(
                _load(port, path, cookie, args.clients, args.seconds, args.max_requests)
            )
            run["name"] = name
            print(f"    {name}: {run['rps']} req/s, errors {run['errors'] or 0}", flush=True)
            result["runs"].append(run)
    trivial_rps = result["runs"][0]["rps"]
    for run in result["runs"][1:]:
        run["share_of_trivial"] = round(run["rps"] / trivial_rps, 3) if trivial_rps else None
    Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
