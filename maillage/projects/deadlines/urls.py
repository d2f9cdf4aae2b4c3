from django.urls import path

from maillage.projects.deadlines import views

urlpatterns = [
    path("projets/<int:pk>/echeances/nouvelle/", views.deadline_create, name="deadline_create"),
    path(
        "projets/<int:pk>/echeances/<int:deadline_pk>/modifier/",
        views.deadline_update,
        name="deadline_update",
    ),
    path(
        "projets/<int:pk>/echeances/<int:deadline_pk>/supprimer/",
        views.deadline_delete,
        name="deadline_delete",
    ),
]
