"""Writes of the skills app: international profiles and calls for competences.

Views, the demo and tests call these functions; each one records an ``AuditEvent``. Audit
entries of a profile name the fields that changed, never their values: the trail outlives an
erased profile and must keep nothing of it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext

from maillage.core.audit import diff, record
from maillage.core.models import AuditEvent, CefrLevel, Country, Language, PolicyArea, User
from maillage.core.services import actor, write_service
from maillage.organisation.models import Agent
from maillage.projects.models import Project
from maillage.projects.registry import services as project_services

from . import notifications, selectors, selectors_calls
from .models import (
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

MAX_LANGUAGES = 20
MAX_COUNTRIES = 30
MAX_TAGS = 20
PROFILE_FIELDS = (
    "visibility",
    "missions_abroad",
    "hosting_delegations",
    "interpreting",
    "mentoring",
    "about",
)
CALL_FIELDS = (
    "title",
    "description",
    "language",
    "min_level",
    "country",
    "availability",
    "start_date",
    "end_date",
    "effort_days",
    "audience",
)
CALL_M2M = ("policy_areas", "tags", "services")

R = CallResponse.Status


@dataclass(frozen=True)
class LanguageEntry:
    language: Language
    level: CefrLevel
    oral_level: CefrLevel | None = None
    written_level: CefrLevel | None = None


@dataclass(frozen=True)
class CountryEntry:
    country: Country
    relation: str
    regions: str = ""


# --- Profiles ---------------------------------------------------------------------------------


@write_service
def save_profile(
    agent: Agent,
    *,
    by: User | None,
    data: dict[str, Any],
    languages: Sequence[LanguageEntry] = (),
    countries: Sequence[CountryEntry] = (),
    policy_areas: Iterable[PolicyArea] = (),
    tags: Iterable[str] = (),
) -> Profile:
    """Create or replace the agent's profile; saving confirms it is up to date.

    A new profile is unpublished: nothing is shown to anyone until the agent publishes it.
    """
    _check_entries(languages, countries)
    fields = {k: data[k] for k in PROFILE_FIELDS if k in data}
    if fields.get("visibility", Profile.Visibility.RESTRICTED) not in Profile.Visibility.values:
        raise ValidationError(_("Visibilité inconnue."))
    profile = Profile.objects.select_for_update().filter(agent=agent).first()
    created = profile is None
    now = timezone.now()
    if created:
        profile = Profile.objects.create(
            authority_id=agent.authority_id, agent=agent, last_confirmed_at=now, **fields
        )
        changed = sorted(name for name, value in fields.items() if value not in ("", False))
    else:
        changed = sorted(diff(profile, fields))
        for name, value in fields.items():
            setattr(profile, name, value)
        profile.last_confirmed_at = now
        profile.save()
    if _set_languages(profile, languages):
        changed.append("languages")
    if _set_countries(profile, countries):
        changed.append("countries")
    if _set_policy_areas(profile, policy_areas):
        changed.append("policy_areas")
    if _set_tags(profile, tags):
        changed.append("tags")
    record(
        authority=agent.authority,
        user=by,
        kind="profile.created" if created else "profile.updated",
        obj=profile,
        changes={"fields": changed, "confirmed": True},
    )
    return profile


def _check_entries(languages: Sequence[LanguageEntry], countries: Sequence[CountryEntry]) -> None:
    codes = [entry.language.pk for entry in languages]
    if len(codes) != len(set(codes)):
        raise ValidationError(_("Chaque langue ne peut figurer qu'une fois."))
    if len(codes) > MAX_LANGUAGES:
        raise ValidationError(
            ngettext("%(n)s langue au plus.", "%(n)s langues au plus.", MAX_LANGUAGES)
            % {"n": MAX_LANGUAGES}
        )
    isos = [entry.country.pk for entry in countries]
    if len(isos) != len(set(isos)):
        raise ValidationError(_("Chaque pays ne peut figurer qu'une fois."))
    if len(isos) > MAX_COUNTRIES:
        raise ValidationError(
            ngettext("%(n)s pays au plus.", "%(n)s pays au plus.", MAX_COUNTRIES)
            % {"n": MAX_COUNTRIES}
        )
    for entry in countries:
        if entry.relation not in ProfileCountry.Relation.values:
            raise ValidationError(_("Lien avec le pays inconnu."))


def _set_languages(profile: Profile, entries: Sequence[LanguageEntry]) -> bool:
    existing = {row.language_id: row for row in profile.languages.all()}
    wanted = {
        entry.language.pk: {
            "level_id": entry.level.pk,
            "level_rank": entry.level.rank,
            "oral_level_id": entry.oral_level.pk if entry.oral_level else None,
            "written_level_id": entry.written_level.pk if entry.written_level else None,
        }
        for entry in entries
    }
    return _replace_rows(ProfileLanguage, profile, existing, wanted, "language_id")


def _set_countries(profile: Profile, entries: Sequence[CountryEntry]) -> bool:
    existing = {row.country_id: row for row in profile.countries.all()}
    wanted = {
        entry.country.pk: {"relation": entry.relation, "regions": entry.regions.strip()[:200]}
        for entry in entries
    }
    return _replace_rows(ProfileCountry, profile, existing, wanted, "country_id")


def _replace_rows(
    model: Any,
    profile: Profile,
    existing: dict[Any, Any],
    wanted: dict[Any, dict[str, Any]],
    key: str,
) -> bool:
    """Make the profile's rows of ``model`` exactly ``wanted`` (keyed by ``key``)."""
    stale = [row.pk for k, row in existing.items() if k not in wanted]
    if stale:
        model.objects.filter(pk__in=stale).delete()
    to_create, to_update, fields = [], [], set()
    for k, values in wanted.items():
        row = existing.get(k)
        if row is None:
            to_create.append(
                model(profile=profile, authority_id=profile.authority_id, **{key: k}, **values)
            )
            continue
        changed = [name for name, value in values.items() if getattr(row, name) != value]
        for name in changed:
            setattr(row, name, values[name])
        if changed:
            to_update.append(row)
            fields.update(changed)
    model.objects.bulk_create(to_create)
    if to_update:
        model.objects.bulk_update(to_update, sorted(fields))
    return bool(stale or to_create or to_update)


