"""Forms of the skills pages. Choices are built once per request and handed to every form of a
formset, so that a page runs the same number of queries however many rows it shows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from maillage.core.forms import SEVERAL_HINT, BaseForm
from maillage.core.models import Authority, CefrLevel, Country, Language, PolicyArea
from maillage.core.wording import localized_field
from maillage.organisation.models import Service

from .models import Profile, ProfileCountry, SkillCall

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
Choices = list[tuple[Any, Any]]


def _blank(choices: Choices, label: str = "—") -> Choices:
    return [("", label), *choices]


def _tags_help(suggestions: list[str]) -> str:
    base = str(_("Séparés par des virgules, par exemple : compostage, marchés publics."))
    if not suggestions:
        return base
    return f"{base} {_('Déjà utilisés :')} {', '.join(suggestions[:15])}."


def split_tags(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


class ProfileForm(BaseForm, forms.ModelForm):
    """The profile itself: visibility, availability, expertise and a few words."""

    policy_areas = forms.MultipleChoiceField(
        label=_("Domaines d'expertise (politiques publiques)"),
        required=False,
        help_text=SEVERAL_HINT,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    tags = forms.CharField(
        label=_("Compétences (mots-clés libres)"), required=False, max_length=600
    )

    class Meta:
        model = Profile
        fields = (
            "visibility",
            "missions_abroad",
            "hosting_delegations",
            "interpreting",
            "mentoring",
            "about",
        )
        widgets = {
            "visibility": forms.RadioSelect,
            "about": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "visibility": _(
                "Les décomptes de l'inventaire des langues, sans nom, sont visibles de tous "
                "les agents dès que vous publiez."
            ),
            "about": _(
                "Expériences, projets, envies. N'indiquez ni langue maternelle, ni nationalité, "
                "ni origine."
            ),
        }

    def __init__(
        self,
        *args: Any,
        area_choices: Choices,
        tag_suggestions: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["policy_areas"].choices = area_choices
        self.fields["tags"].help_text = _tags_help(tag_suggestions)
        self.fields["visibility"].label = _("Qui peut voir mon nom")

    def clean_tags(self) -> list[str]:
        return split_tags(self.cleaned_data["tags"])


class LanguageEntryForm(BaseForm):
    language = forms.ChoiceField(label=_("Langue"), required=False)
    level = forms.ChoiceField(label=_("Niveau (CECRL)"), required=False)
    oral_level = forms.ChoiceField(label=_("À l'oral"), required=False)
    written_level = forms.ChoiceField(label=_("À l'écrit"), required=False)

    def __init__(self, *args: Any, languages: Choices, levels: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _blank(languages)
        for name in ("level", "oral_level", "written_level"):
            self.fields[name].choices = _blank(levels)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("language") and not data.get("level"):
            self.add_error("level", _("Indiquez votre niveau dans cette langue."))
        if data.get("level") and not data.get("language"):
            self.add_error("language", _("Choisissez la langue."))
        return data


class CountryEntryForm(BaseForm):
    country = forms.ChoiceField(label=_("Pays"), required=False)
    relation = forms.ChoiceField(
        label=_("Lien"), required=False, choices=_blank(ProfileCountry.Relation.choices)
    )
    regions = forms.CharField(label=_("Régions, villes"), required=False, max_length=200)

    def __init__(self, *args: Any, countries: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _blank(countries)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("country") and not data.get("relation"):
            self.add_error("relation", _("Précisez votre lien avec ce pays."))
        if data.get("relation") and not data.get("country"):
            self.add_error("country", _("Choisissez le pays."))
        return data


LanguageFormSet = forms.formset_factory(LanguageEntryForm, extra=2, can_delete=True, max_num=20)
CountryFormSet = forms.formset_factory(CountryEntryForm, extra=2, can_delete=True, max_num=30)


def filled(formset: forms.BaseFormSet, key: str) -> list[dict[str, Any]]:
    """The rows of a valid formset that hold a value and are not marked for deletion."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data.get(key) and not form.cleaned_data.get("DELETE")
    ]


class CallForm(BaseForm, forms.ModelForm):
    """A call for competences: the need, its criteria, dates, effort and audience."""

    tags = forms.CharField(label=_("Mots-clés"), required=False, max_length=600)

    class Meta:
        model = SkillCall
        fields = (
            "title",
            "description",
            "language",
            "min_level",
            "country",
            "policy_areas",
            "availability",
            "start_date",
            "end_date",
            "effort_days",
            "audience",
            "services",
        )
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "audience": forms.RadioSelect,
            "policy_areas": forms.SelectMultiple(attrs={"size": 8}),
            "services": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "title": _("Par exemple : locuteur wolof (B2) pour la mission à Thiès en mars."),
            "effort_days": _(
                "Ajoutés aux jours-agent prévus de la mobilisation du service de l'agent "
                "quand son responsable donne son accord."
            ),
            "policy_areas": SEVERAL_HINT,
            "services": format_lazy(
                "{}{}", _("Seulement si l'appel s'adresse à certains services. "), SEVERAL_HINT
            ),
        }

    def __init__(
        self,
        *args: Any,
        authority: Authority,
        area_choices: Choices,
        tag_suggestions: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["language"].queryset = Language.objects.order_by(localized_field("name"))
        fields["min_level"].queryset = CefrLevel.objects.order_by("rank")
        fields["country"].queryset = Country.objects.order_by(localized_field("name"))
        fields["policy_areas"].queryset = PolicyArea.objects.filter(level__in=(2, 3))
        fields["policy_areas"].choices = area_choices
        chosen = Q(pk__in=self.instance.services.all()) if self.instance.pk else Q()
        fields["services"].queryset = Service.objects.filter(
            Q(active=True) | chosen, authority=authority
        ).order_by("name")
        fields["tags"].help_text = _tags_help(tag_suggestions)
        if self.instance.pk:
            fields["tags"].initial = ", ".join(t.name for t in self.instance.tags.all())

    def clean_tags(self) -> list[str]:
        return split_tags(self.cleaned_data["tags"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La fin ne peut pas précéder le début."))
        if data.get("min_level") and not data.get("language"):
            self.add_error("min_level", _("Un niveau minimum demande une langue."))
        if data.get("audience") == SkillCall.Audience.SERVICES and not data.get("services"):
            self.add_error("services", _("Choisissez les services auxquels l'appel s'adresse."))
        return data

    def call_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        if data.get("audience") != SkillCall.Audience.SERVICES:
            data["services"] = []
        data.pop("tags", None)
        return data


class MessageForm(BaseForm):
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(BaseForm):
    """The manager's decision on an answer; a refusal says why."""

    decision = forms.ChoiceField(
        label=_("Votre décision"),
        choices=[("approve", _("Je donne mon accord")), ("refuse", _("Je refuse"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Commentaire"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire en cas de refus : l'agent et la DRI le liront."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "refuse" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Expliquez pourquoi vous refusez."))
        return data
