"""Forms of the organisation pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core.forms import BaseForm, SpreadsheetUploadForm
from maillage.core.models import Authority

from .models import Agent, Referent, Service


class HrImportForm(SpreadsheetUploadForm):
    """The HR file to check: CSV or XLSX, up to HR_IMPORT_MAX_UPLOAD_BYTES."""

    label = gettext_lazy("Fichier RH")
    wrong_kind = gettext_lazy(
        "Seuls les fichiers .csv et .xlsx sont acceptés : dans votre tableur, "
        "enregistrez le fichier au format « CSV UTF-8 » ou .xlsx."
    )
    too_large = gettext_lazy(
        "Le fichier pèse %(size)s, au-delà du maximum de %(max)s : importez-le "
        "avec la commande import_hr ou demandez à l'administrateur de relever "
        "la limite."
    )

    def help_text(self) -> str:
        return _("Format .csv (enregistré en « CSV UTF-8 ») ou .xlsx, %(size)s au maximum.") % {
            "size": self.max_size()
        }


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AgentChoiceField(forms.ModelChoiceField):
    """An agent named "Nom Prénom — Service": the picker finds them by name or by service."""

    def label_from_instance(self, obj: Agent) -> str:
        label = f"{obj.last_name} {obj.first_name}"
        return f"{label} — {obj.service.name}" if obj.service_id else label


def active_agents(authority: Authority, service: Service | int | None = None) -> QuerySet[Agent]:
    """The agents a référent may be chosen among: the authority's own, still in post; those
    of ``service`` first, since a service's référent is most often one of its agents."""
    agents = (
        Agent.objects.filter(authority=authority, active=True)
        .select_related("service")
        .only("id", "first_name", "last_name", "service_id", "service__name")
    )
    if service is None:
        return agents.order_by("last_name", "first_name", "id")
    own = Case(When(service=service, then=Value(0)), default=Value(1))
    return agents.order_by(own, "last_name", "first_name", "id")


def _agent_field() -> AgentChoiceField:
    return AgentChoiceField(
        label=gettext_lazy("Agent"),
        queryset=Agent.objects.none(),
        help_text=gettext_lazy("Tapez le nom de l'agent ou de son service."),
        error_messages={
            "invalid_choice": gettext_lazy(
                "Choisissez un agent en poste de votre collectivité dans la liste."
            )
        },
    )


class _EndAfterStart:
    def _check_dates(self, data: dict[str, Any], start_field: str = "start") -> None:
        start, end = data.get(start_field), data.get("end")
        if start and end and end < start:
            self.add_error(  # type: ignore[attr-defined]
                "end", _("La fin du mandat doit être le jour du début ou après.")
            )


class DesignateReferentForm(_EndAfterStart, BaseForm):
    agent = _agent_field()
    kind = forms.ChoiceField(
        label=gettext_lazy("Qualité"),
        choices=Referent.Kind.choices,
        initial=Referent.Kind.HOLDER,
        widget=forms.RadioSelect,
    )
    start = forms.DateField(label=gettext_lazy("Début du mandat"), widget=_date_input())
    end = forms.DateField(
        label=gettext_lazy("Fin du mandat"),
        required=False,
        widget=_date_input(),
        help_text=gettext_lazy("Laissez vide pour un mandat sans date de fin prévue."),
    )

    def __init__(
        self, *args: Any, authority: Authority, service: Service | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # With a holder in office, the form proposes a substitute: a second holder is refused
        # ("Remplacer" is the way to change the holder).
        if service is not None and (
            Referent.objects.current().filter(service=service, kind=Referent.Kind.HOLDER).exists()
        ):
            self.fields["kind"].initial = Referent.Kind.SUBSTITUTE
        self.fields["agent"].queryset = active_agents(authority, service)
        self.fields["start"].initial = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self._check_dates(data)
        return data


class _MandateVersion(forms.Form):
    """The mandate's version the form was built on (hidden): of two people acting on the same
    mandate from two open forms, the second is told it changed instead of overwriting it."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def set_version(self, referent: Referent | None) -> None:
        if referent is not None:
            self.fields["version"].initial = referent.version


class ReplaceReferentForm(_MandateVersion, BaseForm):
    agent = _agent_field()
    start = forms.DateField(
        label=gettext_lazy("Début du nouveau mandat"),
        widget=_date_input(),
        help_text=gettext_lazy("Le mandat en cours prend fin la veille."),
    )

    def __init__(
        self, *args: Any, authority: Authority, referent: Referent | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        agents = active_agents(authority, referent.service_id if referent else None)
        if referent is not None:
            agents = agents.exclude(pk=referent.agent_id)  # nobody replaces themselves
        self.fields["agent"].queryset = agents
        self.fields["start"].initial = timezone.localdate()
        self.set_version(referent)


class EndReferentForm(_MandateVersion, BaseForm):
    end = forms.DateField(
        label=gettext_lazy("Dernier jour du mandat"),
        widget=_date_input(),
    )

    def __init__(self, *args: Any, referent: Referent | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["end"].initial = timezone.localdate()
        self.set_version(referent)


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's error on the field it names, or above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