def _set_policy_areas(profile: Profile, areas: Iterable[PolicyArea]) -> bool:
    wanted = {area.pk for area in areas}
    existing = set(profile.area_links.values_list("policy_area_id", flat=True))
    if wanted == existing:
        return False
    profile.area_links.exclude(policy_area_id__in=wanted).delete()
    ProfilePolicyArea.objects.bulk_create(
        ProfilePolicyArea(profile=profile, authority_id=profile.authority_id, policy_area_id=code)
        for code in sorted(wanted - existing)
    )
    return True


def clean_tag_names(names: Iterable[str]) -> list[tuple[str, str]]:
    """(slug, name) of each distinct non-empty tag, in order: spaces collapsed, 60 characters."""
    seen: dict[str, str] = {}
    for raw in names:
        name = " ".join(str(raw).split())[:60].strip(" ,;")
        slug = slugify(name, allow_unicode=True)[:60]
        if slug and slug not in seen:
            seen[slug] = name
    return list(seen.items())


def get_or_create_tags(authority_id: int, names: Iterable[str]) -> list[SkillTag]:
    pairs = clean_tag_names(names)
    if len(pairs) > MAX_TAGS:
        raise ValidationError(
            ngettext("%(n)s mot-clé au plus.", "%(n)s mots-clés au plus.", MAX_TAGS)
            % {"n": MAX_TAGS}
        )
    slugs = [slug for slug, _name in pairs]
    found = {t.slug: t for t in SkillTag.objects.filter(authority_id=authority_id, slug__in=slugs)}
    missing = [
        SkillTag(authority_id=authority_id, slug=slug, name=name)
        for slug, name in pairs
        if slug not in found
    ]
    if missing:
        SkillTag.objects.bulk_create(missing, ignore_conflicts=True)
        found = {
            t.slug: t for t in SkillTag.objects.filter(authority_id=authority_id, slug__in=slugs)
        }
    return [found[slug] for slug in slugs]


