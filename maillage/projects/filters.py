"""The query strings of the project, partner, agreement and mission lists.

See ``maillage/core/filters.py`` for the common fields and the rule for refused values.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from maillage.core.filters import (
    ChoiceFilter,
    CodeFilter,
    ExportFilter,
    FilterForm,
    FlagFilter,
    IdFilter,
    ListFilter,
    ListFilterSet,
    SortFilter,
    TextFilter,
    YearFilter,
)
from maillage.core.forms import BaseForm
from maillage.projects.missions.selectors import COMPANY_SORTS
from maillage.projects.models import Agreement, Mission, Project
from maillage.projects.partners.selectors import AGREEMENT_SORTS, MISSION_SORTS, PARTNER_SORTS
from maillage.projects.registry import selectors


class ProjectFilterForm(BaseForm, FilterForm):
    """The project filters' form, rendered field by field."""


class ProjectFilterSet(ListFilterSet):
    """The filters of the project list (GET). Invalid values are ignored, with a message."""

    q = ListFilter(
        TextFilter,
        label=_("Rechercher"),
        help_text=_("Dans l'intitulé et le résumé"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = ListFilter(ChoiceFilter, label=_("Statut"))
    country = ListFilter(ChoiceFilter, label=_("Pays des partenaires"))
    partner = ListFilter(forms.TypedChoiceField, label=_("Partenaire"), coerce=int)
    policy_area = ListFilter(ChoiceFilter, label=_("Politique publique"))
    service = ListFilter(forms.TypedChoiceField, label=_("Service mobilisé"), coerce=int)
    elu = ListFilter(forms.TypedChoiceField, label=_("Élu porteur"), coerce=int)
    sdg_goal = ListFilter(
        forms.TypedChoiceField, label=_("Objectif de développement durable"), coerce=int
    )
    year = ListFilter(
        YearFilter,
        label=_("Année"),
        lower=1950,
        help_text=_("Projets actifs pendant l'année"),
        widget=forms.NumberInput(attrs={"min": 1950, "max": 2100}),
    )
    tri = ListFilter(SortFilter, keys=selectors.SORTS, default=selectors.DEFAULT_SORT)
    format = ListFilter(ExportFilter)
    # ``?format=csv&lignes=mobilisations``: the filtered projects' mobilisations, one per line
    # (there is no list page of mobilisations; they are read by project and by service).
    lignes = ListFilter(FlagFilter, on="mobilisations")

    class Meta:
        form = ProjectFilterForm

    def __init__(self, *args: Any, choices: dict[str, list], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("Tous"))]
        options = {
            "status": every + list(Project.Status.choices),
            "country": [*every, *choices["countries"]],
            "partner": [*every, *choices["partners"]],
            "policy_area": [("", _("Toutes")), *choices["policy_areas"]],
            "service": [*every, *choices["services"]],
            "elu": [*every, *choices["officials"]],
            "sdg_goal": [*every, *choices["sdg_goals"]],
        }
        for name, field_choices in options.items():
            self.filters[name].extra["choices"] = field_choices

    def selection(self) -> selectors.ProjectFilters:
        """The filters for the selector; a refused value is no filter."""
        data = self.values
        return selectors.ProjectFilters(
            status=data["status"] or "",
            country=data["country"] or "",
            partner=data["partner"] or None,
            policy_area=data["policy_area"] or "",
            service=data["service"] or None,
            official=data["elu"] or None,
            sdg_goal=data["sdg_goal"] or None,
            year=data["year"] or None,
            q=data["q"] or "",
        )


class PartnerFilterSet(ListFilterSet):
    q = ListFilter(TextFilter, label=_("Rechercher"))
    pays = ListFilter(CodeFilter, label=_("Pays"), max_length=2, upper=True)
    tri = ListFilter(SortFilter, keys=PARTNER_SORTS, default="nom")
    format = ListFilter(ExportFilter)


class CompanyFilterSet(ListFilterSet):
    q = ListFilter(TextFilter, label=_("Rechercher"))
    tri = ListFilter(SortFilter, keys=COMPANY_SORTS, default="nom")


class CityFilters(FilterForm):
    pays = CodeFilter(label=_("Pays"), max_length=2, upper=True)
    q = TextFilter(label=_("Ville"))


class AgreementFilterSet(ListFilterSet):
    q = ListFilter(TextFilter, label=_("Rechercher"))
    nature = ListFilter(
        ChoiceFilter, label=_("Nature"), choices=[("", ""), *Agreement.Kind.choices]
    )
    statut = ListFilter(
        ChoiceFilter, label=_("Statut"), choices=[("", ""), *Agreement.Status.choices]
    )
    renouveler = ListFilter(FlagFilter)
    # No default here: it depends on ``renouveler`` (the view chooses).
    tri = ListFilter(SortFilter, keys=AGREEMENT_SORTS, default="")
    format = ListFilter(ExportFilter)


class NewAgreementFilters(FilterForm):
    """``?partenaire=<id>`` on the new agreement form ticks that partner."""

    partenaire = IdFilter(label=_("Partenaire"))


class MissionFilterSet(ListFilterSet):
    sens = ListFilter(ChoiceFilter, label=_("Sens"), choices=[("", ""), *Mission.Direction.choices])
    annee = ListFilter(YearFilter, label=_("Année"))
    projet = ListFilter(IdFilter, label=_("Projet"))
    tri = ListFilter(SortFilter, keys=MISSION_SORTS, default="-debut")
    format = ListFilter(ExportFilter)


class DeclaredActivityFilterSet(ListFilterSet):
    """``?annee=N``: the activities declared outside a project for one year."""

    annee = ListFilter(YearFilter, label=_("Année"), lower=2000)
