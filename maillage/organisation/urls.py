from django.urls import path, reverse

from . import views, views_import, views_referents


def service_url_prefix() -> str:
    """``/services/``: pages listing many services reverse once, then append each id."""
    return reverse("service_detail", args=[0]).removesuffix("0/")


urlpatterns = [
    path("organigramme/", views.org_chart, name="org_chart"),
    path("services/<int:pk>/", views.service_detail, name="service_detail"),
    path(
        "services/<int:pk>/referents/designer/",
        views_referents.referent_designate,
        name="referent_designate",
    ),
    path("referents/", views_referents.referent_network, name="referent_network"),
    path(
        "referents/diffusion/",
        views_referents.referent_mailing_list,
        name="referent_mailing_list",
    ),
    path(
        "referents/<int:pk>/remplacer/", views_referents.referent_replace, name="referent_replace"
    ),
    path("referents/<int:pk>/fin/", views_referents.referent_end, name="referent_end"),
    path("agents/", views.agent_list, name="agent_list"),
    path("elus/", views.elected_list, name="elected_list"),
    path("elus/<int:pk>/", views.elected_detail, name="elected_detail"),
    path("import-rh/", views_import.hr_import, name="hr_import"),
    path("import-rh/suivi/<int:pk>/", views_import.hr_import_run, name="hr_import_run"),
]
