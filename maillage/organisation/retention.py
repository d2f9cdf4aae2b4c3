"""What the organisation app stops keeping about people once their retention period is over."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.audit import scrub_text, scrub_values
from maillage.core.models import AuditEvent

from . import hr_runs
from .models import Agent, Civility

# How a civility is written before a name in the texts the trail may quote.
CIVILITY_TITLES = {
    Civility.MADAME: ("Madame", "Mme"),
    Civility.MONSIEUR: ("Monsieur", "M."),
}


def purge_departed_agents(now: datetime.datetime | None = None) -> int:
    """Remove from the audit trail the names, civilities and e-mails of agents deactivated
    longer ago than AUDIT_PERSONAL_DATA_RETENTION_DAYS; returns how many events were changed.

    The events about the agent's own record lose every value (the civility among them); other
    events (a référent designation, a committee membership…) lose the name, with the civility
    written before it, and the e-mail wherever quoted.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.AUDIT_PERSONAL_DATA_RETENTION_DAYS)
    departed = Agent.objects.filter(active=False, deactivated_at__lte=cutoff).filter(
        Q(audit_purged_at__isnull=True) | Q(audit_purged_at__lt=F("deactivated_at"))
    )
    changed = 0
    by_authority: dict[int, list[Agent]] = {}
    fields = ("id", "authority_id", "civility", "first_name", "last_name", "email")
    for agent in departed.only(*fields):
        by_authority.setdefault(agent.authority_id, []).append(agent)
    for authority_id, agents in by_authority.items():
        events = AuditEvent.objects.filter(authority_id=authority_id)
        changed += scrub_values(
            events.filter(object_type=Agent._meta.label, object_id__in=[str(a.pk) for a in agents])
        )
        texts: list[str] = []
        for agent in agents:
            names = [
                f"{agent.first_name} {agent.last_name}",
                f"{agent.last_name} {agent.first_name}",
            ]
            # "Madame [effacé]" would still tell the person's sex: the civility goes with the name.
            titles = CIVILITY_TITLES.get(agent.civility, ())
            texts += [f"{title} {name}" for title in titles for name in [*names, agent.last_name]]
            texts += [*names, agent.email]
        changed += scrub_text(events.exclude(object_type=Agent._meta.label), texts)
        Agent.objects.filter(pk__in=[a.pk for a in agents]).update(audit_purged_at=now)
    return changed


def on_purge(sender, *, now: datetime.datetime, **kwargs) -> list[tuple[str, int]]:
    return [
        (_("Événements du journal purgés (agents partis)"), purge_departed_agents(now)),
        (_("Fichiers RH non confirmés supprimés"), hr_runs.purge_pending_uploads(now)),
    ]
