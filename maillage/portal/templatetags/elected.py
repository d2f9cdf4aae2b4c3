"""``{{ portfolios|portfolio_of:official }}``: one official's entry in the list's portfolios."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def portfolio_of(portfolios: dict[int, Any], official: Any) -> Any:
    return portfolios.get(official.pk)
