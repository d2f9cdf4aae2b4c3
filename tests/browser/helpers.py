"""What the browser tests share: the accessibility check, the artefacts folder, form helpers."""

from __future__ import annotations

import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
BLOCKING_IMPACTS = {"serious", "critical"}
PASSWORD = "Maillage-navigateur-2026"


def assert_accessible(page: Page, label: str) -> None:
    """No axe-core violation of impact serious or critical on the current page."""
    page.wait_for_load_state("load")
    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(" ".join(node["target"]) + " " + node["html"] for node in v["nodes"])
        for v in blocking
    )
    assert not blocking, f"axe-core on the {label} ({page.url}):\n{report}"


def choose(scope: Page | Locator, label: str, option: str) -> None:
    """Pick ``option`` in the select named ``label`` as a user would: through the searchable
    picker when the page made one of it (type, then click the option), else the plain select."""
    # An optional field's label ends with "(facultatif)".
    name = re.compile(rf"^{re.escape(label)}( \(facultatif\))?$")
    box = scope.get_by_role("combobox", name=name)
    if (box.get_attribute("id") or "").endswith("-ts-control"):
        box.focus()
        box.fill(option)
        listbox = box.get_attribute("aria-controls")
        page = scope if isinstance(scope, Page) else scope.page
        page.locator(f"#{listbox}").get_by_role("option", name=option, exact=True).click()
    else:
        box.select_option(label=option)


def log_out(page: Page) -> None:
    """Open the user menu in the header, then "Se déconnecter"."""
    page.locator("#user-menu-button").click()
    page.get_by_role("button", name="Se déconnecter").click()
