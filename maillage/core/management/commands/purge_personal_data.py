"""``manage.py purge_personal_data``: remove personal data past its retention (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from maillage.core.signals import personal_data_purge


class Command(BaseCommand):
    help = (
        "Remove personal data past its retention period: names and e-mails of agents deactivated "
        "and of partner contacts deleted more than AUDIT_PERSONAL_DATA_RETENTION_DAYS days ago "
        "from the audit trail, and HR files checked but not confirmed within one hour. "
        "Idempotent: schedule it daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        for _receiver, answer in personal_data_purge.send(sender=None, now=now):
            for label, count in answer or ():
                self.stdout.write(f"{label}: {count}")
