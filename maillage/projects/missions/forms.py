"""Forms of the company directory and of the rows a mission owns. They validate; the
services in ``missions/services.py`` write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core.concurrency import VersionedFormMixin
from maillage.core.forms import BaseForm
from maillage.core.models import Authority
from maillage.organisation.models import Service
from maillage.projects.missions.sirene import MAX_BYTES, lookup_sirens, normalise_naf
from maillage.projects.models import (
    BusinessMeeting,
    Company,
    Mission,
    MissionCompany,
    MissionCost,
    MissionVisitor,
    ProgrammeItem,
)


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CompanyChoiceField(forms.ModelChoiceField):
    """A company named "Name — SIREN — town": the picker finds it by any of them."""

    def label_from_instance(self, obj: Company) -> str:
        return " — ".join(part for part in (obj.name, obj.siren, obj.town) if part)


# --- The directory ------------------------------------------------------------------------------


class CompanyForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    class Meta:
        model = Company
        fields = [
            "siren",
            "name",
            "activity_code",
            "activity_label",
            "town",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        help_texts = {
            "siren": gettext_lazy("9 chiffres, sans espace : le numéro de l'entreprise à l'INSEE."),
        }

    def __init__(self, *args: Any, authority: Authority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.authority = authority

    def clean_siren(self) -> str:
        siren = self.cleaned_data["siren"].replace(" ", "")
        others = Company.objects.filter(authority=self.authority, siren=siren)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(
                _("Le SIREN %(siren)s est déjà dans l'annuaire (« %(name)s »).")
                % {"siren": siren, "name": others.first().name}
            )
        return siren

    def clean_activity_code(self) -> str:
        code = self.cleaned_data["activity_code"].strip()
        if not code:
            return ""
        naf = normalise_naf(code)
        if naf is None:
            raise ValidationError(_("Saisissez un code APE (NAF rév. 2) comme 25.62B."))
        return naf


class CompanyImportForm(BaseForm):
    file = forms.FileField(
        label=gettext_lazy("Extrait SIRENE (CSV)"),
        help_text=gettext_lazy(
            "Colonnes de l'INSEE (siren, denominationUniteLegale, "
            "activitePrincipaleUniteLegale…), séparées par des virgules ou des points-virgules, "
            "en UTF-8."
        ),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Vérifier seulement, sans rien enregistrer"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(
                _("Le fichier dépasse %(max)s Mo : découpez l'extrait en plusieurs fichiers.")
                % {"max": MAX_BYTES // (1024 * 1024)}
            )
        return upload


# --- The rows of a mission ----------------------------------------------------------------------


class MissionRowForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    """The form of a row of ``mission``; subclasses limit their choices to its authority."""

    def __init__(self, *args: Any, mission: Mission, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mission = mission
        if "date" in self.fields and not self.instance.pk:
            self.initial.setdefault("date", mission.start_date)  # rows fall within the mission


class MissionCompanyForm(MissionRowForm):
    siren = forms.CharField(
        label=gettext_lazy("ou son SIREN"),
        required=False,
        max_length=11,
        help_text=gettext_lazy("Le SIREN est cherché dans l'annuaire des entreprises."),
    )

    class Meta:
        model = MissionCompany
        fields = ["company", "siren", "sector", "contact_name", "role"]
        field_classes = {"company": CompanyChoiceField}
        help_texts = {
            "sector": gettext_lazy("Laissé vide : l'activité de l'entreprise dans l'annuaire."),
            "role": gettext_lazy("Exposant, acheteur, sous-traitant recherché…"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].required = False
        self.fields["company"].queryset = Company.objects.filter(
            authority=self.mission.authority_id
        ).order_by("name", "id")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        siren = data.get("siren", "")
        if siren:
            try:
                data["company"] = lookup_sirens(self.mission.authority, siren)[0]
            except ValidationError as exc:
                self.add_error("siren", exc)
                return data
        if not data.get("company") and "company" not in self.errors and "siren" not in self.errors:
            self.add_error(
                "company", _("Choisissez une entreprise de l'annuaire ou saisissez son SIREN.")
            )
        elif data.get("company") and not data.get("sector"):
            data["sector"] = data["company"].activity_label[:150]
        return data


class BusinessMeetingForm(MissionRowForm):
    class Meta:
        model = BusinessMeeting
        fields = [
            "date",
            "company",
            "counterpart",
            "subject",
            "outcome",
            "contract_amount",
            "follow_up",
        ]
        field_classes = {"company": CompanyChoiceField}
        widgets = {
            "date": _date_input(),
            "outcome": forms.RadioSelect,
            "follow_up": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "company": gettext_lazy("Une des entreprises de la mission."),
            "counterpart": gettext_lazy("L'entreprise ou l'organisme rencontré, et la personne."),
            "contract_amount": gettext_lazy("Pour un contrat signé, s'il est connu."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = BusinessMeeting.Outcome.choices
        self.fields["company"].queryset = Company.objects.filter(
            authority=self.mission.authority_id, mission_links__mission=self.mission
        ).order_by("name", "id")


class MissionCostForm(MissionRowForm):
    class Meta:
        model = MissionCost
        fields = ["nature", "label", "amount"]


class MissionVisitorForm(MissionRowForm):
    class Meta:
        model = MissionVisitor
        fields = ["name", "role", "organisation"]


class ProgrammeItemForm(MissionRowForm):
    class Meta:
        model = ProgrammeItem
        fields = ["date", "time", "activity", "service"]
        widgets = {
            "date": _date_input(),
            "time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        help_texts = {
            "service": gettext_lazy("Le service de la collectivité que la délégation visite."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(
            authority=self.mission.authority_id
        ).order_by("name", "id")
