"""Suggested news: events already recorded in the application, each offered once to the DRI.

Six sources, one bounded query each (at most ``PER_SOURCE`` of the latest events of the last
``WINDOW_DAYS``, those already used or dismissed left out by the query itself through
``SuggestionUse``): a project started or completed, an indicator reaching its target, a
decision taken, a mission back, a call for competences answered (agents approved), a local
benefit recorded. Each event has a key ``<source>:<id>`` which ``SuggestionUse`` records once.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import wording
from maillage.core.models import Authority
from maillage.governance.models import Committee, Decision
from maillage.projects.models import (
    Indicator,
    IndicatorPeriod,
    Mission,
    Project,
    Result,
    StatusChange,
)
from maillage.skills.models import CallResponse, SkillCall

from .models import Audience, NewsItem, SuggestionUse

PER_SOURCE = 8
WINDOW_DAYS = 365


@dataclass
class Suggestion:
    key: str
    source: str
    on: datetime.date | None
    title: str
    body: str
    project: Project | None = None
    committee: Committee | None = None
    kind: str = NewsItem.Kind.NEWS
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def draft_url(self) -> str:
        source, _sep, pk = self.key.partition(":")
        return reverse("news_suggestion_draft", args=[source, int(pk)])

    @property
    def dismiss_url(self) -> str:
        source, _sep, pk = self.key.partition(":")
        return reverse("news_suggestion_dismiss", args=[source, int(pk)])

    def draft_data(self) -> dict[str, Any]:
        return {
            "title": self.title[:200],
            "body": self.body,
            "kind": self.kind,
            "audience": Audience.ALL,
            "projects": [self.project] if self.project else [],
            "committees": [self.committee] if self.committee else [],
        }


def _unused(authority: Authority, prefix: str, pk_field: str = "pk") -> Exists:
    return Exists(
        SuggestionUse.objects.filter(
            authority=authority,
            key=Concat(Value(f"{prefix}:"), Cast(OuterRef(pk_field), CharField())),
        )
    )


def _since(today: datetime.date) -> datetime.date:
    return today - datetime.timedelta(days=WINDOW_DAYS)


def _status_changes(authority: Authority, today: datetime.date, pk: int | None) -> list:
    rows = StatusChange.objects.filter(
        project__authority=authority,
        to_status__in=[Project.Status.ONGOING, Project.Status.COMPLETED],
        on__lte=today,
    ).exclude(_unused(authority, "status"))
    rows = _one(rows, pk, "on", today).select_related("project").order_by("-on", "-pk")
    found = []
    for change in rows[:PER_SOURCE]:
        project = change.project
        if change.to_status == Project.Status.COMPLETED:
            title = _("Le projet « %(title)s » s'achève") % {"title": project.title}
            source = _("Projet terminé")
        else:
            title = _("Le projet « %(title)s » démarre") % {"title": project.title}
            source = _("Projet lancé")
        body = project.summary or ""
        if change.comment:
            body = f"{body}\n\n{change.comment}".strip()
        found.append(
            Suggestion(f"status:{change.pk}", source, change.on, title, body, project=project)
        )
    return found


def _indicators(authority: Authority, today: datetime.date, pk: int | None) -> list:
    best = (
        IndicatorPeriod.objects.filter(indicator=OuterRef("pk"), actual__isnull=False)
        .order_by("-actual")
        .values("actual")[:1]
    )
    reached_on = (
        IndicatorPeriod.objects.filter(indicator=OuterRef("pk"), actual__gte=OuterRef("target"))
        .order_by("end")
        .values("end")[:1]
    )
    rows = (
        Indicator.objects.filter(result__project__authority=authority, target__isnull=False)
        .annotate(best=Subquery(best), reached_on=Subquery(reached_on))
        .filter(best__gte=F("target"), reached_on__isnull=False)
        .exclude(_unused(authority, "indicator"))
    )
    rows = (
        _one(rows, pk, "reached_on", today)
        .select_related("result__project")
        .order_by("-reached_on", "-pk")
    )
    found = []
    for indicator in rows[:PER_SOURCE]:
        project = indicator.result.project
        unit = f" {indicator.unit}" if indicator.unit else ""
        title = _("Objectif atteint : %(indicator)s") % {"indicator": indicator.title}
        body = _(
            "Sur le projet « %(project)s », l'indicateur « %(indicator)s » atteint "
            "%(best)s%(unit)s pour une cible de %(target)s%(unit)s."
        ) % {
            "project": project.title,
            "indicator": indicator.title,
            "best": _number(indicator.best),
            "target": _number(indicator.target),
            "unit": unit,
        }
        found.append(
            Suggestion(
                f"indicator:{indicator.pk}",
                _("Cible atteinte"),
                indicator.reached_on,
                title,
                body,
                project=project,
            )
        )
    return found


def _decisions(authority: Authority, today: datetime.date, pk: int | None) -> list:
    rows = Decision.objects.filter(authority=authority, decided_on__lte=today).exclude(
        _unused(authority, "decision")
    )
    rows = (
        _one(rows, pk, "decided_on", today)
        .select_related("committee", "project")
        .order_by("-decided_on", "-pk")
    )
    found = []
    for decision in rows[:PER_SOURCE]:
        title = _("Décision : %(committee)s") % {"committee": decision.committee.name}
        found.append(
            Suggestion(
                f"decision:{decision.pk}",
                _("Décision prise"),
                decision.decided_on,
                title,
                decision.text,
                project=decision.project,
                committee=decision.committee,
            )
        )
    return found


def _missions(authority: Authority, today: datetime.date, pk: int | None) -> list:
    rows = Mission.objects.filter(authority=authority, end_date__lt=today).exclude(
        _unused(authority, "mission")
    )
    rows = (
        _one(rows, pk, "end_date", today)
        .select_related("project", "country")
        .order_by("-end_date", "-pk")
    )
    found = []
    for mission in rows[:PER_SOURCE]:
        if mission.direction == Mission.Direction.INCOMING:
            title = _("Retour sur l'accueil : %(title)s") % {"title": mission.title}
        else:
            title = _("Retour de mission : %(title)s") % {"title": mission.title}
        found.append(
            Suggestion(
                f"mission:{mission.pk}",
                _("Mission revenue") if mission.direction == "outgoing" else _("Délégation reçue"),
                mission.end_date,
                title,
                mission.report,
                project=mission.project,
            )
        )
    return found


def _calls(authority: Authority, today: datetime.date, pk: int | None) -> list:
    approved = Q(responses__status=CallResponse.Status.APPROVED)
    rows = (
        SkillCall.objects.filter(authority=authority)
        .annotate(
            approved=Count("responses", filter=approved, output_field=IntegerField()),
            last=Max("responses__decided_at", filter=approved),
        )
        .filter(approved__gt=0)
        .exclude(_unused(authority, "call"))
    )
    rows = _one(rows, pk, "last__date", today).select_related("project").order_by("-last", "-pk")
    found = []
    for call in rows[:PER_SOURCE]:
        title = _("Appel à compétences pourvu : %(title)s") % {"title": call.title}
        body = _(
            "%(count)s agent(s) de la collectivité rejoignent le projet « %(project)s » pour "
            "répondre à cet appel."
        ) % {"count": call.approved, "project": call.project.title}
        found.append(
            Suggestion(
                f"call:{call.pk}",
                _("Appel pourvu"),
                timezone.localdate(call.last) if call.last else None,
                title,
                body,
                project=call.project,
            )
        )
    return found


def _benefits(authority: Authority, today: datetime.date, pk: int | None) -> list:
    rows = Result.objects.filter(
        project__authority=authority, territory=Result.Territory.HOME
    ).exclude(_unused(authority, "benefit"))
    rows = _one(rows, pk).select_related("project").order_by("-pk")
    found = []
    for result in rows[:PER_SOURCE]:
        title = _("Retombée locale : %(title)s") % {"title": result.title}
        found.append(
            Suggestion(
                f"benefit:{result.pk}",
                _("Retombée locale"),
                None,
                title,
                result.description,
                project=result.project,
            )
        )
    return found


def _number(value) -> str:
    return wording.amount(value, 0 if value == value.to_integral_value() else 2)


def _one(rows: QuerySet, pk: int | None, date_field: str = "", today=None) -> QuerySet:
    """One event by its id (whenever it happened), or the events of the window."""
    if pk is not None:
        return rows.filter(pk=pk)
    if date_field:
        rows = rows.filter(**{f"{date_field}__gte": _since(today)})
    return rows


SOURCES: dict[str, Callable[[Authority, datetime.date, int | None], list[Suggestion]]] = {
    "status": _status_changes,
    "indicator": _indicators,
    "decision": _decisions,
    "mission": _missions,
    "call": _calls,
    "benefit": _benefits,
}


def suggestions_for(authority: Authority, today: datetime.date | None = None) -> list[Suggestion]:
    """The events to suggest, latest first: one query per source."""
    today = today or timezone.localdate()
    found = [s for source in SOURCES.values() for s in source(authority, today, None)]
    return sorted(found, key=lambda s: (s.on or datetime.date.min, s.key), reverse=True)


def find(authority: Authority, key: str, today: datetime.date | None = None) -> Suggestion | None:
    """The suggestion ``key`` if it is still offered (not used, not dismissed), else None."""
    source, _sep, raw = key.partition(":")
    if source not in SOURCES or not raw.isdigit() or len(raw) > 18:
        return None
    found = SOURCES[source](authority, today or timezone.localdate(), int(raw))
    return found[0] if found else None
