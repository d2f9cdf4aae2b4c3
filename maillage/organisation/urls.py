from django.urls import path

from . import views, views_import

urlpatterns = [
    path("organigramme/", views.org_chart, name="org_chart"),
    path("services/<int:pk>/", views.service_detail, name="service_detail"),
    path("agents/", views.agent_list, name="agent_list"),
    path("elus/", views.elected_list, name="elected_list"),
    path("import-rh/", views_import.hr_import, name="hr_import"),
    path("import-rh/suivi/<int:pk>/", views_import.hr_import_run, name="hr_import_run"),
]
