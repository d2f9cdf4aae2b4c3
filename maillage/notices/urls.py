from django.urls import path

from . import views

urlpatterns = [
    path("notifications/", views.notice_centre, name="notice_centre"),
    path("notifications/preferences/", views.notice_preferences, name="notice_preferences"),
    path(
        "notifications/desabonnement/<str:token>/",
        views.notice_unsubscribe,
        name="notice_unsubscribe",
    ),
]
