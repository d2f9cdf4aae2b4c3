"""The query strings of the inventory, the search and the list of calls (``core/filters.py``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from maillage.core.filters import (
    ChoiceFilter,
    CodeFilter,
    FilterForm,
    FlagFilter,
    IdFilter,
    ListFilter,
    ListFilterSet,
    TextFilter,
)
from maillage.core.forms import BaseForm

from .models import Availability
from .selectors import Criteria

Choices = list[tuple[Any, Any]]


def _blank(choices: Choices, label: str = "—") -> Choices:
    return [("", label), *choices]


class LanguageFilterSet(ListFilterSet):
    langue = ListFilter(CodeFilter, label=_("Langue"), max_length=3)


class CountryFilterSet(ListFilterSet):
    pays = ListFilter(CodeFilter, label=_("Pays"), max_length=2, upper=True)


class CallListFilterSet(ListFilterSet):
    statut = ListFilter(FlagFilter, on="clos")


class InviteFilters(FilterForm):
    """``?appel=<id>``: the search is filled with a call's criteria to invite for it."""

    appel = IdFilter(label=_("Appel"))


class SearchForm(BaseForm, FilterForm):
    """Search criteria; the field names are the query string of the search page (French)."""

    langue = ChoiceFilter(label=_("Langue"))
    niveau = ChoiceFilter(label=_("Niveau minimum"))
    pays = ChoiceFilter(label=_("Pays connu"))
    expertise = ChoiceFilter(label=_("Domaine d'expertise"))
    mot_cle = TextFilter(label=_("Mot-clé"), max_length=60)
    disponibilite = ChoiceFilter(label=_("Disponibilité"), choices=_blank(Availability.choices))
    service = forms.TypedChoiceField(
        label=_("Service (et ses sous-services)"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, choices: dict[str, Any], services: Choices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["langue"].choices = _blank(choices["languages"])
        self.fields["niveau"].choices = _blank(choices["levels"])
        self.fields["pays"].choices = _blank(choices["countries"])
        self.fields["expertise"].choices = _blank(choices["policy_areas"])
        self.fields["service"].choices = _blank(services)
        self.level_ranks = {code: rank for rank, (code, _label) in enumerate(choices["levels"], 1)}

    def criteria(self) -> Criteria:
        """The criteria asked for; a refused one is dropped, its error shown on the form."""
        data = self.values
        return Criteria(
            language=data["langue"],
            min_rank=self.level_ranks.get(data["niveau"], 0) if data["langue"] else 0,
            country=data["pays"],
            policy_area=data["expertise"],
            tag=slugify(data["mot_cle"], allow_unicode=True),
            availability=data["disponibilite"],
            service=data["service"],
        )
