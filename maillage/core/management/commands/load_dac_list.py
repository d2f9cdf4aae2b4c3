"""``manage.py load_dac_list --file X.csv --from-year 2028 --to-year 2029``: a new DAC list."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maillage.core import dac
from maillage.core.reference_data import DAC_COLUMNS, DAC_MAX_BYTES, DAC_SOURCE, DacListError


class Command(BaseCommand):
    help = (
        "Load a version of the OECD DAC List of ODA Recipients for the flows of a period, from "
        f"a CSV file with the columns {','.join(DAC_COLUMNS)} (income_group: LDC, OTHER_LIC, "
        "LMIC or UMIC). The whole file is checked first; on any error nothing is written. "
        "Loading the same period again replaces its list."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", required=True, type=Path, help="The CSV file.")
        parser.add_argument("--from-year", required=True, type=int, help="First year of flows.")
        parser.add_argument("--to-year", required=True, type=int, help="Last year of flows.")
        parser.add_argument(
            "--source",
            default="",
            help='Where the list comes from (default: "OECD, DAC List of ODA Recipients, '
            'effective for reporting on <from> and <to> flows").',
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        first, last = options["from_year"], options["to_year"]
        if not path.is_file():
            raise CommandError(f"{path}: fichier introuvable.")
        if path.stat().st_size > DAC_MAX_BYTES:
            raise CommandError(f"{path}: plus de {DAC_MAX_BYTES} octets, ce n'est pas une liste.")
        source = options["source"] or DAC_SOURCE.format(first, last)
        try:
            dac_list, created, updated = dac.load_dac_list_file(
                path.read_bytes(), by=None, first_year=first, last_year=last, source=source
            )
        except DacListError as exc:
            raise CommandError(f"{path}: rien n'a été chargé.\n" + "\n".join(exc.errors)) from exc
        count = dac_list.recipients.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Liste du CAD {dac_list}: {count} bénéficiaires "
                f"({created} ajoutés, {updated} modifiés)."
            )
        )
