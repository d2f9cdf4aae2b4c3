"""The authority's identity on printed documents (PDF): name, logo, colour and typeface.

Everything a PDF renderer needs offline: the logo as a ``data:`` URI and the typeface as
``file:`` URLs to the vendored WOFF files (WOFF, not WOFF2: decoding WOFF2 needs brotli). The
``@font-face`` rules are read from the vendored ``fonts.css``, so both stay one list. The
stylesheet is passed to the renderer as a string, never written into a template (CSP).
"""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path

from django.conf import settings

from .identity import logo_content_type
from .models import Authority
from .theme import safe_palette

FONT_FAMILY = "Atkinson Hyperlegible"
_URL = re.compile(r'url\("([^"/]+)\.woff2"\) format\("woff2"\)')


def font_dir() -> Path:
    return Path(settings.BASE_DIR) / "static" / "vendor" / "atkinson-hyperlegible"


@cache
def font_faces() -> str:
    """The vendored ``@font-face`` rules, pointing at the WOFF files on disk."""
    folder = font_dir()
    rules = (folder / "fonts.css").read_text(encoding="utf-8")

    def woff(match: re.Match[str]) -> str:
        path = folder / f"{match.group(1)}.woff"
        return f'url("{path.as_uri()}") format("woff")'

    return _URL.sub(woff, rules)


def logo_data_uri(authority: Authority) -> str:
    """The logo inline, for a renderer that must load nothing; "" without a readable logo."""
    if not authority.logo:
        return ""
    try:
        with authority.logo.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        return ""
    encoded = base64.b64encode(content).decode("ascii")
    return f"data:{logo_content_type(authority)};base64,{encoded}"


def print_stylesheet(authority: Authority | None) -> str:
    colour = safe_palette(authority.primary_colour if authority else "").primary
    return (
        f"{font_faces()}\n"
        f'body {{ font-family: "{FONT_FAMILY}", sans-serif; }}\n'
        f"h1, h2, h3, h4 {{ color: {colour}; }}\n"
        ".print-logo { max-height: 2cm; max-width: 6cm; }\n"
    )


def print_identity(authority: Authority | None) -> dict[str, str]:
    """What a PDF template and its renderer need: ``name``, ``logo`` (data: URI, may be
    empty) and ``stylesheet`` (CSS text for the renderer's stylesheets)."""
    return {
        "name": authority.name if authority else "Maillage",
        "logo": logo_data_uri(authority) if authority else "",
        "stylesheet": print_stylesheet(authority),
    }
