"""``manage.py backup FILE`` and ``manage.py backup --authority SLUG FILE``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from maillage.core import authority_export, backup
from maillage.core.models import Authority


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        return _(
            "Écrit une archive .tar.gz de toute l'instance (base de données, fichiers déposés, "
            "manifeste avec versions et sommes de contrôle), ou avec --authority celle d'une "
            "seule collectivité (JSON), à importer sur une autre instance avec restore "
            "--authority."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("Archive à écrire (.tar.gz)."))
        parser.add_argument(
            "--authority", metavar="SLUG", help=_("N'exporter que cette collectivité.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        progress = self._progress(options["verbosity"])
        try:
            if options["authority"]:
                authority = Authority.objects.filter(slug=options["authority"]).first()
                if authority is None:
                    raise CommandError(
                        _("Aucune collectivité « %(slug)s ».") % {"slug": options["authority"]}
                    )
                report = authority_export.export_authority(
                    authority, options["file"], progress=progress
                )
                self.stdout.write(
                    _(
                        "%(path)s : %(rows)s lignes, %(users)s comptes, %(media)s fichiers de "
                        "« %(name)s »."
                    )
                    % {
                        "path": report.path,
                        "rows": sum(report.counts.values()),
                        "users": report.users,
                        "media": report.media,
                        "name": authority.name,
                    }
                )
                return
            full = backup.backup(options["file"], progress=progress)
        except (backup.BackupError, authority_export.ExportPlanError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("%(path)s : %(media)s fichiers déposés, %(size)s octets.")
            % {"path": full.path, "media": full.media, "size": full.size}
        )

    def _progress(self, verbosity: int) -> backup.Progress:
        def say(message: str) -> None:
            if verbosity >= 2:
                self.stdout.write(f"  {message}")

        return say
