"""The colour maths of an authority's identity: WCAG 2.1 contrast, the palette, refusals."""

from __future__ import annotations

import pytest
from django.utils import translation

from maillage.core.models import DEFAULT_PRIMARY_COLOUR
from maillage.core.theme import (
    DEFAULT_PALETTE,
    _ratio,
    check_colour,
    contrast_ratio,
    normalise,
    palette,
    parse_hex,
    relative_luminance,
    safe_palette,
    stylesheet,
)


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


@pytest.mark.parametrize(
    "colour, luminance",
    [("#ffffff", 1.0), ("#000000", 0.0), ("#ff0000", 0.2126), ("#00ff00", 0.7152)],
)
def test_relative_luminance_of_known_colours(colour, luminance):
    assert relative_luminance(colour) == pytest.approx(luminance, abs=1e-4)


@pytest.mark.parametrize(
    "first, second, ratio",
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#777777", "#ffffff", 4.48),
        ("#767676", "#ffffff", 4.54),
        ("#0d6efd", "#ffffff", 4.50),  # Bootstrap's own blue, just at the limit
        ("#1f4e79", "#ffffff", 8.66),
    ],
)
def test_contrast_ratio_of_known_pairs(first, second, ratio):
    assert contrast_ratio(first, second) == pytest.approx(ratio, abs=0.005)
    assert contrast_ratio(second, first) == contrast_ratio(first, second)


def test_parse_and_normalise():
    assert parse_hex("#1F4E79") == (31, 78, 121)
    assert normalise("1F4E79") == "#1f4e79"
    for bad in ["", "#12345", "#1234567", "#ggg000", "red", "#1f4e79;}", None]:
        with pytest.raises(ValueError):
            parse_hex(bad)


def test_palette_of_the_default_blue():
    colours = palette(DEFAULT_PRIMARY_COLOUR)
    assert colours.primary == "#1f4e79"
    assert colours.primary_rgb == "31, 78, 121"
    assert colours.on_primary == "#ffffff"
    # Darker on hover and when pressed, lighter for the subtle background.
    assert relative_luminance(colours.hover) < relative_luminance(colours.primary)
    assert relative_luminance(colours.active) < relative_luminance(colours.hover)
    assert relative_luminance(colours.subtle_bg) > 0.6
    # The emphasis text stays readable on the subtle background.
    assert contrast_ratio(colours.text_emphasis, colours.subtle_bg) >= 7


def test_text_on_a_light_primary_is_near_black_and_hover_goes_lighter():
    colours = palette("#ffcc00")
    assert colours.on_primary == "#212529"
    assert relative_luminance(colours.hover) > relative_luminance("#ffcc00")


def test_accepted_colours():
    for colour in ["#1f4e79", "#000000", "#767676", "#0d6efd", "#e1000f", "#1F4E79"]:
        assert check_colour(colour) == [], colour


def test_grey_777777_is_refused_with_the_measured_and_required_ratios():
    reasons = check_colour("#777777")
    assert reasons == [
        "Contraste de cette couleur sur fond blanc (liens, boutons à contour) : 4,48:1 ; il faut "
        "au moins 4,5:1. Choisissez une teinte plus foncée.",
        "Contraste du texte blanc sur cette couleur : 4,48:1 ; il faut au moins 4,5:1. "
        "Choisissez une teinte plus foncée.",
    ]


def test_a_light_colour_is_refused_for_text_on_white():
    reasons = check_colour("#ffcc00")
    assert len(reasons) == 1
    assert "1,51:1" in reasons[0] and "fond blanc" in reasons[0]


def test_a_ratio_just_below_the_limit_never_reads_as_the_limit():
    # No 8-bit grey lands there, so the rounding is checked on the number itself.
    assert _ratio(4.4996, 2) == "4,49"
    assert _ratio(4.478, 2) == "4,48"
    assert _ratio(4.5, 1) == "4,5"


def test_malformed_colour_says_the_expected_format():
    assert check_colour("bleu") == ["Saisissez une couleur au format #rrggbb, par exemple #1f4e79."]


def test_safe_palette_falls_back_to_the_default():
    assert safe_palette("#777777") == DEFAULT_PALETTE
    assert safe_palette("}body{") == DEFAULT_PALETTE
    assert safe_palette("#000000").primary == "#000000"


def test_stylesheet_sets_bootstraps_variables():
    css = stylesheet(palette("#1f4e79"))
    for declaration in [
        "--bs-primary: #1f4e79;",
        "--bs-primary-rgb: 31, 78, 121;",
        "--bs-link-color: #1f4e79;",
        "--bs-link-color-rgb: 31, 78, 121;",
        "--bs-link-hover-color: #193e61;",
        "--bs-primary-bg-subtle: #d2dce4;",
        "--bs-primary-text-emphasis: #0c1f30;",
        "--bs-primary-border-subtle: #a5b8c9;",
        "--bs-focus-ring-color: rgba(31, 78, 121, 0.25);",
        "--bs-btn-bg: #1f4e79;",
        "--bs-btn-hover-bg: #1a4267;",
        "--bs-btn-active-bg: #193e61;",
        "--bs-btn-color: #ffffff;",
        "--bs-btn-disabled-bg: #1f4e79;",
        "--bs-pagination-active-bg: #1f4e79;",
        "--bs-nav-pills-link-active-bg: #1f4e79;",
    ]:
        assert declaration in css, declaration
    assert ".btn-primary {" in css and ".btn-outline-primary {" in css
    assert css.count("{") == css.count("}")


def test_scoped_stylesheet_applies_inside_the_preview_only():
    css = stylesheet(palette("#000000"), scope=".identity-preview")
    assert ":root" not in css
    selectors = [line for line in css.splitlines() if line.endswith("{") or line.endswith(",")]
    assert selectors and all(s.startswith(".identity-preview") for s in selectors)
