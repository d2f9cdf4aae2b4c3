import pytest


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # French pages: LocaleMiddleware follows Accept-Language, which is en-US in headless Chromium.
    return {**browser_context_args, "locale": "fr-FR", "viewport": {"width": 1280, "height": 900}}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Transactional tests end by flushing every table, reference data included (policy areas,
    countries, code lists… loaded by migrations): load it again for the tests that follow."""
    yield
    marker = item.get_closest_marker("django_db")
    # After the last test the test database is gone already, and nothing follows.
    if nextitem is None or marker is None or not marker.kwargs.get("transaction"):
        return
    from django.apps import apps
    from pytest_django.plugin import blocking_manager_key

    from maillage.core import choices
    from maillage.core.reference_data import load_all

    with item.config.stash[blocking_manager_key].unblock():
        load_all(apps)
        choices.warm()
