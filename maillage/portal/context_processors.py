"""What every page's footer needs from the portal: the accessibility status of the statement."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import accessibility_conformity


def legal(request: HttpRequest) -> dict[str, object]:
    """``accessibility_conformity``: the current authority's conformity (a ``Conformity``).

    Lazy, and cached per authority: a page whose footer does not show it reads nothing, and one
    that does reads the cache, not the database.
    """
    authority = getattr(request, "authority", None)
    return {
        "accessibility_conformity": SimpleLazyObject(lambda: accessibility_conformity(authority))
    }
