"""Concurrent edits of shared objects: one optimistic lock for every edit form.

A shared object has a ``version`` column (``version_field()``). Its edit form carries the
version it was built on (``VersionedFormMixin``); the service claims that version with one
conditional UPDATE (``claim_version``) before writing, inside its transaction. Of two saves
built on the same version, the second claims nothing and gets ``ConcurrentEditError``; the view
then answers 409 with ``conflict()``: both versions field by field, and the form refilled with
what the user typed, carrying the new version so that saving again is a deliberate choice.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.db import models
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format, number_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import AuditEvent, User
from .wording import long_date

VERSION_NAME = "version"
SUBMISSION_NAME = "form_token"


def version_field() -> models.PositiveIntegerField:
    """The ``version`` column of a shared object: each save through a service increments it."""
    return models.PositiveIntegerField(
        gettext_lazy("version"),
        default=1,
        editable=False,
        help_text=gettext_lazy("Incrémentée à chaque enregistrement (modifications concurrentes)."),
    )


class ConcurrentEditError(Exception):
    """The object changed since the form was loaded: nothing was written."""

    def __init__(
        self,
        obj: models.Model,
        by: User | None = None,
        at: datetime.datetime | None = None,
    ) -> None:
        self.obj = obj
        self.by = by
        self.at = at
        super().__init__(self.message)

    @property
    def project(self) -> models.Model:
        """The name the project pages used before the lock was shared."""
        return self.obj

    @property
    def who_and_when(self) -> dict[str, str]:
        """Who saved first and at what time, for a message (``%(who)s``, ``%(when)s``)."""
        return {
            "who": str(self.by) if self.by else _("un autre utilisateur"),
            "when": time_format(timezone.localtime(self.at), "H:i") if self.at else "—",
        }

    @property
    def message(self) -> str:
        return (
            _(
                "Cette fiche a été modifiée par %(who)s à %(when)s pendant votre saisie. "
                "Vos modifications n'ont pas été enregistrées : comparez les deux versions "
                "ci-dessous, puis enregistrez à nouveau."
            )
            % self.who_and_when
        )


def last_change(obj: models.Model) -> tuple[User | None, datetime.datetime | None]:
    """Who wrote ``obj`` last and when, from the audit trail."""
    event = (
        AuditEvent.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk))
        .select_related("user")
        .order_by("-at", "-id")
        .first()
    )
    return (event.user, event.at) if event else (None, None)


def claim_version(obj: models.Model, version: int | None) -> int:
    """Move ``obj`` from ``version`` to the next one in the database, or raise.

    Called first in the service's transaction: the conditional UPDATE locks the row until
    commit, so a concurrent save built on the same version waits, then finds the version gone.
    ``version=None`` (commands, the demo) bumps the version without checking it.
    ``obj.version`` is set to the new value, so a later ``obj.save()`` keeps it.
    """
    # A model whose lock column has another name (``Authority.theme_version``) says so.
    column = getattr(type(obj), "version_field_name", VERSION_NAME)
    rows = type(obj)._default_manager.filter(pk=obj.pk)
    if version is not None:
        rows = rows.filter(**{column: version})
    if not rows.update(**{column: F(column) + 1}):
        by, at = last_change(obj)
        raise ConcurrentEditError(obj, by, at)
    obj.version = type(obj)._default_manager.values_list(column, flat=True).get(pk=obj.pk)
    return obj.version


class VersionedFormMixin(forms.BaseForm):
    """The hidden fields of a shared object's form (put it first among the bases).

    Editing (an instance with a pk): ``version``, the version the form was built on.
    Creating: ``form_token``, a fresh random token per rendering, so that the same form posted
    twice creates one object (see ``maillage.projects.idempotency``).
    The keyword arguments are kept so that the 409 answer can rebuild the same form.
    """

    def __new__(cls, *args: Any, **kwargs: Any) -> VersionedFormMixin:
        form = super().__new__(cls)
        # Read here: a subclass's __init__ may consume its own keywords (``authority``).
        form.rebuild_kwargs = {
            k: v
            for k, v in kwargs.items()
            if k not in ("data", "files", "instance", "initial", "prefix")
        }
        return form

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is not None:
            self.fields[VERSION_NAME] = forms.IntegerField(
                widget=forms.HiddenInput, initial=instance.version, required=True
            )
        else:
            self.fields[SUBMISSION_NAME] = forms.UUIDField(
                widget=forms.HiddenInput, initial=uuid.uuid4, required=False
            )

    @property
    def version(self) -> int:
        return self.cleaned_data[VERSION_NAME]

    @property
    def token(self) -> uuid.UUID | None:
        return self.cleaned_data.get(SUBMISSION_NAME)


# --- The 409 answer -------------------------------------------------------------------------


def conflict(
    request: HttpRequest, exc: ConcurrentEditError, form: VersionedFormMixin
) -> tuple[VersionedFormMixin, dict[str, Any]]:
    """The form refilled with the user's input at the saved version, and the page's context.

    The context's ``conflict`` holds the message and, per field that differs, its label, the
    user's value and the saved value, both as shown on screen (labels for choices and links).
    """
    model = type(exc.obj)
    form_class = type(form)
    data = request.POST.copy()
    saved = model._default_manager.get(pk=exc.obj.pk)
    data[form.add_prefix(VERSION_NAME)] = str(saved.version)
    # Two fresh copies: validating a ModelForm writes the input into its instance.
    mine = form_class(
        data,
        request.FILES or None,
        instance=model._default_manager.get(pk=saved.pk),
        prefix=form.prefix,
        **form.rebuild_kwargs,
    )
    mine.is_valid()
    theirs = form_class(instance=saved, prefix=form.prefix, **form.rebuild_kwargs)
    return mine, {
        "conflict": {"message": exc.message, "rows": differences(mine, theirs)},
        "status": 409,
    }


def differences(mine: forms.BaseForm, theirs: forms.BaseForm) -> list[dict[str, str]]:
    """Fields whose typed value differs from the saved one: label, yours, saved."""
    rows = []
    typed = getattr(mine, "cleaned_data", {})
    for name, field in mine.fields.items():
        if name in (VERSION_NAME, SUBMISSION_NAME) or isinstance(field.widget, forms.HiddenInput):
            continue
        bound = mine[name]
        mine_value = typed[name] if name in typed else bound.value()
        saved_value = theirs[name].value()
        if _key(field, mine_value) == _key(field, saved_value):
            continue
        rows.append(
            {
                "name": name,
                "label": str(field.label or name),
                "yours": display(field, mine_value),
                "saved": display(field, saved_value),
            }
        )
    return rows


def _many(value: Any) -> bool:
    return isinstance(value, (list, tuple, set, frozenset, models.QuerySet))


def _key(field: forms.Field, value: Any) -> Any:
    """A comparable form of a field's value: keys for choices, numbers as numbers."""
    if isinstance(field, forms.ModelChoiceField):
        value = field.prepare_value(value)
    if _many(value):
        # An empty list and an empty field are the same "nothing".
        return sorted(str(_key(field, v)) for v in value) or ""
    if isinstance(value, models.Model):
        return str(value.pk)
    if value in (None, "", []):
        return ""
    if isinstance(field, forms.BooleanField):
        return bool(value)
    if isinstance(field, (forms.DecimalField, forms.FloatField, forms.IntegerField)):
        try:
            return Decimal(str(value))
        except ArithmeticError:
            return str(value)
    if isinstance(value, datetime.datetime):
        return _local(value).replace(second=0, microsecond=0).isoformat()
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").strip()


