"""Template helpers of the list pages (see ``maillage/core/lists.py``)."""

from __future__ import annotations

from django import template
from django.core.paginator import Page

register = template.Library()


@register.filter
def page_query(page: Page, which: str) -> dict[str, int]:
    """``{parameter: number}`` of the first, previous, next or last page, for ``{% querystring %}``.

    The parameter is ``page``, or the page's own ``param`` where one address shows several
    paginated tables.
    """
    numbers = {
        "first": 1,
        "previous": page.number - 1,
        "next": page.number + 1,
        "last": page.paginator.num_pages,
    }
    return {getattr(page, "param", "page"): numbers[which]}
