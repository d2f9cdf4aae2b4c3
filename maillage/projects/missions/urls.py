"""URLs of the company directory and of a mission's rows (the mission pages themselves are
listed beside partners, in partners/urls.py)."""

from django.urls import path

from maillage.projects.missions import views_companies, views_rows

urlpatterns = [
    path("entreprises/", views_companies.company_list, name="company_list"),
    path("entreprises/nouvelle/", views_companies.company_create, name="company_create"),
    path("entreprises/importer/", views_companies.company_import, name="company_import"),
    path("entreprises/<int:pk>/modifier/", views_companies.company_update, name="company_update"),
    path("entreprises/<int:pk>/supprimer/", views_companies.company_delete, name="company_delete"),
    *views_rows.urlpatterns_for_rows(),
]
