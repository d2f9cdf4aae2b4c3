"""Forms of the legal pages: the accessibility statement's fields, or one text."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from maillage.core.concurrency import SUBMISSION_NAME, VERSION_NAME, VersionedFormMixin
from maillage.core.forms import BaseForm

from .models import LegalPage

MAX_TEXT = 50_000


class LegalPageFormMixin(VersionedFormMixin):
    """Always carries ``version``: 0 when the form starts from the default text (no row yet),
    so that a page saved or reset by someone else meanwhile is a conflict, not an overwrite."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if VERSION_NAME not in self.fields:
            self.fields.pop(SUBMISSION_NAME, None)
            self.fields[VERSION_NAME] = forms.IntegerField(
                widget=forms.HiddenInput, initial=0, min_value=0, required=True
            )

    def page_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class LegalTextForm(LegalPageFormMixin, BaseForm, forms.ModelForm):
    class Meta:
        model = LegalPage
        fields = LegalPage.TEXT_FIELDS
        widgets = {"body": forms.Textarea(attrs={"rows": 24, "maxlength": MAX_TEXT})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].required = True
        self.fields["body"].validators.append(MaxLengthValidator(MAX_TEXT))


class AccessibilityStatementForm(LegalPageFormMixin, BaseForm, forms.ModelForm):
    class Meta:
        model = LegalPage
        fields = LegalPage.STATEMENT_FIELDS
        widgets = {
            "conformity": forms.RadioSelect,
            "audit_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "non_accessible_content": forms.Textarea(attrs={"rows": 8, "maxlength": MAX_TEXT}),
            "exemptions": forms.Textarea(attrs={"rows": 5, "maxlength": MAX_TEXT}),
            "contact_address": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"compliance_rate": _("Taux de conformité (%)")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("non_accessible_content", "exemptions"):
            self.fields[name].validators.append(MaxLengthValidator(MAX_TEXT))


def form_class_for(kind: str) -> type[LegalPageFormMixin]:
    if kind == LegalPage.Kind.ACCESSIBILITY:
        return AccessibilityStatementForm
    return LegalTextForm
