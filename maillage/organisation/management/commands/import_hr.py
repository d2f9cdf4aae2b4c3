"""``manage.py import_hr FILE [--authority SIREN] [--dry-run]``: load the HR file."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from maillage.organisation.hr.apply import import_hr
from maillage.organisation.hr.format import RowError, find_authority, summary
from maillage.organisation.hr.plan import departure_sentence


class Progress:
    """One tqdm bar per stage of the import, fed by the service's progress callback."""

    def __init__(self, disable: bool) -> None:
        self.disable = disable
        self.bars: dict[str, tqdm] = {}

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        bar = self.bars.get(stage)
        if bar is None:
            for previous in self.bars.values():
                previous.close()
            # disable=None hides the bar when stderr is not a terminal (cron, CI logs).
            bar = tqdm(desc=stage, total=total, unit=" lignes", disable=self.disable or None)
            self.bars[stage] = bar
        bar.update(done - bar.n)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]
        """Translated when the parser is built: argparse needs a plain str, not a lazy one."""
        return _("Importe les services et les agents depuis un fichier RH (CSV UTF-8 ou XLSX).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("Fichier .csv (UTF-8, « ; » ou « , ») ou .xlsx."))
        parser.add_argument(
            "--authority", metavar="SIREN", help=_("SIREN de la collectivité (si plusieurs).")
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Vérifie et compte sans rien enregistrer.")
        )
        parser.add_argument(
            "--confirm-deactivations",
            type=int,
            metavar="N",
            help=_(
                "Nombre d'agents désactivés, à donner quand l'import en désactive une part "
                "importante (seconde confirmation)."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Fichier introuvable : %(path)s") % {"path": path})
        try:
            authority = find_authority(options["authority"])
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        progress = Progress(disable=options["verbosity"] == 0)
        try:
            result = import_hr(
                authority,
                by=None,
                source=path,
                filename=path.name,
                dry_run=options["dry_run"],
                progress=progress,
                confirmed_deactivations=options["confirm_deactivations"],
            )
        finally:
            progress.close()
        if not result.valid:
            for error in result.errors:
                self.stderr.write(describe(error))
            if result.hidden_errors:
                self.stderr.write(
                    ngettext(
                        "… et %(count)s autre erreur non affichée.",
                        "… et %(count)s autres erreurs non affichées.",
                        result.hidden_errors,
                    )
                    % {"count": result.hidden_errors}
                )
            raise CommandError(
                ngettext(
                    "%(count)s erreur dans %(file)s : aucune modification enregistrée. "
                    "Corrigez le fichier puis relancez l'import.",
                    "%(count)s erreurs dans %(file)s : aucune modification enregistrée. "
                    "Corrigez le fichier puis relancez l'import.",
                    result.error_count,
                )
                % {"count": result.error_count, "file": path.name}
            )
        assert result.counts is not None  # a readable file always has counts
        if result.confirmation_missing:
            assert result.departure is not None
            raise CommandError(
                _(
                    "Aucune modification enregistrée : cet import désactiverait %(agents)s des "
                    "%(active)s agents actifs. Vérifiez que le fichier couvre toute "
                    "l'organisation, puis relancez avec --confirm-deactivations %(agents)s."
                )
                % {"agents": result.departure.agents, "active": result.departure.active_agents}
            )
        if result.dry_run:
            head = ngettext(
                "Simulation, rien n'est enregistré — %(authority)s, %(rows)s ligne.",
                "Simulation, rien n'est enregistré — %(authority)s, %(rows)s lignes.",
                result.rows,
            )
        else:
            head = ngettext(
                "Import terminé — %(authority)s, %(rows)s ligne.",
                "Import terminé — %(authority)s, %(rows)s lignes.",
                result.rows,
            )
        self.stdout.write(head % {"authority": authority.name, "rows": result.rows})
        self.stdout.write(summary(result.counts))
        if result.referent_changes:
            started = sum(change.designated for change in result.referent_changes)
            ended = len(result.referent_changes) - started
            parts = {
                "started": ngettext("%(n)s mandat commencé", "%(n)s mandats commencés", started)
                % {"n": started},
                "ended": ngettext("%(n)s terminé", "%(n)s terminés", ended) % {"n": ended},
            }
            self.stdout.write(_("Référents : %(started)s, %(ended)s.") % parts)
        if result.departure is not None:
            self.stdout.write(departure_sentence(result.departure))


def describe(error: RowError) -> str:
    if error.column:
        return _("Ligne %(line)s, colonne « %(column)s » : %(message)s") % asdict(error)
    return _("Ligne %(line)s : %(message)s") % asdict(error)
