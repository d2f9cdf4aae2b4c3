"""The annual report's chart drawing and its paragraphs of plain text."""

from __future__ import annotations

import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ..charts import BarChart, bar_svg, report_map, shade
from ..worldmap import WorldMap

register = template.Library()

_BLANK_LINE = re.compile(r"\n\s*\n")


@register.simple_tag
def bar_chart(chart: BarChart, colour: str) -> SafeString:
    """The chart as inline SVG (``reporting.charts.bar_svg``)."""
    return bar_svg(chart, colour)


@register.filter
def paragraphs(text: str) -> list[str]:
    """Plain text cut into paragraphs at blank lines (escaped by the template that shows
    them)."""
    cleaned = (text or "").replace("\r\n", "\n").strip()
    return [part.strip() for part in _BLANK_LINE.split(cleaned) if part.strip()]


@register.simple_tag
def report_map_svg(found: WorldMap, map_id: str, title: str, colour: str) -> SafeString:
    """The partners map drawn as on the dashboard (``worldmap.world_map_svg``), with its
    shades written as presentation attributes: a PDF renderer does not apply the page's
    stylesheet inside an inline SVG."""
    return report_map(found, map_id, title, colour)


@register.simple_tag
def map_swatch(level: int, colour: str) -> SafeString:
    """A legend's square in the shade of ``level`` (0: no project)."""
    fill, opacity = shade(level, colour)
    return format_html(
        '<svg class="worldmap-swatch" viewBox="0 0 16 16" width="12" height="12" '
        'aria-hidden="true"><rect width="16" height="16" fill="{}" fill-opacity="{}"/></svg>',
        fill,
        opacity,
    )
