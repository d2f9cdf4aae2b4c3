"""The home page names the user's roles in the grammatical gender of their civility."""

from __future__ import annotations

import pytest

from maillage.core.models import Membership, Role
from tests.factories import AgentFactory, ElectedOfficialFactory, ServiceFactory


def lead(client) -> str:
    html = client.get("/").content.decode()
    start = html.index('<p class="lead">')
    return html[start : html.index("</p>", start)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("civility", "expected"), [("mme", "élue"), ("m", "élu"), ("", "élu")], ids=str
)
def test_an_elected_official_is_named_by_her_civility(
    civility, expected, authority, users, client_for
):
    ElectedOfficialFactory(authority=authority, user=users[Role.ELECTED], civility=civility)
    assert lead(client_for(users[Role.ELECTED])).endswith(f"— {expected}")


@pytest.mark.django_db
def test_roles_are_listed_in_a_fixed_order_and_agree_with_the_agent(authority, users, client_for):
    user = users[Role.REFERENT]
    AgentFactory(service=ServiceFactory(authority=authority), user=user, civility="mme")
    Membership.objects.create(user=user, authority=authority, role=Role.ADMIN)
    text = lead(client_for(user))
    assert text.endswith("— administratrice fonctionnelle, référente"), text
