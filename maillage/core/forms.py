from django import forms
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm


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
