"""URLs of a project's funding and results tabs (views in views_funding.py)."""

from django.urls import path

from maillage.projects.funding import views

urlpatterns = [
    path("projets/<int:pk>/financement/", views.project_funding, name="project_funding"),
    path(
        "projets/<int:pk>/financement/lignes/nouvelle/",
        views.funding_line_create,
        name="funding_line_create",
    ),
    path(
        "projets/<int:pk>/financement/lignes/<int:line_pk>/modifier/",
        views.funding_line_update,
        name="funding_line_update",
    ),
    path(
        "projets/<int:pk>/financement/lignes/<int:line_pk>/supprimer/",
        views.funding_line_delete,
        name="funding_line_delete",
    ),
    path(
        "projets/<int:pk>/financement/contributions/nouvelle/",
        views.funding_contribution_create,
        name="funding_contribution_create",
    ),
    path(
        "projets/<int:pk>/financement/contributions/<int:contribution_pk>/modifier/",
        views.funding_contribution_update,
        name="funding_contribution_update",
    ),
    path(
        "projets/<int:pk>/financement/contributions/<int:contribution_pk>/supprimer/",
        views.funding_contribution_delete,
        name="funding_contribution_delete",
    ),
    path(
        "projets/<int:pk>/financement/cout-journee/",
        views.funding_day_rate,
        name="funding_day_rate",
    ),
    path("projets/<int:pk>/resultats/", views.project_results, name="project_results"),
    path("projets/<int:pk>/resultats/nouveau/", views.result_create, name="result_create"),
    path(
        "projets/<int:pk>/resultats/<int:result_pk>/modifier/",
        views.result_update,
        name="result_update",
    ),
    path(
        "projets/<int:pk>/resultats/<int:result_pk>/supprimer/",
        views.result_delete,
        name="result_delete",
    ),
    path(
        "projets/<int:pk>/resultats/<int:result_pk>/indicateurs/nouveau/",
        views.indicator_create,
        name="indicator_create",
    ),
    path(
        "projets/<int:pk>/resultats/indicateurs/<int:indicator_pk>/modifier/",
        views.indicator_update,
        name="indicator_update",
    ),
    path(
        "projets/<int:pk>/resultats/indicateurs/<int:indicator_pk>/supprimer/",
        views.indicator_delete,
        name="indicator_delete",
    ),
    path(
        "projets/<int:pk>/resultats/indicateurs/<int:indicator_pk>/mesures/nouvelle/",
        views.period_create,
        name="period_create",
    ),
    path(
        "projets/<int:pk>/resultats/mesures/<int:period_pk>/modifier/",
        views.period_update,
        name="period_update",
    ),
    path(
        "projets/<int:pk>/resultats/mesures/<int:period_pk>/supprimer/",
        views.period_delete,
        name="period_delete",
    ),
]
