"""The accessibility walk: every page of the URL catalogue, for every role that may open it, at
1280 px and at 375 px, through axe-core; then a few states a plain load does not show (a form
sent back with errors, an open picker) and one pass in English.

A violation of impact serious or critical fails, listed with the URL, the role, the width, the
rule and the offending nodes. The catalogue is split into shards so that xdist spreads them.
Within a shard, a load whose site header (one role's menus) and whose rest (the page as that
role sees it) were both checked already on other loads, tokens aside, is not checked again.
Every load, checked or not, must keep aria-sort on the header cells of sortable columns.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page, expect

from maillage.core.models import Role
from tests.factories import AgentFactory, member
from tests.urls_catalog import CATALOG, Url
from tests.world import build_world

from .helpers import BLOCKING_IMPACTS

ANONYMOUS = "anonymous"
ROLES = [*Role.values, ANONYMOUS]
WIDTHS = (1280, 375)
SHARDS = 4
# WCAG 2.0 and 2.1, levels A and AA: the rules the law (RGAA) refers to.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# What changes between two loads of the same page: tokens, not content.
VOLATILE = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ?")[^"]*')
# The site header: what the role changes on every page (its menus). From one page to the
# next it differs only by the menu entry marked current and the language switch's return
# path, neither of which axe can find anything in that another page would not show.
FRAME = re.compile(r'<header class="site-header".*?</header>', re.DOTALL)
FRAME_PER_PAGE = re.compile(r'\saria-current="[^"]*"|(name="next" value=")[^"]*')
# aria-sort belongs on the column's header cell, never on the sort link (nor empty).
SORT_OFF_TH = re.compile(r"<(?!th\b)\w+\b[^>]*\saria-sort=|\saria-sort=\"\"", re.IGNORECASE)
HTML_TYPES = ("text/html",)
AXE_SCRIPT = Axe().axe_script


def parts(html: str) -> tuple[str, str]:
    """Digests of the page's frame (the site header) and of the rest, tokens aside."""
    html = VOLATILE.sub("", html)
    match = FRAME.search(html)
    frame = match.group(0) if match else ""
    rest = html.replace(frame, "", 1)
    return (
        hashlib.sha256(FRAME_PER_PAGE.sub(r"\1", frame).encode()).hexdigest(),
        hashlib.sha256(rest.encode()).hexdigest(),
    )


def may_open(entry: Url, role: str) -> bool:
    if entry.method != "get":
        return False
    if role == ANONYMOUS:
        return entry.anonymous == "200"
    # A signed-in user asking for the login page is sent on to the home page.
    return role in entry.allowed and entry.name != "login"


def url_for(entry: Url, world: dict[str, object]) -> str:
    kwargs = {k: world[v].pk for k, v in entry.objects.items()}
    return reverse(entry.name, kwargs={**kwargs, **entry.kwargs})


