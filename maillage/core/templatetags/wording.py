"""French and English wording in templates: ``{% load wording %}``.

``{{ country|in_country }}`` → "au Sénégal" / "in Senegal"; ``{{ country|from_country }}`` →
"du Sénégal" / "from Senegal"; ``{% days value %}`` → "1,5 jour-agent" / "6 jours-agent";
``{{ value|plural_count }}`` for ``{% blocktranslate count %}``; ``{{ date|long_date }}`` → "1er
décembre 2026" / "1 December 2026"; ``{{ amount|amount }}`` → "1 234,50" / "1,234.50".
The rules are in :mod:`maillage.core.wording`.
"""

from __future__ import annotations

from django import template

from maillage.core import wording

register = template.Library()

register.filter("in_country", wording.in_country)
register.filter("from_country", wording.from_country)
register.filter("plural_count", wording.plural_count)
register.simple_tag(wording.days, name="days")
register.filter("long_date", wording.long_date)


@register.filter
def amount(value, decimals: int = 2) -> str:
    return wording.amount(value, int(decimals))
