"""Weekly: one e-mail per person with their "weekly digest" notifications not yet mailed."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from maillage.notices import delivery, tasks


class Command(BaseCommand):
    help = "Write and send the weekly digests (run once a week, e.g. on Monday morning)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the work for the task worker instead."
        )

    def handle(self, *args, enqueue=False, **options) -> None:
        if enqueue:
            tasks.send_digests.enqueue()
            self.stdout.write("Digests queued.")
            return
        count = delivery.send_digests()
        self.stdout.write(f"{count} digest(s) written.")
