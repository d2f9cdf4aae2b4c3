"""Random HR files: the import answers with per-row errors or applies, never anything else,
and writes nothing when it reports an error."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maillage.core.models import AuditEvent
from maillage.organisation.hr.apply import import_hr
from maillage.organisation.hr.format import COLUMNS
from maillage.organisation.models import Agent, Service

pytestmark = pytest.mark.django_db

BASE = [
    ["service", "D1", "", "Direction générale", "direction", "", "", "", ""],
    ["agent", "A1", "D1", "", "", "Élise", "Martin", "elise@ville.fr", "Chargée"],
]

# Text with what breaks importers: control characters, formula prefixes, quotes, separators,
# accents, very long values.
cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        ["", "agent", "service", "D1", "A1", "direction", "unite", "=1+1", "'=x", "-", "@a"]
    ),
    st.text(alphabet="\x00\x0b\r\n;,\"'=+-@ éÉ", max_size=6),
    st.integers(min_value=0, max_value=400).map(lambda n: "x" * n),
)
row = st.lists(cell, min_size=0, max_size=11)


def as_csv(rows: list[list[str]], delimiter: str) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8", errors="surrogatepass")


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=st.lists(row, max_size=8), delimiter=st.sampled_from([";", ","]))
def test_random_files_give_clean_errors_or_a_clean_import(authority, rows, delimiter):
    import_hr(
        authority, by=None, source=io.BytesIO(as_csv(BASE, ";")), filename="base.csv", dry_run=False
    )
    before = (
        list(Agent.objects.order_by("pk").values_list()),
        list(Service.objects.order_by("pk").values_list()),
        AuditEvent.objects.count(),
    )
    try:
        data = as_csv(BASE + rows, delimiter)
    except UnicodeEncodeError:
        return  # lone surrogates cannot be written as UTF-8: not a file anyone can make
    result = import_hr(
        authority,
        by=None,
        source=io.BytesIO(data),
        filename="rh.csv",
        dry_run=False,
        confirmed_deactivations=None,
    )
    if result.applied:
        assert result.error_count == 0
        assert Agent.objects.filter(authority=authority, active=True).exists()
    else:
        after = (
            list(Agent.objects.order_by("pk").values_list()),
            list(Service.objects.order_by("pk").values_list()),
            AuditEvent.objects.count(),
        )
        assert after == before
        assert result.error_count > 0 or result.confirmation_missing
        for error in result.errors:
            assert error.line >= 1 and error.message
            assert len(error.message) < 600
