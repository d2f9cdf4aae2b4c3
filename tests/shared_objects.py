"""The shared objects and their forms, for the concurrent-edit and create-once tests.

``EDITS``: how to build each shared object and reach its edit form, and a text field to change.
``CREATES``: each create form, with the values its required fields need.
``form_data`` turns a rendered form (and its formsets) into what a browser would post.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.db import models
from django.test import Client
from django.urls import reverse

from maillage.governance.models import (
    ActionItem,
    AgendaItem,
    Committee,
    CommitteeMember,
    Decision,
    Meeting,
)
from maillage.projects.models import (
    Agreement,
    BudgetLine,
    Contribution,
    Indicator,
    IndicatorPeriod,
    Mission,
    Mobilisation,
    Partner,
    Project,
    Result,
)

from .factories import (
    AgreementFactory,
    BudgetLineFactory,
    ContributionFactory,
    IndicatorFactory,
    IndicatorPeriodFactory,
    MissionFactory,
    MobilisationFactory,
    PartnerFactory,
    ProjectFactory,
    ResultFactory,
    ServiceFactory,
)
from .governance.factories import (
    ActionFactory,
    AgendaItemFactory,
    CommitteeFactory,
    DecisionFactory,
    MeetingFactory,
    MemberFactory,
)


@dataclass(frozen=True)
class Edit:
    name: str
    make: Callable[[Any], models.Model]
    url: Callable[[models.Model], str]
    field: str


def _meeting(authority) -> Meeting:
    return MeetingFactory(committee=CommitteeFactory(authority=authority))


def _agreement(authority) -> Agreement:
    agreement = AgreementFactory(authority=authority)
    agreement.partners.add(PartnerFactory(authority=authority))
    return agreement


def _project_url(name: str, attr: str = "project") -> Callable[[models.Model], str]:
    def url(obj: models.Model) -> str:
        project = obj
        for step in attr.split("."):
            project = getattr(project, step)
        return reverse(name, args=[project.pk, obj.pk])

    return url


def _url(name: str) -> Callable[[models.Model], str]:
    return lambda obj: reverse(name, args=[obj.pk])


EDITS = [
    Edit("project", lambda a: ProjectFactory(authority=a), _url("project_edit"), "title"),
    Edit(
        "partner",
        # Located already: a partner without coordinates is located on its first save.
        lambda a: PartnerFactory(
            authority=a, latitude=Decimal("14.78944"), longitude=Decimal("-16.92602")
        ),
        _url("partner_update"),
        "name",
    ),
    Edit("agreement", _agreement, _url("agreement_update"), "title"),
    Edit("mission", lambda a: MissionFactory(authority=a), _url("mission_update"), "title"),
    Edit("committee", lambda a: CommitteeFactory(authority=a), _url("committee_edit"), "name"),
    Edit(
        "member",
        lambda a: MemberFactory(committee=CommitteeFactory(authority=a)),
        _url("member_edit"),
        "external_organisation",
    ),
    Edit("meeting", _meeting, _url("meeting_edit"), "minutes"),
    Edit(
        "agenda item",
        lambda a: AgendaItemFactory(meeting=_meeting(a)),
        _url("agenda_item_edit"),
        "title",
    ),
    Edit("decision", lambda a: DecisionFactory(meeting=_meeting(a)), _url("decision_edit"), "text"),
    Edit("action item", lambda a: ActionFactory(meeting=_meeting(a)), _url("action_edit"), "title"),
    Edit(
        "mobilisation",
        lambda a: MobilisationFactory(project=ProjectFactory(authority=a)),
        _url("mobilisation_edit"),
        "contribution",
    ),
    Edit(
        "budget line",
        lambda a: BudgetLineFactory(project=ProjectFactory(authority=a)),
        _project_url("funding_line_update"),
        "label",
    ),
    Edit(
        "contribution",
        lambda a: ContributionFactory(project=ProjectFactory(authority=a)),
        _project_url("funding_contribution_update"),
        "funder_name",
    ),
    Edit(
        "result",
        lambda a: ResultFactory(project=ProjectFactory(authority=a)),
        _project_url("result_update"),
        "title",
    ),
    Edit(
        "indicator",
        lambda a: IndicatorFactory(result=ResultFactory(project=ProjectFactory(authority=a))),
        _project_url("indicator_update", "result.project"),
        "title",
    ),
    Edit(
        "indicator period",
        lambda a: IndicatorPeriodFactory(
            indicator=IndicatorFactory(result=ResultFactory(project=ProjectFactory(authority=a)))
        ),
        _project_url("period_update", "indicator.result.project"),
        "comment",
    ),
]


@dataclass(frozen=True)
class Create:
    name: str
    model: type[models.Model]
    url: Callable[[Any], str]
    values: dict[str, Any] = field(default_factory=dict)


def _in_meeting(name: str) -> Callable[[Any], str]:
    return lambda a: reverse(name, args=[_meeting(a).pk])


def _in_project(name: str) -> Callable[[Any], str]:
    return lambda a: reverse(name, args=[ProjectFactory(authority=a).pk])


CREATES = [
    Create(
        "project",
        Project,
        lambda a: reverse("project_create"),
        {"title": "Nouveau", "kind": "solidarity"},
    ),
    Create(
        "partner",
        Partner,
        lambda a: reverse("partner_create"),
        {"name": "Commune de Saint-Louis", "country": "SN"},
    ),
    Create(
        "agreement",
        Agreement,
        # ``?partenaire=`` ticks the partner an agreement needs.
        lambda a: reverse("agreement_create") + f"?partenaire={PartnerFactory(authority=a).pk}",
        {"title": "Convention de jumelage", "kind": "twinning", "status": "in_force"},
    ),
    Create(
        "mission",
        Mission,
        lambda a: reverse("mission_create"),
        {
            "title": "Mission à Thiès",
            "start_date": "2025-03-10",
            "end_date": "2025-03-17",
            "country": "SN",
        },
    ),
    Create(
        "committee",
        Committee,
        lambda a: reverse("committee_create"),
        {"name": "Comité de jumelage", "kind": "steering"},
    ),
    Create(
        "member",
        CommitteeMember,
        lambda a: reverse("member_add", args=[CommitteeFactory(authority=a).pk]),
        {"external_name": "Awa Diop", "position": "member"},
    ),
    Create(
        "meeting",
        Meeting,
        lambda a: reverse("meeting_create", args=[CommitteeFactory(authority=a).pk]),
        {"starts_at": "2025-05-12T14:00", "duration_minutes": "120", "status": "held"},
    ),
    Create("agenda item", AgendaItem, _in_meeting("agenda_item_add"), {"title": "Bilan"}),
    Create("decision", Decision, _in_meeting("decision_create"), {"text": "Adopté."}),
    Create("action item", ActionItem, _in_meeting("action_create"), {"title": "Écrire"}),
    Create(
        "mobilisation",
        Mobilisation,
        # The service to mobilise is the authority's only one, picked as the first choice.
        lambda a: reverse(
            "mobilisation_propose",
            args=[ServiceFactory(authority=a) and ProjectFactory(authority=a).pk],
        ),
        {"role": "contributor", "days_planned": "3"},
    ),
    Create(
        "budget line",
        BudgetLine,
        _in_project("funding_line_create"),
        {"category": "activities", "label": "Chantiers", "amount": "8000"},
    ),
    Create(
        "contribution",
        Contribution,
        _in_project("funding_contribution_create"),
        {"funder": "region", "nature": "cash", "amount": "2000"},
    ),
    Create(
        "result",
        Result,
        _in_project("result_create"),
        {"title": "Jeunes formés", "territory": "home", "result_type": "1"},
    ),
    Create(
        "indicator",
        Indicator,
        lambda a: reverse(
            "indicator_create",
            args=[(r := ResultFactory(project=ProjectFactory(authority=a))).project_id, r.pk],
        ),
        {"title": "Jeunes recrutés", "unit": "jeunes"},
    ),
    Create(
        "indicator period",
        IndicatorPeriod,
        lambda a: reverse(
            "period_create",
            args=[
                (
                    i := IndicatorFactory(result=ResultFactory(project=ProjectFactory(authority=a)))
                ).result.project_id,
                i.pk,
            ],
        ),
        {"start": "2025-01-01", "end": "2025-12-31", "actual": "3"},
    ),
]


def _value(bound: forms.BoundField) -> Any:
    value = bound.value()
    if isinstance(bound.field, forms.BooleanField):
        return "on" if value else None
    if value in (None, "") and isinstance(bound.field, forms.ChoiceField) and bound.field.required:
        # A required choice left empty: the browser's user picks the first option.
        value = next((key for key, _label in bound.field.choices if key != ""), "")
    if value is None:
        multiple = isinstance(
            bound.field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField
        )
        return [] if multiple else ""
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if isinstance(bound.field, (forms.ChoiceField, forms.ModelChoiceField)):
        return str(value)
    shown = bound.field.widget.format_value(value)
    return "" if shown is None else str(shown)


def form_data(context) -> dict[str, Any]:
    """What a browser posts back, unchanged, for the page's ``form`` and formsets."""
    data: dict[str, Any] = {}
    forms_ = [context["form"]]
    formset = context.get("contacts")
    if formset is not None:
        forms_ += [formset.management_form, *formset.forms]
    for form in forms_:
        for bound in form:
            value = _value(bound)
            if value is not None:
                data[bound.html_name] = value
    return data


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
