"""Remove for good the trash entries past their purge date, and their files (run daily)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from maillage.core import trash


class Command(BaseCommand):
    help = (
        "Purge the trash: deleted projects, partners, agreements, committees and meetings kept "
        "longer than TRASH_RETENTION_DAYS (default 30) are removed for good, with their stored "
        "files; each purge is recorded in the audit trail. Idempotent; schedule it daily."
    )

    def handle(self, *args, **options):
        count = trash.purge_expired()
        self.stdout.write(f"{count} trash entries purged")
