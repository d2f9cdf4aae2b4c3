"""A small organisation for the skills tests: people with accounts, agent records and roles.

Direction Aménagement (head: Hélène, direction role)
  ├── Service Environnement (head: Henri; référent: Rita, référent role)
  │     agents: Alice (agent), Bruno (agent)
  └── Service Jeunesse (no head, no référent: its parent's head decides)
        agent: Jade (agent)
Service Culture (another tree; référent: Rémi)
  agent: Carla (agent)
DRI: Dora (dri role, agent of no service), and the plain ``users`` fixture of every role.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from maillage.core.models import Role
from tests.factories import AgentFactory, ReferentFactory, ServiceFactory, member

PASSWORD = "motdepasse-test"


@dataclass
class Org:
    authority: object
    direction: object
    environment: object
    youth: object
    culture: object
    people: dict  # first name -> (user, agent)

    def user(self, name: str):
        return self.people[name][0]

    def agent(self, name: str):
        return self.people[name][1]


def person(authority, service, first_name: str, *roles: str, referent: bool = False):
    user = member(
        authority,
        *(roles or (Role.AGENT,)),
        username=first_name.lower(),
        first_name=first_name,
        email=f"{first_name.lower()}@ville.example.fr",
    )
    agent = AgentFactory(
        authority=authority,
        service=service,
        user=user,
        first_name=first_name,
        last_name=f"{first_name}son",
        email=f"{first_name.lower()}@ville.example.fr",
    )
    if referent:
        ReferentFactory(agent=agent)
    return user, agent


@pytest.fixture
def org(authority) -> Org:
    direction = ServiceFactory(
        authority=authority, name="Direction Aménagement", kind="directorate"
    )
    environment = ServiceFactory(
        authority=authority, name="Service Environnement", parent=direction
    )
    youth = ServiceFactory(authority=authority, name="Service Jeunesse", parent=direction)
    culture = ServiceFactory(authority=authority, name="Service Culture")
    people = {
        "Helene": person(authority, direction, "Helene", Role.DIRECTION),
        "Henri": person(authority, environment, "Henri"),
        "Rita": person(authority, environment, "Rita", Role.REFERENT, referent=True),
        "Alice": person(authority, environment, "Alice"),
        "Bruno": person(authority, environment, "Bruno"),
        "Jade": person(authority, youth, "Jade"),
        "Remi": person(authority, culture, "Remi", Role.REFERENT, referent=True),
        "Carla": person(authority, culture, "Carla"),
        "Dora": person(authority, None, "Dora", Role.DRI),
    }
    direction.head = people["Helene"][1]
    direction.save()
    environment.head = people["Henri"][1]
    environment.save()
    return Org(authority, direction, environment, youth, culture, people)
