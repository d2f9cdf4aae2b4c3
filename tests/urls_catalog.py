"""Every URL of the project, with example arguments, for the matrix and tenancy tests.

A new URL that is not listed here makes ``test_every_url_is_in_the_catalog`` fail.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

from maillage.core.models import Role

ALL = frozenset(Role.values)
ANON_LOGIN = "login"  # anonymous users are sent to the login page
EDITORS = frozenset({Role.ADMIN, Role.DRI})  # hold EDIT_PROJECTS and EDIT_PARTNERS
EXPORTERS = frozenset({Role.ADMIN, Role.DRI, Role.DIRECTION})  # hold EXPORT_DATA
WATCHERS = frozenset({Role.ADMIN, Role.DIRECTION})  # hold VIEW_WATCH
WORLD_FEED_KEY = "cle-caen-test"  # tests/world.py: the key of the intranet feeds
STEERING = frozenset({Role.ADMIN, Role.DRI, Role.DIRECTION, Role.ELECTED})  # VIEW_DASHBOARD


@dataclass(frozen=True)
class Url:
    name: str
    # Which object the URL needs, built by the ``world`` fixture: kwargs name -> key in world.
    objects: dict[str, str] = field(default_factory=dict)
    allowed: frozenset[str] = ALL
    method: str = "get"
    anonymous: str = ANON_LOGIN  # "login" (redirect), or an HTTP status as text
    tenant_scoped: bool = True
    # Literal URL arguments that are not objects of the world (a slug…): kwargs name -> value.
    kwargs: dict[str, object] = field(default_factory=dict)


CATALOG: list[Url] = [
    Url("home"),
    Url("switch_authority"),
    Url("org_chart"),
    Url("service_detail", objects={"pk": "service"}),
    Url("agent_list"),
    # The référent network (maillage/organisation/views_referents.py): read by every member,
    # kept by the DRI and the administrator.
    Url("referent_network"),
    Url("referent_mailing_list"),
    Url("referent_designate", objects={"pk": "service"}, allowed=frozenset({Role.ADMIN, Role.DRI})),
    Url("referent_replace", objects={"pk": "referent"}, allowed=frozenset({Role.ADMIN, Role.DRI})),
    Url("referent_end", objects={"pk": "referent"}, allowed=frozenset({Role.ADMIN, Role.DRI})),
    Url("elected_list"),
    Url("elected_detail", objects={"pk": "official"}),
    # An official's printable brief: her own (the matrix's elected user is not the world's
    # official), or any official's for those who prepare the council's work.
    Url(
        "elected_brief",
        objects={"pk": "official"},
        allowed=frozenset({Role.ADMIN, Role.DRI, Role.DIRECTION}),
    ),
    Url("hr_import", allowed=frozenset({Role.ADMIN, Role.DRI})),
    Url(
        "hr_import_run",
        objects={"pk": "hr_import_run"},
        allowed=frozenset({Role.ADMIN, Role.DRI}),
    ),
    Url("healthz", anonymous="200", tenant_scoped=False),
    # The trash (maillage/core/views_trash.py): DRI and admin restore what was deleted.
    Url("trash_list", allowed=EDITORS),
    Url("trash_restore", objects={"pk": "trash_entry"}, allowed=EDITORS),
    # The authority's identity (maillage/core/views_identity.py): settings for its admin; its
    # stylesheet and logo for its members only (404 for anyone else), the neutral stylesheet
    # for everyone.
    Url("authority_identity", allowed=frozenset({Role.ADMIN})),
    Url("identity_preview_css", kwargs={"colour": "1f4e79"}, allowed=frozenset({Role.ADMIN})),
    Url("theme_css", objects={"authority_id": "authority"}, kwargs={"version": 1}, anonymous="404"),
    Url(
        "authority_logo",
        objects={"authority_id": "authority"},
        kwargs={"version": 1},
        anonymous="404",
    ),
    Url(
        "theme_default_css",
        kwargs={"digest": "0"},
        anonymous="200",
        tenant_scoped=False,
    ),
    # Notifications (maillage/notices): everyone's own centre and preferences; the e-mails'
    # unsubscribe link works without login, and a made-up token is not found.
    Url("notice_centre"),
    Url("notice_preferences"),
    Url(
        "notice_unsubscribe",
        kwargs={"token": "jeton-invente"},
        allowed=frozenset(),  # no role opens it with this token (404, test_permission_matrix)
        anonymous="404",
        tenant_scoped=False,
    ),
    Url("login", anonymous="200", tenant_scoped=False),
    Url("logout", method="post", anonymous="302", tenant_scoped=False),
    # Passwords (Django's views): one's own change needs a login, the reset pages do not.
    Url("password_change", tenant_scoped=False),
    Url("password_change_done", tenant_scoped=False),
    Url("password_reset", anonymous="200", tenant_scoped=False),
    Url("password_reset_done", anonymous="200", tenant_scoped=False),
    # A made-up link: the page answers 200 and says the link is no longer valid.
    Url(
        "password_reset_confirm",
        kwargs={"uidb64": "MQ", "token": "abc-def"},
        anonymous="200",
        tenant_scoped=False,
    ),
    Url("password_reset_complete", anonymous="200", tenant_scoped=False),
    # Projects, mobilisations, public project pages (maillage/projects/registry/urls.py).
    Url("project_list"),
    Url("project_create", allowed=EDITORS),
    Url("project_detail", objects={"pk": "project"}),
    Url("project_edit", objects={"pk": "project"}, allowed=EDITORS),
    Url("project_status", objects={"pk": "project"}, allowed=EDITORS),
    Url("project_delete", objects={"pk": "project"}, allowed=EDITORS),
    Url("project_services", objects={"pk": "project"}),
    Url("project_missions", objects={"pk": "project"}),
    Url("project_history", objects={"pk": "project"}),
    # The one-page project sheet, on screen and as a PDF: whoever reads the project.
    Url("project_sheet", objects={"pk": "project"}),
    Url("project_sheet_pdf", objects={"pk": "project"}),
    Url("mobilisation_propose", objects={"pk": "project"}, allowed=EDITORS),
    # The matrix's référent is linked to no agent, so refers no service: 403 like other readers.
    Url("mobilisation_edit", objects={"pk": "mobilisation"}, allowed=EDITORS),
    Url("mobilisation_answer", objects={"pk": "mobilisation"}, allowed=EDITORS),
    Url("mobilisation_delete", objects={"pk": "mobilisation"}, allowed=EDITORS),
    # build_world makes the authority publish ("caen-test" is the ``authority`` fixture's slug).
    Url(
        "public_project_list",
        kwargs={"authority_slug": "caen-test"},
        anonymous="200",
        tenant_scoped=False,
    ),
    Url(
        "public_project_detail",
        objects={"pk": "public_project"},
        kwargs={"authority_slug": "caen-test"},
        anonymous="200",
        tenant_scoped=False,
    ),
    # Partners, agreements, missions (maillage/projects/partners/urls.py).
    Url("partner_list"),
    Url("partner_detail", objects={"pk": "partner"}),
    Url("partner_create", allowed=EDITORS),
    Url("partner_update", objects={"pk": "partner"}, allowed=EDITORS),
    Url("partner_delete", objects={"pk": "partner"}, allowed=EDITORS),
    Url("city_suggestions"),
    Url("agreement_list"),
    Url("agreement_detail", objects={"pk": "agreement"}),
    Url("agreement_create", allowed=EDITORS),
    Url("agreement_update", objects={"pk": "agreement"}, allowed=EDITORS),
    Url("agreement_delete", objects={"pk": "agreement"}, allowed=EDITORS),
    Url("agreement_document", objects={"pk": "agreement", "doc_pk": "document"}),
    Url("agreement_document_upload", objects={"pk": "agreement"}, allowed=EDITORS),
    Url(
        "agreement_document_delete",
        objects={"pk": "agreement", "doc_pk": "document"},
        allowed=EDITORS,
    ),
    Url("mission_list"),
    Url("mission_detail", objects={"pk": "mission"}),
    Url("mission_create", allowed=EDITORS),
    Url("mission_update", objects={"pk": "mission"}, allowed=EDITORS),
    Url("mission_delete", objects={"pk": "mission"}, allowed=EDITORS),
    # The rows of a mission (maillage/projects/missions/views_rows.py) and the company
    # directory (views_companies.py): read by every member, kept by the DRI and the admin.
    Url("mission_company_create", objects={"pk": "mission"}, allowed=EDITORS),
    Url(
        "mission_company_update",
        objects={"pk": "mission", "row_pk": "mission_company"},
        allowed=EDITORS,
    ),
    Url(
        "mission_company_delete",
        objects={"pk": "mission", "row_pk": "mission_company"},
        allowed=EDITORS,
    ),
    Url("mission_meeting_create", objects={"pk": "mission"}, allowed=EDITORS),
    Url(
        "mission_meeting_update",
        objects={"pk": "mission", "row_pk": "mission_meeting"},
        allowed=EDITORS,
    ),
    Url(
        "mission_meeting_delete",
        objects={"pk": "mission", "row_pk": "mission_meeting"},
        allowed=EDITORS,
    ),
    Url("mission_cost_create", objects={"pk": "mission"}, allowed=EDITORS),
    Url(
        "mission_cost_update",
        objects={"pk": "mission", "row_pk": "mission_cost"},
        allowed=EDITORS,
    ),
    Url(
        "mission_cost_delete",
        objects={"pk": "mission", "row_pk": "mission_cost"},
        allowed=EDITORS,
    ),
    Url("mission_visitor_create", objects={"pk": "delegation_received"}, allowed=EDITORS),
    Url(
        "mission_visitor_update",
        objects={"pk": "delegation_received", "row_pk": "mission_visitor"},
        allowed=EDITORS,
    ),
    Url(
        "mission_visitor_delete",
        objects={"pk": "delegation_received", "row_pk": "mission_visitor"},
        allowed=EDITORS,
    ),
    Url("mission_programme_create", objects={"pk": "delegation_received"}, allowed=EDITORS),
    Url(
        "mission_programme_update",
        objects={"pk": "delegation_received", "row_pk": "programme_item"},
        allowed=EDITORS,
    ),
    Url(
        "mission_programme_delete",
        objects={"pk": "delegation_received", "row_pk": "programme_item"},
        allowed=EDITORS,
    ),
    Url("company_list"),
    Url("company_create", allowed=EDITORS),
    Url("company_update", objects={"pk": "company"}, allowed=EDITORS),
    Url("company_delete", objects={"pk": "company"}, allowed=EDITORS),
    Url("company_import", allowed=EDITORS),
    # Steering committees, meetings, decisions, action items (maillage/governance/urls.py).
    Url("committee_list"),
    Url("committee_create", allowed=EDITORS),
    Url("committee_detail", objects={"pk": "committee"}),
    Url("committee_edit", objects={"pk": "committee"}, allowed=EDITORS),
    Url("committee_delete", objects={"pk": "committee"}, allowed=EDITORS),
    Url("committee_calendar", objects={"pk": "committee"}),
    Url("member_add", objects={"pk": "committee"}, allowed=EDITORS),
    Url("member_edit", objects={"pk": "committee_member"}, allowed=EDITORS),
    Url("member_delete", objects={"pk": "committee_member"}, allowed=EDITORS),
    Url("meeting_create", objects={"pk": "committee"}, allowed=EDITORS),
    Url("meeting_detail", objects={"pk": "meeting"}),
    Url("meeting_edit", objects={"pk": "meeting"}, allowed=EDITORS),
    Url("meeting_delete", objects={"pk": "meeting"}, allowed=EDITORS),
    Url("meeting_attendance", objects={"pk": "meeting"}, allowed=EDITORS),
    Url("agenda_item_add", objects={"pk": "meeting"}, allowed=EDITORS),
    Url("agenda_item_edit", objects={"pk": "agenda_item"}, allowed=EDITORS),
    Url("agenda_item_delete", objects={"pk": "agenda_item"}, allowed=EDITORS),
    Url("decision_create", objects={"pk": "meeting"}, allowed=EDITORS),
    Url("decision_list"),
    Url("decision_edit", objects={"pk": "decision"}, allowed=EDITORS),
    Url("decision_delete", objects={"pk": "decision"}, allowed=EDITORS),
    Url("action_create", objects={"pk": "meeting"}, allowed=EDITORS),
    Url("action_list"),
    Url("action_edit", objects={"pk": "action_item"}, allowed=EDITORS),
    Url("action_delete", objects={"pk": "action_item"}, allowed=EDITORS),
    # Object rule: the action's owner agent too; the matrix users own no action, so 403.
    Url("action_status", objects={"pk": "action_item"}, allowed=EDITORS),
    # Funding and results tabs of a project (maillage/projects/funding/urls.py).
    Url("project_funding", objects={"pk": "project"}),
    Url("funding_line_create", objects={"pk": "project"}, allowed=EDITORS),
    Url(
        "funding_line_update",
        objects={"pk": "project", "line_pk": "budget_line"},
        allowed=EDITORS,
    ),
    Url(
        "funding_line_delete",
        objects={"pk": "project", "line_pk": "budget_line"},
        allowed=EDITORS,
    ),
    Url("funding_contribution_create", objects={"pk": "project"}, allowed=EDITORS),
    Url(
        "funding_contribution_update",
        objects={"pk": "project", "contribution_pk": "contribution"},
        allowed=EDITORS,
    ),
    Url(
        "funding_contribution_delete",
        objects={"pk": "project", "contribution_pk": "contribution"},
        allowed=EDITORS,
    ),
    Url("funding_day_rate", objects={"pk": "project"}, allowed=EDITORS),
    # The finance software's payments, for all the authority's projects
    # (maillage/projects/funding/views_payments_import.py).
    Url("payments_import", allowed=EDITORS),
    # Money as it moves (maillage/projects/funding/views_movements.py).
    Url("commitment_create", objects={"pk": "project"}, allowed=EDITORS),
    Url(
        "commitment_update",
        objects={"pk": "project", "commitment_pk": "commitment"},
        allowed=EDITORS,
    ),
    Url(
        "commitment_delete",
        objects={"pk": "project", "commitment_pk": "commitment"},
        allowed=EDITORS,
    ),
    Url(
        "payment_create",
        objects={"pk": "project", "commitment_pk": "commitment"},
        allowed=EDITORS,
    ),
    Url("payment_update", objects={"pk": "project", "payment_pk": "payment"}, allowed=EDITORS),
    Url("payment_delete", objects={"pk": "project", "payment_pk": "payment"}, allowed=EDITORS),
    Url(
        "instalment_create",
        objects={"pk": "project", "contribution_pk": "co_funding"},
        allowed=EDITORS,
    ),
    Url(
        "instalment_update",
        objects={"pk": "project", "instalment_pk": "instalment"},
        allowed=EDITORS,
    ),
    Url(
        "instalment_delete",
        objects={"pk": "project", "instalment_pk": "instalment"},
        allowed=EDITORS,
    ),
    # Object rule: the référent of the mobilised service and its agents too; the matrix's
    # référent refers no service and its users are linked to no agent, so 403.
    Url(
        "worked_days_create",
        objects={"pk": "project", "mobilisation_pk": "mobilisation"},
        allowed=EDITORS,
    ),
    Url(
        "worked_days_update",
        objects={"pk": "project", "worked_pk": "worked_days"},
        allowed=EDITORS,
    ),
    Url(
        "worked_days_delete",
        objects={"pk": "project", "worked_pk": "worked_days"},
        allowed=EDITORS,
    ),
    Url("project_results", objects={"pk": "project"}),
    # A project's deadlines (maillage/projects/deadlines/views.py): those who edit projects.
    Url("deadline_create", objects={"pk": "project"}, allowed=EDITORS),
    Url("deadline_update", objects={"pk": "project", "deadline_pk": "deadline"}, allowed=EDITORS),
    Url("deadline_delete", objects={"pk": "project", "deadline_pk": "deadline"}, allowed=EDITORS),
    Url("result_create", objects={"pk": "project"}, allowed=EDITORS),
    Url("result_update", objects={"pk": "project", "result_pk": "result"}, allowed=EDITORS),
    Url("result_delete", objects={"pk": "project", "result_pk": "result"}, allowed=EDITORS),
    Url("indicator_create", objects={"pk": "project", "result_pk": "result"}, allowed=EDITORS),
    Url(
        "indicator_update",
        objects={"pk": "project", "indicator_pk": "indicator"},
        allowed=EDITORS,
    ),
    Url(
        "indicator_delete",
        objects={"pk": "project", "indicator_pk": "indicator"},
        allowed=EDITORS,
    ),
    Url("period_create", objects={"pk": "project", "indicator_pk": "indicator"}, allowed=EDITORS),
    Url("period_update", objects={"pk": "project", "period_pk": "period"}, allowed=EDITORS),
    Url("period_delete", objects={"pk": "project", "period_pk": "period"}, allowed=EDITORS),
    # International profiles, inventory, search, calls for competences (maillage/skills/urls.py).
    # The matrix's users are linked to no agent: "my profile" pages explain it (200), answering
    # a call needs an agent (403 for all), and only the DRI and admin follow every answer.
    Url("my_profile"),
    Url("profile_export"),
    Url("profile_erase"),
    Url("profile_detail", objects={"pk": "profile"}),  # published, open to the authority
    Url("skills_inventory"),
    Url("skills_countries"),
    Url("skills_search", allowed=frozenset({Role.ADMIN, Role.DRI, Role.REFERENT})),
    Url("project_skills", objects={"pk": "project"}),
    Url("call_create", objects={"pk": "project"}, allowed=EDITORS),
    Url("call_list"),
    Url("call_detail", objects={"pk": "skill_call"}),
    Url("call_edit", objects={"pk": "skill_call"}, allowed=EDITORS),
    Url("call_status", objects={"pk": "skill_call"}, allowed=EDITORS),
    Url("call_volunteer", objects={"pk": "skill_call"}, allowed=frozenset()),
    Url("call_invite", objects={"pk": "skill_call"}, allowed=EDITORS),
    Url("call_response", objects={"pk": "call_response"}, allowed=EDITORS),
    # Transversality dashboard and its exports (maillage/reporting/urls.py): steering roles.
    Url("dashboard", allowed=frozenset({Role.ADMIN, Role.DRI, Role.DIRECTION, Role.ELECTED})),
    Url("dashboard_print", allowed=frozenset({Role.ADMIN, Role.DRI, Role.DIRECTION, Role.ELECTED})),
    Url(
        "dashboard_export_csv",
        allowed=frozenset({Role.ADMIN, Role.DRI, Role.DIRECTION, Role.ELECTED}),
    ),
    # Files (a zipped workbook, a streamed XML) are read as text by test_tenancy.readable.
    Url(
        "dashboard_export_xlsx",
        allowed=frozenset({Role.ADMIN, Role.DRI, Role.DIRECTION, Role.ELECTED}),
    ),
    # The annual report to the council (maillage/reporting/views_annual.py): read by the
    # dashboard's roles, arranged by the DRI and the administrator. The PDF answers the same
    # document as HTML where WeasyPrint is missing.
    Url("annual_report_index", allowed=STEERING),
    Url("annual_report", kwargs={"year": 2025}, allowed=STEERING),
    Url("annual_report_pdf", kwargs={"year": 2025}, allowed=STEERING),
    Url("annual_report_edit", kwargs={"year": 2025}, allowed=EDITORS),
    # Exports to the State's channels (maillage/interop/urls.py): admin, DRI, direction.
    Url("exports", allowed=EXPORTERS),
    Url("export_iati", allowed=EXPORTERS),
    Url("export_iati_download", allowed=EXPORTERS),
    Url("export_iati_check", allowed=EXPORTERS),
    Url("export_eapd", allowed=EXPORTERS),
    Url("export_eapd_csv", allowed=EXPORTERS),
    Url("export_eapd_xlsx", allowed=EXPORTERS),
    # Activities declared outside a project (projects/funding/views_activities.py): the DRI's.
    Url("declared_activity_list", allowed=EDITORS),
    Url("declared_activity_create", allowed=EDITORS),
    Url("declared_activity_update", objects={"pk": "declared_activity"}, allowed=EDITORS),
    Url("declared_activity_delete", objects={"pk": "declared_activity"}, allowed=EDITORS),
    Url("export_atlas_csv", allowed=EXPORTERS),
    Url("project_atlas_sheet", objects={"pk": "project"}),
    Url(
        "public_iati",
        kwargs={"authority_slug": "caen-test"},
        anonymous="200",
        tenant_scoped=False,
    ),
    # The open-data files of the public projects (maillage/interop/opendata.py): anyone.
    Url(
        "public_opendata_csv",
        kwargs={"authority_slug": "caen-test"},
        anonymous="200",
        tenant_scoped=False,
    ),
    Url(
        "public_opendata_json",
        kwargs={"authority_slug": "caen-test"},
        anonymous="200",
        tenant_scoped=False,
    ),
    # The general management's watch page and its relaunches (maillage/portal/views_watch.py):
    # direction and admin only. A relaunch answers GET with what it sends; POST sends it.
    Url("watch", allowed=WATCHERS),
    # The DRI's shared watch (maillage/governance/views_watch.py): calls, events, resources.
    Url("watch_item_list", allowed=EDITORS),
    Url("watch_item_create", allowed=EDITORS),
    Url("watch_item_edit", objects={"pk": "watch_item"}, allowed=EDITORS),
    Url("watch_item_delete", objects={"pk": "watch_item"}, allowed=EDITORS),
    Url("watch_item_share", objects={"pk": "watch_item"}, allowed=EDITORS),
    # The authority's calendar and "Mon agenda" (maillage/portal/views_calendar.py): every
    # member; the private feed opens with its token alone, and a made-up one is not found.
    Url("calendar"),
    Url("my_calendar"),
    Url(
        "calendar_feed",
        kwargs={"token": "jeton-invente"},
        allowed=frozenset(),
        anonymous="404",
        tenant_scoped=False,
    ),
    Url("watch_relaunch_mobilisation", objects={"pk": "mobilisation"}, allowed=WATCHERS),
    Url("watch_relaunch_action", objects={"pk": "action_item"}, allowed=WATCHERS),
    # Internal news (maillage/news): every member reads what is addressed to them; the DRI and
    # the administrator write, publish and turn suggested events (the world's decision) into
    # drafts; the administrator chooses what the intranet reads.
    Url("news_list"),
    Url("news_detail", objects={"pk": "news_item"}),
    Url("news_image", objects={"pk": "news_item"}),
    Url("news_create", allowed=EDITORS),
    Url("news_edit", objects={"pk": "news_item"}, allowed=EDITORS),
    Url("news_publish", objects={"pk": "news_item"}, allowed=EDITORS),
    Url("news_unpublish", objects={"pk": "news_item"}, allowed=EDITORS),
    Url("news_delete", objects={"pk": "news_item"}, allowed=EDITORS),
    Url("news_suggestions", allowed=EDITORS),
    Url(
        "news_suggestion_draft",
        objects={"pk": "decision"},
        kwargs={"source": "decision"},
        allowed=EDITORS,
    ),
    Url(
        "news_suggestion_dismiss",
        objects={"pk": "decision"},
        kwargs={"source": "decision"},
        allowed=EDITORS,
    ),
    # Newsletters: the archive and the web version for their audience (the world's letter is
    # sent to all agents); composing, previewing, sending and following for the DRI.
    Url("newsletter_list"),
    Url("newsletter_detail", objects={"pk": "newsletter"}),
    Url("newsletter_create", allowed=EDITORS),
    Url("newsletter_edit", objects={"pk": "newsletter_draft"}, allowed=EDITORS),
    Url("newsletter_preview", objects={"pk": "newsletter_draft"}, allowed=EDITORS),
    Url("newsletter_send", objects={"pk": "newsletter_draft"}, allowed=EDITORS),
    Url("newsletter_progress", objects={"pk": "newsletter"}, allowed=EDITORS),
    Url("news_feed_settings", allowed=frozenset({Role.ADMIN})),
    Url("news_feed_renew_key", allowed=frozenset({Role.ADMIN})),
    # The intranet's feed and framed page, without login, under the world's secret key.
    Url(
        "news_feed",
        kwargs={"authority_slug": "caen-test", "key": WORLD_FEED_KEY, "audience": "tous"},
        anonymous="200",
        tenant_scoped=False,
    ),
    Url(
        "news_embed",
        kwargs={"authority_slug": "caen-test", "key": WORLD_FEED_KEY, "audience": "tous"},
        anonymous="200",
        tenant_scoped=False,
    ),
    # Legal pages (maillage/portal/views_legal.py): open to everyone, each member sees their
    # authority's version; only the administrator edits them.
    Url("legal_accessibility", anonymous="200"),
    Url("legal_notice", anonymous="200"),
    Url("legal_personal_data", anonymous="200"),
    Url("legal_cookies", anonymous="200"),
    Url("legal_page_list", allowed=frozenset({Role.ADMIN})),
    Url("legal_page_edit", kwargs={"kind": "accessibilite"}, allowed=frozenset({Role.ADMIN})),
    Url("legal_page_reset", kwargs={"kind": "accessibilite"}, allowed=frozenset({Role.ADMIN})),
]


# URLs that are not application pages: Django admin (tested on its own), the language switch.
IGNORED_PREFIXES = ("admin:",)
IGNORED_NAMES = {"set_language"}


def project_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str = "") -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    return {n for n in names if not n.startswith(IGNORED_PREFIXES) and n not in IGNORED_NAMES}
