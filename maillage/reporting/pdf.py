"""The annual report as a PDF, through WeasyPrint, with the fonts shipped in ``static/``.

WeasyPrint is imported when a PDF is asked for: without it (or without the Pango library it
draws text with) :func:`render_pdf` answers None and the view serves the same document as
HTML, ready for the browser's "print to PDF". The renderer loads nothing from the network: only
``file:`` URLs under the project's static folder and ``data:`` URIs (the logo) are fetched.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings

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


def _allowed(url: str, root: Path) -> bool:
    """``data:`` URIs, and files under ``root`` (the typeface); nothing else."""
    if url.startswith("data:"):
        return True
    if url.startswith("file:"):
        path = Path(unquote(urlparse(url).path)).resolve()
        return path.is_relative_to(root)
    return False


def _fetcher(root: Path):
    """A URL fetcher that refuses every URL but those :func:`_allowed` lets through."""
    from weasyprint import urls

    if hasattr(urls, "URLFetcher"):  # WeasyPrint 66 and later

        class Fetcher(urls.URLFetcher):
            def fetch(self, url, headers=None):
                if not _allowed(url, root):
                    raise ValueError(f"The annual report loads nothing from {url[:80]!r}.")
                return super().fetch(url, headers)

        return Fetcher(allowed_protocols={"file", "data"})

    def fetch(url: str, *args, **kwargs):
        if not _allowed(url, root):
            raise ValueError(f"The annual report loads nothing from {url[:80]!r}.")
        return urls.default_url_fetcher(url, *args, **kwargs)

    return fetch


def render_pdf(html: str, authority) -> bytes | None:
    """The PDF of ``html``; None when WeasyPrint cannot run on this server."""
    try:
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration
    except (ImportError, OSError):
        return None
    root = (Path(settings.BASE_DIR) / "static").resolve()
    fetcher = _fetcher(root)
    # The @font-face rules load the shipped typeface only through a font configuration.
    fonts = FontConfiguration()
    css = CSS(string=stylesheet(authority), url_fetcher=fetcher, font_config=fonts)
    document = HTML(string=html, base_url=root.as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[css], font_config=fonts)
