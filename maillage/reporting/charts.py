"""Bar charts drawn by the server as inline SVG, each with the table of its values.

No charting script: the page and the PDF get the same drawing, and the content security policy
stays strict. Colours and sizes that come from data are SVG presentation attributes
(``fill="…"``, ``width="…"``), which are not inline style. The SVG is one image
(``role="img"``) named by its ``<title>`` and summed up by its ``<desc>``; the table beside it
(``chart.rows``) carries every value for screen-reader and keyboard users and for the reader
of the paper version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .worldmap import WorldMap
from .worldmap import description as map_description

WIDTH = 640
LABEL_WIDTH = 250
VALUE_WIDTH = 100
ROW = 26
BAR = 16
TOP = 6
LABEL_CHARS = 32


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int
    text: str  # the value as written: "12 500 €", "3 projets"
    more: tuple[str, ...] = ()  # further columns of the table, as written


@dataclass
class BarChart:
    ident: str  # unique on the page: the SVG's and the table's ids
    title: str
    label_header: str  # the table's first column
    value_header: str  # the table's second column
    bars: list[Bar] = field(default_factory=list)
    empty_text: str = ""
    more_headers: tuple[str, ...] = ()  # the table's further columns (not drawn)
    total: tuple[str, ...] = ()  # the table's total line: the value, then the further columns

    @property
    def empty(self) -> bool:
        return not any(bar.value for bar in self.bars)

    @property
    def height(self) -> int:
        return TOP * 2 + ROW * len(self.bars)

    def description(self) -> str:
        """What the drawing shows, in one or two sentences, for the ``<desc>``."""
        if self.empty:
            return self.empty_text
        top = max(self.bars, key=lambda bar: bar.value)
        return _(
            "%(count)s barres ; la plus longue : %(label)s, %(value)s. Le tableau qui suit "
            "donne toutes les valeurs."
        ) % {"count": len(self.bars), "label": top.label, "value": top.text}


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def bar_svg(chart: BarChart, colour: str) -> SafeString:
    """The chart as horizontal bars, longest value full width, labels on the left (shortened
    past 32 characters: the table has them whole) and values at the end of each bar."""
    ident = escape(chart.ident)
    top = max((bar.value for bar in chart.bars), default=0)
    room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    parts = [
        f'<svg class="report-chart" id="{ident}" viewBox="0 0 {WIDTH} {chart.height}" '
        f'width="{WIDTH}" height="{chart.height}" role="img" '
        f'aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" '
        'xmlns="http://www.w3.org/2000/svg" font-size="12" '
        'font-family="Atkinson Hyperlegible, sans-serif">',
        f'<title id="{ident}-title">{escape(chart.title)}</title>',
        f'<desc id="{ident}-desc">{escape(chart.description())}</desc>',
    ]
    for index, bar in enumerate(chart.bars):
        y = TOP + index * ROW
        length = round(room * float(bar.value) / float(top), 1) if top else 0
        text_y = y + ROW / 2 + 4
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{text_y}" text-anchor="end" fill="#212529">'
            f"{escape(_short(bar.label))}</text>"
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y + (ROW - BAR) / 2}" width="{length}" height="{BAR}" '
            f'fill="{escape(colour)}"/>'
        )
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 6}" y="{text_y}" fill="#212529">'
            f"{escape(bar.text)}</text>"
        )
    parts.append(
        f'<line x1="{LABEL_WIDTH}" y1="{TOP}" x2="{LABEL_WIDTH}" y2="{chart.height - TOP}" '
        'stroke="#6c757d"/></svg>'
    )
    # Every text is escaped; numbers are computed here.
    return mark_safe("".join(parts))  # noqa: S308


# --- The partners map with its shades as attributes -------------------------------------------

MAP_SHADES = (0.35, 0.52, 0.68, 0.84, 1.0)  # the dashboard's shades (maillage.css)
NO_PROJECT = "#e9ecef"


def shade(level: int, colour: str) -> tuple[str, float]:
    """The fill and opacity of a country of the map's ``level`` (0: no project)."""
    if level <= 0:
        return NO_PROJECT, 1.0
    return colour, MAP_SHADES[min(level, len(MAP_SHADES)) - 1]


def report_map(found: WorldMap, map_id: str, title: str, colour: str) -> SafeString:
    """The partners map of ``worldmap.py`` for the report: the same shapes, points, title and
    description as the dashboard's, the shades as ``fill`` attributes."""
    ident = escape(map_id)
    parts = [
        f'<svg class="worldmap" id="{ident}" viewBox="0 0 {found.width} {found.height}" '
        f'role="img" aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(map_description(found))}</desc>',
        '<g stroke="#fff" stroke-width="0.4" stroke-linejoin="round">',
    ]
    for found_shape in found.shapes:
        fill, opacity = shade(found_shape.level, colour)
        parts.append(
            f'<path d="{found_shape.path}" fill="{escape(fill)}" fill-opacity="{opacity}"/>'
        )
    parts.append('</g><g fill="#212529" stroke="#fff" stroke-width="1.2">')
    parts.extend(f'<circle cx="{p.x}" cy="{p.y}" r="4"/>' for p in found.points)
    parts.append("</g></svg>")
    # Paths come from the shipped data file, numbers are floats, texts are escaped.
    return mark_safe("".join(parts))  # noqa: S308
