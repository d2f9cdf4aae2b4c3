"""``manage.py restore FILE`` and ``manage.py restore --authority FILE``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.core import authority_export, backup


class Command(BaseCommand):
    # The target may not exist yet: nothing may touch the database before the archive is checked.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    @property
    def help(self) -> str:  # type: ignore[override]
        return _(
            "Restaure une archive écrite par backup dans une base vide (et MEDIA_ROOT), après "
            "avoir vérifié toute l'archive : rien n'est écrit si elle est tronquée, corrompue ou "
            "d'une version incompatible. Avec --authority, importe l'export d'une collectivité "
            "dans cette instance."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("Archive à lire (.tar.gz)."))
        parser.add_argument(
            "--authority",
            action="store_true",
            help=_("L'archive est l'export d'une collectivité (backup --authority)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]

        def progress(message: str) -> None:
            if verbosity >= 2:
                self.stdout.write(f"  {message}")

        try:
            if options["authority"]:
                imported = authority_export.import_authority(options["file"], progress=progress)
                self.stdout.write(
                    _(
                        "« %(name)s » importée : %(rows)s lignes, %(users)s comptes sans mot de "
                        "passe (chacun le choisit par « Mot de passe oublié ? »), "
                        "%(media)s fichiers."
                    )
                    % {
                        "name": imported.authority.name,
                        "rows": sum(imported.counts.values()),
                        "users": imported.users,
                        "media": imported.media,
                    }
                )
                return
            report = backup.restore(options["file"], progress=progress)
        except (backup.BackupError, authority_export.ExportPlanError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _("Restauré : %(tables)s tables, %(rows)s lignes, %(media)s fichiers déposés.")
            % {"tables": report.tables, "rows": report.rows, "media": report.media}
        )
        if report.pending_migrations:
            self.stdout.write(
                ngettext(
                    "L'archive précède %(count)s migration de cette version : lancez « manage.py "
                    "migrate ».",
                    "L'archive précède %(count)s migrations de cette version : lancez « manage.py "
                    "migrate ».",
                    len(report.pending_migrations),
                )
                % {"count": len(report.pending_migrations)}
            )
