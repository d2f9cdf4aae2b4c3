"""``manage.py export_iati --authority SLUG --output FILE [--all]``: the IATI activity file."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.core.models import Authority
from maillage.interop import iati


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        return _(
            "Écrit le fichier IATI 2.03 des projets publics d'une collectivité "
            "(tous ses projets avec --all), puis le vérifie avec --check."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--authority", required=True, help=_("Identifiant court (slug)."))
        parser.add_argument("--output", required=True, help=_("Fichier XML à écrire."))
        parser.add_argument("--all", action="store_true", help=_("Inclure les projets internes."))
        parser.add_argument(
            "--check", action="store_true", help=_("Vérifier le fichier avec le schéma IATI.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        authority = Authority.objects.filter(slug=options["authority"]).first()
        if authority is None:
            raise CommandError(
                _("Aucune collectivité « %(slug)s ».") % {"slug": options["authority"]}
            )
        started = time.perf_counter()
        count = iati.write_activities(authority, options["output"], include_internal=options["all"])
        elapsed = time.perf_counter() - started
        message = ngettext(
            "%(count)s activité écrite dans %(path)s en %(seconds).1f s.",
            "%(count)s activités écrites dans %(path)s en %(seconds).1f s.",
            count,
        )
        self.stdout.write(message % {"count": count, "path": options["output"], "seconds": elapsed})
        if options["check"]:
            report = iati.validate(options["output"])
            if not report.valid:
                for error in report.errors:
                    self.stderr.write(f"{error.line}: {error.message}")
                raise CommandError(_("Le fichier n'est pas conforme au schéma IATI 2.03."))
            self.stdout.write(_("Conforme au schéma IATI 2.03."))
