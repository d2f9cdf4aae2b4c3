"""Daily: remind référents of mobilisations unanswered for 15 days, owners of actions due in 7
days and of overdue actions. Each reminder is recorded once per object and kind, so running the
command again (or twice a day) sends nothing new."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand

from maillage.notices import reminders, tasks


class Command(BaseCommand):
    help = "Send the reminders due today (idempotent; run daily)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the work for the task worker instead."
        )

    def handle(self, *args, today=None, enqueue=False, **options) -> None:
        if enqueue:
            tasks.send_reminders.enqueue()
            self.stdout.write("Reminders queued.")
            return
        count = reminders.run_all(today)
        self.stdout.write(f"{count} reminder(s) recorded.")
