from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from .models import User


class LoginForm(AuthenticationForm, DsfrBaseForm):
    # Labels on the fields themselves: DsfrBaseForm builds the bound fields (and their labels)
    # inside super().__init__(), so labels set after it never reach the page.
    username = UsernameField(
        label=_("Identifiant"), widget=forms.TextInput(attrs={"autofocus": True})
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Identifiant ou mot de passe incorrect. Vérifiez votre saisie, "
            "en respectant les majuscules et minuscules."
        ),
        "inactive": _("Ce compte est désactivé. Contactez l'administrateur de votre collectivité."),
    }


class PasswordChangeForm(auth_forms.PasswordChangeForm, DsfrBaseForm):
    pass


class SetPasswordForm(auth_forms.SetPasswordForm, DsfrBaseForm):
    pass


class PasswordResetForm(auth_forms.PasswordResetForm, DsfrBaseForm):
    email = forms.EmailField(
        label=_("Adresse électronique"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def get_users(self, email: str):
        """Active accounts with this address, those still without a password included.

        An account created by an administrator has no password until its owner follows a reset
        link; when that first link has expired, the owner asks for another one here.
        """
        return (
            user
            for user in User.objects.filter(email__iexact=email, is_active=True)
            if user.email.casefold() == email.casefold()
        )
