"""The main tasks done with the keyboard alone, in Chromium, on the demo: every control reached
with Tab, opened with Enter or the arrows, and the focus always visible."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from maillage.demo.data import PASSWORD

from .helpers import assert_accessible
from .test_csp_browser import demo  # noqa: F401 - the fixture

pytestmark = pytest.mark.browser


def focused(page: Page) -> dict:
    """What has the focus, and whether it is drawn: a visible outline or box shadow."""
    return page.evaluate(
        """() => {
             const el = document.activeElement;
             // A picker draws its focus on the box around its text input.
             const style = getComputedStyle(el.closest('.ts-control') || el);
             return {
               id: el.id, tag: el.tagName, text: (el.innerText || el.value || '').trim(),
               href: el.getAttribute('href') || '',
               outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
               shadow: style.boxShadow !== 'none',
             };
           }"""
    )


def tab_to(page: Page, predicate, limit: int = 80) -> dict:
    """Press Tab until the focused element matches ``predicate``; its focus must be visible."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if predicate(now):
            assert now["outline"] or now["shadow"], f"focus not visible on {now}"
            return now
    raise AssertionError("never reached with Tab")


def test_keyboard_only_journey(page: Page, live_server, demo):  # noqa: F811
    base = live_server.url
    page.goto(f"{base}/connexion/")
    # Log in: the identifier field has the focus on arrival.
    assert focused(page)["id"] == "id_username"
    page.keyboard.type("dri")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}/")

    # The first Tab reaches the skip link, which takes the focus to the content.
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["text"] == "Contenu" and skip["outline"]
    page.keyboard.press("Enter")
    # Following the fragment moves the focus once the browser has scrolled: wait for it.
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.id === 'content'"
    )
    assert focused(page)["id"] == "content"

    # The main menu: a button opens its list, the arrow reaches the first link, Enter follows it.
    menu = page.get_by_role("navigation", name="Menu principal")
    menu.get_by_role("button", name="Projets", exact=True).focus()
    assert focused(page)["outline"]
    page.keyboard.press("Enter")
    expect(menu.get_by_role("link", name="Tous les projets", exact=True)).to_be_visible()
    page.keyboard.press("ArrowDown")
    assert focused(page)["text"] == "Tous les projets"
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}/projets/")

    # Filter with a searchable picker: Tab to it, type, choose with the arrows and Enter.
    tab_to(page, lambda f: f["id"] == "id_policy_area-ts-control")
    page.keyboard.type("jeunesse")
    listbox = page.get_by_role("listbox", name="Politique publique")
    # The first match is highlighted as the user types; Enter takes it.
    expect(listbox.locator(".option.active")).to_contain_text("Jeunesse")
    page.keyboard.press("Enter")
    expect(page.locator("#id_policy_area")).to_have_value(re.compile(r"^\d+$"))
    tab_to(page, lambda f: f["text"] == "Filtrer")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"policy_area=\d+"))
    assert_accessible(page, "project list filtered with the keyboard")

    # Open a project from the results and reach its tabs.
    tab_to(page, lambda f: re.fullmatch(r"/projets/\d+/", f["href"]) is not None)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/projets/\d+/$"))
    tab_to(page, lambda f: f["text"] == "Services mobilisés" and f["href"].endswith("/services/"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/projets/\d+/services/$"))
    assert_accessible(page, "project services tab reached with the keyboard")

    # The user menu opens with the keyboard and offers to log out.
    page.locator("#user-menu-button").focus()
    page.keyboard.press("Enter")
    logout = page.get_by_role("button", name="Se déconnecter")
    expect(logout).to_be_visible()
    logout.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/connexion/"))
