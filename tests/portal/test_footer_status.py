"""The footer's legal links say the accessibility status, read from the cache, not the database."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.models import Role
from maillage.portal import services
from maillage.portal.selectors import accessibility_conformity

from ..factories import member
from .legal_helpers import edit_url, statement


def footer(request) -> str:
    return render_to_string("components/footer_links.html", request=request)


def request_for(authority):
    request = RequestFactory().get("/")
    request.authority = authority
    request.roles = frozenset()
    return request


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.mark.django_db
def test_footer_links_the_four_pages_and_says_not_conformant_by_default(client):
    html = footer(request_for(None))
    for name in ("legal_accessibility", "legal_notice", "legal_personal_data", "legal_cookies"):
        assert f'href="{reverse(name)}"' in html
    assert "Accessibilité : non conforme" in html


@pytest.mark.django_db
def test_footer_status_follows_the_saved_statement(authority, client_for):
    admin = client_for(member(authority, Role.ADMIN))
    request = request_for(authority)
    assert "Accessibilité : non conforme" in footer(request)  # cached now
    values = statement(conformity="totalement", compliance_rate="100")
    assert admin.post(edit_url("accessibilite"), values).status_code == 302
    assert "Accessibilité : totalement conforme" in footer(request_for(authority))
    page = services.save_legal_page(
        authority,
        by=None,
        kind="accessibilite",
        data={"conformity": "partiellement", "compliance_rate": 80},
        version=1,
    )
    assert "Accessibilité : partiellement conforme" in footer(request_for(authority))
    services.reset_legal_page(page, by=None, version=page.version)
    assert "Accessibilité : non conforme" in footer(request_for(authority))


@pytest.mark.django_db
def test_footer_status_is_per_authority(authority, other_authority):
    services.save_legal_page(
        authority, by=None, kind="accessibilite", data=_statement_data("totalement", 100)
    )
    assert "totalement conforme" in footer(request_for(authority))
    assert "Accessibilité : non conforme" in footer(request_for(other_authority))


@pytest.mark.django_db
def test_footer_costs_no_query_once_cached(authority):
    services.save_legal_page(
        authority, by=None, kind="accessibilite", data=_statement_data("partiellement", 70)
    )
    with CaptureQueriesContext(connection) as first:
        footer(request_for(authority))
    assert len(first.captured_queries) == 1
    with CaptureQueriesContext(connection) as later:
        assert "partiellement conforme" in footer(request_for(authority))
    assert len(later.captured_queries) == 0


@pytest.mark.django_db
def test_login_fills_the_cache_for_each_authority_of_the_user(authority, other_authority, client):
    services.save_legal_page(
        authority, by=None, kind="accessibilite", data=_statement_data("totalement", 100)
    )
    cache.clear()
    user = member(authority, Role.AGENT)
    member(other_authority, Role.AGENT, username=user.username)
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert accessibility_conformity(authority) == "totalement"
        assert accessibility_conformity(other_authority) == "non"
    assert len(queries.captured_queries) == 0


@pytest.mark.django_db
def test_the_status_is_read_once_then_cached(authority, client_for):
    # The footer of every page shows the status: with an empty cache the first page reads it
    # (one query), the next pages take it from the cache.
    client = client_for(member(authority))
    cache.clear()
    reads = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("org_chart")).status_code == 200
        reads.append(sum("portal_legalpage" in q["sql"] for q in queries.captured_queries))
    assert reads == [1, 0]


def _statement_data(conformity: str, rate: int) -> dict[str, object]:
    return {
        "conformity": conformity,
        "audit_date": "2026-01-10",
        "compliance_rate": rate,
        "contact_email": "a11y@example.fr",
    }
