from __future__ import annotations

from django import forms

from maillage.core.concurrency import VersionedFormMixin
from maillage.core.forms import BaseForm
from maillage.projects.funding.forms import DateInput
from maillage.projects.models import Deadline


class DeadlineForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    class Meta:
        model = Deadline
        fields = ["kind", "date", "title", "note"]
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}
