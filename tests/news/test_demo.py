"""The demo's news (maillage/demo/news_data.py): a dozen items, suggestions, idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from maillage.core.models import Authority, User
from maillage.news import newsletters
from maillage.news.models import NewsItem, Newsletter, SuggestionUse
from maillage.news.suggestions import suggestions_for
from maillage.notices.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_demo_news(client):
    call_command("load_demo", verbosity=0)
    authority = Authority.objects.get(slug="bellerive")
    items = NewsItem.objects.filter(authority=authority)
    assert items.count() == 12
    assert items.filter(status=NewsItem.Status.DRAFT).count() == 1
    assert items.filter(kind=NewsItem.Kind.LEARNING).exclude(learning_service=None).exists()
    assert all("<script" not in item.body_html for item in items)
    assert len(suggestions_for(authority)) >= 2
    letters = Newsletter.objects.filter(authority=authority, status=Newsletter.Status.SENT)
    assert letters.count() == 2
    for letter in letters:
        assert newsletters.entries(letter) and letter.figures
        progress = newsletters.progress(letter)
        assert progress["sent"] == letter.recipient_count > 0 and progress["pending"] == 0
    before = (items.count(), SuggestionUse.objects.count(), OutboxMessage.objects.count())
    call_command("load_demo", verbosity=0)
    after = (items.count(), SuggestionUse.objects.count(), OutboxMessage.objects.count())
    assert after == before and letters.count() == 2
    # The demo agent (Médiathèques) does not read the news of the environment directorate.
    client.force_login(User.objects.get(username="agent"))
    page = client.get(reverse("news_list")).content.decode()
    assert "Thiès : cinq des six jeunes" in page
    assert "la méthode de Thiès testée chez nous" not in page
    client.force_login(User.objects.get(username="referent"))
    page = client.get(reverse("news_list")).content.decode()
    assert "la méthode de Thiès testée chez nous" in page
