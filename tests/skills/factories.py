"""Factories and helpers for the skills tests (international profiles and calls)."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from maillage.core.models import CefrLevel
from maillage.skills.models import (
    CallResponse,
    Profile,
    ProfileCountry,
    ProfileLanguage,
    ProfilePolicyArea,
    ProfileTag,
    ResponseStep,
    SkillCall,
    SkillTag,
)

from ..factories import AgentFactory, ProjectFactory


class ProfileFactory(DjangoModelFactory):
    class Meta:
        model = Profile

    agent = factory.SubFactory(AgentFactory)
    authority = factory.LazyAttribute(lambda p: p.agent.authority)
    published = True
    visibility = Profile.Visibility.AUTHORITY
    last_confirmed_at = factory.LazyFunction(timezone.now)
    published_at = factory.LazyFunction(timezone.now)


def speaks(profile: Profile, code: str, level: str = "B2", **extra) -> ProfileLanguage:
    return ProfileLanguage.objects.create(
        profile=profile,
        authority_id=profile.authority_id,
        language_id=code,
        level_id=level,
        level_rank=CefrLevel.objects.get(code=level).rank,
        **extra,
    )


def knows(profile: Profile, iso2: str, relation: str = "lived", regions: str = ""):
    return ProfileCountry.objects.create(
        profile=profile,
        authority_id=profile.authority_id,
        country_id=iso2,
        relation=relation,
        regions=regions,
    )


def expert_in(profile: Profile, code: str) -> ProfilePolicyArea:
    return ProfilePolicyArea.objects.create(
        profile=profile, authority_id=profile.authority_id, policy_area_id=code
    )


def tagged(profile: Profile, name: str) -> ProfileTag:
    from django.utils.text import slugify

    tag, _created = SkillTag.objects.get_or_create(
        authority_id=profile.authority_id,
        slug=slugify(name, allow_unicode=True),
        defaults={"name": name},
    )
    return ProfileTag.objects.create(profile=profile, authority_id=profile.authority_id, tag=tag)


class SkillCallFactory(DjangoModelFactory):
    class Meta:
        model = SkillCall

    project = factory.SubFactory(ProjectFactory)
    authority = factory.LazyAttribute(lambda c: c.project.authority)
    title = factory.Sequence(lambda n: f"Appel n°{n}")
    effort_days = Decimal("5")


class CallResponseFactory(DjangoModelFactory):
    class Meta:
        model = CallResponse
        skip_postgeneration_save = True

    call = factory.SubFactory(SkillCallFactory)
    authority = factory.LazyAttribute(lambda r: r.call.authority)
    agent = factory.SubFactory(
        AgentFactory,
        service__authority=factory.SelfAttribute("...call.authority"),
    )
    origin = CallResponse.Origin.VOLUNTEERED
    status = CallResponse.Status.ACCEPTED

    @factory.post_generation
    def steps(self, create, extracted, **kwargs):
        if create:
            ResponseStep.objects.create(
                response=self, step=ResponseStep.Step.VOLUNTEERED, at=timezone.now()
            )
