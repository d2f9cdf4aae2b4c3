"""An authority's colours: WCAG 2.1 contrast, the palette the interface derives, the CSS.

One primary colour is chosen per authority; everything else (hover shade, light background,
text colours) is derived here, the way Bootstrap 5.3's Sass derives them, so that the
stylesheet served per authority only overrides Bootstrap's CSS variables. A colour is accepted
only if the text it carries, and the text drawn in it, stay readable (:func:`check_colour`).
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .models import DEFAULT_PRIMARY_COLOUR

RGB = tuple[int, int, int]

WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)
# Bootstrap's body colour: the "near-black" text drawn on a light primary.
NEAR_BLACK: RGB = (33, 37, 41)
# WCAG 2.1 AA for normal text (1.4.3).
AA_TEXT = 4.5
_HEX = re.compile(r"#?([0-9a-fA-F]{6})\Z")


def parse_hex(value: str) -> RGB:
    """``"#1f4e79"`` → ``(31, 78, 121)``; ``ValueError`` for anything else."""
    match = _HEX.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"Not a #rrggbb colour: {value!r}")
    digits = match.group(1)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def normalise(value: str) -> str:
    """The canonical spelling stored and compared: ``#rrggbb`` in lower case."""
    return to_hex(parse_hex(value))


def to_hex(rgb: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _rgb(colour: str | RGB) -> RGB:
    return parse_hex(colour) if isinstance(colour, str) else colour


def _linear(channel: int) -> float:
    c = channel / 255
    # WCAG 2.1 gives 0.03928; the sRGB standard 0.04045: no 8-bit value lies between them.
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str | RGB) -> float:
    """WCAG 2.1 relative luminance, 0 (black) to 1 (white)."""
    r, g, b = _rgb(colour)
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast_ratio(first: str | RGB, second: str | RGB) -> float:
    """WCAG 2.1 contrast ratio, 1 to 21, whichever colour is lighter."""
    a, b = relative_luminance(first), relative_luminance(second)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def mix(colour: RGB, other: RGB, weight: float) -> RGB:
    """``weight`` of ``other`` into ``colour`` (Sass's ``mix(other, colour, weight)``)."""
    return tuple(round(c + (o - c) * weight) for c, o in zip(colour, other, strict=True))  # type: ignore[return-value]


def shade(colour: RGB, weight: float) -> RGB:
    return mix(colour, BLACK, weight)


def tint(colour: RGB, weight: float) -> RGB:
    return mix(colour, WHITE, weight)


@dataclass(frozen=True)
class Palette:
    """What the interface needs from one primary colour (hex strings, RGB triplets as text)."""

    primary: str
    primary_rgb: str
    # Buttons: hover and active backgrounds and borders (Bootstrap: 15/20/20/25 % darker, or
    # lighter when the text on the primary is dark).
    hover: str
    hover_border: str
    active: str
    active_border: str
    # Links: the hover colour (Bootstrap: 20 % darker).
    link_hover: str
    link_hover_rgb: str
    # Light background of alerts, badges and the like, its border, and the text drawn on it.
    subtle_bg: str
    border_subtle: str
    text_emphasis: str
    # White or near-black: whichever contrasts more with the primary.
    on_primary: str
    on_primary_rgb: str
    # Form controls: the border of a focused field.
    focus_border: str

    @property
    def on_primary_is_white(self) -> bool:
        return self.on_primary == to_hex(WHITE)


def _triplet(rgb: RGB) -> str:
    return ", ".join(str(c) for c in rgb)


def palette(primary_hex: str) -> Palette:
    primary = parse_hex(primary_hex)
    on_white = contrast_ratio(primary, WHITE) >= contrast_ratio(primary, NEAR_BLACK)
    on_primary = WHITE if on_white else NEAR_BLACK
    move = shade if on_white else tint
    link_hover = shade(primary, 0.2)
    return Palette(
        primary=to_hex(primary),
        primary_rgb=_triplet(primary),
        hover=to_hex(move(primary, 0.15)),
        hover_border=to_hex(move(primary, 0.2)),
        active=to_hex(move(primary, 0.2)),
        active_border=to_hex(move(primary, 0.25)),
        link_hover=to_hex(link_hover),
        link_hover_rgb=_triplet(link_hover),
        subtle_bg=to_hex(tint(primary, 0.8)),
        border_subtle=to_hex(tint(primary, 0.6)),
        text_emphasis=to_hex(shade(primary, 0.6)),
        on_primary=to_hex(on_primary),
        on_primary_rgb=_triplet(on_primary),
        focus_border=to_hex(tint(primary, 0.5)),
    )


