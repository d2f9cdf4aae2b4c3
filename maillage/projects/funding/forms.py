"""Forms of the funding and results tabs. They validate; services in funding.py and results.py
write."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core import choices as reference
from maillage.core.concurrency import VersionedFormMixin
from maillage.core.forms import BaseForm, SpreadsheetUploadForm
from maillage.core.models import Country, PolicyArea
from maillage.organisation.models import Agent
from maillage.projects.funding.payments.format import EXCLUDE
from maillage.projects.models import (
    BudgetLine,
    Commitment,
    Contribution,
    ContributionInstalment,
    DeclaredActivity,
    Indicator,
    IndicatorPeriod,
    Mobilisation,
    Partner,
    Payment,
    Project,
    Result,
    WorkedDays,
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
        fields = [
            "funder",
            "funder_name",
            "nature",
            "amount",
            "status",
            "decision_date",
            "granted_amount",
        ]
        widgets = {"decision_date": DateInput()}
        help_texts = {
            "funder_name": gettext_lazy("Par exemple : Région Normandie, Ville de Thiès."),
            "nature": gettext_lazy(
                "Une valorisation est un apport en nature (locaux, matériel, temps de bénévoles). "
                "Les journées des agents mobilisés sont déjà valorisées."
            ),
            "amount": gettext_lazy("Le montant prévu au plan, c'est-à-dire demandé au financeur."),
            "status": gettext_lazy(
                "Pour un cofinanceur : « accordée » seulement quand sa décision est reçue. "
                "Sans objet pour les fonds propres de la collectivité."
            ),
            "granted_amount": gettext_lazy(
                "Le montant de la décision, qui peut différer du montant demandé."
            ),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Left out (older forms, the authority's own funds), the decision stays as it was.
        self.fields["status"].required = False

    def clean_status(self) -> str:
        return (
            self.cleaned_data.get("status")
            or self.instance.status
            or Contribution._meta.get_field("status").default
        )


class CommitmentForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    """An engagement of the authority's money: partners and budget lines of the project only."""

    class Meta:
        model = Commitment
        fields = [
            "date",
            "label",
            "amount",
            "beneficiary_kind",
            "partner",
            "beneficiary_name",
            "budget_line",
            "m57_function",
            "m57_nature",
        ]
        widgets = {"date": DateInput()}
        help_texts = {
            "partner": gettext_lazy("Quand le bénéficiaire est un partenaire du projet."),
            "beneficiary_name": gettext_lazy(
                "Le prestataire, ou le partenaire s'il n'est pas dans la liste."
            ),
        }

    def __init__(self, *args: object, project: Project, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["partner"].queryset = (
            Partner.objects.filter(authority=project.authority_id, project_links__project=project)
            .distinct()
            .order_by("name")
        )
        fields["budget_line"].queryset = BudgetLine.objects.filter(project=project).order_by(
            "category", "label"
        )
        fields["m57_function"].queryset = PolicyArea.objects.filter(level__in=(2, 3))
        fields["m57_function"].choices = [
            ("", _("Non renseignée")),
            *reference.policy_area_groups(min_level=2),
        ]
        fields["amount"].min_value = 0.01

    def clean(self) -> dict:
        data = super().clean()
        kind, partner = data.get("beneficiary_kind"), data.get("partner")
        if partner is not None and kind and kind != Commitment.Beneficiary.PARTNER:
            self.add_error(
                "partner",
                _("Un partenaire n'est choisi que si le bénéficiaire est un partenaire."),
            )
        if kind == Commitment.Beneficiary.PROVIDER and not data.get("beneficiary_name"):
            self.add_error("beneficiary_name", _("Indiquez le nom du prestataire."))
        return data


class PaymentForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    class Meta:
        model = Payment
        fields = ["date", "amount", "reference", "note"]
        widgets = {"date": DateInput()}


class InstalmentForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    class Meta:
        model = ContributionInstalment
        fields = ["date", "amount", "note"]
        widgets = {"date": DateInput()}


class WorkedDaysForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    """A month of worked days. ``agents`` are those the user may enter days for; an agent who
    enters their own days has only themselves to choose and must choose."""

    class Meta:
        model = WorkedDays
        fields = ["month", "agent", "days", "note"]
        widgets = {"month": DateInput()}
        help_texts = {
            "month": gettext_lazy("N'importe quel jour du mois : le mois entier est retenu."),
            "agent": gettext_lazy("Facultatif : laissez vide pour les jours du service."),
        }

    def __init__(
        self,
        *args: object,
        mobilisation: Mobilisation,
        own_agents: frozenset[int] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        agents = Agent.objects.filter(authority=mobilisation.project.authority_id)
        current = Q(pk=self.instance.agent_id) if self.instance.agent_id else Q(pk__in=[])
        if own_agents is None:
            agents = agents.filter(
                Q(service=mobilisation.service_id) | Q(mobilisations=mobilisation) | current
            ).distinct()
        else:
            agents = agents.filter(pk__in=own_agents)
            self.fields["agent"].required = True
            self.fields["agent"].help_text = _("Vous saisissez vos propres jours.")
        self.fields["agent"].queryset = agents.order_by("last_name", "first_name")
        self.fields["days"].min_value = 0.1


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


class DeclaredActivityForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    """An activity declared outside a partner project (e-APD)."""

    class Meta:
        model = DeclaredActivity
        fields = [
            "year",
            "kind",
            "title",
            "amount",
            "country",
            "region",
            "purpose_code",
            "channel",
            "legal_basis",
            "m57_function",
            "marker_gender",
            "marker_environment",
            "marker_biodiversity",
            "marker_nutrition",
            "marker_disability",
            "marker_climate_mitigation",
            "marker_climate_adaptation",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "amount": gettext_lazy(
                "Ce qui a été payé pendant l'année (mandats), jamais un montant prévu. Pour les "
                "réfugiés, les seuls frais de leurs douze premiers mois en France."
            ),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.order_by("name_fr")


# --- Payments import --------------------------------------------------------------------------


class PaymentsFileForm(SpreadsheetUploadForm):
    """The finance software's payments file to check: CSV or XLSX, same limits as HR files."""

    label = gettext_lazy("Fichier des mandats")
    wrong_kind = gettext_lazy(
        "Seuls les fichiers .csv et .xlsx sont acceptés : exportez les mandats de "
        "votre logiciel financier dans l'un de ces formats."
    )
    too_large = gettext_lazy(
        "Le fichier pèse %(size)s, au-delà du maximum de %(max)s : exportez les "
        "mandats en plusieurs fichiers (par trimestre, par exemple)."
    )

    def help_text(self) -> str:
        return _(
            "Export des mandats de votre logiciel financier, au format .csv ou .xlsx, "
            "%(size)s au maximum."
        ) % {"size": self.max_size()}


def assignment_field(line: int) -> str:
    return f"ligne_{line}"


class PaymentsAssignmentForm(BaseForm):
    """The project of each row the dry run could not place: one select per row (the
    authority's projects only), or "exclude"; and "exclude all the rows left"."""

    exclude_rest = forms.BooleanField(
        label=gettext_lazy(
            "Exclure les lignes à affecter pour lesquelles aucun projet n'est choisi"
        ),
        required=False,
    )

    def __init__(self, *args, lines: list[int], projects: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            ("", _("— À affecter —")),
            (EXCLUDE, _("Exclure cette ligne")),
            *((str(pk), label) for pk, label in projects),
        ]
        for line in lines:
            self.fields[assignment_field(line)] = forms.ChoiceField(
                label=_("Projet de la ligne %(line)s") % {"line": line},
                choices=choices,
                required=False,
                error_messages={
                    "invalid_choice": _(
                        "Ce projet n'est pas un projet de la collectivité : choisissez-en un "
                        "dans la liste."
                    )
                },
                widget=forms.Select(attrs={"data-picker": "off"}),
            )
        self.lines = lines

    def assignments(self) -> dict[int, int | str]:
        chosen: dict[int, int | str] = {}
        for line in self.lines:
            value = self.cleaned_data.get(assignment_field(line))
            if value == EXCLUDE:
                chosen[line] = EXCLUDE
            elif value:
                chosen[line] = int(value)
        return chosen
