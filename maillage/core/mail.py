"""E-mail subjects: one line, whatever text they are built from.

A line break in a header makes Django refuse the message (``BadHeaderError``), so a call
whose title holds one would silently lose its e-mails; every subject goes through
``subject()``.
"""

from __future__ import annotations

import re

SUBJECT_LENGTH = 150  # long enough for "[Maillage] Invitation : <title>", short for any client

_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SPACES = re.compile(r"\s{2,}")


def subject(text: str, max_length: int = SUBJECT_LENGTH) -> str:
    """``text`` on one line: breaks and control characters become spaces, cut with "…"."""
    line = _SPACES.sub(" ", _BREAKS.sub(" ", str(text))).strip()
    if len(line) > max_length:
        line = line[: max_length - 1].rstrip() + "…"
    return line
