"""French and English wording in templates: ``{% load wording %}``.

``{{ country|in_country }}`` → "au Sénégal" / "in Senegal"; ``{{ date|long_date }}`` → "1er
décembre 2026" / "1 December 2026"; ``{{ amount|amount }}`` → "1 234,50" / "1,234.50".
The rules are in :mod:`maillage.core.wording`.
"""

from __future__ import annotations

from django import template

from maillage.core import wording

register = template.Library()

register.filter("in_country", wording.in_country)
register.filter("long_date", wording.long_date)


@register.filter
def amount(value, decimals: int = 2) -> str:
    return wording.amount(value, int(decimals))
