"""factory-boy factories shared by the test modules."""

from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from maillage.core.models import Authority, Membership, Role, User
from maillage.organisation.models import Agent, Delegation, ElectedOfficial, Referent, Service


class AuthorityFactory(DjangoModelFactory):
    class Meta:
        model = Authority
        django_get_or_create = ("siren",)

    name = factory.Sequence(lambda n: f"Ville n°{n}")
    slug = factory.Sequence(lambda n: f"ville-{n}")
    siren = factory.Sequence(lambda n: f"{200000000 + n:09d}")
    kind = Authority.Kind.COMMUNE


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.fr")
    password = factory.django.Password("motdepasse-test")


def member(authority: Authority, *roles: str, **user_kwargs) -> User:
    """A user holding ``roles`` in ``authority``."""
    user = UserFactory(**user_kwargs)
    for role in roles or (Role.AGENT,):
        Membership.objects.get_or_create(user=user, authority=authority, role=role)
    return user


class ServiceFactory(DjangoModelFactory):
    class Meta:
        model = Service

    authority = factory.SubFactory(AuthorityFactory)
    hr_id = factory.Sequence(lambda n: f"S{n:05d}")
    name = factory.Sequence(lambda n: f"Service n°{n}")
    kind = Service.Kind.SERVICE


class AgentFactory(DjangoModelFactory):
    class Meta:
        model = Agent

    authority = factory.LazyAttribute(lambda a: a.service.authority)
    service = factory.SubFactory(ServiceFactory)
    hr_id = factory.Sequence(lambda n: f"A{n:06d}")
    first_name = "Dominique"
    last_name = factory.Sequence(lambda n: f"Durand{n}")
    email = factory.Sequence(lambda n: f"agent{n}@ville.example.fr")
    job_title = "Chargé de mission"


class ReferentFactory(DjangoModelFactory):
    class Meta:
        model = Referent

    agent = factory.SubFactory(AgentFactory)
    service = factory.LazyAttribute(lambda r: r.agent.service)
    authority = factory.LazyAttribute(lambda r: r.agent.authority)
    kind = Referent.Kind.HOLDER
    start = datetime.date(2024, 1, 1)


class ElectedOfficialFactory(DjangoModelFactory):
    class Meta:
        model = ElectedOfficial

    authority = factory.SubFactory(AuthorityFactory)
    first_name = "Claude"
    last_name = factory.Sequence(lambda n: f"Élu{n}")
    mandate = "Adjoint au maire"


class DelegationFactory(DjangoModelFactory):
    class Meta:
        model = Delegation

    elected_official = factory.SubFactory(ElectedOfficialFactory)
    label = "Relations internationales"
