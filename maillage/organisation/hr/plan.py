"""Comparing a read file with the database: what an import would change (the dry run), and
what the departures it records will lead to. Nothing is written."""

from __future__ import annotations

import datetime
from itertools import batched

from django.conf import settings
from django.utils import timezone
from django.utils.translation import ngettext

from maillage.core.models import Authority
from maillage.core.wording import long_date

from ..models import Agent, Referent, Service
from ..signals import departure_preview
from .format import (
    BATCH_SIZE,
    CIVILITY,
    EMAIL,
    JOB,
    LEVEL,
    REFERENT,
    Departure,
    ImportCounts,
    ImportPlan,
    ParsedFile,
    ReferentChange,
)


def plan_import(authority: Authority, parsed: ParsedFile) -> ImportPlan:
    """Compare a parsed file with the authority's organisation; reads only."""
    counts = ImportCounts()
    manage_level = LEVEL in parsed.columns
    manage_email, manage_job = EMAIL in parsed.columns, JOB in parsed.columns
    manage_civility = CIVILITY in parsed.columns

    existing_services = {
        hr_id: (pk, name, kind, parent_id, active)
        for hr_id, pk, name, kind, parent_id, active in Service.objects.filter(
            authority=authority
        ).values_list("hr_id", "pk", "name", "kind", "parent_id", "active")
    }
    service_hr = {values[0]: hr_id for hr_id, values in existing_services.items()}
    service_writes: list[str] = []
    service_parents: dict[str, int | None] = {}
    for hr_id, row in parsed.services.items():
        current = existing_services.get(hr_id)
        if current is None:
            counts.services_created += 1
            service_writes.append(hr_id)
            continue
        _pk, name, kind, parent_id, active = current
        changed = (
            not active
            or name != row.name
            or (manage_level and kind != row.kind)
            or service_hr.get(parent_id, "") != row.parent
        )
        if changed:
            counts.services_updated += 1
            service_writes.append(hr_id)
            service_parents[hr_id] = parent_id
        else:
            counts.services_unchanged += 1
    service_deactivations = [
        values[0]
        for hr_id, values in existing_services.items()
        if values[4] and hr_id not in parsed.services
    ]
    counts.services_deactivated = len(service_deactivations)

    agents = parsed.agents
    matched: set[str] = set()
    agent_writes: list[str] = []
    agent_deactivations: list[int] = []
    existing_agents = (
        Agent.objects.filter(authority=authority)
        .values_list(
            "pk",
            "hr_id",
            "first_name",
            "last_name",
            "email",
            "job_title",
            "service_id",
            "active",
            "civility",
        )
        .iterator(chunk_size=BATCH_SIZE)
    )
    active_agents = 0
    for (
        pk,
        hr_id,
        first_name,
        last_name,
        email,
        job_title,
        service_id,
        active,
        civility,
    ) in existing_agents:
        active_agents += active
        row = agents.get(hr_id)
        if row is None:
            if active:
                agent_deactivations.append(pk)
            continue
        matched.add(hr_id)
        if not active:
            counts.agents_reactivated += 1
            agent_writes.append(hr_id)
        elif (
            first_name == row.first_name
            and last_name == row.last_name
            and (not manage_email or email == row.email)
            and (not manage_job or job_title == row.job_title)
            and (not manage_civility or civility == row.civility)
            and service_hr.get(service_id) == row.service
        ):
            counts.agents_unchanged += 1
        else:
            counts.agents_updated += 1
            agent_writes.append(hr_id)
    created = [hr_id for hr_id in agents if hr_id not in matched]
    counts.agents_created = len(created)
    counts.agents_deactivated = len(agent_deactivations)
    plan = ImportPlan(
        parsed=parsed,
        counts=counts,
        service_writes=service_writes,
        service_parents=service_parents,
        service_deactivations=service_deactivations,
        agent_writes=created + agent_writes,
        agent_deactivations=agent_deactivations,
        active_agents=active_agents,
    )
    if REFERENT in parsed.columns:
        _plan_referents(authority, plan)
    return plan


