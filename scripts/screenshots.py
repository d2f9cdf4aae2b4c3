"""Full-page screenshots of the main pages, for every demo role, at 1280 and 375 px wide.

``make screenshots`` (or ``python scripts/screenshots.py [--out DIR] [--pages a,b]``): loads the
demo into a throwaway SQLite database, serves it on a free local port, logs in as each demo
account through the login form, and saves ``DIR/<role>/<page>-<width>.png`` (default
``screenshots/``). A page a role may not open is noted and skipped. Uses Debian's Chromium
through Playwright (``/usr/bin/chromium``, or ``$CHROMIUM``).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = (1280, 375)
# The six demo roles, then the second demo authority's account (its own colours and logo).
ROLES = ("admin", "dri", "referent", "elected", "direction", "agent", "val-d-orne")
PASSWORD = "demo-maillage"  # noqa: S105 - the published password of the demo accounts
# (name, path); a path ending in "*" opens the first link of the list page that matches it.
PAGES: tuple[tuple[str, str], ...] = (
    ("home", "/"),
    ("projects", "/projets/"),
    ("payments-import", "/import-paiements/"),
    ("project", "/projets/*"),
    ("partners", "/partenaires/"),
    ("missions", "/missions/"),
    ("companies", "/entreprises/"),
    ("org-chart", "/organigramme/"),
    ("referents", "/referents/"),
    ("agents", "/agents/"),
    ("languages", "/competences/"),
    ("search", "/competences/recherche/?langue=es"),
    ("calls", "/appels/"),
    ("committees", "/comites/"),
    ("committee", "/comites/*"),
    ("actions", "/actions/"),
    ("dashboard", "/tableau-de-bord/"),
    ("annual_report", "/rapport-annuel/2025/"),
    ("annual_report_edit", "/rapport-annuel/2025/modifier/"),
    ("watch", "/veille/"),
    ("elected", "/elus/"),
    ("exports", "/exports/"),
    ("my-profile", "/mon-profil-international/"),
    ("identity", "/parametres/identite/"),
    ("legal-pages", "/parametres/pages-legales/"),
    ("accessibility", "/accessibilite/"),
    ("notifications", "/notifications/"),
    ("notification-preferences", "/notifications/preferences/"),
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - our own local server
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/screenshots.py")
    parser.add_argument("--out", default=str(ROOT / "screenshots"))
    parser.add_argument("--pages", default="", help="Comma-separated page names (default: all).")
    parser.add_argument("--roles", default=",".join(ROLES))
    args = parser.parse_args(argv)
    wanted = set(filter(None, args.pages.split(","))) or {name for name, _ in PAGES}
    out = Path(args.out)
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(
            os.environ,
            DATABASE_URL=f"sqlite:///{tmp}/screenshots.sqlite3",
            MAILLAGE_ENV="development",
            DJANGO_DEBUG="0",
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            PYTHONWARNINGS="ignore",
        )
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, check=True)
        subprocess.run([*manage, "load_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        port = free_port()
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(f"{base}/healthz")
            shots = capture(base, out, args.roles.split(","), wanted)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"{shots} screenshots in {out}/")
    return 0


def capture(base: str, out: Path, roles: list[str], wanted: set[str]) -> int:
    from playwright.sync_api import sync_playwright

    shots = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            page.goto(f"{base}/connexion/")
            (out / "anonymous").mkdir(parents=True, exist_ok=True)
            page.screenshot(path=out / "anonymous" / f"login-{width}.png", full_page=True)
            shots += 1
            context.close()
            for role in roles:
                context = browser.new_context(viewport={"width": width, "height": 900})
                page = context.new_page()
                page.goto(f"{base}/connexion/")
                page.fill("input[name=username]", role)
                page.fill("input[name=password]", PASSWORD)
                page.click("form[action] button[type=submit]")
                page.wait_for_load_state()
                folder = out / role
                folder.mkdir(parents=True, exist_ok=True)
                for name, path in PAGES:
                    if name not in wanted:
                        continue
                    if path.endswith("*"):
                        listing = path.removesuffix("*")
                        page.goto(f"{base}{listing}")
                        link = page.locator(f"main a[href^='{listing}'][href$='/']").filter(
                            has_not_text="Nouveau"
                        )
                        hrefs = [
                            h
                            for h in link.evaluate_all(
                                "els => els.map(e => e.getAttribute('href'))"
                            )
                            if h.rstrip("/").rsplit("/", 1)[-1].isdigit()
                        ]
                        if not hrefs:
                            print(f"{role} {name}: nothing to open on {listing}")
                            continue
                        path = hrefs[0]
                    response = page.goto(f"{base}{path}")
                    if response is None or response.status != 200:
                        print(f"{role} {name}: {response.status if response else 'no answer'}")
                        continue
                    page.screenshot(path=folder / f"{name}-{width}.png", full_page=True)
                    shots += 1
                context.close()
        browser.close()
    return shots


if __name__ == "__main__":
    sys.exit(main())
