"""Erase the international profiles of agents gone longer than the grace period."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from maillage.skills import services


class Command(BaseCommand):
    help = (
        "Erase the international profile, and the answers to calls that led to no "
        "mobilisation, of every agent deactivated by the HR file more than "
        "HR_DEPARTURE_GRACE_DAYS days ago, as the GDPR rules of Maillage require. Agents "
        "deactivated more recently keep everything, so that a later import can bring them back. "
        "Idempotent: schedule it daily. --dry-run only counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, erase nothing.")

    def handle(self, *args, **options):
        days = settings.HR_DEPARTURE_GRACE_DAYS
        if options["dry_run"]:
            count = services.departed_agents().count()
            self.stdout.write(
                f"{count} departed agents have data to erase (gone more than {days} days)."
            )
            return
        erased = services.erase_departed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Erased the data of {erased} departed agents (gone more than {days} days)."
            )
        )
