"""The demo's e-APD declaration for 2025, recomputed by hand from the payments and worked
days listed on the project pages (maillage/demo/money_data.py)."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from maillage.core.models import Authority
from maillage.interop import eapd
from maillage.projects.models import Payment, WorkedDays

D = Decimal


@pytest.fixture
def demo(db) -> Authority:
    call_command("load_demo", stdout=StringIO(), verbosity=0)
    return Authority.objects.get(slug="bellerive")


@pytest.mark.django_db
def test_demo_2025_line_by_line(demo):
    """By hand, from the funding tabs:

    - Coopération Bellerive–Thiès (SN, channel 12002, sectors 14050 and 15110, 250 €/day):
      8,000 € paid to the City of Thiès on 14 January 2025 (the 12,000 € of 17 December 2024
      belong to 2024) → 4,000 per sector; 9,500 € to the training provider on 12 May 2025
      (61000) → 4,750 per sector; days worked in 2025: 4 + 6.5 + 3 (waste) + 5 (cleanliness)
      + 3 (DRI) = 21.5 × 250 = 5,375 € (11002, D01) → 2,687.50 per sector.
    - Belo Horizonte (BR, channel 23000, sector 14050): 5,000 € paid on 15 July 2025.
    - Oran fair stand, 6,000 € on 6 October 2025: trade promotion, left out.
    - Erasmus+ mobility grants to the apprentices, 6,000 € on 14 April and 5,500 € on
      15 September 2025 (staff, shared between the partners' countries): the only partner is
      in Germany, a high-income country off the DAC list → 11,500 € left out, moved nowhere.
    - Days worked in 2024 (3 + 4 waste, 2 DRI) and the 12,000 € of December 2024 stay in 2024.
    - Awareness week 3,200 € (H01, 99820) and refugee families 12,450 € (H02, 93010, 22000),
      bilateral unspecified (998).
    Declared: 8,000 + 9,500 + 5,375 + 5,000 + 3,200 + 12,450 = 43,525 €; left out
    6,000 + 11,500 = 17,500 €; paid in 2025: 8,000 + 9,500 + 5,000 + 6,000 + 6,000 + 5,500 =
    40,000 €; 40,000 + 5,375 + 15,650 = 61,025 = 43,525 + 17,500.
    """
    declaration = eapd.declaration(demo, 2025)
    assert [
        (r.title[:12], r.recipient_code, r.channel, r.aid_type, r.purpose_code, r.amount_eur)
        for r in declaration.rows
    ] == [
        ("Échange avec", "BR", "23000", "C01", "14050", D("5000.00")),
        ("Coopération ", "SN", "11002", "D01", "14050", D("2687.50")),
        ("Coopération ", "SN", "11002", "D01", "15110", D("2687.50")),
        ("Coopération ", "SN", "12002", "C01", "14050", D("4000.00")),
        ("Coopération ", "SN", "12002", "C01", "15110", D("4000.00")),
        ("Coopération ", "SN", "61000", "C01", "14050", D("4750.00")),
        ("Coopération ", "SN", "61000", "C01", "15110", D("4750.00")),
        ("Semaine de l", "998", "11002", "H01", "99820", D("3200.00")),
        ("Accueil de d", "998", "22000", "H02", "93010", D("12450.00")),
    ]
    assert declaration.total == D("43525.00")
    assert declaration.excluded_total == D("17500")
    assert [
        (e.project_title[:18], e.country_iso, e.amount_eur, e.moved_to)
        for e in declaration.exclusions
    ] == [
        ("Mission économique", "", D("6000"), ()),
        ("Mobilité européenn", "DE", D("11500"), ()),
    ]
    assert "liste du CAD" in declaration.exclusions[1].reason
    # Nothing of the Erasmus+ project is declared: no "declared while awaiting" warning.
    assert declaration.warnings == []
    assert declaration.ready and declaration.reconciled
    # The same sums read from the payments and worked days themselves.
    paid = sum(p.amount for p in Payment.objects.filter(date__year=2025))
    assert paid == D("40000") == declaration.paid
    days = sum(w.days for w in WorkedDays.objects.filter(authority=demo, month__year=2025))
    assert days == D("21.5")
    assert declaration.worked == days * 250
    assert declaration.totals_by("recipient_code") == [
        ("SN", D("22875.00")),
        ("998", D("15650.00")),
        ("BR", D("5000.00")),
    ]
