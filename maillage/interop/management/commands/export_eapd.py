"""``manage.py export_eapd --authority SLUG --year N --output FILE``: the e-APD declaration."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.core.models import Authority
from maillage.interop import eapd


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        return _(
            "Écrit la déclaration e-APD d'une année (.csv ou .xlsx selon l'extension du "
            "fichier) ; par défaut l'année dernière."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--authority", required=True, help=_("Identifiant court (slug)."))
        parser.add_argument("--year", type=int, default=timezone.localdate().year - 1)
        parser.add_argument("--output", required=True, help=_("Fichier .csv ou .xlsx."))

    def handle(self, *args: Any, **options: Any) -> None:
        authority = Authority.objects.filter(slug=options["authority"]).first()
        if authority is None:
            raise CommandError(
                _("Aucune collectivité « %(slug)s ».") % {"slug": options["authority"]}
            )
        path = Path(options["output"])
        if path.suffix.lower() not in {".csv", ".xlsx"}:
            raise CommandError(
                _("Extension non prise en charge : %(file)s. Choisissez .csv ou .xlsx.")
                % {"file": path.name}
            )
        year = options["year"]
        declaration = eapd.declaration(authority, year)
        if not declaration.ready:
            lines = [
                f"- {blocker.title} : "
                + ", ".join(str(label) for _code, label, _anchor in blocker.missing)
                for blocker in declaration.blocking
            ]
            raise CommandError(
                "\n".join(
                    [
                        _(
                            "Des lignes de la déclaration %(year)s ont une case vide ; "
                            "complétez d'abord :"
                        )
                        % {"year": year},
                        *lines,
                    ]
                )
            )
        rows = declaration.rows
        if path.suffix.lower() == ".csv":
            with path.open("w", encoding="utf-8", newline="") as handle:
                eapd.write_csv(rows, handle)
        else:
            path.write_bytes(eapd.xlsx_bytes(rows, year, declaration.exclusions))
        self.stdout.write(
            ngettext(
                "%(rows)s ligne de la déclaration %(year)s écrite dans %(path)s.",
                "%(rows)s lignes de la déclaration %(year)s écrites dans %(path)s.",
                len(rows),
            )
            % {"rows": len(rows), "year": year, "path": path}
        )
