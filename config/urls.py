from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("maillage.core.urls")),
    path("", include("maillage.notices.urls")),
    path("", include("maillage.organisation.urls")),
    path("", include("maillage.projects.urls")),
    path("", include("maillage.skills.urls")),
    path("", include("maillage.governance.urls")),
    path("", include("maillage.reporting.urls")),
    path("", include("maillage.interop.urls")),
    path("", include("maillage.news.urls")),
    path("", include("maillage.portal.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
