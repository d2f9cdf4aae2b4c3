"""Day counts with decimals agree in number as CLDR says: "1,5 jour-agent" is singular in
French, "1.5 days" plural in English."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import ngettext

from maillage.core import wording

VALUES = [Decimal("0.5"), 1, Decimal("1.5"), 2, 6]


def form(n: int) -> str:
    """The form gettext picks for ``n`` in the active language: singular or plural."""
    return "singular" if ngettext("s", "p", n) == "s" else "plural"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["singular", "singular", "singular", "plural", "plural"]),
        ("en", ["plural", "singular", "plural", "plural", "plural"]),
    ],
)
def test_plural_count_gives_the_cldr_category(language, expected):
    with translation.override(language):
        assert [form(wording.plural_count(v)) for v in VALUES] == expected


def test_zero_and_decimals_in_french_and_english():
    with translation.override("fr"):
        assert form(wording.plural_count(0)) == "singular"  # "0 jour"
        assert form(wording.plural_count(Decimal("1.9"))) == "singular"
        assert form(wording.plural_count(Decimal("2.5"))) == "plural"
    with translation.override("en"):
        assert form(wording.plural_count(0)) == "plural"  # "0 days"
        assert form(wording.plural_count(Decimal("1.0"))) == "singular"  # shown "1"
        assert form(wording.plural_count(Decimal("0.1"))) == "plural"


def test_days_in_french():
    with translation.override("fr"):
        assert [wording.days(v) for v in VALUES] == [
            "0,5 jour-agent",
            "1 jour-agent",
            "1,5 jour-agent",
            "2 jours-agent",
            "6 jours-agent",
        ]
        assert wording.days(Decimal("12.50")) == "12,5 jours-agent"
        assert wording.days(None) == ""


def test_days_in_english():
    with translation.override("en"):
        shown = [wording.days(v) for v in VALUES]
        one = ngettext("%(days)s jour-agent", "%(days)s jours-agent", 1)
        other = ngettext("%(days)s jour-agent", "%(days)s jours-agent", 2)
    # Whatever the catalogue says for these messages, the number is written in English and
    # only exactly 1 takes the singular.
    assert shown == [
        other % {"days": "0.5"},
        one % {"days": "1"},
        other % {"days": "1.5"},
        other % {"days": "2"},
        other % {"days": "6"},
    ]
    assert one != other


def test_template_tag_and_filter():
    template = Template(
        "{% load i18n wording %}{% days value %} · "
        "{% blocktranslate count n=value|plural_count %}jour{% plural %}jours"
        "{% endblocktranslate %}"
    )
    with translation.override("fr"):
        assert template.render(Context({"value": Decimal("1.5")})) == "1,5 jour-agent · jour"
        assert template.render(Context({"value": Decimal("6")})) == "6 jours-agent · jours"
