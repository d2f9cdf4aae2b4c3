"""Writes on news items, the suggestions turned into drafts or dismissed, and the intranet
settings. Views, the demo and tests call these functions; each records an audit event."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import audit, trash
from maillage.core.concurrency import claim_version
from maillage.core.models import Authority, TrashEntry, User
from maillage.core.services import actor, write_service

from . import newsletters, suggestions
from .images import Image
from .models import (
    Audience,
    FeedSettings,
    NewsItem,
    Newsletter,
    NewsletterItem,
    SuggestionUse,
    new_feed_key,
)
from .rendering import render_body

NEWS_FIELDS = frozenset({"title", "body", "kind", "learning_service", "audience", "image_alt"})
NEWS_LINKS = ("services", "projects", "committees")
FEED_FIELDS = frozenset(
    {
        "enabled",
        "expose_all",
        "expose_services",
        "expose_referents",
        "expose_elected",
        "intranet_origin",
    }
)


def _check_fields(data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValueError(f"Unknown fields: {', '.join(sorted(unknown))}.")


def _record(obj: models.Model, by: User | None, verb: str, changes=None) -> None:
    audit.record(
        authority=obj.authority,
        user=by,
        kind=audit.kind_for(obj, verb),
        obj=obj,
        changes=changes or {},
    )


def _check(authority_id: int, values: Mapping[str, Any], links: Mapping[str, list]) -> None:
    """Every linked object is the authority's; the kind and the audience say what they need."""
    named = [v for v in values.values() if isinstance(v, models.Model)]
    named += [o for objects in links.values() for o in objects]
    for obj in named:
        if getattr(obj, "authority_id", authority_id) != authority_id:
            raise ValidationError(_("Cet élément n'appartient pas à la collectivité."))
    kind = values.get("kind")
    if kind == NewsItem.Kind.LEARNING and values.get("learning_service") is None:
        raise ValidationError(
            {
                "learning_service": _(
                    "Indiquez le service qui a changé sa pratique grâce à ce que les "
                    "partenaires lui ont appris."
                )
            }
        )
    if values.get("audience") == Audience.SERVICES and not links.get("services", [None]):
        raise ValidationError(
            {"services": _("Choisissez au moins une direction ou un service destinataire.")}
        )


def _normalise(values: dict[str, Any], links: dict[str, list]) -> None:
    if values.get("kind") == NewsItem.Kind.NEWS:
        values["learning_service"] = None
    if "audience" in values and values["audience"] != Audience.SERVICES:
        links["services"] = []


def _set_links(item: NewsItem, links: Mapping[str, list]) -> dict:
    changes = {}
    for name, objects in links.items():
        before = sorted(str(pk) for pk in getattr(item, name).values_list("pk", flat=True))
        after = sorted(str(o.pk) for o in objects)
        if before != after:
            getattr(item, name).set(objects)
            changes[name] = [before, after]
    return changes


def _store_image(item: NewsItem, image: Image | None, remove: bool) -> dict:
    if image is None and not remove:
        return {}
    before = item.image.name or None
    if image is not None:
        item.image.save(f"{uuid.uuid4().hex}.{image.extension}", ContentFile(image.content), False)
    else:
        item.image = ""
        item.image_alt = ""
    return {"image": [before, item.image.name or None]}


def _check_alt(item: NewsItem) -> None:
    if item.image and not item.image_alt.strip():
        raise ValidationError(
            {"image_alt": _("Décrivez l'image en quelques mots pour qui ne la voit pas.")}
        )


@write_service
def create_news_item(
    authority: Authority,
    *,
    by: User | None,
    data: Mapping[str, Any],
    image: Image | None = None,
) -> NewsItem:
    """A draft. ``data`` holds the fields, plus ``services``, ``projects`` and ``committees``."""
    _check_fields(data, NEWS_FIELDS | set(NEWS_LINKS))
    values = dict(data)
    links = {name: list(values.pop(name)) for name in NEWS_LINKS if name in values}
    _normalise(values, links)
    _check(authority.pk, values, links)
    item = NewsItem(authority=authority, created_by=actor(by), **values)
    item.body_html = render_body(item.body)
    _store_image(item, image, remove=False)
    _check_alt(item)
    item.save()
    changes = {
        name: [None, audit._plain(getattr(item, name))]
        for name in sorted(values)
        if getattr(item, name) not in (None, "")
    }
    changes |= _set_links(item, links)
    _record(item, by, "created", changes)
    return item