def blocking_violations(page: Page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is laid out now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    response = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [v for v in response["violations"] if v["impact"] in BLOCKING_IMPACTS]


def describe(violations: list[dict], where: str) -> list[str]:
    lines = []
    for violation in violations:
        lines.append(f"{where} — {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:8]:
            lines.append(f"      {' '.join(map(str, node['target']))}: {node['html'][:200]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"      … and {len(violation['nodes']) - 8} more")
    return lines


def check_both_widths(page: Page, where: str) -> list[str]:
    """axe at 1280 px, then at 375 px on the same load (the page is laid out again, not
    reloaded)."""
    failures = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        failures += describe(blocking_violations(page), f"{where} @{width}px")
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    return failures


def signed_in_context(browser: Browser, base: str, user, **kwargs) -> BrowserContext:
    """A browser context carrying ``user``'s session, without going through the login form."""
    context = browser.new_context(
        base_url=base, locale="fr-FR", viewport={"width": WIDTHS[0], "height": 900}, **kwargs
    )
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": base, "httpOnly": True}]
        )
    return context


def role_users(authority) -> dict[str, object]:
    # The same name for every role, so that the header (which shows it) does not make two
    # otherwise identical pages differ.
    users = {
        role: member(authority, role, username=f"u-{role}", first_name="Camille", last_name="Roux")
        for role in Role.values
    }
    return {**users, ANONYMOUS: None}


@contextmanager
def pages_by_role(browser: Browser, base: str, users: dict) -> Iterator[dict[str, Page]]:
    contexts = {role: signed_in_context(browser, base, user) for role, user in users.items()}
    try:
        yield {role: context.new_page() for role, context in contexts.items()}
    finally:
        for context in contexts.values():
            context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_page_is_accessible(shard, browser: Browser, live_server, authority):
    world = build_world(authority)
    users = role_users(authority)
    # Consecutive stretches of the catalogue: a section's pages share their header.
    entries = [e for index, e in enumerate(CATALOG) if index * SHARDS // len(CATALOG) == shard]
    frames: set[str] = set()
    contents: set[str] = set()
    failures: list[str] = []
    pairs = 0
    with pages_by_role(browser, live_server.url, users) as pages:
        for entry in entries:
            path = url_for(entry, world)
            for role in ROLES:
                if not may_open(entry, role):
                    continue
                page = pages[role]
                answer = page.request.get(path, max_redirects=0)
                content_type = answer.headers.get("content-type", "")
                if answer.status != 200 or not content_type.startswith(HTML_TYPES):
                    continue  # the permission matrix checks statuses; files are not pages
                html = answer.text()
                if SORT_OFF_TH.search(html):
                    failures.append(f"{path} as {role}: aria-sort off its <th>, or empty")
                # A header (menus of one role) and a content (one page, as some roles see it)
                # both checked already on other loads: nothing new to find on this one.
                frame, rest = parts(html)
                if frame in frames and rest in contents:
                    continue
                frames.add(frame)
                contents.add(rest)
                pairs += 1
                page.goto(path)
                page.wait_for_load_state("load")
                failures += check_both_widths(page, f"{path} as {role}")
    print(f"shard {shard}: {pairs} (URL, role) pairs checked")
    assert pairs, "no page was checked"
    assert not failures, "axe-core, serious or critical:\n" + "\n".join(failures)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_forms_sent_back_with_errors_are_accessible(browser: Browser, live_server, authority):
    world = build_world(authority)
    dri = member(authority, Role.DRI, username="u-dri")
    # "My international profile" needs a user linked to an agent.
    agent_user = member(authority, Role.AGENT, username="u-agent")
    AgentFactory(service=world["service"], user=agent_user, last_name="Diallo")
    forms = [
        (dri, reverse("project_create"), "#project-form"),
        (dri, reverse("committee_create"), "main form[method=post]"),
        (dri, reverse("call_create", args=[world["project"].pk]), "#call-form"),
        (agent_user, reverse("my_profile"), "#profile-form"),
    ]
    failures: list[str] = []
    for user, path, selector in forms:
        context = signed_in_context(browser, live_server.url, user)
        page = context.new_page()
        page.goto(path)
        form = page.locator(selector)
        if selector == "#profile-form":
            # A language without its level: the row is sent back with an error.
            page.evaluate(
                "() => { const s = document.getElementById('id_langues-0-language');"
                " (s.tomselect ? s.tomselect.setValue('wo') : (s.value = 'wo')); }"
            )
        form.locator("button[type=submit]").first.click()
        page.wait_for_load_state("load")
        expect(page.locator(".invalid-feedback, .error-summary").first).to_be_visible()
        failures += check_both_widths(page, f"{path} sent back with errors")
        context.close()
    assert not failures, "axe-core, serious or critical:\n" + "\n".join(failures)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_open_picker_error_and_english_pages_are_accessible(
    browser: Browser, live_server, authority
):
    world = build_world(authority)
    dri = member(authority, Role.DRI, username="u-dri")
    failures: list[str] = []

    context = signed_in_context(browser, live_server.url, dri)
    page = context.new_page()
    page.goto(reverse("project_list"))
    box = page.locator("#project-filters [role=combobox][id$='-ts-control']").first
    box.focus()
    box.press_sequentially("a")
    expect(page.locator(f"#{box.get_attribute('aria-controls')}")).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    failures += check_both_widths(page, "project list, picker open")
    expect(box).to_have_attribute("aria-expanded", "true")

    # The error pages the walk steps over.
    for path, status in [
        (reverse("authority_identity"), 403),  # the administrator's page
        (reverse("project_detail", args=[world["project"].pk + 1000]), 404),
    ]:
        assert page.goto(path).status == status
        failures += check_both_widths(page, f"{path} ({status})")
    context.close()

    # English: the language cookie the switch in the header sets.
    context = signed_in_context(browser, live_server.url, dri)
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    page = context.new_page()
    for path in [
        reverse("home"),
        reverse("project_list"),
        reverse("project_detail", args=[world["project"].pk]),
        reverse("committee_create"),
        reverse("agent_list"),
    ]:
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        failures += describe(blocking_violations(page), f"{path} in English @1280px")
    context.close()
    assert not failures, "axe-core, serious or critical:\n" + "\n".join(failures)
