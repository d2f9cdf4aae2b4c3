"""Erase the international profiles of agents who left (inactive in the HR file)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db.models import Q

from maillage.organisation.models import Agent
from maillage.skills import services
from maillage.skills.models import CallResponse, Profile


class Command(BaseCommand):
    help = (
        "Erase the international profile, and the answers to calls that led to no "
        "mobilisation, of every agent marked inactive (left the authority), as the GDPR rules "
        "of Maillage require. Pages already hide them; this deletes them. Idempotent: run it "
        "after each HR import. --dry-run only counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, erase nothing.")

    def handle(self, *args, **options):
        departed = Agent.objects.filter(active=False).filter(
            Q(pk__in=Profile.objects.values("agent_id"))
            | Q(pk__in=CallResponse.objects.exclude(status="approved").values("agent_id"))
        )
        agents = list(departed.select_related("authority").order_by("pk"))
        if options["dry_run"]:
            self.stdout.write(f"{len(agents)} departed agents have data to erase.")
            return
        for agent in agents:
            services.erase_profile(agent, None)
        self.stdout.write(self.style.SUCCESS(f"Erased the data of {len(agents)} departed agents."))