DEFAULT_PALETTE = palette(DEFAULT_PRIMARY_COLOUR)


def _ratio(value: float, places: int) -> str:
    factor = 10**places
    shown = round(value, places)
    if value < AA_TEXT <= shown:
        # A measured 4.497 must not read as the 4.50 it misses: rounded down instead.
        shown = math.floor(value * factor) / factor
    return number_format(shown, decimal_pos=places)


def _text_name(colour: str) -> str:
    return _("blanc") if colour == to_hex(WHITE) else _("noir")


def check_colour(value: str) -> list[str]:
    """Why ``value`` cannot be an authority's primary colour (French), or [] if it can.

    Three uses must stay readable (WCAG 2.1 AA, 4.5:1): text drawn in the colour on white
    (links, outline buttons), the button text on the colour, and that text on the hover shade.
    """
    try:
        colours = palette(value)
    except ValueError:
        return [
            _("Saisissez une couleur au format #rrggbb, par exemple %(example)s.")
            % {"example": DEFAULT_PRIMARY_COLOUR}
        ]
    required = _ratio(AA_TEXT, 1)
    reasons = []
    on_white = contrast_ratio(colours.primary, WHITE)
    if on_white < AA_TEXT:
        reasons.append(
            _(
                "Contraste de cette couleur sur fond blanc (liens, boutons à contour) : "
                "%(ratio)s:1 ; il faut au moins %(required)s:1. Choisissez une teinte plus foncée."
            )
            % {"ratio": _ratio(on_white, 2), "required": required}
        )
    text = _text_name(colours.on_primary)
    on_primary = contrast_ratio(colours.on_primary, colours.primary)
    if on_primary < AA_TEXT:
        reasons.append(
            _(
                "Contraste du texte %(text)s sur cette couleur : %(ratio)s:1 ; il faut au moins "
                "%(required)s:1. Choisissez une teinte plus foncée."
            )
            % {"text": text, "ratio": _ratio(on_primary, 2), "required": required}
        )
    on_hover = contrast_ratio(colours.on_primary, colours.hover)
    if on_hover < AA_TEXT:
        reasons.append(
            _(
                "Contraste du texte %(text)s sur la teinte de survol des boutons (%(hover)s) : "
                "%(ratio)s:1 ; il faut au moins %(required)s:1. Choisissez une teinte plus foncée."
            )
            % {
                "text": text,
                "hover": colours.hover,
                "ratio": _ratio(on_hover, 2),
                "required": required,
            }
        )
    return reasons


def safe_palette(value: str) -> Palette:
    """The palette of a stored colour, or the default one if it is malformed or refused (a row
    written around the identity service must not break every page)."""
    try:
        normalised = normalise(value)
    except ValueError:
        return DEFAULT_PALETTE
    return palette(normalised) if not check_colour(normalised) else DEFAULT_PALETTE


# --- The stylesheet ---------------------------------------------------------------------------


