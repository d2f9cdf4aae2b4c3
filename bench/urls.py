"""The application's URLs plus a trivial page: the fixed cost every page pays.

The trivial page goes through the same middleware (session, user, authority, roles), the same
permission check and the base template as every page, and fetches nothing else. Used only by
the benchmark process (``ROOT_URLCONF`` is overridden there), never served by the application.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns
from maillage.core.permissions import Perm, require


@require(Perm.VIEW_HOME)
def trivial(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html", {"page_title": "Banc d'essai"})


urlpatterns = [path("__bench__/trivial/", trivial, name="bench_trivial"), *app_urlpatterns]
