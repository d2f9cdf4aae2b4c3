"""An authority's visual identity: its names, logo and primary colour, written in one place.

The stylesheet and the logo are served at URLs that carry ``theme_version`` and are cached for
good by browsers; every change goes through :func:`update_identity`, which bumps that version
(the optimistic lock of the settings form as well), so a new colour or logo gets a new URL.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from . import audit
from .concurrency import claim_version
from .logos import CONTENT_TYPES, Logo
from .models import Authority, User
from .services import write_service
from .theme import check_colour, normalise

IDENTITY_FIELDS = ("name", "short_name", "primary_colour", "logo")


@write_service
def update_identity(
    authority: Authority,
    *,
    by: User | None,
    name: str,
    short_name: str = "",
    primary_colour: str,
    logo: Logo | None = None,
    remove_logo: bool = False,
    version: int | None = None,
) -> Authority:
    """Save the identity; ``logo`` replaces the current one, ``remove_logo`` drops it.

    The colour must pass :func:`core.theme.check_colour`; the logo must have been checked by
    :func:`core.logos.check_logo` (which is how a ``Logo`` is made).
    """
    name, short_name = name.strip(), short_name.strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Saisissez le nom de la collectivité.")]
    elif len(name) > Authority._meta.get_field("name").max_length:
        errors["name"] = [_("Le nom fait plus de 200 caractères : raccourcissez-le.")]
    if len(short_name) > Authority._meta.get_field("short_name").max_length:
        errors["short_name"] = [_("Le nom court fait plus de 30 caractères : raccourcissez-le.")]
    reasons = check_colour(primary_colour)
    if reasons:
        errors["primary_colour"] = reasons
    if errors:
        raise ValidationError(errors)
    primary_colour = normalise(primary_colour)

    claim_version(authority, version)
    # Read from the row just locked: the instance may carry unsaved input (a model form's).
    before = Authority.objects.values(*IDENTITY_FIELDS).get(pk=authority.pk)
    before["logo"] = before["logo"] or ""
    authority.logo.name = before["logo"]
    authority.name, authority.short_name = name, short_name
    authority.primary_colour = primary_colour
    storage = authority.logo.storage
    old_file = before["logo"]
    new_file = ""
    if logo is not None:
        authority.logo.save(logo.filename, ContentFile(logo.content), save=False)
        new_file = authority.logo.name
    elif remove_logo:
        authority.logo = ""
    try:
        authority.save(update_fields=[*IDENTITY_FIELDS, "theme_version"])
        after = {field: _value(authority, field) for field in IDENTITY_FIELDS}
        changes = {f: [before[f], after[f]] for f in IDENTITY_FIELDS if before[f] != after[f]}
        audit.record(
            authority=authority,
            user=by,
            kind="authority.identity_changed",
            obj=authority,
            changes={**changes, "theme_version": authority.theme_version},
        )
    except Exception:
        if new_file:
            storage.delete(new_file)  # no row, no file
        raise
    if old_file and old_file != (authority.logo.name or ""):
        # The old logo goes once the new state is committed; a rollback keeps it in use.
        transaction.on_commit(lambda: storage.delete(old_file))
    return authority


def _value(authority: Authority, field: str) -> Any:
    value = getattr(authority, field)
    return (value.name or "") if field == "logo" else value


# --- Where the identity is served (no query: computed from the authority's fields) ----------


def theme_url(authority: Authority) -> str:
    return reverse(
        "theme_css", kwargs={"authority_id": authority.pk, "version": authority.theme_version}
    )


def logo_url(authority: Authority) -> str:
    """The logo's URL, or "" when the authority has none."""
    if not authority.logo:
        return ""
    return reverse(
        "authority_logo", kwargs={"authority_id": authority.pk, "version": authority.theme_version}
    )


def logo_content_type(authority: Authority) -> str:
    extension = (authority.logo.name or "").rsplit(".", 1)[-1].lower()
    return CONTENT_TYPES.get(extension, "application/octet-stream")
