"""The partners map as inline SVG, written in Python: about 180 country paths through the
template engine would cost more than the rest of the section."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..worldmap import WorldMap, description

register = template.Library()


@register.simple_tag
def world_map_svg(found: WorldMap, map_id: str, title: str) -> SafeString:
    """The drawing: countries shaded by class (``worldmap-level-0`` … ``-5`` in maillage.css,
    no ``style`` attribute for the CSP), partners' cities as circles.

    Accessibility: the SVG is one image (``role="img"``) named by its ``<title>`` and described
    by its ``<desc>``, which sums the map up and points to the table below it; the table carries
    every country, count and partner for keyboard and screen-reader users. The ``<title>`` of
    each shaded country and city is a tooltip for mouse users only (an image's children are
    not read out), so nothing is said twice to a screen reader and nothing is left out.
    """
    ident = escape(map_id)
    parts = [
        f'<svg class="worldmap" id="{ident}" viewBox="0 0 {found.width} {found.height}" '
        f'role="img" aria-labelledby="{ident}-title" aria-describedby="{ident}-desc" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description(found))}</desc>',
        '<g class="worldmap-countries">',
    ]
    for shape in found.shapes:
        if shape.title:
            parts.append(
                f'<path class="worldmap-level-{shape.level}" d="{shape.path}">'
                f"<title>{escape(shape.title)}</title></path>"
            )
        else:
            parts.append(f'<path class="worldmap-level-0" d="{shape.path}"/>')
    parts.append('</g><g class="worldmap-points">')
    parts.extend(
        f'<circle cx="{p.x}" cy="{p.y}" r="4"><title>{escape(p.title)}</title></circle>'
        for p in found.points
    )
    parts.append("</g></svg>")
    # Paths come from the shipped data file (digits, spaces, M, l, z), numbers are floats.
    return mark_safe("".join(parts))  # noqa: S308 — every text above is escaped
