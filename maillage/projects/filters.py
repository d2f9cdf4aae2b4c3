"""The query strings of the project, partner, agreement and mission lists.

See ``maillage/core/filters.py`` for the common fields and the rule for refused values.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from maillage.core.filters import (
    ChoiceFilter,
    CodeFilter,
    FilterForm,
    FlagFilter,
    IdFilter,
    SortFilter,
    TextFilter,
    YearFilter,
)

from . import selectors
from .models import Agreement, Mission, Project
from .selectors_partners import AGREEMENT_SORTS, MISSION_SORTS, PARTNER_SORTS


class ProjectFilterForm(DsfrBaseForm, FilterForm):
    """The filters of the project list (GET). Invalid values are ignored, with a message."""

    q = TextFilter(
        label=_("Rechercher"),
        help_text=_("Dans l'intitulé et le résumé"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(label=_("Statut"), required=False)
    country = forms.ChoiceField(label=_("Pays des partenaires"), required=False)
    partner = forms.TypedChoiceField(label=_("Partenaire"), required=False, coerce=int)
    policy_area = forms.ChoiceField(label=_("Politique publique"), required=False)
    service = forms.TypedChoiceField(label=_("Service mobilisé"), required=False, coerce=int)
    sdg_goal = forms.TypedChoiceField(
        label=_("Objectif de développement durable"), required=False, coerce=int
    )
    year = forms.IntegerField(
        label=_("Année"),
        required=False,
        min_value=1950,
        max_value=2100,
        help_text=_("Projets actifs pendant l'année"),
    )
    tri = SortFilter(keys=selectors.SORTS, default=selectors.DEFAULT_SORT)
    format = FlagFilter(on="csv")

    def __init__(self, *args: Any, choices: dict[str, list], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("Tous"))]
        self.fields["status"].choices = every + list(Project.Status.choices)
        self.fields["country"].choices = [*every, *choices["countries"]]
        self.fields["partner"].choices = [*every, *choices["partners"]]
        self.fields["policy_area"].choices = [("", _("Toutes")), *choices["policy_areas"]]
        self.fields["service"].choices = [*every, *choices["services"]]
        self.fields["sdg_goal"].choices = [*every, *choices["sdg_goals"]]

    def filters(self) -> selectors.ProjectFilters:
        self.is_valid()
        data = self.cleaned_data
        return selectors.ProjectFilters(
            status=data.get("status") or "",
            country=data.get("country") or "",
            partner=data.get("partner") or None,
            policy_area=data.get("policy_area") or "",
            service=data.get("service") or None,
            sdg_goal=data.get("sdg_goal") or None,
            year=data.get("year") or None,
            q=(data.get("q") or "").strip(),
        )


class PartnerFilters(FilterForm):
    q = TextFilter(label=_("Rechercher"))
    pays = CodeFilter(label=_("Pays"), max_length=2, upper=True)
    tri = SortFilter(keys=PARTNER_SORTS, default="nom")


class CityFilters(FilterForm):
    pays = CodeFilter(label=_("Pays"), max_length=2, upper=True)
    q = TextFilter(label=_("Ville"))


class AgreementFilters(FilterForm):
    q = TextFilter(label=_("Rechercher"))
    nature = ChoiceFilter(label=_("Nature"), choices=[("", ""), *Agreement.Kind.choices])
    statut = ChoiceFilter(label=_("Statut"), choices=[("", ""), *Agreement.Status.choices])
    renouveler = FlagFilter()
    # No default here: it depends on ``renouveler`` (the view chooses).
    tri = SortFilter(keys=AGREEMENT_SORTS, default="")


class NewAgreementFilters(FilterForm):
    """``?partenaire=<id>`` on the new agreement form ticks that partner."""

    partenaire = IdFilter(label=_("Partenaire"))


class MissionFilters(FilterForm):
    sens = ChoiceFilter(label=_("Sens"), choices=[("", ""), *Mission.Direction.choices])
    annee = YearFilter(label=_("Année"))
    projet = IdFilter(label=_("Projet"))
    tri = SortFilter(keys=MISSION_SORTS, default="-debut")
