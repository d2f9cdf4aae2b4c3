from django.urls import include, path

urlpatterns = [
    path("", include("maillage.projects.urls_projects")),
    path("", include("maillage.projects.urls_partners")),
    path("", include("maillage.projects.urls_funding")),
]
