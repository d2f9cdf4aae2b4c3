"""Forms of the project pages. Each builds its choices in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core import choices as reference
from maillage.core.concurrency import VersionedFormMixin
from maillage.core.forms import SEVERAL_HINT, BaseForm
from maillage.core.models import Authority, CodeListItem, PolicyArea, SdgGoal, SdgTarget
from maillage.organisation.models import Agent, ElectedOfficial, Service
from maillage.projects.models import (
    Mobilisation,
    Partner,
    Project,
    ProjectCarrier,
    ProjectPartner,
)
from maillage.projects.registry import selectors, services

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# One multiple choice per IATI role, in the order a project team thinks of them.
PARTNER_ROLE_FIELDS = (
    ("partners_implementing", ProjectPartner.Role.IMPLEMENTING, _("Maîtres d'œuvre")),
    ("partners_accountable", ProjectPartner.Role.ACCOUNTABLE, _("Responsables")),
    ("partners_funding", ProjectPartner.Role.FUNDING, _("Financeurs")),
    ("partners_extending", ProjectPartner.Role.EXTENDING, _("Intermédiaires")),
)
# One multiple choice per carrier role: the elected officials who carry the project.
CARRIER_ROLE_FIELDS = (
    ("carriers_lead", ProjectCarrier.Role.LEAD, _("Élus porteurs")),
    ("carriers_co", ProjectCarrier.Role.CO, _("Élus co-porteurs")),
)


class ProjectForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    """Create or edit a project."""

    # A code of the OECD CRS channel list; its choices are set in __init__.
    apd_channel = forms.ChoiceField(
        label=Project._meta.get_field("apd_channel").verbose_name.capitalize(),
        help_text=Project._meta.get_field("apd_channel").help_text,
        required=False,
    )
    # Three answers: yes, no, not said yet (None, the value of projects created before).
    development_main_objective = forms.NullBooleanField(
        label=_("Son objectif principal est-il le développement du pays partenaire ?"),
        help_text=Project._meta.get_field("development_main_objective").help_text,
        required=False,
        widget=forms.RadioSelect(
            choices=[
                ("True", _("Oui")),
                ("False", _("Non")),
                ("", _("Pas encore précisé")),
            ]
        ),
    )
    initial_status = forms.ChoiceField(
        label=_("Statut de départ"),
        choices=[(s, Project.Status(s).label) for s in services.INITIAL_STATUSES],
        initial=Project.Status.IDEA,
        help_text=_("Les étapes suivantes se déclarent ensuite, datées, depuis la fiche projet."),
    )

    class Meta:
        model = Project
        fields = (
            "title",
            "summary",
            "objectives",
            "kind",
            "analytic_code",
            "start_date",
            "end_date",
            "lead_service",
            "policy_areas",
            "sdg_targets",
            "dac_sectors",
            *Project.MARKER_FIELDS,
            "apd_channel",
            "apd_legal_basis",
            "development_main_objective",
            "visibility",
        )
        # agent_day_rate is edited on the funding tab, where it is used.
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "visibility": forms.RadioSelect,
            "policy_areas": forms.SelectMultiple(attrs={"size": 10}),
            "sdg_targets": forms.SelectMultiple(attrs={"size": 10}),
            "dac_sectors": forms.SelectMultiple(attrs={"size": 10}),
        }
        help_texts = {
            "policy_areas": SEVERAL_HINT,
            "sdg_targets": SEVERAL_HINT,
            "dac_sectors": SEVERAL_HINT,
            "visibility": _(
                "Un projet public figure sur les pages publiques de la collectivité, "
                "si elle publie ses projets."
            ),
        }

    def __init__(self, *args: Any, authority: Authority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.authority = authority
        creating = self.instance.pk is None
        if not creating:
            del self.fields["initial_status"]
        fields = self.fields
        # Active ones, plus those already chosen: an edit never drops them silently.
        lead = Q(pk=self.instance.lead_service_id) if self.instance.lead_service_id else Q()
        fields["lead_service"].queryset = Service.objects.filter(
            Q(active=True) | lead, authority=authority
        ).order_by("name")
        self._add_carrier_fields(authority, creating)
        fields["policy_areas"].queryset = PolicyArea.objects.filter(level__in=(2, 3))
        fields["policy_areas"].choices = reference.policy_area_groups(min_level=2)
        fields["sdg_targets"].queryset = SdgTarget.objects.all()
        fields["sdg_targets"].choices = _sdg_target_groups()
        sectors = CodeListItem.objects.filter(codelist="Sector", withdrawn=False)
        fields["dac_sectors"].queryset = sectors
        fields["dac_sectors"].choices = _sector_groups(sectors)
        fields["apd_channel"].choices = [
            ("", _("Non renseigné")),
            *_channel_choices(self.instance.apd_channel),
        ]
        # Optional in the form: left out, the legal basis is the general one (L1115-1).
        fields["apd_legal_basis"].required = False
        partners = list(
            Partner.objects.filter(authority=authority).select_related("country").order_by("name")
        )
        current: dict[str, list[int]] = {}
        if not creating:
            for partner_id, role in self.instance.project_partners.values_list(
                "partner_id", "role"
            ):
                current.setdefault(role, []).append(partner_id)
        for name, role, label in PARTNER_ROLE_FIELDS:
            field = forms.ModelMultipleChoiceField(
                label=label,
                queryset=Partner.objects.filter(authority=authority),
                required=False,
                widget=forms.SelectMultiple(attrs={"size": min(max(len(partners), 3), 6)}),
                help_text=SEVERAL_HINT,
            )
            field.choices = [(p.pk, f"{p.name} ({p.country.name})") for p in partners]
            field.initial = current.get(role, [])
            self.fields[name] = field

    def _add_carrier_fields(self, authority: Authority, creating: bool) -> None:
        current: dict[str, list[int]] = {}
        if not creating:
            for official_id, role in self.instance.carriers.values_list("official_id", "role"):
                current.setdefault(role, []).append(official_id)
        chosen = [pk for ids in current.values() for pk in ids]
        # Officials in office, plus those already carrying it: an edit never drops them silently.
        officials = list(
            ElectedOfficial.objects.filter(
                Q(active=True) | Q(pk__in=chosen), authority=authority
            ).order_by("last_name", "first_name")
        )
        choices = [(o.pk, f"{o} — {o.mandate}" if o.mandate else str(o)) for o in officials]
        for name, role, label in CARRIER_ROLE_FIELDS:
            field = forms.ModelMultipleChoiceField(
                label=label,
                queryset=ElectedOfficial.objects.filter(authority=authority),
                required=False,
                widget=forms.SelectMultiple(attrs={"size": min(max(len(officials), 3), 6)}),
                help_text=SEVERAL_HINT,
            )
            field.choices = choices
            field.initial = current.get(role, [])
            self.fields[name] = field

    def clean_analytic_code(self) -> str:
        # Compared and stored in upper case: the finance software's files vary.
        code = (self.cleaned_data.get("analytic_code") or "").strip().upper()
        if code:
            taken = Project.objects.filter(authority=self.authority, analytic_code=code)
            if self.instance.pk:
                taken = taken.exclude(pk=self.instance.pk)
            title = taken.values_list("title", flat=True).first()
            if title is not None:
                raise forms.ValidationError(
                    _("Le projet « %(title)s » porte déjà ce code analytique.") % {"title": title}
                )
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        both = set(data.get("carriers_lead") or ()) & set(data.get("carriers_co") or ())
        if both:
            self.add_error(
                "carriers_co",
                _("Un élu ne peut pas être à la fois porteur et co-porteur : %(names)s.")
                % {"names": ", ".join(sorted(str(o) for o in both))},
            )
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("La date de fin doit suivre la date de début."))
        if "apd_legal_basis" in data and not data["apd_legal_basis"]:
            data["apd_legal_basis"] = Project.LegalBasis.L1115_1
        # A radio left out of the request (not sent at all) keeps the saved answer.
        if "development_main_objective" not in self.data:
            data["development_main_objective"] = self.instance.development_main_objective
        return data

    def project_data(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in (*services.PROJECT_FIELDS, *services.PROJECT_M2M)
            if name in self.cleaned_data
        }

    def partner_roles(self) -> list[tuple[Partner, str]]:
        return [
            (partner, role)
            for name, role, _label in PARTNER_ROLE_FIELDS
            for partner in self.cleaned_data.get(name, [])
        ]

    def carrier_roles(self) -> list[tuple[ElectedOfficial, str]]:
        return [
            (official, role)
            for name, role, _label in CARRIER_ROLE_FIELDS
            for official in self.cleaned_data.get(name, [])
        ]

    def field_groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """Fields in the sections of the page (fieldsets)."""
        sections = [
            (
                _("Le projet"),
                ["title", "kind", "initial_status", "summary", "objectives", "analytic_code"],
            ),
            (
                _("Calendrier et pilotage"),
                ["start_date", "end_date", "lead_service", "carriers_lead", "carriers_co"],
            ),
            (_("Partenaires"), [name for name, _r, _l in PARTNER_ROLE_FIELDS]),
            (_("Classements"), ["policy_areas", "sdg_targets", "dac_sectors"]),
            (_("Marqueurs de l'OCDE"), list(Project.MARKER_FIELDS)),
            (
                _("Déclaration d'aide publique au développement (e-APD)"),
                ["development_main_objective", "apd_channel", "apd_legal_basis"],
            ),
            (_("Diffusion"), ["visibility"]),
        ]
        return [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in sections
        ]


def _sdg_target_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    goals = {g.number: str(g) for g in SdgGoal.objects.all()}
    groups: dict[int, list[tuple[str, str]]] = {}
    for target in SdgTarget.objects.order_by("goal", "position").only(
        "code", "goal_id", "title_fr", "title_en"
    ):
        title = target.title
        label = title if len(title) <= 110 else title[:109] + "…"
        groups.setdefault(target.goal_id, []).append((target.code, f"{target.code} — {label}"))
    return [(goals.get(goal, str(goal)), items) for goal, items in groups.items()]


def _sector_groups(sectors) -> list[tuple[str, list[tuple[int, str]]]]:
    categories = {
        item.code: item.name
        for item in CodeListItem.objects.filter(codelist="SectorCategory").only(
            "code", "name_fr", "name_en"
        )
    }
    groups: dict[str, list[tuple[int, str]]] = {}
    for item in sectors.order_by("code"):
        groups.setdefault(item.category, []).append((item.pk, f"{item.code} — {item.name}"))
    return [
        (f"{code} — {categories.get(code, '')}".strip(" —"), items)
        for code, items in groups.items()
    ]


def _channel_choices(current: str = "") -> list[tuple[str, str]]:
    """OECD CRS channels an authority uses, plus ``current`` if it is another code."""
    choices = list(reference.crs_channels())
    if current and current not in {code for code, _label in choices}:
        item = CodeListItem.objects.filter(codelist="CRSChannelCode", code=current).first()
        choices.append((current, f"{current} — {item.name}" if item else current))
    return choices


class StatusChangeForm(BaseForm):
    to_status = forms.ChoiceField(label=_("Nouveau statut"), widget=forms.RadioSelect)
    on = forms.DateField(
        label=_("Date du changement"),
        widget=DATE_WIDGET,
        help_text=_("Par défaut aujourd'hui ; elle ne peut pas être future."),
    )
    comment = forms.CharField(
        label=_("Commentaire"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Par exemple : la délibération, la raison de la suspension."),
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (s, Project.Status(s).label) for s in services.allowed_transitions(project.status)
        ]
        self.fields["on"].initial = timezone.localdate()


class ProposeMobilisationForm(VersionedFormMixin, BaseForm):
    service = forms.TypedChoiceField(label=_("Service"), coerce=int)
    role = forms.ChoiceField(
        label=_("Rôle"), choices=Mobilisation.Role.choices, initial=Mobilisation.Role.CONTRIBUTOR
    )
    contribution = forms.CharField(
        label=_("Apport attendu du service"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce que le service apporte au projet : expertise, accueil, matériel…"),
    )
    days_planned = forms.DecimalField(
        label=_("Jours-agent prévus"), min_value=0, max_digits=8, decimal_places=1, initial=0
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [
            ("", _("Choisir un service")),
            *selectors.unmobilised_services(project),
        ]


class MobilisationForm(VersionedFormMixin, BaseForm, forms.ModelForm):
    """Edit a mobilisation; a référent only changes what their service reports."""

    class Meta:
        model = Mobilisation
        fields = ("role", "contribution", "days_planned", "days_actual", "agents")
        widgets = {
            "contribution": forms.Textarea(attrs={"rows": 3}),
            "agents": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, referent_only: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if referent_only:
            kept = {*services.REFERENT_MOBILISATION_FIELDS, "version"}
            for name in set(self.fields) - kept:
                del self.fields[name]
        self.fields["agents"].queryset = Agent.objects.filter(
            service_id=self.instance.service_id, active=True
        ).order_by("last_name", "first_name")
        self.fields["agents"].help_text = _("Les agents actifs du service.")
        for name in ("days_planned", "days_actual"):
            if name in self.fields:
                self.fields[name].min_value = 0
                self.fields[name].widget.attrs["min"] = 0

    def mobilisation_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields if name != "version"}


class AnswerMobilisationForm(BaseForm):
    # The version the référent saw: an answer to a mobilisation changed meanwhile (its days,
    # its role, another référent's answer) is refused rather than applied to what they did
    # not read. Absent (a command, an older page): not checked.
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("Réponse du service"),
        choices=[
            ("confirm", _("Le service confirme sa participation")),
            ("decline", _("Le service décline")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Commentaire"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire si le service décline : dites pourquoi, ou à quelle condition."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "decline" and not data.get("comment", "").strip():
            self.add_error("comment", _("Indiquez pourquoi le service décline."))
        return data
