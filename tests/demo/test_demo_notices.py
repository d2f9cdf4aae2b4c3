"""The demo fills the notification centres and a few preferences, once, and sends nothing."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from maillage.core.models import User
from maillage.demo.services import load_demo
from maillage.notices.models import Notification, NotificationPreference, OutboxMessage

pytestmark = pytest.mark.django_db


def test_demo_notifications_and_preferences(client):
    load_demo()
    referent = User.objects.get(username="referent")
    assert Notification.objects.filter(recipient=referent, kind="mobilisation_requested").exists()
    assert NotificationPreference.objects.filter(
        user__username="direction", kind="minutes_published", delivery="never"
    ).exists()
    before = (Notification.objects.count(), NotificationPreference.objects.count())
    assert before[0] >= 6
    load_demo()
    assert (Notification.objects.count(), NotificationPreference.objects.count()) == before
    # Nothing is mailed: the only outbox rows are the two demo newsletters', recorded as sent.
    assert mail.outbox == []
    assert not OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT).exists()
    assert set(OutboxMessage.objects.values_list("kind", flat=True)) == {"newsletter"}
    client.force_login(referent)
    page = client.get(reverse("notice_centre")).content.decode()
    assert "Mobilisation demandée" in page and 'id="notice-unread-count"' in page
