"""Plain text written by an authority's administrator, shown as HTML without trusting it."""

from __future__ import annotations

import re

from django import template
from django.utils.html import format_html, urlize
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import normalize_newlines

register = template.Library()

_BLANK_LINES = re.compile(r"\n\s*\n")
HEADING = "## "


@register.filter(is_safe=True)
def legal_text(value: object) -> SafeString:
    """Paragraphs at blank lines, line breaks kept, addresses as links, ``## `` lines as
    headings. Every piece of the text is escaped (``urlize`` with ``autoescape``): whatever
    the text holds, only these tags come out."""
    text = normalize_newlines(str(value or "")).strip()
    blocks: list[str] = []
    for block in _BLANK_LINES.split(text):
        lines: list[str] = []
        for line in block.strip("\n").split("\n"):
            if line.startswith(HEADING):
                blocks.append(_paragraph(lines))
                lines = []
                blocks.append(format_html('<h2 class="h4 mt-4">{}</h2>', line[3:].strip()))
            else:
                lines.append(line.rstrip())
        blocks.append(_paragraph(lines))
    return mark_safe("\n".join(b for b in blocks if b))  # noqa: S308 - every part escaped above


def _paragraph(lines: list[str]) -> str:
    if not any(line.strip() for line in lines):
        return ""
    html = "<br>".join(urlize(line, nofollow=True, autoescape=True) for line in lines)
    return f"<p>{html}</p>"
