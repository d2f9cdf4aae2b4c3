from django.urls import path

from . import views

urlpatterns = [
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
    path("tableau-de-bord/imprimer/", views.dashboard_print, name="dashboard_print"),
    path("tableau-de-bord/export.csv", views.export_csv, name="dashboard_export_csv"),
    path("tableau-de-bord/export.xlsx", views.export_xlsx, name="dashboard_export_xlsx"),
]
