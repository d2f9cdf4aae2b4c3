"""``manage.py export_hr FILE [--authority SIREN]``: write the organisation as an HR file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.organisation.hr.export import export_hr
from maillage.organisation.hr.format import file_format, find_authority


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        """Translated when the parser is built: argparse needs a plain str, not a lazy one."""
        return _(
            "Exporte les services et les agents actifs au format de l'import RH "
            "(.csv ou .xlsx selon l'extension du fichier)."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("Fichier à écrire : .csv ou .xlsx."))
        parser.add_argument(
            "--authority", metavar="SIREN", help=_("SIREN de la collectivité (si plusieurs).")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        fmt = file_format(path.name)
        if fmt is None:
            raise CommandError(
                _("Extension non prise en charge : %(file)s. Choisissez .csv ou .xlsx.")
                % {"file": path.name}
            )
        try:
            authority = find_authority(options["authority"])
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        rows = export_hr(authority, path, fmt)
        self.stdout.write(
            ngettext(
                "%(rows)s ligne exportée vers %(path)s (%(authority)s).",
                "%(rows)s lignes exportées vers %(path)s (%(authority)s).",
                rows,
            )
            % {"rows": rows, "path": path, "authority": authority.name}
        )
