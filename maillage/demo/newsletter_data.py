"""The demo's two sent newsletters: the news of September–October and of November 2026 with
their key figures, to all agents, their e-mails in the outbox marked sent (nothing is mailed
by the demo).

Written directly (no audit event, like the rest of the demo) and idempotently: a letter is
found again by its authority and title, its outbox rows by their idempotency key.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from maillage.core.models import Authority, User
from maillage.news import newsletters
from maillage.news.models import Audience, Newsletter, NewsletterItem
from maillage.notices.models import OutboxMessage

from .sync import Result, upsert_one

PARIS = ZoneInfo("Europe/Paris")

LETTERS = (
    (
        "La lettre de l'international — septembre et octobre 2026",
        datetime.date(2026, 9, 1),
        datetime.date(2026, 10, 31),
        "La rentrée de l'action internationale : ce que nos services ont fait avec nos "
        "partenaires, et ce qu'ils en ont rapporté pour Bellerive.",
    ),
    (
        "La lettre de l'international — novembre 2026",
        datetime.date(2026, 11, 1),
        datetime.date(2026, 11, 30),
        "Un mois de comités, de missions et de réponses aux appels à compétences.",
    ),
)


def load_newsletters(authority: Authority, users: dict[str, User], result: Result) -> None:
    counts = result.count("newsletters")
    dri = users.get("dri")
    for title, start, end, intro in LETTERS:
        sent_at = datetime.datetime.combine(
            end + datetime.timedelta(days=3), datetime.time(10), tzinfo=PARIS
        )
        letter, created = upsert_one(
            Newsletter,
            {"authority": authority, "title": title},
            {
                "period_start": start,
                "period_end": end,
                "intro": intro,
                "audience": Audience.ALL,
                "figures": newsletters.key_figures(authority, start, end),
                "status": Newsletter.Status.SENT,
                "sent_at": sent_at,
                "created_by": dri,
            },
        )
        counts.created += created
        items = list(newsletters.period_items(authority, start, end))
        if [i.pk for i in newsletters.entries(letter)] != [i.pk for i in items]:
            NewsletterItem.objects.filter(newsletter=letter).delete()
            NewsletterItem.objects.bulk_create(
                NewsletterItem(newsletter=letter, news_item=item, position=n)
                for n, item in enumerate(items)
            )
        recipients = newsletters.write_outbox(letter)
        newsletters.outbox(letter).exclude(status=OutboxMessage.Status.SENT).update(
            status=OutboxMessage.Status.SENT, sent_at=sent_at, attempts=1
        )
        Newsletter.objects.filter(pk=letter.pk).update(
            recipient_count=recipients, sent_count=recipients, failed_count=0
        )
