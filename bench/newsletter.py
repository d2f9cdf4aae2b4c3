"""Newsletter sending throughput and peak memory: ``python -m bench.newsletter --recipients N``.

Creates an authority with N active agents with an e-mail (no account), a published news item
and a letter to all agents, then runs the send task's function (``news.newsletters.deliver``:
write one outbox row per address, mail the pending rows one by one, each recorded as sent) into
Django's locmem mail backend, whose outbox is emptied every 500 messages so that the kept
messages do not count in the memory. Reports messages/s for the writing of the rows and for the
whole send, and the process's peak RSS (``ru_maxrss``; the baseline after Django's start is
reported too); then removes the authority. Run it on a scratch database::

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 python -m bench.newsletter --recipients 12000
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import sys
import time
from typing import Any

SLUG = "bench-newsletter"


def rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.newsletter")
    parser.add_argument("--recipients", type=int, default=12_000)
    parser.add_argument("--json", default="")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core import mail
    from django.core.mail.backends.locmem import EmailBackend
    from django.db import connection, transaction
    from django.utils import timezone

    from maillage.core.models import AuditEvent, Authority
    from maillage.news import newsletters
    from maillage.news.models import NewsItem, Newsletter, NewsletterItem
    from maillage.notices.models import OutboxMessage
    from maillage.organisation.models import Agent

    sent = {"n": 0}

    class Backend(EmailBackend):
        def send_messages(self, messages):
            count = super().send_messages(messages)
            sent["n"] += count
            if len(mail.outbox) >= 500:
                mail.outbox.clear()
            return count

    module = sys.modules[__name__]
    module.Backend = Backend
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.Backend"}}

    result: dict[str, Any] = {
        "recipients": args.recipients,
        "database": connection.vendor,
        "baseline_rss_mb": rss_mb(),
    }
    Authority.objects.filter(slug=SLUG).delete()
    authority = Authority.objects.create(
        name="Lettre d'information (banc d'essai)", slug=SLUG, siren="219990097"
    )
    try:
        Agent.objects.bulk_create(
            (
                Agent(
                    authority=authority,
                    hr_id=f"B{i:06d}",
                    first_name="Agent",
                    last_name=f"N{i}",
                    email=f"agent{i}@bench.example.fr",
                )
                for i in range(args.recipients)
            ),
            batch_size=2000,
        )
        today = timezone.localdate()
        item = NewsItem.objects.create(
            authority=authority,
            title="Cinq des six jeunes accueillis ont été recrutés",
            body_html="<p>Le chantier de Thiès a réuni six jeunes.</p>" * 10,
            status=NewsItem.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        letter = Newsletter.objects.create(
            authority=authority,
            title="La lettre de l'international",
            period_start=today - datetime.timedelta(days=30),
            period_end=today,
            intro="Bonjour à toutes et à tous.",
            status=Newsletter.Status.SENDING,
        )
        NewsletterItem.objects.create(newsletter=letter, news_item=item)

        t0, c0 = time.perf_counter(), time.process_time()
        written = newsletters.write_outbox(letter, "https://maillage.example.fr")
        rows_seconds = time.perf_counter() - t0
        done = newsletters.deliver(letter.pk, "https://maillage.example.fr")
        seconds = time.perf_counter() - t0
        result |= {
            "rows_written": written,
            "rows_seconds": round(rows_seconds, 2),
            "rows_per_s": round(written / rows_seconds),
            "messages_sent": sent["n"],
            "seconds": round(seconds, 2),
            "messages_per_s": round(sent["n"] / seconds),
            "cpu_seconds": round(time.process_time() - c0, 2),
            "peak_rss_mb": rss_mb(),
            "progress": done,
        }
        letter.refresh_from_db()
        result["status"] = letter.status
    finally:
        OutboxMessage.objects.filter(authority=authority).delete()
        with transaction.atomic(), connection.cursor() as cursor:
            table = connection.ops.quote_name(AuditEvent._meta.db_table)
            cursor.execute(f"DELETE FROM {table} WHERE authority_id = %s", [authority.pk])  # noqa: S608
        authority.delete()
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            handle.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