@write_service
def update_news_item(
    item: NewsItem,
    *,
    by: User | None,
    data: Mapping[str, Any],
    version: int | None = None,
    image: Image | None = None,
    remove_image: bool = False,
) -> NewsItem:
    _check_fields(data, NEWS_FIELDS | set(NEWS_LINKS))
    claim_version(item, version)
    values = dict(data)
    links = {name: list(values.pop(name)) for name in NEWS_LINKS if name in values}
    _normalise(values, links)
    _check(item.authority_id, values, links)
    stored = NewsItem.objects.select_for_update().get(pk=item.pk)
    changes = audit.diff(stored, values)
    for name, value in values.items():
        setattr(item, name, value)
    changes |= _store_image(item, image, remove_image)
    _check_alt(item)
    item.body_html = render_body(item.body)
    item.save()
    changes |= _set_links(item, links)
    if changes:
        _record(item, by, "updated", changes)
    return item


@write_service
def publish_news_item(item: NewsItem, *, by: User | None, version: int | None = None) -> NewsItem:
    """Publish a draft now: its audience reads it, feeds carry it."""
    claim_version(item, version)
    if item.is_published:
        raise ValidationError(_("Cette actualité est déjà publiée."))
    _check_alt(item)
    item.status = NewsItem.Status.PUBLISHED
    item.published_at = timezone.now()
    item.save(update_fields=["status", "published_at", "updated_at"])
    _record(item, by, "published", {"status": [NewsItem.Status.DRAFT, item.status]})
    return item


@write_service
def unpublish_news_item(item: NewsItem, *, by: User | None, version: int | None = None) -> NewsItem:
    """Back to draft: withdrawn from its audience and from the feeds."""
    claim_version(item, version)
    if not item.is_published:
        raise ValidationError(_("Cette actualité est un brouillon."))
    item.status = NewsItem.Status.DRAFT
    item.published_at = None
    item.save(update_fields=["status", "published_at", "updated_at"])
    _record(item, by, "unpublished", {"status": [NewsItem.Status.PUBLISHED, item.status]})
    return item


@write_service
def delete_news_item(item: NewsItem, *, by: User | None) -> TrashEntry:
    """Move the item to the trash (its image is kept with it)."""
    return trash.move_to_trash(item, by=by)


# --- Suggestions -----------------------------------------------------------------------------


def _claim(authority: Authority, key: str, **values: Any) -> SuggestionUse:
    try:
        with transaction.atomic():
            return SuggestionUse.objects.create(authority=authority, key=key, **values)
    except IntegrityError as exc:
        raise ValidationError(_("Cette suggestion a déjà été utilisée ou écartée.")) from exc


@write_service
def draft_from_suggestion(authority: Authority, *, by: User | None, key: str) -> NewsItem:
    """Turn a suggested event into a prefilled draft, once: it is not suggested again."""
    suggestion = suggestions.find(authority, key)
    if suggestion is None:
        raise ValidationError(_("Cette suggestion a déjà été utilisée ou écartée."))
    use = _claim(authority, key)
    item = create_news_item(authority, by=by, data=suggestion.draft_data())
    use.news_item = item
    use.save(update_fields=["news_item"])
    return item


@write_service
def dismiss_suggestion(authority: Authority, *, by: User | None, key: str) -> SuggestionUse:
    """Set a suggested event aside: it is not suggested again."""
    if suggestions.find(authority, key) is None:
        raise ValidationError(_("Cette suggestion a déjà été utilisée ou écartée."))
    use = _claim(authority, key, dismissed=True)
    audit.record(
        authority=authority,
        user=by,
        kind="news_suggestion.dismissed",
        obj=use,
        changes={"key": [None, key]},
    )
    return use


# --- Intranet feeds --------------------------------------------------------------------------


def feed_settings(authority: Authority) -> FeedSettings:
    """The authority's settings as stored, or the defaults (nothing exposed), unsaved."""
    found = FeedSettings.objects.filter(authority=authority).first()
    return found or FeedSettings(authority=authority)


@write_service
def update_feed_settings(
    authority: Authority, *, by: User | None, data: Mapping[str, Any], version: int | None = None
) -> FeedSettings:
    _check_fields(data, FEED_FIELDS)
    settings, _created = FeedSettings.objects.get_or_create(authority=authority)
    claim_version(settings, version)
    stored = FeedSettings.objects.select_for_update().get(pk=settings.pk)
    changes = audit.diff(stored, dict(data))
    for name, value in data.items():
        setattr(settings, name, value)
    settings.save()
    if changes:
        _record(settings, by, "updated", changes)
    return settings


@write_service
def renew_feed_key(authority: Authority, *, by: User | None) -> FeedSettings:
    """A new secret in the feeds' addresses: the old addresses answer 404 from now on."""
    settings, _created = FeedSettings.objects.get_or_create(authority=authority)
    settings.key = new_feed_key()
    settings.save(update_fields=["key"])
    _record(settings, by, "key_renewed")
    return settings


# --- Newsletters -----------------------------------------------------------------------------

