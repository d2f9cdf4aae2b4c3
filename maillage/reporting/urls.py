from django.urls import path

from . import views, views_annual

urlpatterns = [
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
    path("tableau-de-bord/imprimer/", views.dashboard_print, name="dashboard_print"),
    path("tableau-de-bord/export.csv", views.export_csv, name="dashboard_export_csv"),
    path("tableau-de-bord/export.xlsx", views.export_xlsx, name="dashboard_export_xlsx"),
    path("rapport-annuel/", views_annual.annual_report_index, name="annual_report_index"),
    path("rapport-annuel/<int:year>/", views_annual.annual_report, name="annual_report"),
    path(
        "rapport-annuel/<int:year>/pdf/", views_annual.annual_report_pdf, name="annual_report_pdf"
    ),
    path(
        "rapport-annuel/<int:year>/modifier/",
        views_annual.annual_report_edit,
        name="annual_report_edit",
    ),
]
