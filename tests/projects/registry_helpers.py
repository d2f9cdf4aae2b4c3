"""Shared builders for the project registry tests (not a test module)."""

from __future__ import annotations

import datetime

from maillage.core.models import Role
from maillage.organisation.models import Referent

from ..factories import AgentFactory, ReferentFactory, member


def referent_of(service, username: str, **user_kwargs):
    """A user with the référent role, linked to an agent who is the current référent of
    ``service``."""
    user = member(service.authority, Role.REFERENT, username=username, **user_kwargs)
    agent = AgentFactory(service=service, user=user, last_name=f"Réf{username}")
    ReferentFactory(agent=agent, kind=Referent.Kind.HOLDER, start=datetime.date(2024, 1, 1))
    return user