NEWSLETTER_FIELDS = frozenset(
    {"title", "period_start", "period_end", "intro", "audience", "services", "items"}
)


def _newsletter_values(
    authority: Authority, data: Mapping[str, Any], current: Newsletter | None = None
) -> tuple[dict, list, list]:
    """The fields, services and items to write, checked; what ``data`` leaves out keeps the
    ``current`` letter's value."""
    _check_fields(data, NEWSLETTER_FIELDS)
    values = dict(data)
    services = values.pop("services", None)
    items = values.pop("items", None)
    if current is not None:
        services = list(current.services.all()) if services is None else services
        items = newsletters.entries(current) if items is None else items
    services, items = list(services or []), list(items or [])

    def value(name: str) -> Any:
        return values.get(name, getattr(current, name, None))

    start, end = value("period_start"), value("period_end")
    if start and end and end < start:
        raise ValidationError({"period_end": _("La fin de la période précède son début.")})
    for obj in [*services, *items]:
        if obj.authority_id != authority.pk:
            raise ValidationError(_("Cet élément n'appartient pas à la collectivité."))
    for item in items:
        published = item.published_at and timezone.localdate(item.published_at)
        if not (item.is_published and start and end and start <= published <= end):
            raise ValidationError(
                {"items": _("Choisissez des actualités publiées pendant la période.")}
            )
    if value("audience") == Audience.SERVICES and not services:
        raise ValidationError(
            {"services": _("Choisissez au moins une direction ou un service destinataire.")}
        )
    if value("audience") != Audience.SERVICES:
        services = []
    return values, services, items


def _set_entries(newsletter: Newsletter, items: list[NewsItem]) -> None:
    NewsletterItem.objects.filter(newsletter=newsletter).delete()
    NewsletterItem.objects.bulk_create(
        NewsletterItem(newsletter=newsletter, news_item=item, position=index)
        for index, item in enumerate(items)
    )


@write_service
def create_newsletter(
    authority: Authority, *, by: User | None, data: Mapping[str, Any]
) -> Newsletter:
    """A draft letter for a period; its key figures are computed now."""
    values, services, items = _newsletter_values(authority, data)
    newsletter = Newsletter(authority=authority, created_by=actor(by), **values)
    newsletter.figures = newsletters.key_figures(
        authority, newsletter.period_start, newsletter.period_end
    )
    newsletter.save()
    newsletter.services.set(services)
    _set_entries(newsletter, items)
    _record(
        newsletter,
        by,
        "created",
        {"title": [None, newsletter.title], "items": [None, [i.pk for i in items]]},
    )
    return newsletter


@write_service
def update_newsletter(
    newsletter: Newsletter,
    *,
    by: User | None,
    data: Mapping[str, Any],
    version: int | None = None,
) -> Newsletter:
    """Change a draft letter (a letter being sent or sent is no longer changed)."""
    claim_version(newsletter, version)
    stored = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    if stored.status != Newsletter.Status.DRAFT:
        raise ValidationError(_("Cette lettre est déjà envoyée : elle ne change plus."))
    values, services, items = _newsletter_values(newsletter.authority, data, stored)
    changes = audit.diff(stored, values)
    for name, value in values.items():
        setattr(newsletter, name, value)
    newsletter.figures = newsletters.key_figures(
        newsletter.authority, newsletter.period_start, newsletter.period_end
    )
    newsletter.save()
    newsletter.services.set(services)
    before = [e.news_item_id for e in NewsletterItem.objects.filter(newsletter=newsletter)]
    if before != [i.pk for i in items]:
        _set_entries(newsletter, items)
        changes["items"] = [before, [i.pk for i in items]]
    if changes:
        _record(newsletter, by, "updated", changes)
    return newsletter


@write_service
def send_newsletter(
    newsletter: Newsletter, *, by: User | None, version: int | None = None, base_url: str = ""
) -> Newsletter:
    """Start sending a draft letter: the task worker writes and mails one e-mail per recipient
    once this commits (``tasks.send_newsletter``)."""
    claim_version(newsletter, version)
    stored = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
    if stored.status != Newsletter.Status.DRAFT:
        raise ValidationError(_("Cette lettre est déjà envoyée ou en cours d'envoi."))
    if not NewsletterItem.objects.filter(newsletter=newsletter).exists():
        raise ValidationError(_("Choisissez au moins une actualité avant d'envoyer la lettre."))
    newsletter.status = Newsletter.Status.SENDING
    newsletter.save(update_fields=["status", "updated_at"])
    _record(newsletter, by, "sent", {"status": [Newsletter.Status.DRAFT, newsletter.status]})
    from .tasks import send_newsletter as task

    pk = newsletter.pk
    transaction.on_commit(lambda: task.enqueue(pk, base_url))
    return newsletter