def _set_tags(profile: Profile, names: Iterable[str]) -> bool:
    tags = get_or_create_tags(profile.authority_id, names)
    wanted = {tag.pk for tag in tags}
    existing = set(profile.tag_links.values_list("tag_id", flat=True))
    if wanted == existing:
        return False
    profile.tag_links.exclude(tag_id__in=wanted).delete()
    ProfileTag.objects.bulk_create(
        ProfileTag(profile=profile, authority_id=profile.authority_id, tag_id=tag_id)
        for tag_id in sorted(wanted - existing)
    )
    delete_unused_tags(profile.authority_id, existing - wanted)
    return True


def delete_unused_tags(authority_id: int, tag_ids: Iterable[int]) -> int:
    """Delete those of ``tag_ids`` that no profile and no call uses any more."""
    tag_ids = list(tag_ids)
    if not tag_ids:
        return 0
    used_by_call = SkillCall.tags.through.objects.filter(skilltag_id=OuterRef("pk"))
    deleted, _detail = (
        SkillTag.objects.filter(authority_id=authority_id, pk__in=tag_ids)
        .filter(profile_links__isnull=True)
        .exclude(Exists(used_by_call))
        .delete()
    )
    return deleted


def _profile_event(profile: Profile, by: User | None, kind: str, changes: dict[str, Any]) -> None:
    record(
        authority=profile.agent.authority,
        user=by,
        kind=kind,
        obj=profile,
        changes=changes,
    )


@write_service
def publish_profile(profile: Profile, *, by: User | None) -> Profile:
    """Show the profile to the people its visibility names; publishing confirms it too."""
    now = timezone.now()
    Profile.objects.filter(pk=profile.pk).update(
        published=True, published_at=now, last_confirmed_at=now, updated_at=now
    )
    _profile_event(
        profile,
        by,
        "profile.published",
        {"published": [profile.published, True], "confirmed": True},
    )
    profile.refresh_from_db()
    return profile


@write_service
def withdraw_profile(profile: Profile, *, by: User | None) -> Profile:
    """Hide the profile again: from now on nobody but the agent sees it."""
    Profile.objects.filter(pk=profile.pk).update(published=False, updated_at=timezone.now())
    _profile_event(profile, by, "profile.withdrawn", {"published": [profile.published, False]})
    profile.refresh_from_db()
    return profile


@write_service
def confirm_profile(profile: Profile, *, by: User | None) -> Profile:
    """The agent says the profile is still true: resets the 12-month reminder."""
    now = timezone.now()
    Profile.objects.filter(pk=profile.pk).update(last_confirmed_at=now, updated_at=now)
    _profile_event(profile, by, "profile.confirmed", {"confirmed": True})
    profile.refresh_from_db()
    return profile


@dataclass
class Erasure:
    profile: bool = False
    entries: int = 0
    tags: int = 0
    responses_deleted: int = 0
    responses_cleared: int = 0


