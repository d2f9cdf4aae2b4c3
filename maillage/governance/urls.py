from django.urls import path

from . import views_committees as committees
from . import views_meetings as meetings
from . import views_registers as registers
from . import views_watch as watch

urlpatterns = [
    path("comites/", committees.committee_list, name="committee_list"),
    path("comites/nouveau/", committees.committee_create, name="committee_create"),
    path("comites/<int:pk>/", committees.committee_detail, name="committee_detail"),
    path("comites/<int:pk>/modifier/", committees.committee_edit, name="committee_edit"),
    path("comites/<int:pk>/supprimer/", committees.committee_delete, name="committee_delete"),
    path(
        "comites/<int:pk>/calendrier.ics",
        committees.committee_calendar,
        name="committee_calendar",
    ),
    path("comites/<int:pk>/membres/ajouter/", committees.member_add, name="member_add"),
    path("membres/<int:pk>/modifier/", committees.member_edit, name="member_edit"),
    path("membres/<int:pk>/retirer/", committees.member_delete, name="member_delete"),
    path("comites/<int:pk>/reunions/nouvelle/", meetings.meeting_create, name="meeting_create"),
    path("reunions/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("reunions/<int:pk>/modifier/", meetings.meeting_edit, name="meeting_edit"),
    path("reunions/<int:pk>/supprimer/", meetings.meeting_delete, name="meeting_delete"),
    path("reunions/<int:pk>/presences/", meetings.meeting_attendance, name="meeting_attendance"),
    path(
        "reunions/<int:pk>/ordre-du-jour/ajouter/",
        meetings.agenda_item_add,
        name="agenda_item_add",
    ),
    path("ordre-du-jour/<int:pk>/modifier/", meetings.agenda_item_edit, name="agenda_item_edit"),
    path("ordre-du-jour/<int:pk>/retirer/", meetings.agenda_item_delete, name="agenda_item_delete"),
    path("reunions/<int:pk>/decisions/nouvelle/", meetings.decision_create, name="decision_create"),
    path("decisions/", registers.decision_list, name="decision_list"),
    path("decisions/<int:pk>/modifier/", meetings.decision_edit, name="decision_edit"),
    path("decisions/<int:pk>/supprimer/", meetings.decision_delete, name="decision_delete"),
    path("reunions/<int:pk>/actions/nouvelle/", meetings.action_create, name="action_create"),
    path("actions/", registers.action_list, name="action_list"),
    path("actions/<int:pk>/modifier/", meetings.action_edit, name="action_edit"),
    path("actions/<int:pk>/supprimer/", meetings.action_delete, name="action_delete"),
    path("actions/<int:pk>/etat/", meetings.action_status, name="action_status"),
    # The shared watch (veille) kept by the DRI; /veille/ itself is the general management's
    # page (portal).
    path("veille/elements/", watch.watch_item_list, name="watch_item_list"),
    path("veille/elements/nouveau/", watch.watch_item_create, name="watch_item_create"),
    path("veille/elements/<int:pk>/modifier/", watch.watch_item_edit, name="watch_item_edit"),
    path("veille/elements/<int:pk>/supprimer/", watch.watch_item_delete, name="watch_item_delete"),
    path(
        "veille/elements/<int:pk>/ordre-du-jour/",
        watch.watch_item_share,
        name="watch_item_share",
    ),
]
