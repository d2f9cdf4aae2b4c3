"""Re-run the reference data loader of migration core.0002 (idempotent)."""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS

from maillage.core.reference_data import REFERENCE_DIR, load_all


class Command(BaseCommand):
    help = (
        "Load or refresh the reference data shipped in maillage/core/reference/: M57 policy "
        "areas, SDG goals and targets, IATI code lists, CEFR levels and countries. Idempotent: "
        "adds missing rows, updates changed ones, deletes nothing. Migration core.0002 runs the "
        "same loader; use this command after updating the shipped files."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="Database alias to load into (default: %(default)s).",
        )

    def handle(self, *args, **options):
        result = load_all(apps, using=options["database"])
        for model_name, (created, updated) in result.items():
            self.stdout.write(f"{model_name}: {created} created, {updated} updated")
        total = sum(created + updated for created, updated in result.values())
        message = f"Reference data from {REFERENCE_DIR}: {total} rows written."
        self.stdout.write(self.style.SUCCESS(message))
