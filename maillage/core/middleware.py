"""French first: the interface language is the one the user picked, else French.

Django's LocaleMiddleware would follow the browser's Accept-Language header, so most agents
on an English-configured computer would get a half-translated page; here only the user's own
choice (the language cookie set by the switch in the header) changes the language.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, settings.LANGUAGE_CODE)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class SessionExpiryMiddleware:
    """Closes a session idle for ``SESSION_IDLE_TIMEOUT`` seconds or older than
    ``SESSION_COOKIE_AGE`` seconds since login.

    Django's cookie age slides with every saved session, so the absolute limit is kept here
    from the login time. The last activity is written at most every five minutes, not on every
    request, to spare the session store.
    """

    STARTED = "maillage_session_started"
    LAST_SEEN = "maillage_last_seen"
    WRITE_EVERY = 300

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        now = int(time.time())
        session = request.session
        started = session.get(self.STARTED, now)
        last_seen = session.get(self.LAST_SEEN, now)
        if (
            now - last_seen > settings.SESSION_IDLE_TIMEOUT
            or now - started > settings.SESSION_COOKIE_AGE
        ):
            logout(request)  # flushes the session; the request goes on as anonymous
            messages.info(request, _("Votre session a expiré. Reconnectez-vous pour continuer."))
            return
        if self.STARTED not in session:
            session[self.STARTED] = now
        if self.LAST_SEEN not in session or now - last_seen >= self.WRITE_EVERY:
            session[self.LAST_SEEN] = now


@receiver(user_logged_in)
def _start_session_clock(sender, request: HttpRequest | None, user, **kwargs) -> None:
    # A login keeps the session's data (only its key changes): restart both clocks.
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SessionExpiryMiddleware.STARTED] = now
        request.session[SessionExpiryMiddleware.LAST_SEEN] = now


class NotFoundPageMiddleware:
    """The app's own "page not found" in every mode.

    With ``DEBUG`` on, Django answers an unknown URL with its technical page, which lists every
    URL pattern of the site; a demonstration server runs with ``DEBUG`` on, so its visitors would
    see that list. Off ``DEBUG``, Django already renders ``404.html``: nothing to do.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.DEBUG:
            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404 as exc:
                return page_not_found(request, exc)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if settings.DEBUG and isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None
