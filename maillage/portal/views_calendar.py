"""The authority's calendar (month grid and list), "Mon agenda" and the private feed."""

from __future__ import annotations

import calendar as months
import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from maillage.core.permissions import Perm, require
from maillage.governance.calendar import Event, events_ics
from maillage.projects.deadlines import services as feeds
from maillage.projects.models import CalendarFeed

from . import selectors_calendar
from .filters import GRID, LIST, CalendarFilters

# The feed starts this many days back: recent meetings stay in the calendar apps.
FEED_PAST_DAYS = 180


def _shift(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


@require_GET
@require(Perm.VIEW_PROJECTS)
def calendar_page(request: HttpRequest) -> HttpResponse:
    """One month of meetings, missions, delegations, deadlines and actions due."""
    filters = CalendarFilters(request.GET)
    values = filters.values
    today = timezone.localdate()
    year = values["annee"] or today.year
    month = int(values["mois"]) if values["mois"] else today.month
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, months.monthrange(year, month)[1])
    entries = selectors_calendar.authority_entries(request.authority, first, last)
    weeks = []
    for week in months.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [
                {
                    "date": day,
                    "in_month": day.month == month,
                    "today": day == today,
                    "entries": [e for e in entries if e.covers(day)] if day.month == month else [],
                }
                for day in week
            ]
        )
    days = [
        (day["date"], day["entries"])
        for week in weeks
        for day in week
        if day["in_month"] and day["entries"]
    ]
    title = _("Calendrier")
    month_label = f"{MONTHS[month]} {year}"
    view = values["vue"]
    previous, following = _shift(year, month, -1), _shift(year, month, 1)

    def link(y: int, m: int, v: str = view) -> str:
        return f"{reverse('calendar')}?annee={y}&mois={m}&vue={v}"

    return render(
        request,
        "portal/calendar.html",
        {
            "filters": filters,
            "weeks": weeks,
            "days": days,
            "entries": entries,
            "month_label": month_label,
            "view": view,
            "grid_url": link(year, month, GRID),
            "list_url": link(year, month, LIST),
            "previous_url": link(*previous),
            "next_url": link(*following),
            "today_url": link(today.year, today.month),
            "previous_label": f"{MONTHS[previous[1]]} {previous[0]}",
            "next_label": f"{MONTHS[following[1]]} {following[0]}",
            "weekdays": [
                _("lundi"),
                _("mardi"),
                _("mercredi"),
                _("jeudi"),
                _("vendredi"),
                _("samedi"),
                _("dimanche"),
            ],
            "page_title": f"{title} — {month_label}",
            "breadcrumb": [(title, None)],
            "nav": "calendar",
        },
    )


@require_http_methods(["GET", "POST"])
@require(Perm.VIEW_HOME)
def my_calendar(request: HttpRequest) -> HttpResponse:
    """The user's private feed: make it, make a new one (the old stops), or revoke it."""
    token = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            feeds.revoke_calendar_feed(request.authority, by=request.user)
            messages.success(request, _("Votre agenda personnel est désactivé."))
            return redirect("my_calendar")
        token = feeds.renew_calendar_feed(request.authority, by=request.user)
    feed = CalendarFeed.objects.filter(authority=request.authority, user=request.user).first()
    title = _("Mon agenda")
    return render(
        request,
        "portal/my_calendar.html",
        {
            "feed": feed,
            "feed_url": request.build_absolute_uri(reverse("calendar_feed", args=[token]))
            if token
            else "",
            "page_title": title,
            "breadcrumb": [(title, None)],
            "nav": "calendar",
        },
    )


@require_safe  # calendar apps may ask HEAD before GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A user's private iCalendar feed, read by calendar apps without a session: the token
    is the key; an unknown or revoked one answers 404."""
    feed = feeds.feed_of_token(token)
    if feed is None:
        raise Http404
    since = timezone.localdate() - datetime.timedelta(days=FEED_PAST_DAYS)
    entries = selectors_calendar.user_entries(feed.user, feed.authority, since=since)
    if entries is None:
        raise Http404
    events = [
        Event(
            uid=entry.uid,
            summary=f"{entry.kind_label} : {entry.title}",
            start=entry.starts_at or entry.start,
            end=entry.ends_at or entry.end,
            description=entry.detail,
            location=entry.place,
            url=request.build_absolute_uri(entry.url),
            status="CANCELLED" if entry.cancelled else "CONFIRMED",
        )
        for entry in entries
    ]
    name = _("Maillage — %(authority)s") % {"authority": feed.authority.name}
    host = request.get_host().rsplit(":", 1)[0]  # UIDs name the host, not its port
    body = events_ics(name, events, host=host, now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
