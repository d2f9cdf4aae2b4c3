"""The funders' rule sets shipped by migration are marked for translation, and shown through
gettext; a set edited in the admin shows as typed."""

from __future__ import annotations

import importlib

import pytest
from django.utils import translation

from maillage.projects.funding import services
from maillage.projects.funding.rule_texts import SHIPPED_TEXTS
from maillage.projects.models import FundingRuleSet

shipped = importlib.import_module("maillage.projects.migrations.0002_funding_rule_sets")


def test_every_shipped_text_is_marked_for_translation():
    texts = set()
    for data in shipped.RULE_SETS:
        texts |= {data["name"], data["source"], *(rule[0] for rule in data["rules"])}
    assert texts == set(SHIPPED_TEXTS)


@pytest.mark.django_db
def test_rule_sets_are_read_through_gettext(monkeypatch):
    FundingRuleSet.objects.filter(code="afd-ficol").update(name="AFD — FICOL (édité)")
    monkeypatch.setattr(services, "_", lambda text: f"[{text}]")
    with translation.override("en"):
        sets = {s.code: s for s in services.rule_sets()}
    meae = sets["meae-aap-2024-2025-pma"]
    assert meae.name == "[MEAE — appel à projets 2024-2025, pays les moins avancés]"
    assert meae.source.startswith("[Ministère")
    assert all(rule.label.startswith("[") for rule in meae.rules.all())
    assert sets["afd-ficol"].name == "[AFD — FICOL (édité)]"
    # Nothing was written back.
    assert FundingRuleSet.objects.get(code="meae-aap-2024-2025-pma").name.startswith("MEAE")
