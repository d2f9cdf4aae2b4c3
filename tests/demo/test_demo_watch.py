"""The demo gives the general management's watch page something real to show."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from maillage.core.models import Authority, Role, User
from maillage.portal.selectors_watch import watch_page

from .test_demo_story import AS_OF


@pytest.mark.django_db
def test_the_direction_sees_late_items_and_renewals(client):
    call_command("load_demo", verbosity=0)
    demo = Authority.objects.get(slug="bellerive")
    page = watch_page(demo, now=AS_OF)
    assert page.awaiting, "no mobilisation awaits its service"
    assert page.overdue_count, "no overdue action"
    assert page.renewals, "no agreement to renew"
    assert page.uncovered and page.days
    client.force_login(User.objects.get(username=Role.DIRECTION))
    assert client.get(reverse("watch")).status_code == 200
