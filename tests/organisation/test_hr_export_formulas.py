"""The HR CSV export neutralises text a spreadsheet would run as a formula, and the import
reads it back unchanged."""

from __future__ import annotations

import csv
import io

import pytest

from maillage.organisation.hr.apply import import_hr
from maillage.organisation.hr.export import export_hr
from maillage.organisation.hr.format import neutralise, unneutralise
from maillage.organisation.models import Agent
from tests.factories import AgentFactory, ServiceFactory

pytestmark = pytest.mark.django_db

TRICKY = ['=HYPERLINK("http://x";"clic")', "+33 1 23", "-Dupont", "@SUM(A1)", "'=déjà", "'ok"]


@pytest.mark.parametrize("value", [*TRICKY, "Martin", "", "'"])
def test_neutralise_then_unneutralise_gives_the_value_back(value):
    assert unneutralise(neutralise(value)) == value


def test_export_neutralises_and_import_restores(authority):
    service = ServiceFactory(authority=authority, hr_id="S1", name="=Service")
    for i, text in enumerate(TRICKY):
        AgentFactory(service=service, hr_id=f"A{i}", last_name=text, job_title=text)
    stream = io.BytesIO()
    export_hr(authority, stream, "csv")

    rows = list(csv.reader(io.StringIO(stream.getvalue().decode("utf-8-sig")), delimiter=";"))
    cells = [c for row in rows[1:] for c in row if c]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]
    assert "'=Service" in rows[1]

    stream.seek(0)
    result = import_hr(authority, by=None, source=stream, filename="export.csv", dry_run=False)
    assert result.applied
    counts = result.counts
    assert counts.agents_unchanged == len(TRICKY) and counts.changes == 0
    assert sorted(Agent.objects.values_list("last_name", flat=True)) == sorted(TRICKY)
