"""PDF documents through WeasyPrint, loading nothing from the network.

WeasyPrint is imported when a PDF is asked for: without it (or without the Pango library it
draws text with) :func:`render_pdf` answers None and the caller serves the same document as
HTML, ready for the browser's "print to PDF". The renderer fetches only ``file:`` URLs under the
project's static folder (the shipped typeface, ``core.print_identity``) and ``data:`` URIs (the
logo). The annual report (``reporting.pdf``) and the project sheet (``projects``) use it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings


def static_root() -> Path:
    return (Path(settings.BASE_DIR) / "static").resolve()


def allowed(url: str, root: Path) -> bool:
    """``data:`` URIs, and files under ``root`` (the typeface); nothing else."""
    if url.startswith("data:"):
        return True
    if url.startswith("file:"):
        path = Path(unquote(urlparse(url).path)).resolve()
        return path.is_relative_to(root)
    return False


def url_fetcher(root: Path):
    """A URL fetcher that refuses every URL but those :func:`allowed` lets through."""
    from weasyprint import urls

    if hasattr(urls, "URLFetcher"):  # WeasyPrint 66 and later

        class Fetcher(urls.URLFetcher):
            def fetch(self, url, headers=None):
                if not allowed(url, root):
                    raise ValueError(f"A PDF of Maillage loads nothing from {url[:80]!r}.")
                return super().fetch(url, headers)

        return Fetcher(allowed_protocols={"file", "data"})

    def fetch(url: str, *args, **kwargs):
        if not allowed(url, root):
            raise ValueError(f"A PDF of Maillage loads nothing from {url[:80]!r}.")
        return urls.default_url_fetcher(url, *args, **kwargs)

    return fetch


def render_pdf(html: str, stylesheet: str) -> bytes | None:
    """The PDF of ``html`` laid out by the CSS text ``stylesheet``; None when WeasyPrint cannot
    run on this server."""
    try:
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration
    except (ImportError, OSError):
        return None
    root = static_root()
    fetcher = url_fetcher(root)
    # The @font-face rules load the shipped typeface only through a font configuration.
    fonts = FontConfiguration()
    css = CSS(string=stylesheet, url_fetcher=fetcher, font_config=fonts)
    document = HTML(string=html, base_url=root.as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[css], font_config=fonts)