@write_service
def erase_profile(agent: Agent, *, by: User | None) -> Erasure:
    """Delete the agent's profile and everything in it, and the personal part of their answers.

    Gone: the profile, its languages, countries, fields of expertise and tags (tags nobody else
    uses are deleted too), every answer to a call that did not lead to a mobilisation (with its
    steps). Answers that did lead to one stay, as the record of the project's staffing, with the
    agent's own words removed. The audit trail records the erasure and no personal data.
    """
    result = Erasure()
    profile_pk = None
    profile = Profile.objects.select_for_update().filter(agent=agent).first()
    if profile is not None:
        tag_ids = set(profile.tag_links.values_list("tag_id", flat=True))
        result.entries = (
            profile.languages.count()
            + profile.countries.count()
            + profile.area_links.count()
            + len(tag_ids)
        )
        profile_pk = profile.pk
        profile.delete()
        result.profile = True
        result.tags = delete_unused_tags(agent.authority_id, tag_ids)
    responses = CallResponse.objects.filter(agent=agent)
    kept = responses.filter(status=R.APPROVED)
    cleared = set(kept.exclude(message="").values_list("pk", flat=True))
    # The agent's words are on the steps they took, whoever recorded them.
    agent_steps = ResponseStep.objects.filter(response__in=kept, step__in=_AGENT_STEPS)
    cleared |= set(agent_steps.exclude(comment="").values_list("response_id", flat=True))
    kept.filter(pk__in=cleared).update(message="", updated_at=timezone.now())
    agent_steps.exclude(comment="").update(comment="")
    result.responses_cleared = len(cleared)
    _total, deleted = responses.exclude(status=R.APPROVED).delete()
    result.responses_deleted = deleted.get(CallResponse._meta.label, 0)
    if result.profile or result.responses_deleted or result.responses_cleared:
        # A detached instance: its string is "Profil international n°<id>", which names no one.
        record(
            authority=agent.authority,
            user=by,
            kind="profile.erased",
            obj=Profile(pk=profile_pk) if result.profile else None,
            object_type=Profile._meta.label,
            changes={"erased": True},
        )
    return result


_AGENT_STEPS = (
    ResponseStep.Step.VOLUNTEERED,
    ResponseStep.Step.ACCEPTED,
    ResponseStep.Step.DECLINED,
    ResponseStep.Step.WITHDRAWN,
)


# --- Calls for competences --------------------------------------------------------------------


def _check_call(project: Project, fields: dict[str, Any], m2m: dict[str, Any]) -> None:
    start, end = fields.get("start_date"), fields.get("end_date")
    if start and end and end < start:
        raise ValidationError(_("La fin ne peut pas précéder le début."))
    if fields.get("min_level") and not fields.get("language"):
        raise ValidationError(_("Un niveau minimum demande une langue."))
    for service in m2m.get("services") or ():
        if service.authority_id != project.authority_id:
            raise ValidationError(_("Ce service n'appartient pas à la collectivité."))
    if fields.get("audience") == SkillCall.Audience.SERVICES and not m2m.get("services"):
        raise ValidationError(_("Choisissez les services auxquels l'appel s'adresse."))


@write_service
def create_call(
    project: Project, *, by: User | None, data: dict[str, Any], tags: Iterable[str] = ()
) -> SkillCall:
    """A new open call for competences on ``project``."""
    fields = {k: data[k] for k in CALL_FIELDS if k in data}
    m2m = {k: list(data.get(k) or ()) for k in CALL_M2M if k != "tags"}
    _check_call(project, fields, m2m)
    call = SkillCall.objects.create(
        authority_id=project.authority_id,
        project=project,
        created_by=actor(by),
        **fields,
    )
    for name, values in m2m.items():
        getattr(call, name).set(values)
    call.tags.set(get_or_create_tags(project.authority_id, tags))
    changes = {k: [None, new] for k, (_old, new) in diff(SkillCall(), fields).items()}
    changes["project"] = [None, str(project.pk)]
    record(
        authority=project.authority,
        user=by,
        kind="skill_call.created",
        obj=call,
        changes=changes,
    )
    return call


@write_service
def update_call(
    call: SkillCall, *, by: User | None, data: dict[str, Any], tags: Iterable[str] | None = None
) -> SkillCall:
    fields = {k: data[k] for k in CALL_FIELDS if k in data}
    m2m = {k: list(data[k]) for k in CALL_M2M if k in data and k != "tags"}
    _check_call(call.project, fields, m2m)
    before = SkillCall.objects.select_for_update().get(pk=call.pk)
    changes = diff(before, fields)
    if fields:
        SkillCall.objects.filter(pk=call.pk).update(**fields, updated_at=timezone.now())
    for name, values in m2m.items():
        old = sorted(str(pk) for pk in getattr(before, name).values_list("pk", flat=True))
        new = sorted(str(o.pk) for o in values)
        if old != new:
            changes[name] = [old, new]
            getattr(before, name).set(values)
    if tags is not None:
        old_ids = set(before.tags.values_list("pk", flat=True))
        new_tags = get_or_create_tags(call.authority_id, tags)
        if old_ids != {t.pk for t in new_tags}:
            changes["tags"] = [sorted(map(str, old_ids)), sorted(str(t.pk) for t in new_tags)]
            before.tags.set(new_tags)
            delete_unused_tags(call.authority_id, old_ids - {t.pk for t in new_tags})
    if changes:
        record(
            authority=call.project.authority,
            user=by,
            kind="skill_call.updated",
            obj=before,
            changes=changes,
        )
    call.refresh_from_db()
    return call


