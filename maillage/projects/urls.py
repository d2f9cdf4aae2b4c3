from django.urls import include, path

urlpatterns = [
    path("", include("maillage.projects.registry.urls")),
    path("", include("maillage.projects.partners.urls")),
    path("", include("maillage.projects.funding.urls")),
    path("", include("maillage.projects.missions.urls")),
    path("", include("maillage.projects.deadlines.urls")),
]
