from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_trash
from .forms import LoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "connexion/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("collectivite/", views.switch_authority, name="switch_authority"),
    path("healthz", views.healthz, name="healthz"),
    path("corbeille/", views_trash.trash_list, name="trash_list"),
    path("corbeille/<int:pk>/restaurer/", views_trash.trash_restore, name="trash_restore"),
]
