import pytest


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # French pages: LocaleMiddleware follows Accept-Language, which is en-US in headless Chromium.
    return {**browser_context_args, "locale": "fr-FR", "viewport": {"width": 1280, "height": 900}}
