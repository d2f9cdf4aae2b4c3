"""The export pages run the same number of queries whatever the data size."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.core.models import Role

from .factories import full_project

LAST_YEAR = timezone.localdate().year - 1
# Session, user and memberships come first (3 queries). The IATI check writes the file in chunks
# of 500 projects (iati.QUERIES_PER_CHUNK each): flat below that size.
BUDGETS = {
    ("exports", Role.DRI): 4,
    ("export_iati", Role.DRI): 4,
    ("export_iati_check", Role.DRI): 13,
    ("export_eapd", Role.DIRECTION): 14,
    ("export_eapd_csv", Role.DIRECTION): 12,
    ("export_eapd_xlsx", Role.DIRECTION): 12,
    ("export_atlas_csv", Role.DRI): 10,
    ("project_atlas_sheet", Role.AGENT): 11,
}


def grow(authority, size: int) -> None:
    for i in range(size):
        full_project(
            authority,
            title=f"Projet {i}",
            start_date=datetime.date(LAST_YEAR - 1, 3, 1),
            end_date=datetime.date(LAST_YEAR + 1, 3, 1),
        )


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "role"), list(BUDGETS), ids=lambda v: str(v))
def test_export_pages_query_count_is_flat(page, role, authority, users, client_for):
    project = full_project(authority, title="Projet suivi")
    client = client_for(users[role])
    kwargs = {"pk": project.pk} if page == "project_atlas_sheet" else {}
    url = reverse(page, kwargs=kwargs)
    if page.startswith("export_eapd"):
        url += f"?annee={LAST_YEAR}"
    grow(authority, 1)
    small = count_queries(client, url)
    grow(authority, 5)
    large = count_queries(client, url)
    assert small == large, f"{page}: {small} queries with little data, {large} with more"
    assert large <= BUDGETS[(page, role)], f"{page}: {large} queries"
