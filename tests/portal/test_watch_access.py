"""The watch page belongs to the general management: reached from its home page and menu."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maillage.core.models import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.DIRECTION, 200),
        (Role.ADMIN, 200),
        (Role.DRI, 403),
        (Role.REFERENT, 403),
        (Role.AGENT, 403),
        (Role.ELECTED, 403),
    ],
)
def test_only_the_direction_and_the_administrator_open_it(role, status, users, client_for):
    assert client_for(users[role]).get(reverse("watch")).status_code == status


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("watch"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_post_is_not_allowed_on_the_page(users, client_for):
    assert client_for(users[Role.DIRECTION]).post(reverse("watch")).status_code == 405


def test_the_direction_home_page_and_menu_link_it(users, client_for):
    html = client_for(users[Role.DIRECTION]).get(reverse("home")).content.decode()
    home = html[html.index('id="watch-link"') :]
    assert f'href="{reverse("watch")}"' in home
    menu = html[html.index('id="main-nav"') :]
    assert f'href="{reverse("watch")}"' in menu


def test_the_dri_has_no_link(users, client_for):
    html = client_for(users[Role.DRI]).get(reverse("home")).content.decode()
    assert f'href="{reverse("watch")}"' not in html