def stylesheet(colours: Palette, scope: str = "") -> str:
    """Bootstrap 5.3 variables and component variables set from ``colours``.

    ``scope`` limits the rules to one element and its content (the preview on the settings
    page); empty, they apply to the whole page. Loaded after Bootstrap's stylesheet, whose
    selectors these repeat, so that the later rules win.
    """
    p = colours
    root = scope or ":root,\n[data-bs-theme=light]"
    inner = f"{scope} " if scope else ""

    def rule(selector: str, body: str) -> str:
        selectors = ",\n".join(f"{inner}{s.strip()}" for s in selector.split(","))
        return f"{selectors} {{\n{body}}}\n"

    focus_rgba = f"rgba({p.primary_rgb}, 0.25)"
    parts = [
        f"{root} {{\n"
        f"  --bs-primary: {p.primary};\n"
        f"  --bs-primary-rgb: {p.primary_rgb};\n"
        f"  --bs-primary-text-emphasis: {p.text_emphasis};\n"
        f"  --bs-primary-bg-subtle: {p.subtle_bg};\n"
        f"  --bs-primary-border-subtle: {p.border_subtle};\n"
        f"  --bs-link-color: {p.primary};\n"
        f"  --bs-link-color-rgb: {p.primary_rgb};\n"
        f"  --bs-link-hover-color: {p.link_hover};\n"
        f"  --bs-link-hover-color-rgb: {p.link_hover_rgb};\n"
        f"  --bs-focus-ring-color: {focus_rgba};\n"
        "}\n",
        rule(
            ".btn-primary",
            f"  --bs-btn-color: {p.on_primary};\n"
            f"  --bs-btn-bg: {p.primary};\n"
            f"  --bs-btn-border-color: {p.primary};\n"
            f"  --bs-btn-hover-color: {p.on_primary};\n"
            f"  --bs-btn-hover-bg: {p.hover};\n"
            f"  --bs-btn-hover-border-color: {p.hover_border};\n"
            f"  --bs-btn-focus-shadow-rgb: {p.primary_rgb};\n"
            f"  --bs-btn-active-color: {p.on_primary};\n"
            f"  --bs-btn-active-bg: {p.active};\n"
            f"  --bs-btn-active-border-color: {p.active_border};\n"
            f"  --bs-btn-disabled-color: {p.on_primary};\n"
            f"  --bs-btn-disabled-bg: {p.primary};\n"
            f"  --bs-btn-disabled-border-color: {p.primary};\n",
        ),
        rule(
            ".btn-outline-primary",
            f"  --bs-btn-color: {p.primary};\n"
            f"  --bs-btn-border-color: {p.primary};\n"
            f"  --bs-btn-hover-color: {p.on_primary};\n"
            f"  --bs-btn-hover-bg: {p.primary};\n"
            f"  --bs-btn-hover-border-color: {p.primary};\n"
            f"  --bs-btn-focus-shadow-rgb: {p.primary_rgb};\n"
            f"  --bs-btn-active-color: {p.on_primary};\n"
            f"  --bs-btn-active-bg: {p.primary};\n"
            f"  --bs-btn-active-border-color: {p.primary};\n"
            f"  --bs-btn-disabled-color: {p.primary};\n"
            "  --bs-btn-disabled-bg: transparent;\n"
            f"  --bs-btn-disabled-border-color: {p.primary};\n",
        ),
        rule(
            ".nav",
            "  --bs-nav-link-color: var(--bs-link-color);\n"
            "  --bs-nav-link-hover-color: var(--bs-link-hover-color);\n",
        ),
        rule(
            ".nav-pills",
            f"  --bs-nav-pills-link-active-color: {p.on_primary};\n"
            f"  --bs-nav-pills-link-active-bg: {p.primary};\n",
        ),
        rule(
            ".pagination",
            "  --bs-pagination-color: var(--bs-link-color);\n"
            "  --bs-pagination-hover-color: var(--bs-link-hover-color);\n"
            "  --bs-pagination-focus-color: var(--bs-link-hover-color);\n"
            f"  --bs-pagination-focus-box-shadow: 0 0 0 0.25rem {focus_rgba};\n"
            f"  --bs-pagination-active-color: {p.on_primary};\n"
            f"  --bs-pagination-active-bg: {p.primary};\n"
            f"  --bs-pagination-active-border-color: {p.primary};\n",
        ),
        rule(
            ".dropdown-menu",
            f"  --bs-dropdown-link-active-color: {p.on_primary};\n"
            f"  --bs-dropdown-link-active-bg: {p.primary};\n",
        ),
        rule(
            ".list-group",
            f"  --bs-list-group-active-color: {p.on_primary};\n"
            f"  --bs-list-group-active-bg: {p.primary};\n"
            f"  --bs-list-group-active-border-color: {p.primary};\n",
        ),
        # Bootstrap compiles these colours into its rules rather than reading variables.
        rule(
            ".text-bg-primary",
            f"  color: {p.on_primary} !important;\n"
            "  background-color: RGBA(var(--bs-primary-rgb), var(--bs-bg-opacity, 1))"
            " !important;\n",
        ),
        rule(
            ".link-primary:hover, .link-primary:focus",
            f"  color: RGBA({p.link_hover_rgb}, var(--bs-link-opacity, 1)) !important;\n"
            f"  text-decoration-color: RGBA({p.link_hover_rgb}, "
            "var(--bs-link-underline-opacity, 1)) !important;\n",
        ),
        rule(
            ".form-control:focus, .form-select:focus, .form-check-input:focus",
            f"  border-color: {p.focus_border};\n  box-shadow: 0 0 0 0.25rem {focus_rgba};\n",
        ),
        rule(
            ".form-check-input:checked",
            f"  background-color: {p.primary};\n  border-color: {p.primary};\n",
        ),
    ]
    return "".join(parts)


# The neutral stylesheet of pages without an authority, and the digest its URL carries.
DEFAULT_STYLESHEET = stylesheet(DEFAULT_PALETTE)
DEFAULT_DIGEST = hashlib.sha256(DEFAULT_STYLESHEET.encode()).hexdigest()[:12]
