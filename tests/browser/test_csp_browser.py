"""End to end in Debian's Chromium: the main pages of the demo authority, opened by its DRI and
its administrator, run under the Content-Security-Policy without a single violation.

The browser reports every blocked script, style, image or font as a `securitypolicyviolation`
event and a console error; a page that relied on inline code would show up here.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import ConsoleMessage, Page, expect

from maillage.core.models import Authority
from maillage.demo.data import PASSWORD
from maillage.governance.models import Committee, Meeting
from maillage.organisation.models import Service
from maillage.projects.models import Agreement, Mission, Partner, Project
from maillage.skills.models import SkillCall

# Installed before any script of the page runs, so that nothing escapes it.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} `
    + `(${event.sourceFile || "page"}:${event.lineNumber})`
  );
});
"""


@pytest.fixture
def demo(transactional_db) -> Authority:
    call_command("load_demo", stdout=StringIO(), verbosity=0)
    return Authority.objects.get(slug="bellerive")


def main_pages(authority: Authority) -> list[str]:
    project = Project.objects.filter(authority=authority).order_by("pk").first()
    public = Project.objects.filter(authority=authority, visibility="public").first()
    committee = Committee.objects.filter(authority=authority).order_by("pk").first()
    meeting = Meeting.objects.filter(committee=committee).order_by("pk").first()
    pages = [
        reverse("home"),
        reverse("org_chart"),
        reverse("service_detail", args=[Service.objects.filter(authority=authority).first().pk]),
        reverse("agent_list"),
        reverse("elected_list"),
        reverse("hr_import"),
        reverse("project_list"),
        reverse("project_create"),
        reverse("project_detail", args=[project.pk]),
        reverse("project_edit", args=[project.pk]),
        reverse("project_services", args=[project.pk]),
        reverse("project_funding", args=[project.pk]),
        reverse("project_results", args=[project.pk]),
        reverse("project_missions", args=[project.pk]),
        reverse("project_skills", args=[project.pk]),
        reverse("project_history", args=[project.pk]),
        reverse("project_atlas_sheet", args=[project.pk]),
        reverse("partner_list"),
        reverse("partner_create"),
        reverse("partner_detail", args=[Partner.objects.filter(authority=authority).first().pk]),
        reverse("agreement_list"),
        reverse(
            "agreement_detail", args=[Agreement.objects.filter(authority=authority).first().pk]
        ),
        reverse("mission_list"),
        reverse("committee_list"),
        reverse("committee_detail", args=[committee.pk]),
        reverse("decision_list"),
        reverse("action_list"),
        reverse("skills_inventory"),
        reverse("skills_countries"),
        reverse("skills_search"),
        reverse("call_list"),
        reverse("dashboard"),
        reverse("dashboard_print"),
        reverse("exports"),
        reverse("export_iati"),
        reverse("export_iati_check"),
        reverse("export_eapd"),
    ]
    if meeting is not None:
        pages.append(reverse("meeting_detail", args=[meeting.pk]))
    mission = Mission.objects.filter(authority=authority).first()
    if mission is not None:
        pages.append(reverse("mission_detail", args=[mission.pk]))
    call = SkillCall.objects.filter(project__authority=authority).first()
    if call is not None:
        pages.append(reverse("call_detail", args=[call.pk]))
    if public is not None:
        pages.append(reverse("public_project_list", args=[authority.slug]))
        pages.append(reverse("public_project_detail", args=[authority.slug, public.pk]))
    return pages


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}{reverse('login')}")
    page.locator("input[name='username']").fill(username)
    page.locator("input[name='password']").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(f"{base}/")


def watch(page: Page) -> list[str]:
    """Console errors about the policies, for the whole visit."""
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        text = message.text
        if "Content Security Policy" in text or "Permissions-Policy" in text:
            errors.append(f"{page.url}: {text}")

    page.on("console", on_console)
    page.add_init_script(RECORD_VIOLATIONS)
    return errors


def visit(page: Page, url: str) -> list[str]:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    assert response.headers.get("content-security-policy", "").startswith("default-src 'self'")
    page.wait_for_load_state("load")
    return [f"{url}: {v}" for v in page.evaluate("window.__cspViolations")]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_main_pages_run_under_the_policy(page: Page, live_server, demo):
    base = live_server.url
    errors = watch(page)
    log_in(page, base, "dri")
    violations: list[str] = []
    for path in main_pages(demo):
        violations += visit(page, f"{base}{path}")

    # Bootstrap's and Tom Select's scripts at work under the policy: the main menu opens, a
    # searchable picker lists what matches what is typed.
    visit(page, f"{base}{reverse('project_list')}")
    main_nav = page.get_by_role("navigation", name="Menu principal")
    main_nav.get_by_role("button", name="Projets", exact=True).click()
    expect(main_nav.get_by_role("link", name="Tous les projets", exact=True)).to_be_visible()
    picker = page.get_by_role("combobox", name="Politique publique")
    picker.focus()
    picker.fill("jeunesse")
    listbox = page.get_by_role("listbox", name="Politique publique")
    expect(listbox.get_by_role("option").first).to_be_visible()
    expect(listbox).to_contain_text("Jeunesse")
    violations += [f"menu: {v}" for v in page.evaluate("window.__cspViolations")]

    # The trend bars are drawn by CSS classes: a full bar is as wide as its track.
    visit(page, f"{base}{reverse('dashboard')}")
    widths = page.evaluate(
        """() => [...document.querySelectorAll('.reporting-bar > span')].map(
             (bar) => bar.getBoundingClientRect().width / bar.parentElement.clientWidth)"""
    )
    assert widths and max(widths) == pytest.approx(1, abs=0.01)
    assert any(0 < w < 1 for w in widths), widths

    assert not violations, "\n".join(violations)
    assert not errors, "\n".join(errors)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_and_login_run_under_the_policy(page: Page, live_server, demo):
    base = live_server.url
    errors = watch(page)
    violations = visit(page, f"{base}{reverse('login')}")
    log_in(page, base, "admin")
    for path in [
        "/admin/",
        "/admin/organisation/service/",
        "/admin/organisation/agent/",
        "/admin/projects/partner/add/",
        "/admin/core/auditevent/",
    ]:
        violations += visit(page, f"{base}{path}")
    # The admin's own scripts work: "select all" ticks every row of a change list.
    visit(page, f"{base}/admin/organisation/service/")
    page.locator("#action-toggle").check()
    expect(page.locator("input.action-select").first).to_be_checked()
    violations += page.evaluate("window.__cspViolations")
    assert not violations, "\n".join(violations)
    assert not errors, "\n".join(errors)
