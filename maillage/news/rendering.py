"""A news item's body: Markdown rendered to HTML, then sanitised by an allow-list.

The one function :func:`render_body` is used on every write; the HTML is stored beside the
Markdown, so pages and feeds never render again. Python-Markdown lets raw HTML through, so its
output is never trusted: nh3 (the maintained binding of the Rust ``ammonia`` sanitiser) keeps
only the tags and attributes below, and links only to http, https and mailto addresses.
"""

from __future__ import annotations

import html as html_module

import markdown
import nh3

TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}
URL_SCHEMES = {"http", "https", "mailto"}


def render_body(text: str) -> str:
    """Sanitised HTML for the Markdown ``text``."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    # Headings in a body start at h2: the page's title is the h1.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def plain_excerpt(html: str, length: int = 220) -> str:
    """The first ``length`` characters of the text, for lists, feeds and the embeddable page."""
    text = " ".join(nh3.clean(html, tags=set()).split())
    text = html_module.unescape(text)
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0].rstrip(" .,;:") + "…"
