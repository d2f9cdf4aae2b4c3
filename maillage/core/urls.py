from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.decorators.http import require_http_methods

from . import views, views_identity, views_trash
from .accounts import RESET_EMAIL_TEMPLATE, RESET_SUBJECT_TEMPLATE, reset_email_context
from .forms import LoginForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm

urlpatterns = [
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
    path(
        "mot-de-passe/modifier/",
        auth_views.PasswordChangeView.as_view(form_class=PasswordChangeForm),
        name="password_change",
    ),
    path(
        "mot-de-passe/modifie/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "mot-de-passe/oublie/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm,
            subject_template_name=RESET_SUBJECT_TEMPLATE,
            email_template_name=RESET_EMAIL_TEMPLATE,
            extra_email_context=reset_email_context(),
        ),
        name="password_reset",
    ),
    path(
        "mot-de-passe/oublie/envoye/",
        auth_views.PasswordResetDoneView.as_view(extra_context=reset_email_context()),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        # The view answers an invalid link before looking at the method: refuse others first.
        require_http_methods(["GET", "POST"])(
            auth_views.PasswordResetConfirmView.as_view(form_class=SetPasswordForm)
        ),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/fait/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("collectivite/", views.switch_authority, name="switch_authority"),
    path("healthz", views.healthz, name="healthz"),
    path("corbeille/", views_trash.trash_list, name="trash_list"),
    path("corbeille/<int:pk>/restaurer/", views_trash.trash_restore, name="trash_restore"),
    # The authority's identity: settings, and its stylesheet and logo at versioned URLs.
    path("parametres/identite/", views_identity.authority_identity, name="authority_identity"),
    path(
        "parametres/identite/apercu-<str:colour>.css",
        views_identity.identity_preview_css,
        name="identity_preview_css",
    ),
    path(
        "theme/maillage-<str:digest>.css",
        views_identity.theme_default_css,
        name="theme_default_css",
    ),
    path("theme/<int:authority_id>-<int:version>.css", views_identity.theme_css, name="theme_css"),
    path(
        "theme/<int:authority_id>-<int:version>/logo",
        views_identity.authority_logo,
        name="authority_logo",
    ),
]
