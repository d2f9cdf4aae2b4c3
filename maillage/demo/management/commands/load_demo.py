"""Create or refresh the demo authority and one demo account per role (idempotent)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Exists, OuterRef

from maillage.core.models import Role
from maillage.demo.services import load_demo
from maillage.demo.sync import DemoDataError, Result
from maillage.organisation.models import Agent, ElectedOfficial, Referent, Service


class Command(BaseCommand):
    help = (
        "Create or refresh the fictional authority 'Ville de Bellerive-sur-Orne': services, "
        "agents, référents, elected officials, and one demo account per role (username = role, "
        "password 'demo-maillage'). Idempotent: a second run changes nothing. Needs the M57 "
        "reference data of migration core.0002."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            result = load_demo()
        except DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] >= 1:
            self._summary(result, time.monotonic() - started, options["verbosity"])

    def _summary(self, result: Result, seconds: float, verbosity: int) -> None:
        authority = result.authority
        services = Service.objects.filter(authority=authority)
        directorates = services.filter(kind=Service.Kind.DIRECTORATE).count()
        uncovered = list(
            services.filter(active=True)
            .annotate(covered=Exists(Referent.objects.current().filter(service=OuterRef("pk"))))
            .filter(covered=False)
            .order_by("hr_id")
            .values_list("name", flat=True)
        )
        officials = ElectedOfficial.objects.filter(authority=authority).aggregate(
            n=Count("id", distinct=True), d=Count("delegations", distinct=True)
        )
        written = sum(c.created + c.updated + c.deleted for c in result.counts.values())
        out = self.stdout.write
        out(self.style.SUCCESS(f"Demo authority: {authority.name} (SIREN {authority.siren})"))
        out(
            f"  {services.count()} services ({directorates} directorates), "
            f"{Agent.objects.filter(authority=authority).count()} agents, "
            f"{officials['n']} elected officials with {officials['d']} delegations, "
            f"{Referent.objects.filter(authority=authority).current().count()} current référents"
        )
        out(f"  Without a current référent ({len(uncovered)}): {', '.join(uncovered) or '-'}")
        if verbosity >= 2:
            for label, c in result.counts.items():
                out(f"  {label}: {c.created} created, {c.updated} updated, {c.deleted} deleted")
        out(f"  {written} rows written in {seconds:.1f} s" if written else "  Already up to date")
        out("")
        out(self.style.MIGRATE_HEADING("Demo accounts"))
        rows = [("Username", "Role", "Password")] + [
            (u.username, str(Role(u.role).label), result.dataset.password)
            for u in result.dataset.users
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for row in rows:
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            out(("  " + "  ".join(cells)).rstrip())
