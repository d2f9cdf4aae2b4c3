"""Writes the demo dataset: every object is upserted by its natural key, in one transaction.

Running :func:`load_demo` again leaves the database as it was: existing rows keep their primary
keys and are only written when a value differs, many-to-many links are added or removed one by
one, and the demo passwords are hashed again only when they no longer match.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password, is_password_usable, make_password
from django.db import transaction

from maillage.core.models import Authority, Membership, PolicyArea, User
from maillage.organisation.models import Agent, Delegation, ElectedOfficial, Referent, Service

from .calendar_data import load_calendar, load_watch
from .data import Dataset, build_dataset
from .governance_data import load_governance
from .identities import load_identities
from .news_data import load_news
from .newsletter_data import load_newsletters
from .notices_data import load_notices
from .projects_data import load_projects
from .skills_data import load_skills
from .sync import Counts, DemoDataError, Result, bulk_upsert, upsert_one


def load_demo(dataset: Dataset | None = None) -> Result:
    if settings.PRODUCTION:
        raise DemoDataError(
            "load_demo refuses to run with MAILLAGE_ENV=production: the demo accounts share a "
            "published password. Load the demo into a development or demonstration database."
        )
    dataset = dataset or build_dataset()
    with transaction.atomic():
        check_policy_areas(dataset.policy_area_codes())
        authority, created = upsert_one(
            Authority, {"siren": dataset.authority["siren"]}, dataset.authority
        )
        result = Result(authority, dataset)
        result.count("authority").created += created
        users = _sync_users(dataset, authority, result)
        services = _sync_services(dataset, authority, result)
        agents = _sync_agents(dataset, authority, services, users, result)
        _sync_heads(dataset, services, agents, result)
        _sync_referents(dataset, authority, services, agents, result)
        _sync_officials(dataset, authority, users, result)
        load_projects(dataset, authority, services, agents, users, result)
        # Last: the calls for competences belong to the demo projects written just above.
        load_skills(dataset, authority, agents, users, result)
        # The committees follow the demo projects and name their people.
        load_governance(dataset, authority, services, agents, users, result)
        # The projects' deadlines, for the calendar.
        load_calendar(authority, result)
        load_watch(authority, result)
        # The faces: Bellerive's, and a second authority with its own.
        load_identities(authority, result)
        # The news told from the stories above, and the intranet's feed.
        load_news(authority, users, result)
        # Two newsletters already sent from that news.
        load_newsletters(authority, users, result)
        # Last: a few notifications drawn from everything above, and some preferences.
        load_notices(authority, users, result)
    return result


def check_policy_areas(codes: Iterable[str]) -> None:
    codes = set(codes)
    present = set(PolicyArea.objects.filter(code__in=codes).values_list("code", flat=True))
    missing = sorted(codes - present)
    if missing:
        raise DemoDataError(
            f"M57 policy areas missing from the database: {', '.join(missing)}. They are loaded "
            "by migration core.0002_reference_data: run `manage.py migrate` (or "
            "`manage.py load_reference_data`) first."
        )


# --- Generic upserts -------------------------------------------------------------------------


def _sync_policy_areas(
    relation: Any, owner_field: str, wanted: dict[int, Iterable[str]], counts: Counts
) -> None:
    """Make the many-to-many links of each owner exactly ``wanted[owner_id]``."""
    through = relation.through
    rows = through._default_manager.filter(**{f"{owner_field}__in": list(wanted)})
    present = {(getattr(r, owner_field), r.policyarea_id): r.pk for r in rows}
    target = {(owner, code) for owner, codes in wanted.items() for code in codes}
    stale = [pk for pair, pk in present.items() if pair not in target]
    missing = sorted(target - present.keys())
    if stale:
        through._default_manager.filter(pk__in=stale).delete()
    if missing:
        through._default_manager.bulk_create(
            [through(**{owner_field: owner, "policyarea_id": code}) for owner, code in missing]
        )
    counts.created += len(missing)
    counts.deleted += len(stale)


# --- The demo objects ------------------------------------------------------------------------


def _demo_passwords(encoded: list[str], password: str) -> list[str]:
    """The stored hashes, with a valid hash of the demo password wherever one does not match.

    PBKDF2 takes a third of a second or more per hash, so the demo accounts share one salted
    hash of their (public) password: a run checks each distinct stored hash once, in threads
    (hashlib releases the GIL; the threads never touch the database), and hashes at most once.
    """

    def valid(stored: str) -> bool:
        upgrade: list[bool] = []
        ok = check_password(password, stored, setter=lambda _raw: upgrade.append(True))
        return ok and not upgrade

    candidates = sorted({e for e in encoded if is_password_usable(e) and e})
    with ThreadPoolExecutor(max_workers=max(1, min(len(candidates), 4))) as pool:
        good = {e for e, ok in zip(candidates, pool.map(valid, candidates), strict=True) if ok}
    shared = min(good) if good else make_password(password)
    return [e if e in good else shared for e in encoded]


def _foreign_accounts(existing: list[User], authority: Authority) -> list[str]:
    """The usernames among ``existing`` that are not demo accounts.

    A demo account is one whose every role is in the demo authority (and that holds at least
    one) and that is not a superuser: the demo creates its accounts so and gives them no other
    role. Any other account of the same name belongs to someone else, and the demo must not
    touch it: its published password would open that account's other authorities.
    """
    elsewhere = set(
        Membership.objects.filter(user__in=existing)
        .exclude(authority=authority)
        .values_list("user_id", flat=True)
    )
    inside = set(
        Membership.objects.filter(user__in=existing, authority=authority).values_list(
            "user_id", flat=True
        )
    )
    return sorted(
        user.username
        for user in existing
        if user.is_superuser or user.pk in elsewhere or user.pk not in inside
    )


def _sync_users(dataset: Dataset, authority: Authority, result: Result) -> dict[str, User]:
    usernames = [u.username for u in dataset.users]
    existing = list(User.objects.filter(username__in=usernames))
    foreign = _foreign_accounts(existing, authority)
    if foreign:
        raise DemoDataError(
            f"Accounts named like demo accounts already exist and are not the demo's: "
            f"{', '.join(foreign)}. The demo never changes an account it did not create: rename "
            "or delete these accounts, or load the demo into another database."
        )
    stored = {u.username: u.password for u in existing}
    hashes = _demo_passwords([stored.get(name, "") for name in usernames], dataset.password)
    desired = {
        row.username: {
            "username": row.username,
            "first_name": row.first_name,
            "last_name": row.last_name,
            "email": row.email,
            "is_staff": row.is_staff,
            "is_active": True,
            "password": password,
        }
        for row, password in zip(dataset.users, hashes, strict=True)
    }
    users = bulk_upsert(User, existing, lambda u: u.username, desired, result.count("users"))

    # Exactly one membership each in the demo authority: the role the user is named after.
    memberships = Membership.objects.filter(authority=authority, user__in=users.values())
    wanted = {(users[row.username].pk, row.role) for row in dataset.users}
    stale = [m.pk for m in memberships if (m.user_id, m.role) not in wanted]
    counts = result.count("memberships")
    if stale:
        counts.deleted += Membership.objects.filter(pk__in=stale).delete()[0]
    bulk_upsert(
        Membership,
        memberships,
        lambda m: (m.user_id, m.role),
        {
            pair: {"user_id": pair[0], "authority_id": authority.pk, "role": pair[1]}
            for pair in sorted(wanted)
        },
        counts,
    )
    return users


def _sync_services(dataset: Dataset, authority: Authority, result: Result) -> dict[str, Service]:
    existing = list(Service.objects.filter(authority=authority, hr_id__in=_hr_ids(dataset)))
    services: dict[str, Service] = {}
    counts = result.count("services")
    # Parents first: a service row needs its parent's primary key.
    for level in ("directorate", "service"):
        desired = {
            row.hr_id: {
                "authority_id": authority.pk,
                "hr_id": row.hr_id,
                "name": row.name,
                "kind": row.kind,
                "parent_id": services[row.parent_hr_id].pk if row.parent_hr_id else None,
                "active": True,
            }
            for row in dataset.services
            if row.kind == level
        }
        services.update(bulk_upsert(Service, existing, lambda s: s.hr_id, desired, counts))
    _sync_policy_areas(
        Service.policy_areas,
        "service_id",
        {services[row.hr_id].pk: row.policy_areas for row in dataset.services},
        result.count("service policy areas"),
    )
    return services


def _hr_ids(dataset: Dataset) -> list[str]:
    return [row.hr_id for row in dataset.services]


def _sync_agents(
    dataset: Dataset,
    authority: Authority,
    services: dict[str, Service],
    users: dict[str, User],
    result: Result,
) -> dict[str, Agent]:
    desired = {
        row.hr_id: {
            "authority_id": authority.pk,
            "hr_id": row.hr_id,
            "civility": row.civility,
            "first_name": row.first_name,
            "last_name": row.last_name,
            "email": row.email,
            "job_title": row.job_title,
            "service_id": services[row.service_hr_id].pk,
            "active": True,
            "user_id": users[row.username].pk if row.username else None,
        }
        for row in dataset.agents
    }
    existing = Agent.objects.filter(authority=authority, hr_id__in=list(desired))
    return bulk_upsert(Agent, existing, lambda a: a.hr_id, desired, result.count("agents"))


def _sync_heads(
    dataset: Dataset, services: dict[str, Service], agents: dict[str, Agent], result: Result
) -> None:
    """Set the heads once the agents exist (a new service gets its head here, uncounted)."""
    changed, replaced = [], 0
    for row in dataset.services:
        service, head_id = services[row.hr_id], agents[row.head_hr_id].pk
        if service.head_id != head_id:
            replaced += service.head_id is not None
            service.head_id = head_id
            changed.append(service)
    if changed:
        Service.objects.bulk_update(changed, ["head"])
    result.count("services").updated += replaced


def _sync_referents(
    dataset: Dataset,
    authority: Authority,
    services: dict[str, Service],
    agents: dict[str, Agent],
    result: Result,
) -> None:
    desired = {}
    for row in dataset.referents:
        service_id, agent_id = services[row.service_hr_id].pk, agents[row.agent_hr_id].pk
        desired[(service_id, agent_id, row.kind, row.start)] = {
            "authority_id": authority.pk,
            "service_id": service_id,
            "agent_id": agent_id,
            "kind": row.kind,
            "start": row.start,
            "end": row.end,
        }
    existing = Referent.objects.filter(service__in=[s.pk for s in services.values()])
    bulk_upsert(
        Referent,
        existing,
        lambda r: (r.service_id, r.agent_id, r.kind, r.start),
        desired,
        result.count("referents"),
    )


def _sync_officials(
    dataset: Dataset, authority: Authority, users: dict[str, User], result: Result
) -> None:
    desired = {
        (row.last_name, row.first_name): {
            "authority_id": authority.pk,
            "civility": row.civility,
            "first_name": row.first_name,
            "last_name": row.last_name,
            "mandate": row.mandate,
            "email": row.email,
            "user_id": users[row.username].pk if row.username else None,
            "active": True,
        }
        for row in dataset.officials
    }
    officials = bulk_upsert(
        ElectedOfficial,
        ElectedOfficial.objects.filter(authority=authority),
        lambda o: (o.last_name, o.first_name),
        desired,
        result.count("elected officials"),
    )
    delegations_desired = {}
    codes = {}
    for row in dataset.officials:
        official = officials[(row.last_name, row.first_name)]
        for delegation in row.delegations:
            natural_key = (official.pk, delegation.label)
            delegations_desired[natural_key] = {
                "elected_official_id": official.pk,
                "label": delegation.label,
                "start": delegation.start,
                "end": delegation.end,
            }
            codes[natural_key] = delegation.policy_areas
    delegations = bulk_upsert(
        Delegation,
        Delegation.objects.filter(elected_official__in=[o.pk for o in officials.values()]),
        lambda d: (d.elected_official_id, d.label),
        delegations_desired,
        result.count("delegations"),
    )
    _sync_policy_areas(
        Delegation.policy_areas,
        "delegation_id",
        {delegations[k].pk: v for k, v in codes.items()},
        result.count("delegation policy areas"),
    )
