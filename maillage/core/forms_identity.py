"""The identity settings form: names, primary colour, logo (checked before anything is saved)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .concurrency import VersionedFormMixin
from .forms import BaseForm
from .logos import MAX_LOGO_BYTES, MAX_LOGO_PIXELS, Logo, check_logo
from .models import Authority
from .theme import check_colour, normalise


def _logo_hint() -> str:
    return _(
        "PNG (%(pixels)s × %(pixels)s pixels au plus) ou SVG, %(size)s au plus. "
        "Affiché à 48 pixels de haut."
    ) % {"pixels": MAX_LOGO_PIXELS, "size": filesizeformat(MAX_LOGO_BYTES)}


class IdentityForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    error_title = gettext_lazy("L'identité visuelle n'a pas été enregistrée")
    error_hint = gettext_lazy(
        "Corrigez les champs signalés ci-dessous, puis enregistrez à nouveau (déposez à "
        "nouveau le logo s'il y en avait un)."
    )
    logo = forms.FileField(
        label=gettext_lazy("Nouveau logo"),
        required=False,
        help_text=lazy(_logo_hint, str)(),
        widget=forms.FileInput(attrs={"accept": ".png,.svg,image/png,image/svg+xml"}),
    )
    remove_logo = forms.BooleanField(label=gettext_lazy("Supprimer le logo"), required=False)

    class Meta:
        model = Authority
        fields = ["name", "short_name", "primary_colour"]
        widgets = {"primary_colour": forms.TextInput(attrs={"type": "color"})}
        help_texts = {
            "primary_colour": gettext_lazy(
                "Boutons, liens et titres. Elle doit rester lisible : un contraste d'au moins "
                "4,5:1 avec le blanc (règles d'accessibilité WCAG 2.1 AA)."
            )
        }

    def clean_primary_colour(self) -> str:
        value = (self.cleaned_data.get("primary_colour") or "").strip()
        reasons = check_colour(value)
        if reasons:
            raise ValidationError(reasons)
        return normalise(value)

    def clean_logo(self) -> Logo | None:
        upload = self.cleaned_data.get("logo")
        return check_logo(upload) if upload else None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("logo") is not None and data.get("remove_logo"):
            self.add_error(
                "remove_logo",
                _(
                    "Vous déposez un nouveau logo : décochez « Supprimer le logo », ou retirez le "
                    "fichier déposé."
                ),
            )
        return data
