from django.urls import path

from . import views_calls, views_inventory, views_profile

urlpatterns = [
    path("mon-profil-international/", views_profile.my_profile, name="my_profile"),
    path(
        "mon-profil-international/mes-donnees.json",
        views_profile.profile_export,
        name="profile_export",
    ),
    path("mon-profil-international/effacer/", views_profile.profile_erase, name="profile_erase"),
    path("competences/", views_inventory.skills_inventory, name="skills_inventory"),
    path("competences/pays/", views_inventory.skills_countries, name="skills_countries"),
    path("competences/recherche/", views_inventory.skills_search, name="skills_search"),
    path("competences/profils/<int:pk>/", views_profile.profile_detail, name="profile_detail"),
    path("projets/<int:pk>/competences/", views_calls.project_skills, name="project_skills"),
    path(
        "projets/<int:pk>/competences/nouvel-appel/",
        views_calls.call_create,
        name="call_create",
    ),
    path("appels/", views_calls.call_list, name="call_list"),
    path("appels/<int:pk>/", views_calls.call_detail, name="call_detail"),
    path("appels/<int:pk>/modifier/", views_calls.call_edit, name="call_edit"),
    path("appels/<int:pk>/statut/", views_calls.call_status, name="call_status"),
    path("appels/<int:pk>/me-proposer/", views_calls.call_volunteer, name="call_volunteer"),
    path("appels/<int:pk>/inviter/", views_calls.call_invite, name="call_invite"),
    path("reponses/<int:pk>/", views_calls.call_response, name="call_response"),
]
