"""Files checked by a dry run and kept until the same session confirms them (HR and payments
imports).

A valid upload is stored under an unguessable name; the session remembers its token, its
original name and the authority it was checked for. Confirming needs all three: a token alone,
another session or another authority finds nothing. Files not confirmed within the lifetime are
deleted on the next upload (they may hold the whole staff list).
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare

PENDING_LIFETIME = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class PendingUploads:
    """The pending file of one kind of import: its session key and its storage folder."""

    session_key: str
    directory: str
    # What deletes the files left unconfirmed, when the kind needs more than ``purge()`` (the
    # HR import keeps the files its background runs are reading).
    purge_with: Callable[[], object] | None = None

    def keep(self, request: HttpRequest, upload: UploadedFile) -> str:
        """Store a valid upload until confirmation; returns the token the form sends back."""
        self.discard(request)
        (self.purge_with or self.purge)()
        token = secrets.token_urlsafe(32)
        upload.seek(0)
        name = default_storage.save(
            f"{self.directory}/{token}{Path(upload.name or '').suffix.lower()}", upload
        )
        request.session[self.session_key] = {
            "token": token,
            "name": name,
            "filename": Path(upload.name or "").name,
            "authority": request.authority.pk,
        }
        return token

    def confirmed(self, request: HttpRequest) -> dict[str, Any] | None:
        """The file this session checked for this authority, if the posted token is its own."""
        pending = request.session.get(self.session_key) or {}
        token = request.POST.get("token", "")
        if (
            not token
            or not constant_time_compare(pending.get("token", ""), token)
            or pending.get("authority") != request.authority.pk
            or not default_storage.exists(pending.get("name", ""))
        ):
            return None
        return pending

    def discard(self, request: HttpRequest) -> None:
        pending = request.session.pop(self.session_key, None)
        if pending and pending.get("name"):
            default_storage.delete(pending["name"])

    def purge(self, now: datetime.datetime | None = None, *, keep: Collection[str] = ()) -> int:
        """Delete the files not confirmed within PENDING_LIFETIME, except ``keep``; how many."""
        limit = (now or timezone.now()) - PENDING_LIFETIME
        try:
            _dirs, files = default_storage.listdir(self.directory)
        except FileNotFoundError:
            return 0
        deleted = 0
        for filename in files:
            name = f"{self.directory}/{filename}"
            if name in keep:
                continue
            try:
                if default_storage.get_modified_time(name) < limit:
                    default_storage.delete(name)
                    deleted += 1
            except (FileNotFoundError, NotImplementedError):
                continue
        return deleted
