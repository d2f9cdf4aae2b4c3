"""Forms of the committee pages."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core.concurrency import VersionedFormMixin
from maillage.core.forms import SEVERAL_HINT, BaseForm
from maillage.core.models import Authority, Country, PolicyArea
from maillage.organisation.models import Agent, ElectedOfficial
from maillage.projects.models import Project

from .models import (
    ActionItem,
    AgendaItem,
    Committee,
    CommitteeMember,
    Decision,
    Meeting,
    WatchItem,
)


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AgentField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agent) -> str:
        label = f"{obj.last_name} {obj.first_name}"
        return f"{label} — {obj.service.name}" if obj.service_id else label


class OfficialField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ElectedOfficial) -> str:
        return f"{obj.last_name} {obj.first_name} — {obj.mandate}"


def _projects(authority: Authority):
    return Project.objects.filter(authority=authority).only("id", "title").order_by("title")


def _agents(authority: Authority, keep: int | None = None):
    wanted = Q(active=True) | Q(pk=keep) if keep else Q(active=True)
    return (
        Agent.objects.filter(wanted, authority=authority)
        .select_related("service")
        .order_by("last_name", "first_name", "id")
    )


class CommitteeForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    class Meta:
        model = Committee
        fields = ["name", "kind", "purpose", "projects", "policy_areas", "active"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "projects": forms.SelectMultiple(attrs={"size": 8}),
            "policy_areas": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "purpose": gettext_lazy("Ce que le comité suit et décide, en quelques lignes."),
            "projects": SEVERAL_HINT,
            "policy_areas": SEVERAL_HINT,
            "active": gettext_lazy("Décochez quand le comité ne se réunit plus."),
        }

    def __init__(self, *args: Any, authority: Authority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = _projects(authority)
        self.fields["policy_areas"].queryset = PolicyArea.objects.order_by("code")


class MemberForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    class Meta:
        model = CommitteeMember
        fields = [
            "agent",
            "elected_official",
            "external_name",
            "external_civility",
            "external_organisation",
            "position",
            "mandate_end",
        ]
        field_classes = {"agent": AgentField, "elected_official": OfficialField}
        widgets = {"mandate_end": date_input()}
        help_texts = {
            "agent": gettext_lazy("Un agent de la collectivité…"),
            "elected_official": gettext_lazy("… ou un élu…"),
            "external_name": gettext_lazy(
                "… ou une personne extérieure, par exemple le représentant d'un partenaire."
            ),
            "external_civility": gettext_lazy(
                "Facultatif, pour une personne extérieure : accorde son rôle (Présidente, "
                "Président)."
            ),
            "mandate_end": gettext_lazy(
                "Facultatif. Le comité signale les mandats échus ou qui s'achèvent dans les "
                "trois mois."
            ),
        }

    def __init__(self, *args: Any, authority: Authority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = _agents(authority, self.instance.agent_id)
        officials = Q(active=True)
        if self.instance.elected_official_id:
            officials |= Q(pk=self.instance.elected_official_id)
        self.fields["elected_official"].queryset = ElectedOfficial.objects.filter(
            officials, authority=authority
        ).order_by("last_name", "first_name", "id")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen = [
            data.get("agent") is not None,
            data.get("elected_official") is not None,
            bool(data.get("external_name")),
        ]
        if sum(chosen) != 1:
            raise forms.ValidationError(
                _(
                    "Choisissez une seule personne : un agent, un élu, ou le nom d'une "
                    "personne extérieure."
                )
            )
        if data.get("external_civility") and not data.get("external_name"):
            self.add_error(
                "external_civility",
                _(
                    "La civilité ne s'indique ici que pour une personne extérieure : celle "
                    "d'un agent ou d'un élu se trouve sur sa fiche."
                ),
            )
        if data.get("external_organisation") and not data.get("external_name"):
            self.add_error(
                "external_organisation",
                _("L'organisme ne s'indique que pour une personne extérieure."),
            )
        return data


class MeetingForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Date et heure"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )

    class Meta:
        model = Meeting
        fields = ["starts_at", "duration_minutes", "place", "status", "minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 10})}
        help_texts = {
            "minutes": gettext_lazy("Le compte rendu, rédigé après la réunion."),
            "duration_minutes": gettext_lazy("Sert à l'export vers les agendas."),
        }

    def clean_duration_minutes(self) -> int:
        value = self.cleaned_data["duration_minutes"]
        if not 5 <= value <= 24 * 60:
            raise forms.ValidationError(_("Indiquez une durée entre 5 minutes et 24 heures."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts_at = data.get("starts_at")
        if data.get("status") == Meeting.Status.HELD and starts_at and starts_at > timezone.now():
            self.add_error("status", _("Une réunion à venir ne peut pas être marquée comme tenue."))
        return data


class AgendaItemForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["position", "title", "project", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"position": gettext_lazy("Laissez vide pour ajouter le point à la fin.")}

    def __init__(self, *args: Any, authority: Authority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["project"].queryset = _projects(authority)


class DecisionForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["text", "project", "decided_on"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4}), "decided_on": date_input()}

    def __init__(self, *args: Any, authority: Authority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = _projects(authority)

    def clean_decided_on(self) -> datetime.date:
        day = self.cleaned_data["decided_on"]
        if self.instance.pk and day.year != self.instance.year:
            raise forms.ValidationError(
                _(
                    "La décision est numérotée dans le relevé de %(year)s : sa date reste dans "
                    "cette année. Pour une autre année, supprimez-la et enregistrez-la à nouveau."
                )
                % {"year": self.instance.year}
            )
        return day


class ActionForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["title", "owner_agent", "owner_text", "due_date", "project", "decision", "status"]
        field_classes = {"owner_agent": AgentField}
        widgets = {"due_date": date_input()}
        help_texts = {
            "owner_text": gettext_lazy(
                "Si le responsable n'est pas un agent : un élu, un partenaire, un service…"
            ),
        }

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        authority = meeting.authority
        self.fields["owner_agent"].queryset = _agents(authority, self.instance.owner_agent_id)
        self.fields["project"].queryset = _projects(authority)
        self.fields["decision"].queryset = Decision.objects.filter(
            committee_id=meeting.committee_id
        ).order_by("-decided_on", "-number")
        self.fields["status"].choices = ActionItem.Status.choices

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("owner_agent") is not None and data.get("owner_text"):
            self.add_error(
                "owner_text",
                _("Choisissez un agent ou saisissez un autre responsable, pas les deux."),
            )
        return data


class ActionStatusForm(BaseForm, forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("État de l'action"),
        choices=ActionItem.Status.choices,
        widget=forms.RadioSelect,
    )


def attendance_statuses(meeting_members: list, data: Any) -> dict[int, str]:
    """The statuses posted by the attendance form, one ``presence-<member id>`` field each."""
    from .models import Attendance

    valid = set(Attendance.Status.values) | {""}
    statuses = {}
    for member in meeting_members:
        value = data.get(f"presence-{member.pk}", "")
        statuses[member.pk] = value if value in valid else ""
    return statuses


def default_due(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=30)


class WatchItemForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    class Meta:
        model = WatchItem
        fields = ["kind", "title", "link", "deadline", "summary", "policy_areas", "countries"]
        widgets = {
            "deadline": date_input(),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "policy_areas": forms.SelectMultiple(attrs={"size": 8}),
            "countries": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {"policy_areas": SEVERAL_HINT, "countries": SEVERAL_HINT}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["policy_areas"].queryset = PolicyArea.objects.order_by("code")
        self.fields["countries"].queryset = Country.objects.order_by("name_fr")


class ShareWatchItemForm(BaseForm, forms.Form):
    """The committee whose next agenda receives a watch item: one of the authority's."""

    committee = forms.ModelChoiceField(
        queryset=Committee.objects.none(), label=gettext_lazy("Comité")
    )

    def __init__(self, *args: Any, authority: Authority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.filter(
            authority=authority, active=True
        ).order_by("name")
