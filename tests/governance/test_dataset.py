"""generate_dataset: committees, meetings, decisions and action items at benchmark scale."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Count, F

from maillage.core.models import Authority
from maillage.datasets.generator import BENCH_USERNAMES, TODAY
from maillage.datasets.scales import BENCH_SLUG, SCALES, plan_authorities
from maillage.governance.models import (
    ActionItem,
    Attendance,
    Committee,
    CommitteeMember,
    Decision,
    Meeting,
)


@pytest.mark.django_db
def test_tiny_dataset_has_the_planned_meetings():
    call_command("generate_dataset", scale="tiny", seed=1, no_analyze=True, verbosity=0)
    scale = SCALES["tiny"]
    assert Meeting.objects.count() == scale.total.meetings
    bench = Authority.objects.get(slug=BENCH_SLUG)
    assert Meeting.objects.filter(authority=bench).count() == scale.bench.meetings
    # Rows point to their own authority's people and committees.
    assert not Meeting.objects.exclude(committee__authority_id=F("authority_id")).exists()
    assert (
        not CommitteeMember.objects.exclude(agent__isnull=True)
        .exclude(agent__authority_id=F("authority_id"))
        .exists()
    )
    assert not ActionItem.objects.exclude(committee__authority_id=F("authority_id")).exists()
    # Each committee meets ahead: one planned meeting after the dataset's day.
    for committee in Committee.objects.all():
        assert committee.meetings.filter(status="planned", starts_at__date__gt=TODAY).exists()
    # Held meetings only have attendance; closed actions have a closing day.
    assert not Attendance.objects.exclude(meeting__status="held").exists()
    assert not ActionItem.objects.filter(status__in=["done", "cancelled"], closed_on=None).exists()
    assert (
        not ActionItem.objects.filter(status__in=["open", "in_progress"])
        .exclude(closed_on=None)
        .exists()
    )
    numbers = Decision.objects.values("committee", "year", "number").annotate(n=Count("pk"))
    assert all(row["n"] == 1 for row in numbers)
    # The bench DRI sits on the committees; the bench agent owns actions.
    dri = BENCH_USERNAMES["dri"]
    assert CommitteeMember.objects.filter(authority=bench, agent__user__username=dri).exists()
    agent = BENCH_USERNAMES["agent"]
    assert ActionItem.objects.filter(authority=bench, owner_agent__user__username=agent).exists()


@pytest.mark.parametrize("name", ["city", "region", "national"])
def test_meetings_add_up_to_the_scale(name):
    scale = SCALES[name]
    specs = plan_authorities(scale, seed=1)
    assert sum(s.shape.meetings for s in specs) == scale.total.meetings
    assert {"city": 60, "region": 400, "national": 50_000}[name] == scale.total.meetings
    bench = next(s for s in specs if s.bench)
    assert 50 <= bench.shape.meetings <= 400
