"""The home page of those who steer projects lists the agreements to renew."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.core.models import Membership, Role
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db


def make_renewals(authority, n: int, first_day: int = 10) -> list:
    today = timezone.localdate()
    return [
        AgreementFactory(
            authority=authority,
            title=f"Convention {i:02d}",
            end_date=today + datetime.timedelta(days=first_day + i),
        )
        for i in range(n)
    ]


def test_the_dri_sees_the_five_soonest_with_the_count_and_the_list_link(
    authority, other_authority, users, client_for
):
    agreements = make_renewals(authority, 7)
    AgreementFactory(
        authority=authority,
        title="Convention lointaine",
        end_date=timezone.localdate() + datetime.timedelta(days=200),
    )
    AgreementFactory(
        authority=authority,
        title="Convention en préparation",
        status="draft",
        end_date=timezone.localdate() + datetime.timedelta(days=3),
    )
    make_renewals(other_authority, 2, first_day=1)
    html = client_for(users[Role.DRI]).get("/").content.decode()
    block = html[html.index('id="agreements-to-renew"') :]
    block = block[: block.index("</section>")]
    assert "Conventions à renouveler" in block
    assert "7 conventions en vigueur arrivent à échéance dans les 6 mois." in block
    for agreement in agreements[:5]:
        assert reverse("agreement_detail", args=[agreement.pk]) in block
    for agreement in agreements[5:]:
        assert reverse("agreement_detail", args=[agreement.pk]) not in block
    assert "Convention lointaine" not in block
    assert "Convention en préparation" not in block
    assert block.index("Convention 00") < block.index("Convention 04")
    assert f'href="{reverse("agreement_list")}?renouveler=1"' in block


def test_the_dri_without_renewals_reads_so(users, client_for):
    html = client_for(users[Role.DRI]).get("/").content.decode()
    assert "Aucune convention à renouveler dans les 6 mois." in html


@pytest.mark.parametrize("role", [Role.AGENT, Role.REFERENT, Role.ELECTED])
def test_absent_for_those_who_do_not_edit_projects(role, authority, users, client_for):
    make_renewals(authority, 2)
    html = client_for(users[role]).get("/").content.decode()
    assert "Conventions à renouveler" not in html
    assert "Convention 00" not in html


def test_an_admin_sees_it_too(authority, users, client_for):
    make_renewals(authority, 1)
    user = users[Role.AGENT]
    Membership.objects.create(user=user, authority=authority, role=Role.ADMIN)
    html = client_for(user).get("/").content.decode()
    assert "1 convention en vigueur arrive à échéance dans les 6 mois." in html


def count_home_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    return len(ctx.captured_queries)


def test_the_block_costs_one_query_whatever_the_number(authority, users, client_for):
    client = client_for(users[Role.DRI])
    empty = count_home_queries(client)
    make_renewals(authority, 1)
    one = count_home_queries(client)
    make_renewals(authority, 12, first_day=40)
    many = count_home_queries(client)
    assert empty == one == many
    agent = client_for(users[Role.AGENT])
    assert count_home_queries(agent) < many  # the agent's home does not read agreements
