"""Send the e-mails still pending in the outbox (those a failed attempt left behind)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from maillage.notices import delivery


class Command(BaseCommand):
    help = "Send the pending e-mails of the outbox; a sent e-mail is never sent again."

    def handle(self, *args, **options) -> None:
        count = delivery.send_pending()
        self.stdout.write(f"{count} e-mail(s) sent.")
