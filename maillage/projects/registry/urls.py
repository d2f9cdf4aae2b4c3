from django.urls import path

from maillage.projects.registry import views as views_projects
from maillage.projects.registry import views_mobilisations, views_public, views_sheet

urlpatterns = [
    path("projets/", views_projects.project_list, name="project_list"),
    path("projets/nouveau/", views_projects.project_create, name="project_create"),
    path("projets/<int:pk>/", views_projects.project_detail, name="project_detail"),
    path("projets/<int:pk>/modifier/", views_projects.project_edit, name="project_edit"),
    path("projets/<int:pk>/statut/", views_projects.project_status, name="project_status"),
    path("projets/<int:pk>/supprimer/", views_projects.project_delete, name="project_delete"),
    path("projets/<int:pk>/services/", views_projects.project_services, name="project_services"),
    path(
        "projets/<int:pk>/services/mobiliser/",
        views_mobilisations.mobilisation_propose,
        name="mobilisation_propose",
    ),
    path("projets/<int:pk>/missions/", views_projects.project_missions, name="project_missions"),
    path("projets/<int:pk>/historique/", views_projects.project_history, name="project_history"),
    path("projets/<int:pk>/fiche/", views_sheet.sheet_page, name="project_sheet"),
    path("projets/<int:pk>/fiche.pdf", views_sheet.sheet_pdf, name="project_sheet_pdf"),
    path(
        "mobilisations/<int:pk>/modifier/",
        views_mobilisations.mobilisation_edit,
        name="mobilisation_edit",
    ),
    path(
        "mobilisations/<int:pk>/reponse/",
        views_mobilisations.mobilisation_answer,
        name="mobilisation_answer",
    ),
    path(
        "mobilisations/<int:pk>/retirer/",
        views_mobilisations.mobilisation_delete,
        name="mobilisation_delete",
    ),
    path(
        "public/<slug:authority_slug>/projets/",
        views_public.public_project_list,
        name="public_project_list",
    ),
    path(
        "public/<slug:authority_slug>/projets/<int:pk>/",
        views_public.public_project_detail,
        name="public_project_detail",
    ),
]
