from django.urls import path

from . import views, views_calendar, views_elected, views_legal, views_watch
from .models import LegalPage

Kind = LegalPage.Kind

urlpatterns = [
    path("", views.home, name="home"),
    path("elus/<int:pk>/fiche/", views_elected.elected_brief, name="elected_brief"),
    # The general management's watch page and the relaunches sent from it.
    path("veille/", views_watch.watch, name="watch"),
    path(
        "veille/relancer/mobilisation/<int:pk>/",
        views_watch.relaunch_mobilisation,
        name="watch_relaunch_mobilisation",
    ),
    path(
        "veille/relancer/action/<int:pk>/",
        views_watch.relaunch_action,
        name="watch_relaunch_action",
    ),
    # The authority's calendar, "Mon agenda" and each person's private iCalendar feed.
    path("calendrier/", views_calendar.calendar_page, name="calendar"),
    path("mon-agenda/", views_calendar.my_calendar, name="my_calendar"),
    path("agenda/<str:token>.ics", views_calendar.calendar_feed, name="calendar_feed"),
    # The legal pages, linked from every page's footer, the login page's included.
    path(
        "accessibilite/",
        views_legal.legal_page,
        {"kind": Kind.ACCESSIBILITY.value},
        name="legal_accessibility",
    ),
    path(
        "mentions-legales/",
        views_legal.legal_page,
        {"kind": Kind.LEGAL_NOTICE.value},
        name="legal_notice",
    ),
    path(
        "donnees-personnelles/",
        views_legal.legal_page,
        {"kind": Kind.PERSONAL_DATA.value},
        name="legal_personal_data",
    ),
    path("cookies/", views_legal.legal_page, {"kind": Kind.COOKIES.value}, name="legal_cookies"),
    path("parametres/pages-legales/", views_legal.legal_page_list, name="legal_page_list"),
    path(
        "parametres/pages-legales/<slug:kind>/",
        views_legal.legal_page_edit,
        name="legal_page_edit",
    ),
    path(
        "parametres/pages-legales/<slug:kind>/texte-par-defaut/",
        views_legal.legal_page_reset,
        name="legal_page_reset",
    ),
]