def _plan_referents(authority: Authority, plan: ImportPlan) -> None:
    """The mandates the referent column starts and ends (one query).

    The column tells, for each agent of the file, their role in their own service. A current
    mandate is ended when the file says otherwise: the agent's cell is empty or names the other
    kind, the agent is no longer in the file, or the file names another holder of the service.
    A mandate in another service than the agent's own is out of the file's reach and kept.
    """
    parsed = plan.parsed
    agents, services = parsed.agents, parsed.services
    wanted = {
        (hr_id, row.service, row.referent): row for hr_id, row in agents.items() if row.referent
    }
    new_holders = {service for _hr, service, kind in wanted if kind == Referent.Kind.HOLDER}
    current = (
        Referent.objects.current(timezone.localdate())
        .filter(authority=authority)
        .order_by("service__name", "kind", "agent__last_name", "id")
        .values_list(
            "pk",
            "kind",
            "agent__hr_id",
            "agent__first_name",
            "agent__last_name",
            "service__hr_id",
            "service__name",
        )
    )
    confirmed = set()
    for pk, kind, agent_hr, first_name, last_name, service_hr, service_name in current:
        key = (agent_hr, service_hr, kind)
        if key in wanted:
            confirmed.add(key)
            continue
        row = agents.get(agent_hr)
        replaced = kind == Referent.Kind.HOLDER and service_hr in new_holders
        if row is None or row.service == service_hr or replaced:
            plan.referent_endings.append(pk)
            plan.referent_changes.append(
                ReferentChange("end", kind, f"{last_name} {first_name}", service_name)
            )
    for key, row in wanted.items():
        if key in confirmed:
            continue
        agent_hr, service_hr, kind = key
        plan.referent_designations.append(key)
        service = services.get(service_hr)
        plan.referent_changes.append(
            ReferentChange(
                "designate",
                kind,
                f"{row.last_name} {row.first_name}",
                service.name if service is not None else service_hr,
            )
        )


def departure(authority: Authority, plan: ImportPlan) -> Departure | None:
    """What the plan's deactivations will erase, and when (asks the apps above, read only)."""
    if not plan.agent_deactivations:
        return None
    totals: dict[str, int] = {}
    for batch in batched(plan.agent_deactivations, BATCH_SIZE):
        for _receiver, answer in departure_preview.send(
            sender=Agent, authority=authority, agent_ids=list(batch)
        ):
            for label, count in answer or ():
                totals[label] = totals.get(label, 0) + count
    return Departure(
        agents=len(plan.agent_deactivations),
        active_agents=plan.active_agents,
        erase_on=erase_date(timezone.now()),
        erased=[(label, count) for label, count in totals.items() if count],
        confirmation_required=plan.confirmation_required,
    )


def erase_date(deactivated_at: datetime.datetime) -> datetime.date:
    """The day from which the data of an agent deactivated at that time may be erased."""
    grace = datetime.timedelta(days=settings.HR_DEPARTURE_GRACE_DAYS)
    return timezone.localdate(deactivated_at + grace)


def departure_sentence(dep: Departure) -> str:
    """The consequence of the deactivations in one French sentence, for pages and commands."""
    if dep.erased:
        what = ", ".join(f"{count} {label}" for label, count in dep.erased)
        return ngettext(
            "%(agents)s agent sera désactivé ; ses données (%(what)s) seront effacées "
            "le %(date)s s'il ne figure pas de nouveau dans un import d'ici là. S'il "
            "revient avant cette date, il retrouve tout.",
            "%(agents)s agents seront désactivés ; leurs données (%(what)s) seront effacées "
            "le %(date)s s'ils ne figurent pas de nouveau dans un import d'ici là. Un agent "
            "qui revient avant cette date retrouve tout.",
            dep.agents,
        ) % {"agents": dep.agents, "what": what, "date": long_date(dep.erase_on)}
    return ngettext(
        "%(agents)s agent sera désactivé ; aucune donnée n'est effacée tant qu'il n'est "
        "pas parti depuis %(days)s jours, et s'il revient il retrouve tout.",
        "%(agents)s agents seront désactivés ; aucune donnée n'est effacée tant qu'ils ne "
        "sont pas partis depuis %(days)s jours, et un agent qui revient retrouve tout.",
        dep.agents,
    ) % {"agents": dep.agents, "days": settings.HR_DEPARTURE_GRACE_DAYS}
