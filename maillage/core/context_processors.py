from __future__ import annotations

from django.http import HttpRequest

from .permissions import perms_for


def site(request: HttpRequest) -> dict[str, object]:
    """The user's permissions and current authority, for templates."""
    return {
        "can": perms_for(request) if hasattr(request, "authority") else {},
        "current_authority": getattr(request, "authority", None),
        "user_roles": getattr(request, "roles", frozenset()),
    }
