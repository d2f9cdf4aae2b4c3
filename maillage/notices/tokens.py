"""The signed token of an e-mail's unsubscribe link: whom, in which authority, which kind.

Signed with the secret key (``TimestampSigner``, salted), so the link works without logging in
and cannot be forged or altered to unsubscribe someone else; it never expires on its own
(an e-mail can be read months later).
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse

SALT = "maillage.notices.unsubscribe"


def make(user_id: int, authority_id: int, kind: str) -> str:
    return signing.dumps([user_id, authority_id, kind], salt=SALT, compress=True)


def read(token: str) -> tuple[int, int, str] | None:
    """(user id, authority id, kind), or None for a tampered or malformed token."""
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if (
        not isinstance(value, list)
        or len(value) != 3
        or not isinstance(value[0], int)
        or not isinstance(value[1], int)
        or not isinstance(value[2], str)
    ):
        return None
    return value[0], value[1], value[2]


def unsubscribe_path(user_id: int, authority_id: int, kind: str) -> str:
    return reverse("notice_unsubscribe", args=[make(user_id, authority_id, kind)])
