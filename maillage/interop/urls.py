from django.urls import path

from . import views

urlpatterns = [
    path("exports/", views.exports, name="exports"),
    path("exports/iati/", views.iati_page, name="export_iati"),
    path("exports/iati/telecharger/", views.iati_download, name="export_iati_download"),
    path("exports/iati/verifier/", views.iati_check, name="export_iati_check"),
    path("exports/e-apd/", views.eapd_page, name="export_eapd"),
    path("exports/e-apd/declaration.csv", views.eapd_csv, name="export_eapd_csv"),
    path("exports/e-apd/declaration.xlsx", views.eapd_xlsx, name="export_eapd_xlsx"),
    path("exports/atlas.csv", views.atlas_csv, name="export_atlas_csv"),
    path("projets/<int:pk>/fiche-atlas/", views.atlas_sheet, name="project_atlas_sheet"),
    path("public/<slug:authority_slug>/iati.xml", views.public_iati, name="public_iati"),
    path(
        "public/<slug:authority_slug>/donnees/projets.csv",
        views.public_opendata_csv,
        name="public_opendata_csv",
    ),
    path(
        "public/<slug:authority_slug>/donnees/projets.json",
        views.public_opendata_json,
        name="public_opendata_json",
    ),
]