def _local(value: datetime.datetime) -> datetime.datetime:
    """Naive local time: a bound form gives aware values, an unbound one local naive ones."""
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def _flat_choices(choices: Iterable) -> dict[str, str]:
    labels: dict[str, str] = {}
    for key, label in choices:
        if isinstance(label, (list, tuple)):
            labels.update(_flat_choices(label))
        else:
            labels[str(getattr(key, "value", key))] = str(label)
    return labels


def display(field: forms.Field, value: Any) -> str:
    """A field's value as the user reads it: labels of choices, French dates and numbers."""
    if _key(field, value) in ("", []) and not isinstance(field, forms.BooleanField):
        return "—"
    if isinstance(field, forms.BooleanField):
        return _("Oui") if value else _("Non")
    if hasattr(field, "choices"):
        labels = _flat_choices(field.choices)
        keys = _key(field, value)
        keys = keys if isinstance(keys, list) else [keys]
        return ", ".join(labels.get(str(k), str(k)) for k in keys) or "—"
    if isinstance(value, datetime.datetime):
        local = _local(value)
        return f"{long_date(local.date())} {date_format(local, 'H:i')}"
    if isinstance(value, datetime.date):
        return long_date(value)
    if isinstance(value, (Decimal, float)):
        return number_format(value, force_grouping=True)
    return str(value)
