"""Security headers Django does not set itself: Permissions-Policy and no-store for users.

The Content-Security-Policy comes from Django's own middleware (`SECURE_CSP` in the settings);
the rule that goes with it (no inline script or style in templates) is in ARCHITECTURE.md.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class PermissionsPolicyMiddleware:
    """Deny the browser features the application never uses (`PERMISSIONS_POLICY`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allow)})"
            for feature, allow in getattr(settings, "PERMISSIONS_POLICY", {}).items()
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class NoStoreForUsersMiddleware:
    """Every response to a signed-in user is `no-store` unless the view chose its own caching.

    Pages and files carrying personal data must not linger in a browser or proxy cache (a shared
    computer at the town hall, the back button after logging out). The views of the files that
    carry the most (directory, exports, profile JSON, agreement documents) also say so
    themselves with `never_cache`, so that they stay protected if this middleware is reordered.

    Anonymous visitors of the public pages and the public IATI file keep the default caching.
    Static files never get here (WhiteNoise answers them earlier).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Cache-Control" in response:
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