@write_service
def set_call_status(call: SkillCall, *, by: User | None, status: str) -> SkillCall:
    """Close a call (no more volunteers, invitations nor approvals) or open it again."""
    if status not in SkillCall.Status.values:
        raise ValidationError(_("Statut inconnu."))
    before = SkillCall.objects.select_for_update().get(pk=call.pk)
    if before.status == status:
        return call
    closed_at = timezone.now() if status == SkillCall.Status.CLOSED else None
    SkillCall.objects.filter(pk=call.pk).update(
        status=status, closed_at=closed_at, updated_at=timezone.now()
    )
    record(
        authority=call.project.authority,
        user=by,
        kind="skill_call.status_changed",
        obj=before,
        changes={"status": [before.status, status]},
    )
    call.refresh_from_db()
    return call


def _require_open(call: SkillCall) -> None:
    if not call.is_open:
        raise ValidationError(_("Cet appel est clos."))


def _step(
    response: CallResponse, step: str, by: User | None, comment: str = "", at=None
) -> ResponseStep:
    return ResponseStep.objects.create(
        response=response,
        step=step,
        at=at or timezone.now(),
        by=actor(by),
        comment=comment.strip()[:2000],
    )


def _audit_response(
    response: CallResponse, by: User | None, verb: str, old: str | None, new: str
) -> None:
    changes: dict[str, Any] = {"status": [old, new]}
    if old is None:
        changes.update(call=[None, str(response.call_id)], agent=[None, str(response.agent_id)])
    record(
        authority=response.call.project.authority,
        user=by,
        kind=f"call_response.{verb}",
        action=AuditEvent.Action.CREATE if old is None else AuditEvent.Action.UPDATE,
        obj=response,
        changes=changes,
    )


@write_service
def invite(
    call: SkillCall, *, by: User | None, profile: Profile, message: str = "", base_url: str = ""
) -> CallResponse:
    """The DRI invites the agent of a published profile to answer the call."""
    _require_open(call)
    agent = profile.agent
    if profile.authority_id != call.authority_id or not agent.active:
        raise ValidationError(_("Cet agent n'appartient pas à la collectivité."))
    if not profile.published:
        raise ValidationError(
            _("Seuls les agents qui ont publié leur profil peuvent être invités.")
        )
    if CallResponse.objects.filter(call=call, agent=agent).exists():
        raise ValidationError(_("Cet agent a déjà été invité ou s'est déjà proposé."))
    response = CallResponse.objects.create(
        call=call,
        authority_id=call.authority_id,
        agent=agent,
        origin=CallResponse.Origin.INVITED,
        status=R.INVITED,
    )
    _step(response, ResponseStep.Step.INVITED, by, message)
    _audit_response(response, by, "invited", None, R.INVITED)
    notifications.invited(response, base_url)
    return response


