"""No template holds inline script or style: the Content-Security-Policy would block it.

The rule and how to add an exception are in ARCHITECTURE.md ("Content-Security-Policy").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# (path relative to the repository, what is allowed there and why). Keep it empty if you can.
ALLOWED: dict[str, str] = {
    # The HTML of an e-mail, never served by the application: mail readers drop linked
    # stylesheets, and no Content-Security-Policy applies to a message.
    "templates/news/newsletter_email.html": "e-mail body",
}

TAG = re.compile(r"<[a-zA-Z][^<>]*>", re.S)
RULES = [
    ("style attribute", re.compile(r"\sstyle\s*=", re.I)),
    ("event handler attribute", re.compile(r"\son[a-z]+\s*=", re.I)),
    ("htmx inline handler", re.compile(r"\shx-on", re.I)),
    ("javascript: URL", re.compile(r"=\s*[\"']?\s*javascript:", re.I)),
]
STYLE_BLOCK = re.compile(r"<style\b", re.I)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)
# Data blocks (json_script) are never executed, so the policy lets them through.
DATA_SCRIPT = re.compile(r"""\btype\s*=\s*["']application/(ld\+)?json["']""", re.I)


def template_files() -> list[Path]:
    dirs = [ROOT / "templates", *sorted((ROOT / "maillage").glob("*/templates"))]
    return sorted(p for d in dirs for p in d.rglob("*") if p.suffix in {".html", ".txt", ".xml"})


def html_builders() -> list[Path]:
    """Python modules that write markup themselves (template tags, widgets)."""
    return sorted((ROOT / "maillage").glob("*/templatetags/*.py"))


def violations(text: str) -> list[str]:
    found = []
    for tag in TAG.findall(text):
        found += [f"{name}: {tag[:80]}" for name, rule in RULES if rule.search(tag)]
    found += [f"<style> block at offset {m.start()}" for m in STYLE_BLOCK.finditer(text)]
    for m in SCRIPT_TAG.finditer(text):
        attrs = m.group(1)
        if "src=" not in attrs and not DATA_SCRIPT.search(attrs):
            found.append(f"inline <script> at offset {m.start()}")
    return found


def test_the_scan_finds_templates():
    names = {p.relative_to(ROOT).as_posix() for p in template_files()}
    assert "templates/base.html" in names
    assert "templates/reporting/dashboard.html" in names


@pytest.mark.parametrize(
    "snippet",
    [
        '<span style="width: 5%">',
        "<div\n  class='x' STYLE='color:red'>",
        '<button onclick="go()">',
        '<body onload="init()">',
        '<button hx-on:click="go()">',
        '<a href="javascript:void(0)">',
        "<style>p { color: red }</style>",
        "<script>alert(1)</script>",
        '<script type="module">import "x";</script>',
    ],
)
def test_the_scan_catches(snippet):
    assert violations(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="/static/maillage/interop.js" defer></script>',
        '<script id="data" type="application/json">{"a": 1}</script>',
        '<td class="reporting-w-{{ y.bars.services }}">',
        "<p>Les données sont stockées on=premise</p>",
        '<a href="{% url "home" %}" data-on-click="x">',
    ],
)
def test_the_scan_lets_through(snippet):
    assert not violations(snippet)


def test_no_inline_script_or_style_in_templates():
    problems = [
        f"{path.relative_to(ROOT)}: {problem}"
        for path in [*template_files(), *html_builders()]
        if path.relative_to(ROOT).as_posix() not in ALLOWED
        for problem in violations(path.read_text(encoding="utf-8"))
    ]
    assert not problems, "Inline script or style (see ARCHITECTURE.md):\n" + "\n".join(problems)
