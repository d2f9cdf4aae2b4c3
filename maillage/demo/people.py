"""Resolving the services, agents, officials and accounts that the demo data names."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from maillage.core.models import Authority, User
from maillage.organisation.models import Agent, ElectedOfficial, Service

from .data import Dataset, email_local_part
from .sync import DemoDataError


class People:
    """Resolves the services, agents, officials and accounts the data names."""

    def __init__(
        self,
        dataset: Dataset,
        authority: Authority,
        services: dict[str, Service],
        agents: dict[str, Agent],
        users: dict[str, User],
    ) -> None:
        self.services = {row.key: services[row.hr_id] for row in dataset.services}
        self.heads = {row.key: row.head_hr_id for row in dataset.services}
        self.staff: dict[str, list[Any]] = defaultdict(list)
        for row in dataset.agents:
            self.staff[row.service_hr_id].append(row)
        self.agents = agents
        self.users = users
        self.officials = {
            email_local_part(o.first_name, o.last_name): o
            for o in ElectedOfficial.objects.filter(authority=authority)
        }

    def service(self, key: str) -> Service:
        try:
            return self.services[key]
        except KeyError:
            raise DemoDataError(f"Demo projects: unknown service key {key!r}.") from None

    def agent_ids(self, wanted: Iterable[tuple[str, str]]) -> list[int]:
        """The agents picked by (service key, selector), each at most once, in order."""
        picked: list[str] = []
        for key, selector in wanted:
            service = self.service(key)
            rows = self.staff[service.hr_id]
            if selector == "head":
                found = [self.heads[key]]
            elif selector.startswith("@"):
                found = [
                    r.hr_id
                    for r in rows
                    if email_local_part(r.first_name, r.last_name) == selector[1:]
                ]
            else:
                fragment = selector.casefold()
                found = [r.hr_id for r in rows if fragment in r.job_title.casefold()]
            found = [hr_id for hr_id in found if hr_id not in picked]
            if not found:
                raise DemoDataError(
                    f"Demo projects: no agent of service {key!r} matches {selector!r}."
                )
            picked.append(found[0])
        return [self.agents[hr_id].pk for hr_id in picked]

    def official_id(self, name: str) -> int:
        try:
            return self.officials[name].pk
        except KeyError:
            raise DemoDataError(f"Demo projects: unknown elected official {name!r}.") from None

    def user_id(self, username: str) -> int | None:
        return self.users[username].pk if username else None
