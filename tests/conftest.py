from __future__ import annotations

import os
import threading

import pytest

from maillage.core.models import Role

from .factories import AuthorityFactory, member

# Playwright runs an event loop in the test thread; the ORM calls made by fixtures there are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _OneRequestAtATime:
    """A WSGI app that serves one request at a time.

    With the in-memory SQLite test database, every thread of the live server shares one
    connection; a page's own request and the stylesheet and logo the browser asks for at the
    same moment (views that read the session) would use it at once, which SQLite refuses.
    """

    def __init__(self, app) -> None:
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            return self.app(environ, start_response)


@pytest.fixture(scope="session", autouse=True)
def _live_server_shares_sqlite_safely():
    from django.test.testcases import LiveServerThread

    create = LiveServerThread._create_server

    def create_server(self, connections_override=None):
        server = create(self, connections_override=connections_override)
        if connections_override:  # in-memory SQLite: one connection for every thread
            set_app = server.set_app
            server.set_app = lambda app: set_app(_OneRequestAtATime(app))
        return server

    LiveServerThread._create_server = create_server
    yield
    LiveServerThread._create_server = create


@pytest.fixture(scope="session", autouse=True)
def _media_root(tmp_path_factory):
    """Files the tests upload (logos, agreement documents) go to a folder of each test
    process, never to the project's media folder, and two processes never share one."""
    from django.conf import settings

    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_collection_modifyitems(config, items):
    """Browser tests need Debian's Chromium: skipped without it, but a failure under CI."""
    if os.path.exists(CHROMIUM) or _in_ci():
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def pytest_runtest_setup(item):
    # Not a usefixtures mark added at collection: pytest >= 8 ignores those.
    if "browser" in item.keywords and _in_ci() and not os.path.exists(CHROMIUM):
        pytest.fail(f"CI=true and {CHROMIUM} is missing: browser tests must run in CI.")


@pytest.fixture(autouse=True)
def reference_choices(request):
    """Select options of reference data are cached per process (``core.choices``): fill the
    cache before each test that uses the database (a no-op when full), so that a page's query
    count never depends on which test ran first in the worker (``load_all`` empties it)."""
    uses_db = request.node.get_closest_marker("django_db") is not None or any(
        name in request.fixturenames for name in ("db", "transactional_db", "live_server")
    )
    if not uses_db:
        return
    from maillage.core import choices

    request.getfixturevalue("django_db_setup")
    with request.getfixturevalue("django_db_blocker").unblock():
        choices.warm()


@pytest.fixture
def authority(db):
    return AuthorityFactory(name="Ville de Caen-sur-Test", slug="caen-test", siren="211401186")


@pytest.fixture
def other_authority(db):
    return AuthorityFactory(name="Autre Ville", slug="autre-ville", siren="219999999")


@pytest.fixture
def users(authority):
    """One user per role in ``authority``, keyed by role."""
    return {role: member(authority, role, username=f"u-{role}") for role in Role.values}


@pytest.fixture
def client_for(client):
    """Log a user in on the test client: ``client_for(user)``."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Transactional tests (the browser tests) end by flushing every table, the data loaded by
    migrations included: reference data (policy areas, countries, code lists…) and the funding
    rule sets. Load it again for the tests that follow in this worker."""
    yield
    marker = item.get_closest_marker("django_db")
    # After the last test the test database is gone already, and nothing follows.
    if nextitem is None or marker is None or not marker.kwargs.get("transaction"):
        return
    import importlib

    from django.apps import apps
    from pytest_django.plugin import blocking_manager_key

    from maillage.core import choices
    from maillage.core.reference_data import load_all

    rule_sets = importlib.import_module("maillage.projects.migrations.0002_funding_rule_sets")
    with item.config.stash[blocking_manager_key].unblock():
        load_all(apps)
        rule_sets.create_rule_sets(apps, None)
        choices.warm()


@pytest.fixture
def weasyprint():
    """WeasyPrint, a dependency: the PDF tests render for real (poppler-utils, installed by
    .ci/run, turns their pages into text and images)."""
    import weasyprint

    return weasyprint
