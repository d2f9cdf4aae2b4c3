"""The texts of the funders' rule sets shipped by migration ``projects.0002``, marked for
translation: the funding tab shows a shipped rule in the active language (``rule_sets()``), and
a rule set edited in the admin as it was typed.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

SHIPPED_TEXTS = (
    gettext_noop("MEAE — appel à projets 2024-2025, pays les moins avancés"),
    gettext_noop(
        "Ministère de l'Europe et des Affaires étrangères (DAECT), appel à projets 2024-2025 "
        "de soutien à la coopération décentralisée : apport de la collectivité d'au moins 10 %"
        " du budget, valorisations limitées à 50 % de cet apport, cofinancement du ministère "
        "jusqu'à 90 % (pays les moins avancés)."
    ),
    gettext_noop("Apport de la collectivité d'au moins 10 % du budget"),
    gettext_noop("Valorisations (en nature) au plus égales à 50 % de l'apport de la collectivité"),
    gettext_noop("Cofinancement du ministère d'au plus 90 % du budget"),
    gettext_noop("MEAE — appel à projets 2024-2025, autres pays"),
    gettext_noop(
        "Ministère de l'Europe et des Affaires étrangères (DAECT), appel à projets 2024-2025 "
        "de soutien à la coopération décentralisée : apport de la collectivité d'au moins 10 %"
        " du budget, valorisations limitées à 50 % de cet apport, cofinancement du ministère "
        "jusqu'à 70 % (autres pays)."
    ),
    gettext_noop("Cofinancement du ministère d'au plus 70 % du budget"),
    gettext_noop("MEAE — suivi-évaluation (appel 2018)"),
    gettext_noop(
        "Ministère de l'Europe et des Affaires étrangères (DAECT), appel à projets 2018 : au "
        "moins 7 % du budget consacrés au suivi et à l'évaluation, avec des indicateurs sur "
        "les deux territoires, y compris le territoire français."
    ),
    gettext_noop("Suivi et évaluation : au moins 7 % du budget"),
    gettext_noop("AFD — FICOL"),
    gettext_noop(
        "Agence française de développement, facilité de financement des collectivités "
        "territoriales françaises (FICOL) : subventions de 200 000 € à 1,5 M€, au moins 30 % "
        "du budget apportés par les collectivités."
    ),
    gettext_noop("Apport de la collectivité d'au moins 30 % du budget"),
)
