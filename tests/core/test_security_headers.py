"""Content-Security-Policy, Permissions-Policy and no-store on pages and personal-data files."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maillage.core.models import Role

from ..urls_catalog import CATALOG
from ..world import build_world
from .test_no_inline_code import violations

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'self'; object-src 'none'"
)
# Uploaded files are sandboxed instead (maillage/projects/views_partners.py).
SANDBOX = "sandbox; default-src 'none'"

# Views that choose their own caching, as they carry no personal data (the city gazetteer, the
# authority's stylesheet and logo at URLs that change with them).
OWN_CACHING = {
    "city_suggestions",
    "theme_css",
    "theme_default_css",
    "authority_logo",
    "identity_preview_css",
}
# Uploaded files shown as they are: sandboxed (the world's logo is a PNG).
SANDBOXED = {"agreement_document", "authority_logo", "news_image"}
# The one page an intranet may frame (maillage/news/views_feeds.py: embed); the world's
# authority names no intranet, so any site that knows the secret address may.
FRAMEABLE = {"news_embed": POLICY.replace("frame-ancestors 'none'", "frame-ancestors 'self'")}

# Pages and files that carry personal data: each says no-store itself.
PERSONAL_DATA = [
    ("agent_list", {}, ""),
    ("profile_export", {}, ""),
    ("hr_import", {}, "?modele=csv"),
    ("hr_import", {}, "?modele=xlsx"),
    ("export_iati_download", {}, "?internes=1"),
    ("dashboard_export_csv", {}, ""),
    ("dashboard_export_xlsx", {}, ""),
    ("export_eapd_csv", {}, ""),
    ("export_eapd_xlsx", {}, ""),
    ("export_atlas_csv", {}, ""),
    ("project_list", {}, "?format=csv"),
    ("project_list", {}, "?format=xlsx&lignes=mobilisations"),
    ("referent_network", {}, "?format=csv"),
    ("referent_network", {}, "?format=xlsx"),
    ("decision_list", {}, "?format=csv"),
    ("action_list", {}, "?format=csv"),
    ("agreement_document", {"pk": "agreement", "doc_pk": "document"}, ""),
    ("committee_calendar", {"pk": "committee"}, ""),
    ("elected_brief", {"pk": "official"}, ""),
]


@pytest.fixture
def world(authority):
    return build_world(authority)


@pytest.fixture
def dri(users, client_for):
    return client_for(users[Role.DRI])


def url(name, objects, query, world):
    return reverse(name, kwargs={k: world[v].pk for k, v in objects.items()}) + query


def test_the_policy_is_strict(settings):
    flat = str(settings.SECURE_CSP)
    assert "unsafe" not in flat
    assert "nonce" not in flat.lower()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "entry",
    [e for e in CATALOG if e.method == "get" and Role.DRI in e.allowed],
    ids=lambda e: e.name,
)
def test_every_page_for_a_signed_in_user(entry, world, dri):
    """Every page a DRI can open: the policy, denied features, no-store, no inline code."""
    kwargs = {k: world[v].pk for k, v in entry.objects.items()}
    response = dri.get(reverse(entry.name, kwargs={**kwargs, **entry.kwargs}))
    assert response.status_code in {200, 302}
    expected_policy = SANDBOX if entry.name in SANDBOXED else FRAMEABLE.get(entry.name, POLICY)
    assert response["Content-Security-Policy"] == expected_policy
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    if entry.name not in OWN_CACHING:
        assert "no-store" in response["Cache-Control"]
    if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
        # What the page really sends, every included template too.
        assert violations(response.content.decode()) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, objects, query", PERSONAL_DATA, ids=[f"{n}{q}" for n, _o, q in PERSONAL_DATA]
)
def test_personal_data_files_are_never_stored(name, objects, query, world, dri):
    response = dri.get(url(name, objects, query, world))
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, objects, query", PERSONAL_DATA, ids=[f"{n}{q}" for n, _o, q in PERSONAL_DATA]
)
def test_personal_data_files_say_no_store_themselves(name, objects, query, world, dri, settings):
    """Without the catch-all middleware, the view still forbids storing."""
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "maillage.core.headers.NoStoreForUsersMiddleware"
    ]
    response = dri.get(url(name, objects, query, world))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("public_project_list", {"authority_slug": "caen-test"}),
        ("public_iati", {"authority_slug": "caen-test"}),
        ("public_opendata_csv", {"authority_slug": "caen-test"}),
        ("public_opendata_json", {"authority_slug": "caen-test"}),
        ("login", {}),
    ],
)
def test_anonymous_pages_keep_their_caching(name, kwargs, world, client):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY
    assert "camera=()" in response["Permissions-Policy"]
    if name != "login":  # Django's login view is never cached, by design
        assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_a_view_that_chose_its_caching_keeps_it(world, dri):
    response = dri.get(reverse("city_suggestions"), {"pays": "SN", "q": "Th"})
    assert response.status_code == 200
    assert "max-age=3600" in response["Cache-Control"]
    assert "no-store" not in response["Cache-Control"]


@pytest.mark.django_db
def test_the_django_admin_has_the_policy_and_no_inline_code(authority, users, client_for):
    client = client_for(users[Role.ADMIN])
    for path in ["/admin/", "/admin/projects/partner/", "/admin/projects/partner/add/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Security-Policy"] == POLICY
        assert violations(response.content.decode()) == [], path


@pytest.mark.django_db
def test_errors_pages_carry_the_policy(users, client_for):
    response = client_for(users[Role.AGENT]).get("/page-qui-n-existe-pas/")
    assert response.status_code == 404
    assert response["Content-Security-Policy"] == POLICY


@pytest.mark.django_db
def test_permissions_policy_denies_unused_features(client):
    header = client.get(reverse("login"))["Permissions-Policy"]
    features = dict(part.strip().split("=", 1) for part in header.split(","))
    for feature in ["camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"]:
        assert features[feature] == "()", feature
