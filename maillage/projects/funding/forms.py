"""Forms of the funding and results tabs. They validate; services in funding.py and results.py
write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core.concurrency import VersionedFormMixin
from maillage.core.forms import BaseForm
from maillage.projects.models import (
    BudgetLine,
    Contribution,
    Indicator,
    IndicatorPeriod,
    Project,
    Result,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class BudgetLineForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["category", "label", "amount"]
        help_texts = {
            "category": gettext_lazy(
                "Le temps des agents est valorisé automatiquement à partir des mobilisations : "
                "ne le saisissez pas ici."
            )
        }


class ContributionForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    class Meta:
        model = Contribution
        fields = ["funder", "funder_name", "nature", "amount"]
        help_texts = {
            "funder_name": gettext_lazy("Par exemple : Région Normandie, Ville de Thiès."),
            "nature": gettext_lazy(
                "Une valorisation est un apport en nature (locaux, matériel, temps de bénévoles). "
                "Les journées des agents mobilisés sont déjà valorisées."
            ),
        }


class DayRateForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    class Meta:
        model = Project
        fields = ["agent_day_rate"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agent_day_rate"].min_value = 0


class ResultForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    class Meta:
        model = Result
        fields = ["title", "territory", "result_type", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class IndicatorForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["title", "unit", "baseline", "baseline_year", "target"]
        help_texts = {
            "unit": gettext_lazy("Par exemple : jeunes, entreprises, agents, %."),
            "target": gettext_lazy("Sans cible, l'indicateur est suivi mais n'a pas d'avancement."),
        }


class IndicatorPeriodForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    class Meta:
        model = IndicatorPeriod
        fields = ["start", "end", "target", "actual", "comment"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("La fin de la période doit suivre son début."))
        return data
