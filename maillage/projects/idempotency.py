"""A create form posted twice creates one object.

Each rendering of a create form carries a fresh ``form_token`` (``VersionedFormMixin``). The
first POST inserts the token into ``SubmittedForm`` in the same transaction as the object it
creates, then stores where the user was sent. A second POST of the same token fails on the
unique constraint: on PostgreSQL it waits for the first transaction, so two racing requests
never both create; on SQLite writes are serialised. If the first creation fails, its
transaction rolls back the token too and the form can be posted again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy

from maillage.core.concurrency import VersionedFormMixin
from maillage.core.services import composing
from maillage.projects.models import SubmittedForm


@dataclass(frozen=True)
class Submitted:
    obj: Any
    url: str
    repeated: bool


def create_once[T](
    request: HttpRequest,
    token: uuid.UUID | None,
    create: Callable[[], T],
    url: Callable[[T], str],
) -> Submitted:
    """Call ``create()`` unless ``token`` was already used in this authority.

    ``url(obj)`` is where the user goes after the creation; a repeated POST is sent there too.
    A POST without a token (a client that does not render the form) is not deduplicated.
    """
    if token is None:
        obj = create()
        return Submitted(obj, url(obj), repeated=False)
    user = request.user if request.user.is_authenticated else None
    # The token and the object commit together: the creating service joins this transaction.
    with composing():
        try:
            with transaction.atomic():
                row = SubmittedForm.objects.create(
                    authority=request.authority, token=token, user=user
                )
        except IntegrityError:
            first = SubmittedForm.objects.get(authority=request.authority, token=token)
            return Submitted(None, first.url, repeated=True)
        obj = create()
        row.url = url(obj)
        row.save(update_fields=["url"])
    return Submitted(obj, row.url, repeated=False)


ALREADY_SAVED = gettext_lazy(
    "Ce formulaire avait déjà été enregistré : rien n'a été créé une seconde fois."
)


def already_saved(request: HttpRequest) -> HttpResponse | None:
    """The answer to a form posted again, before validating it, or None.

    For forms whose validation rejects a second copy of what the first created (a service
    mobilised once per project): the user is sent to the first result instead of an error.
    """
    try:
        token = uuid.UUID(request.POST.get("form_token", ""))
    except ValueError:
        return None
    first = SubmittedForm.objects.filter(authority=request.authority, token=token).first()
    if first is None:
        return None
    messages.info(request, ALREADY_SAVED)
    return redirect(first.url)


def create_and_redirect[T](
    request: HttpRequest,
    form: VersionedFormMixin,
    create: Callable[[], T],
    url: Callable[[T], str],
    success: Callable[[T], str],
) -> HttpResponse:
    """Create once, say so, and go where the first creation went."""
    done = create_once(request, form.token, create, url)
    if done.repeated:
        messages.info(request, ALREADY_SAVED)
    else:
        messages.success(request, success(done.obj))
    return redirect(done.url)
