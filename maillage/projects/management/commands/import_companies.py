"""``manage.py import_companies --authority SLUG FILE [--dry-run]``: a SIRENE extract into the
company directory (format in ``maillage/projects/missions/sirene.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from maillage.core.models import Authority
from maillage.projects.missions import services
from maillage.projects.missions.sirene import MAX_BYTES, plan_import, read_sirene


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        return _(
            "Importe un extrait SIRENE (CSV de l'INSEE) dans l'annuaire des entreprises d'une "
            "collectivité : tout le fichier est vérifié, puis tout est enregistré ou rien ; un "
            "SIREN déjà présent est mis à jour."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--authority", required=True, help=_("Identifiant court (slug)."))
        parser.add_argument("file", help=_("Fichier CSV."))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Vérifier seulement, sans rien enregistrer.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        authority = Authority.objects.filter(slug=options["authority"]).first()
        if authority is None:
            raise CommandError(
                _("Aucune collectivité « %(slug)s ».") % {"slug": options["authority"]}
            )
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Fichier introuvable : %(file)s.") % {"file": path})
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(
                _("Le fichier dépasse %(max)s Mo : découpez l'extrait en plusieurs fichiers.")
                % {"max": MAX_BYTES // (1024 * 1024)}
            )
        extract = read_sirene(path.read_bytes())
        if extract.errors:
            raise CommandError("\n".join([_("Rien n'a été enregistré."), *extract.errors]))
        if options["dry_run"]:
            to_create, to_update = plan_import(authority, extract.rows)
            created, updated = len(to_create), len(to_update)
            done = _("Vérification seule, rien n'est enregistré")
        else:
            created, updated = services.import_companies(
                authority, by=None, extract=extract, filename=path.name
            )
            done = _("Import terminé")
        self.stdout.write(
            _(
                "%(done)s : %(created)s ajoutée(s), %(updated)s mise(s) à jour, "
                "%(skipped)s cessée(s) ignorée(s)."
            )
            % {"done": done, "created": created, "updated": updated, "skipped": extract.skipped}
        )