@write_service
def volunteer(
    call: SkillCall, *, by: User | None, agent: Agent, message: str = "", base_url: str = ""
) -> CallResponse:
    """The agent offers to answer the call; volunteering is accepting, so the manager is asked."""
    _require_open(call)
    if agent.authority_id != call.authority_id or not agent.active:
        raise ValidationError(_("Cet agent n'appartient pas à la collectivité."))
    if not selectors_calls.call_open_to(call, agent):
        raise ValidationError(_("Cet appel s'adresse à d'autres services."))
    response = CallResponse.objects.select_for_update().filter(call=call, agent=agent).first()
    old = response.status if response else None
    if response is None:
        response = CallResponse.objects.create(
            call=call,
            authority_id=call.authority_id,
            agent=agent,
            origin=CallResponse.Origin.VOLUNTEERED,
            status=R.ACCEPTED,
            message=message.strip()[:2000],
        )
    elif response.status in (R.INVITED, R.DECLINED, R.WITHDRAWN):
        response.status = R.ACCEPTED
        response.message = message.strip()[:2000] or response.message
        response.save(update_fields=["status", "message", "updated_at"])
    else:
        raise ValidationError(_("Vous avez déjà répondu à cet appel."))
    _step(response, ResponseStep.Step.VOLUNTEERED, by, message)
    _audit_response(response, by, "volunteered", old, R.ACCEPTED)
    _notify_accepted(response, base_url, _("%(agent)s se propose.") % {"agent": agent})
    return response


def _notify_accepted(response: CallResponse, base_url: str, what: str) -> None:
    managers = selectors.manager_users(response.agent)
    notifications.awaiting_manager(response, managers, base_url)
    notifications.to_call_owner(response, what, base_url)


def _locked(
    response: CallResponse, allowed_from: tuple[str, ...], error: str
) -> tuple[CallResponse, str]:
    """The response, locked, if its status is one of ``allowed_from``; and that status."""
    current = CallResponse.objects.select_for_update().select_related("call").get(pk=response.pk)
    if current.status not in allowed_from:
        raise ValidationError(error)
    return current, current.status


@write_service
def accept(
    response: CallResponse, *, by: User | None, comment: str = "", base_url: str = ""
) -> CallResponse:
    """The invited agent accepts: their manager is asked for approval."""
    current, old = _locked(response, (R.INVITED,), _("Cette invitation n'attend plus de réponse."))
    _require_open(current.call)
    CallResponse.objects.filter(pk=current.pk).update(status=R.ACCEPTED, updated_at=timezone.now())
    _step(current, ResponseStep.Step.ACCEPTED, by, comment)
    _audit_response(current, by, "accepted", old, R.ACCEPTED)
    response.refresh_from_db()
    _notify_accepted(
        response, base_url, _("%(agent)s accepte l'invitation.") % {"agent": response.agent}
    )
    return response


@write_service
def decline(
    response: CallResponse, *, by: User | None, comment: str = "", base_url: str = ""
) -> CallResponse:
    """The invited agent declines, with no need to say why."""
    current, old = _locked(response, (R.INVITED,), _("Cette invitation n'attend plus de réponse."))
    CallResponse.objects.filter(pk=current.pk).update(status=R.DECLINED, updated_at=timezone.now())
    _step(current, ResponseStep.Step.DECLINED, by, comment)
    _audit_response(current, by, "declined", old, R.DECLINED)
    response.refresh_from_db()
    what = _("%(agent)s décline l'invitation.") % {"agent": response.agent}
    notifications.to_call_owner(response, what, base_url)
    return response


@write_service
def withdraw(response: CallResponse, *, by: User | None, base_url: str = "") -> CallResponse:
    """The agent withdraws before their manager has decided."""
    current, old = _locked(
        response,
        (R.ACCEPTED,),
        _("Cette réponse ne peut plus être retirée : le responsable a déjà décidé."),
    )
    CallResponse.objects.filter(pk=current.pk).update(status=R.WITHDRAWN, updated_at=timezone.now())
    _step(current, ResponseStep.Step.WITHDRAWN, by)
    _audit_response(current, by, "withdrawn", old, R.WITHDRAWN)
    response.refresh_from_db()
    what = _("%(agent)s retire sa réponse.") % {"agent": response.agent}
    notifications.to_call_owner(response, what, base_url)
    return response


