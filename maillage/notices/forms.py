from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.core.forms import BaseForm

from .models import Delivery


class PreferencesForm(BaseForm):
    """One choice per kind: immediately, in the weekly digest, or never (not for the kinds
    the role requires)."""

    mark_optional = False

    def __init__(self, *args, rows: list[dict], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for row in rows:
            choices = [
                (value, label)
                for value, label in Delivery.choices
                if not (row["required"] and value == Delivery.NEVER)
            ]
            field = forms.ChoiceField(
                label=row["label"],
                choices=choices,
                initial=row["delivery"],
                widget=forms.RadioSelect,
                help_text=_("Lié à votre rôle : ne peut pas être désactivé.")
                if row["required"]
                else "",
            )
            self.fields[row["kind"]] = field
            if not self.is_bound:
                self.initial[row["kind"]] = row["delivery"]
        # BaseForm set the classes before these fields existed.
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-check-input")
