"""The annual report as a PDF: its stylesheet, rendered by ``core.pdf`` (WeasyPrint, the fonts
shipped in ``static/``, nothing loaded from the network)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from maillage.core import pdf
from maillage.core.print_identity import print_identity
from maillage.core.theme import safe_palette

STYLESHEET = Path(settings.BASE_DIR) / "static" / "maillage" / "annual-report-print.css"


def stylesheet(authority) -> str:
    """The identity's typeface and heading colour, then the report's print layout."""
    colour = safe_palette(authority.primary_colour).primary
    return "\n".join(
        (
            print_identity(authority)["stylesheet"],
            STYLESHEET.read_text(encoding="utf-8"),
            f".report-cover-band {{ background: {colour}; }}",
        )
    )


def render_pdf(html: str, authority) -> bytes | None:
    """The PDF of ``html``; None when WeasyPrint cannot run on this server."""
    return pdf.render_pdf(html, stylesheet(authority))
