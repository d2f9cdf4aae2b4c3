"""Funders' co-financing rules, as data (see maillage/projects/funding.py for the amount names).

Upserted by code, so running it on a database that already has a set replaces that set's rules.
Reverse removes the sets created here.
"""

from decimal import Decimal

from django.db import migrations

MEAE_SOURCE = (
    "Ministère de l'Europe et des Affaires étrangères (DAECT), appel à projets 2024-2025 de "
    "soutien à la coopération décentralisée : apport de la collectivité d'au moins "
    "10 % du budget, valorisations limitées à 50 % de cet apport, cofinancement du ministère "
    "jusqu'à {share} % ({where})."
)

MEAE_RULES = [
    ("Apport de la collectivité d'au moins 10 % du budget", "own_total", "budget_total", "gte", "10"),
    (
        "Valorisations (en nature) au plus égales à 50 % de l'apport de la collectivité",
        "own_in_kind",
        "own_total",
        "lte",
        "50",
    ),
]

RULE_SETS = [
    {
        "code": "meae-aap-2024-2025-pma",
        "name": "MEAE — appel à projets 2024-2025, pays les moins avancés",
        "source": MEAE_SOURCE.format(share=90, where="pays les moins avancés"),
        "rules": MEAE_RULES
        + [("Cofinancement du ministère d'au plus 90 % du budget", "funder:ministry", "budget_total", "lte", "90")],
    },
    {
        "code": "meae-aap-2024-2025-autres",
        "name": "MEAE — appel à projets 2024-2025, autres pays",
        "source": MEAE_SOURCE.format(share=70, where="autres pays"),
        "rules": MEAE_RULES
        + [("Cofinancement du ministère d'au plus 70 % du budget", "funder:ministry", "budget_total", "lte", "70")],
    },
    {
        "code": "meae-suivi-evaluation-2018",
        "name": "MEAE — suivi-évaluation (appel 2018)",
        "source": (
            "Ministère de l'Europe et des Affaires étrangères (DAECT), appel à projets 2018 : au "
            "moins 7 % du budget consacrés au suivi et à l'évaluation, avec des indicateurs sur "
            "les deux territoires, y compris le territoire français."
        ),
        "rules": [
            ("Suivi et évaluation : au moins 7 % du budget", "monitoring", "budget_total", "gte", "7"),
        ],
    },
    {
        "code": "afd-ficol",
        "name": "AFD — FICOL",
        "source": (
            "Agence française de développement, facilité de financement des collectivités "
            "territoriales françaises (FICOL) : subventions de 200 000 € à 1,5 M€, au moins 30 % "
            "du budget apportés par les collectivités."
        ),
        "rules": [
            ("Apport de la collectivité d'au moins 30 % du budget", "own_total", "budget_total", "gte", "30"),
        ],
    },
]


def create_rule_sets(apps, schema_editor):
    FundingRuleSet = apps.get_model("projects", "FundingRuleSet")
    FundingRule = apps.get_model("projects", "FundingRule")
    for data in RULE_SETS:
        rule_set, _ = FundingRuleSet.objects.update_or_create(
            code=data["code"], defaults={"name": data["name"], "source": data["source"]}
        )
        FundingRule.objects.filter(rule_set=rule_set).delete()
        FundingRule.objects.bulk_create(
            FundingRule(
                rule_set=rule_set,
                label=label,
                numerator=numerator,
                denominator=denominator,
                operator=operator,
                threshold=Decimal(threshold),
                position=position,
            )
            for position, (label, numerator, denominator, operator, threshold) in enumerate(
                data["rules"], start=1
            )
        )


def delete_rule_sets(apps, schema_editor):
    FundingRuleSet = apps.get_model("projects", "FundingRuleSet")
    FundingRuleSet.objects.filter(code__in=[data["code"] for data in RULE_SETS]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("projects", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_rule_sets, delete_rule_sets),
    ]