@write_service
def approve(
    response: CallResponse, *, by: User | None, comment: str = "", base_url: str = ""
) -> CallResponse:
    """The manager agrees: the agent joins the mobilisation of their service on the project.

    The manager lends the agent; the service's référent still answers for the mobilisation
    (see ``projects.registry.services.add_agent_to_mobilisation``).
    """
    current, old = _locked(response, (R.ACCEPTED,), _("Cette réponse n'attend pas d'accord."))
    _require_open(current.call)
    call = current.call
    mobilisation = project_services.add_agent_to_mobilisation(
        call.project,
        by=by,
        agent=current.agent,
        days=call.effort_days,
        note=_("Appel à compétences « %(call)s »") % {"call": call.title},
        source={"call": str(call.pk)},
    )
    now = timezone.now()
    CallResponse.objects.filter(pk=current.pk).update(
        status=R.APPROVED,
        decided_by=actor(by),
        decided_at=now,
        decision_comment=comment.strip()[:2000],
        mobilisation=mobilisation,
        updated_at=now,
    )
    _step(current, ResponseStep.Step.APPROVED, by, comment, at=now)
    _audit_response(current, by, "approved", old, R.APPROVED)
    response.refresh_from_db()
    _notify_decided(response, base_url)
    return response


@write_service
def refuse(
    response: CallResponse, *, by: User | None, comment: str, base_url: str = ""
) -> CallResponse:
    """The manager does not agree, and says why (the agent and the DRI read it)."""
    comment = comment.strip()
    if not comment:
        raise ValidationError(
            _("Expliquez pourquoi vous refusez : l'agent et la DRI liront votre commentaire.")
        )
    current, old = _locked(response, (R.ACCEPTED,), _("Cette réponse n'attend pas d'accord."))
    now = timezone.now()
    CallResponse.objects.filter(pk=current.pk).update(
        status=R.REFUSED,
        decided_by=actor(by),
        decided_at=now,
        decision_comment=comment[:2000],
        updated_at=now,
    )
    _step(current, ResponseStep.Step.REFUSED, by, comment, at=now)
    _audit_response(current, by, "refused", old, R.REFUSED)
    response.refresh_from_db()
    _notify_decided(response, base_url)
    return response


def _notify_decided(response: CallResponse, base_url: str) -> None:
    what = _("Réponse de %(agent)s : %(status)s.") % {
        "agent": response.agent,
        "status": response.get_status_display(),
    }
    notifications.decided(response, base_url)
    notifications.to_call_owner(response, what, base_url)


def departure_preview(sender, *, authority, agent_ids, **kwargs) -> list[tuple[str, int]]:
    """What :func:`erase_departed` will erase for these agents if they do not come back."""
    agents = Agent.objects.filter(authority=authority, pk__in=agent_ids)
    profiles = Profile.objects.filter(agent__in=agents).count()
    responses = CallResponse.objects.filter(agent__in=agents).exclude(status=R.APPROVED).count()
    return [
        (
            npgettext("count", "profil international", "profils internationaux", profiles),
            profiles,
        ),
        (
            ngettext(
                "réponse à un appel à compétences",
                "réponses à des appels à compétences",
                responses,
            ),
            responses,
        ),
    ]


def departed_agents(now: datetime.datetime | None = None) -> QuerySet[Agent]:
    """Agents deactivated by the HR file longer ago than the grace period, with data to erase.

    Agents deactivated more recently keep everything: an HR file missing part of the
    organisation must not destroy profiles that the next full file would bring back.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.HR_DEPARTURE_GRACE_DAYS)
    return Agent.objects.filter(
        active=False, deactivated_at__isnull=False, deactivated_at__lte=cutoff
    ).filter(
        Q(pk__in=Profile.objects.values("agent_id"))
        | Q(pk__in=CallResponse.objects.exclude(status=R.APPROVED).values("agent_id"))
    )


def erase_departed(now: datetime.datetime | None = None) -> int:
    """Erase the profiles and pending answers of agents gone past the grace period."""
    erased = 0
    for agent in departed_agents(now).select_related("authority").order_by("pk"):
        erase_profile(agent, by=None)
        erased += 1
    return erased
