"""``manage.py purge_personal_data``: remove personal data past its retention (run hourly)."""

from __future__ import annotations

import datetime
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from maillage.core.signals import personal_data_purge


class Command(BaseCommand):
    help = (
        "Remove personal data past its retention period: names, civilities and e-mails of agents "
        "deactivated and of partner contacts deleted more than AUDIT_PERSONAL_DATA_RETENTION_DAYS "
        "days ago "
        "from the audit trail, login records (addresses, browsers) older than that period, "
        "HR files checked but not confirmed within one hour. Idempotent: schedule it hourly."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        cutoff = now - datetime.timedelta(days=settings.AUDIT_PERSONAL_DATA_RETENTION_DAYS)
        logins = sum(
            model.objects.filter(attempt_time__lt=cutoff).delete()[0]
            for model in (AccessAttempt, AccessFailureLog, AccessLog)
        )
        self.stdout.write(f"login records: {logins}")
        for _receiver, answer in personal_data_purge.send(sender=None, now=now):
            for label, count in answer or ():
                self.stdout.write(f"{label}: {count}")
