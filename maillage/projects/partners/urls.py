from django.urls import path

from maillage.projects.missions import views as views_missions
from maillage.projects.partners import views as views_partners

urlpatterns = [
    path("partenaires/", views_partners.partner_list, name="partner_list"),
    path("partenaires/nouveau/", views_partners.partner_create, name="partner_create"),
    path("partenaires/villes/", views_partners.city_suggestions, name="city_suggestions"),
    path("partenaires/<int:pk>/", views_partners.partner_detail, name="partner_detail"),
    path("partenaires/<int:pk>/modifier/", views_partners.partner_update, name="partner_update"),
    path("partenaires/<int:pk>/supprimer/", views_partners.partner_delete, name="partner_delete"),
    path("conventions/", views_partners.agreement_list, name="agreement_list"),
    path("conventions/nouvelle/", views_partners.agreement_create, name="agreement_create"),
    path("conventions/<int:pk>/", views_partners.agreement_detail, name="agreement_detail"),
    path(
        "conventions/<int:pk>/modifier/",
        views_partners.agreement_update,
        name="agreement_update",
    ),
    path(
        "conventions/<int:pk>/supprimer/",
        views_partners.agreement_delete,
        name="agreement_delete",
    ),
    path(
        "conventions/<int:pk>/documents/ajouter/",
        views_partners.agreement_document_upload,
        name="agreement_document_upload",
    ),
    path(
        "conventions/<int:pk>/documents/<int:doc_pk>/",
        views_partners.agreement_document,
        name="agreement_document",
    ),
    path(
        "conventions/<int:pk>/documents/<int:doc_pk>/supprimer/",
        views_partners.agreement_document_delete,
        name="agreement_document_delete",
    ),
    path("missions/", views_missions.mission_list, name="mission_list"),
    path("missions/nouvelle/", views_missions.mission_create, name="mission_create"),
    path("missions/<int:pk>/", views_missions.mission_detail, name="mission_detail"),
    path("missions/<int:pk>/modifier/", views_missions.mission_update, name="mission_update"),
    path("missions/<int:pk>/supprimer/", views_missions.mission_delete, name="mission_delete"),
]
