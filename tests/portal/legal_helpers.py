"""Shared helpers of the legal pages' tests."""

from __future__ import annotations

from django.urls import reverse

from maillage.portal.models import LegalPage

PUBLIC = {
    LegalPage.Kind.ACCESSIBILITY: "legal_accessibility",
    LegalPage.Kind.LEGAL_NOTICE: "legal_notice",
    LegalPage.Kind.PERSONAL_DATA: "legal_personal_data",
    LegalPage.Kind.COOKIES: "legal_cookies",
}


def edit_url(kind: str) -> str:
    return reverse("legal_page_edit", kwargs={"kind": kind})


def reset_url(kind: str) -> str:
    return reverse("legal_page_reset", kwargs={"kind": kind})


def statement(**values) -> dict[str, object]:
    """A valid accessibility statement as posted by the form."""
    return {
        "conformity": "partiellement",
        "audit_date": "2026-06-15",
        "auditor": "Cabinet Accès Pour Tous",
        "compliance_rate": "67.5",
        "non_accessible_content": "Le tableau de bord n'a pas d'alternative textuelle.",
        "exemptions": "Aucune dérogation.",
        "contact_email": "accessibilite@caen-test.fr",
        "contact_address": "",
        "version": "0",
        "action": "save",
    } | values


def text(body: str, version: int = 0, action: str = "save") -> dict[str, object]:
    return {"body": body, "version": str(version), "action": action}
