"""Forms of the partner, agreement and mission pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core.concurrency import VersionedFormMixin
from maillage.core.forms import SEVERAL_HINT, BaseForm
from maillage.core.models import Authority, Country
from maillage.core.wording import localized_field
from maillage.organisation.models import Agent, ElectedOfficial
from maillage.projects.missions.sirene import lookup_sirens
from maillage.projects.models import (
    Agreement,
    AgreementDocument,
    Company,
    Mission,
    Partner,
    PartnerContact,
    Project,
)
from maillage.projects.partners.selectors import organisation_type_choices
from maillage.projects.partners.services import CONTACT_FIELDS, ContactChanges

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# Accepted document formats: extension -> how the file content starts (DOCX and ODT are ZIPs).
DOCUMENT_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# --- Partners ------------------------------------------------------------------------------


class PartnerForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    organisation_type = forms.ChoiceField(
        label=gettext_lazy("Type d'organisation (IATI)"), required=False
    )

    class Meta:
        model = Partner
        fields = [
            "name",
            "organisation_type",
            "country",
            "subdivision",
            "city",
            "latitude",
            "longitude",
            "website",
            "description",
        ]
        widgets = {
            "city": forms.TextInput(attrs={"list": "city-options", "autocomplete": "off"}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "city": gettext_lazy(
                "Les villes de plus de 15 000 habitants du pays choisi sont proposées en cours "
                "de saisie."
            ),
            "latitude": gettext_lazy(
                "En degrés décimaux, par exemple 14.78944. Laissez vide : la position est "
                "reprise du répertoire des villes si la ville y figure."
            ),
            "longitude": gettext_lazy("En degrés décimaux, par exemple -16.92602."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = organisation_type_choices()
        current = self.instance.organisation_type
        if current and current not in {code for code, _label in choices}:
            choices.append((current, current))  # a code withdrawn since: keep it selectable
        self.fields["organisation_type"].choices = [("", _("Non renseigné"))] + choices
        self.fields["country"].queryset = Country.objects.order_by(localized_field("name"))
        self.fields["country"].widget.attrs["data-city-country"] = ""
        self.fields["city"].widget.attrs["data-suggestions-url"] = reverse("city_suggestions")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None):
            missing = "longitude" if longitude is None else "latitude"
            if not self.has_error(missing):
                self.add_error(
                    missing,
                    _("Indiquez la latitude et la longitude, ou laissez les deux champs vides."),
                )
        return data

    def country_code(self) -> str:
        """The country chosen (or being chosen) on the form, for the city suggestions."""
        if self.is_bound:
            return str(self.data.get(self.add_prefix("country"), "")).upper()[:2]
        return self.instance.country_id or str(self.initial.get("country") or "")


class PartnerContactForm(BaseForm, forms.ModelForm):
    class Meta:
        model = PartnerContact
        fields = ["name", "position", "email", "phone"]


ContactFormSet = forms.inlineformset_factory(
    Partner,
    PartnerContact,
    form=PartnerContactForm,
    extra=1,
    can_delete=True,
    max_num=50,
    validate_max=True,
)


def contact_changes(formset: forms.BaseInlineFormSet) -> ContactChanges:
    """What a valid contact formset asks for, in the shape the service function takes."""
    changes = ContactChanges()
    for form in formset.forms:
        data = form.cleaned_data
        if not data:  # an extra row left empty
            continue
        if form.instance.pk:
            if data.get("DELETE"):
                changes.deleted.append(form.instance.pk)
            elif form.has_changed():
                changes.changed.append((form.instance.pk, {n: data[n] for n in CONTACT_FIELDS}))
        elif not data.get("DELETE"):
            changes.added.append({n: data[n] for n in CONTACT_FIELDS})
    return changes


# --- Agreements ----------------------------------------------------------------------------


class PartnerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Partner) -> str:
        return f"{obj.name} ({obj.country})"


class AgreementForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "kind",
            "title",
            "partners",
            "deliberation_number",
            "deliberation_date",
            "signature_date",
            "end_date",
            "status",
            "notes",
            "projects",
        ]
        field_classes = {"partners": PartnerChoiceField}
        widgets = {
            "partners": forms.CheckboxSelectMultiple,
            "projects": forms.SelectMultiple(attrs={"size": 8}),
            "deliberation_date": date_input(),
            "signature_date": date_input(),
            "end_date": date_input(),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "end_date": gettext_lazy(
                "Date d'échéance ou de renouvellement : la convention apparaît dans la liste "
                "« à renouveler » six mois avant."
            ),
            "projects": SEVERAL_HINT,
        }
        labels = {"projects": gettext_lazy("Projets couverts")}

    def __init__(self, *args: Any, authority: Authority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = (
            Partner.objects.filter(authority=authority).select_related("country").order_by("name")
        )
        # Scoped to the authority: another authority's project id is an invalid choice.
        self.fields["projects"].queryset = Project.objects.filter(authority=authority).order_by(
            "title"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        deliberation, signature, end = (
            data.get("deliberation_date"),
            data.get("signature_date"),
            data.get("end_date"),
        )
        if deliberation and signature and signature < deliberation:
            self.add_error(
                "signature_date",
                _("La signature ne peut pas précéder la délibération qui l'autorise (%(date)s).")
                % {"date": date_format(deliberation, "SHORT_DATE_FORMAT")},
            )
        if signature and end and end < signature:
            self.add_error(
                "end_date",
                _("L'échéance ne peut pas précéder la date de signature (%(date)s).")
                % {"date": date_format(signature, "SHORT_DATE_FORMAT")},
            )
        return data


def _document_hint() -> str:
    return _("PDF, DOCX, ODT, JPG ou PNG, %(size)s maximum.") % {
        "size": filesizeformat(MAX_DOCUMENT_BYTES)
    }


class AgreementDocumentForm(VersionedFormMixin, BaseForm):
    """A document for an agreement; its ``form_token`` makes a double submission add one."""

    title = forms.CharField(
        label=gettext_lazy("Titre du document"),
        max_length=AgreementDocument._meta.get_field("title").max_length,
        required=False,
        help_text=gettext_lazy("Par défaut, le nom du fichier."),
    )
    file = forms.FileField(
        label=gettext_lazy("Fichier"),
        help_text=lazy(_document_hint, str)(),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ",".join(DOCUMENT_SIGNATURES)}
        ),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        extension = Path(upload.name or "").suffix.lower()
        if extension not in DOCUMENT_SIGNATURES:
            raise forms.ValidationError(
                _(
                    "Le format « %(ext)s » n'est pas accepté : déposez un fichier PDF, DOCX, ODT, "
                    "JPG ou PNG."
                )
                % {"ext": extension or _("sans extension")}
            )
        if upload.size is not None and upload.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(
                _("Le fichier pèse %(size)s, au-delà du maximum de %(max)s.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_DOCUMENT_BYTES)}
            )
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if not head.startswith(DOCUMENT_SIGNATURES[extension]):
            raise forms.ValidationError(
                _(
                    "Le contenu du fichier ne correspond pas à un fichier %(ext)s : "
                    "enregistrez-le à nouveau dans ce format."
                )
                % {"ext": extension.lstrip(".").upper()}
            )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload = data.get("file")
        if upload is not None and not data.get("title"):
            data["title"] = Path(upload.name).stem[: self.fields["title"].max_length]
        return data


# --- Missions ------------------------------------------------------------------------------


class AgentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Agent) -> str:
        label = f"{obj.last_name} {obj.first_name}"
        return f"{label} — {obj.service.name}" if obj.service_id else label


class OfficialChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: ElectedOfficial) -> str:
        return f"{obj.last_name} {obj.first_name} — {obj.mandate}"


class MissionForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    class Meta:
        model = Mission
        fields = [
            "direction",
            "title",
            "start_date",
            "end_date",
            "country",
            "places",
            "project",
            "agents",
            "elected_officials",
            "companies",
            "youths",
            "associations",
            "other_participants",
            "report",
        ]
        field_classes = {"agents": AgentChoiceField, "elected_officials": OfficialChoiceField}
        widgets = {
            "direction": forms.RadioSelect,
            "start_date": date_input(),
            "end_date": date_input(),
            "agents": forms.SelectMultiple(attrs={"size": 8}),
            "elected_officials": forms.SelectMultiple(attrs={"size": 6}),
            "report": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "agents": SEVERAL_HINT,
            "elected_officials": SEVERAL_HINT,
            "places": gettext_lazy("Villes, institutions ou sites visités ou d'accueil."),
            "companies": gettext_lazy(
                "Entreprises présentes que vous ne nommez pas : les autres s'ajoutent par leur "
                "SIREN ci-dessous."
            ),
        }

    sirens = forms.CharField(
        label=gettext_lazy("Ajouter des entreprises par leur SIREN"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Un ou plusieurs SIREN (9 chiffres), séparés par des espaces, des virgules ou des "
            "retours à la ligne ; chacun est cherché dans l'annuaire des entreprises."
        ),
    )

    def __init__(self, *args: Any, authority: Authority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.order_by(localized_field("name"))
        self.fields["direction"].choices = Mission.Direction.choices  # radios: no blank choice
        self.fields["project"].queryset = Project.objects.filter(authority=authority).order_by(
            "title"
        )
        # Active people, plus those already named on the mission who have left since.
        agents = Q(active=True)
        officials = Q(active=True)
        if self.instance.pk:
            agents |= Q(pk__in=self.instance.agents.values("pk"))
            officials |= Q(pk__in=self.instance.elected_officials.values("pk"))
        self.fields["agents"].queryset = (
            Agent.objects.filter(agents, authority=authority)
            .select_related("service")
            .order_by("last_name", "first_name", "id")
        )
        self.fields["elected_officials"].queryset = ElectedOfficial.objects.filter(
            officials, authority=authority
        ).order_by("last_name", "first_name", "id")
        self.authority = authority

    def clean_sirens(self) -> list[Company]:
        return lookup_sirens(self.authority, self.cleaned_data["sirens"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date",
                _("La date de fin doit être égale ou postérieure à la date de début (%(date)s).")
                % {"date": date_format(start, "SHORT_DATE_FORMAT")},
            )
        return data
