"""The annual report's arrangement: an introduction, and each section's place and visibility."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from maillage.core.concurrency import SUBMISSION_NAME, VERSION_NAME, VersionedFormMixin
from maillage.core.forms import BaseForm

from .models import AnnualReport, Section, arranged
from .services import MAX_INTRODUCTION


def position_name(key: str) -> str:
    return f"position_{key}"


def shown_name(key: str) -> str:
    return f"shown_{key}"


class AnnualReportForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    """Always carries ``version``: 0 while the year's report has the default arrangement (no
    row yet), so that an arrangement saved by someone else meanwhile is a conflict."""

    class Meta:
        model = AnnualReport
        fields = ["introduction"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 10, "maxlength": MAX_INTRODUCTION})
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if VERSION_NAME not in self.fields:
            self.fields.pop(SUBMISSION_NAME, None)
            self.fields[VERSION_NAME] = forms.IntegerField(
                widget=forms.HiddenInput, initial=0, min_value=0, required=True
            )
        self.fields["introduction"].validators.append(MaxLengthValidator(MAX_INTRODUCTION))
        labels = dict(Section.choices)
        count = len(Section.values)
        for place, entry in enumerate(arranged(self.instance.layout), start=1):
            key = str(entry["key"])
            self.fields[position_name(key)] = forms.IntegerField(
                label=_("Place de « %(section)s »") % {"section": labels[key]},
                min_value=1,
                max_value=count,
                initial=place,
                help_text=_("De 1 (en tête) à %(count)s.") % {"count": count},
                widget=forms.NumberInput(attrs={"min": 1, "max": count}),
            )
            self.fields[shown_name(key)] = forms.BooleanField(
                label=_("Montrer « %(section)s » dans le rapport") % {"section": labels[key]},
                required=False,
                initial=bool(entry["shown"]),
            )

    @property
    def section_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """(label, place field, shown field) per section, in the form's order."""
        labels = dict(Section.choices)
        keys = [
            name.removeprefix("position_") for name in self.fields if name.startswith("position_")
        ]
        return [(labels[key], self[position_name(key)], self[shown_name(key)]) for key in keys]

    def layout(self) -> list[dict[str, object]]:
        """The sections sorted by the places typed (a tie keeps the form's order)."""
        keys = [
            name.removeprefix("position_") for name in self.fields if name.startswith("position_")
        ]
        ordered = sorted(
            enumerate(keys), key=lambda item: (self.cleaned_data[position_name(item[1])], item[0])
        )
        return [
            {"key": key, "shown": bool(self.cleaned_data[shown_name(key)])} for _i, key in ordered
        ]
