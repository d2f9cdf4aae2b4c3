"""The legal pages each authority publishes: accessibility statement, legal notice, personal
data, cookies. No row means the default text of the instance, filled with the authority's name.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from maillage.core.concurrency import version_field
from maillage.core.models import Authority


class LegalPage(models.Model):
    """An authority's own version of one legal page (the default text is not stored)."""

    class Kind(models.TextChoices):
        # The values are the pages' addresses (/accessibilite/, /parametres/pages-legales/…).
        ACCESSIBILITY = "accessibilite", _("Déclaration d'accessibilité")
        LEGAL_NOTICE = "mentions-legales", _("Mentions légales")
        PERSONAL_DATA = "donnees-personnelles", _("Données personnelles")
        COOKIES = "cookies", _("Gestion des cookies")

    class Conformity(models.TextChoices):
        # RGAA 4.1: "non conforme" until an audit shows at least half of the criteria met.
        NONE = "non", _("non conforme")
        PARTIAL = "partiellement", _("partiellement conforme")
        TOTAL = "totalement", _("totalement conforme")

    # The fields each kind of page is edited through, in the order the form shows them.
    STATEMENT_FIELDS = (
        "conformity",
        "audit_date",
        "auditor",
        "compliance_rate",
        "non_accessible_content",
        "exemptions",
        "contact_email",
        "contact_address",
    )
    TEXT_FIELDS = ("body",)

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="legal_pages")
    kind = models.CharField(_("page"), max_length=30, choices=Kind.choices)
    body = models.TextField(
        _("texte"),
        blank=True,
        help_text=_(
            "Texte brut : une ligne vide sépare deux paragraphes ; une ligne commençant par "
            "« ## » devient un intertitre ; les adresses web et électroniques deviennent des "
            "liens."
        ),
    )
    # The accessibility statement's fields (RGAA 4.1 model statement).
    conformity = models.CharField(
        _("état de conformité"),
        max_length=15,
        choices=Conformity.choices,
        default=Conformity.NONE,
        help_text=_(
            "Totalement : 100 % des critères respectés ; partiellement : au moins 50 % ; "
            "non conforme : moins de 50 % ou aucun audit réalisé."
        ),
    )
    audit_date = models.DateField(_("date de l'audit"), null=True, blank=True)
    auditor = models.CharField(_("audit réalisé par"), max_length=200, blank=True)
    compliance_rate = models.DecimalField(
        _("taux de conformité (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Part des critères du RGAA respectés selon l'audit, de 0 à 100."),
    )
    non_accessible_content = models.TextField(
        _("contenus non accessibles"),
        blank=True,
        help_text=_("Non-conformités relevées par l'audit, une par paragraphe ou par ligne."),
    )
    exemptions = models.TextField(
        _("dérogations et contenus non soumis à l'obligation"),
        blank=True,
        help_text=_(
            "Dérogations pour charge disproportionnée et contenus non soumis à l'obligation "
            "d'accessibilité, avec leur justification."
        ),
    )
    contact_email = models.EmailField(_("adresse électronique de contact"), blank=True)
    contact_address = models.TextField(
        _("adresse postale de contact"),
        blank=True,
        max_length=1000,
        help_text=_("Service à qui écrire pour obtenir une alternative accessible."),
    )
    version = version_field()
    updated_at = models.DateTimeField(_("modifiée le"), default=timezone.now)

    class Meta:
        verbose_name = _("page légale")
        verbose_name_plural = _("pages légales")
        constraints = [
            models.UniqueConstraint(fields=["authority", "kind"], name="legal_page_kind_unique")
        ]

    def __str__(self) -> str:
        return str(self.Kind(self.kind).label) if self.kind in self.Kind.values else self.kind

    def get_absolute_url(self) -> str:
        return reverse(PUBLIC_URL_NAMES[self.kind])

    @property
    def compliance_rate_text(self) -> str:
        """The rate as written in French, without trailing zeros: "67,5", "100"."""
        if self.compliance_rate is None:
            return ""
        return number_format(Decimal(f"{self.compliance_rate.normalize():f}"))

    @property
    def is_custom(self) -> bool:
        """Written by the authority (stored), rather than the instance's default text."""
        return self.pk is not None

    def clean(self) -> None:
        if self.kind == self.Kind.ACCESSIBILITY:
            self._clean_statement()
        elif not self.body.strip():
            raise ValidationError(
                {"body": gettext("Saisissez le texte de la page, ou revenez au texte par défaut.")}
            )

    def _clean_statement(self) -> None:
        errors: dict[str, str] = {}
        if not self.contact_email and not self.contact_address.strip():
            errors["contact_email"] = gettext(
                "Indiquez une adresse électronique ou une adresse postale de contact : la "
                "déclaration doit dire à qui s'adresser pour obtenir une alternative accessible."
            )
        if self.audit_date and self.audit_date > timezone.localdate():
            errors["audit_date"] = gettext("La date de l'audit ne peut pas être dans le futur.")
        audited = self.conformity != self.Conformity.NONE
        if audited and not self.audit_date:
            errors["audit_date"] = gettext(
                "Un état « %(state)s » suppose un audit : indiquez sa date, ou choisissez "
                "« non conforme »."
            ) % {"state": self.Conformity(self.conformity).label}
        rate = self.compliance_rate
        if audited and rate is None:
            errors["compliance_rate"] = gettext(
                "Indiquez le taux de conformité mesuré par l'audit."
            )
        elif rate is not None and self.conformity in self.Conformity.values:
            expected = conformity_for_rate(rate)
            if expected != self.conformity:
                errors["compliance_rate"] = gettext(
                    "Un taux de %(rate)s %% correspond à l'état « %(expected)s », pas "
                    "« %(state)s » : corrigez le taux ou l'état de conformité."
                ) % {
                    "rate": self.compliance_rate_text,
                    "expected": self.Conformity(expected).label,
                    "state": self.Conformity(self.conformity).label,
                }
        if errors:
            raise ValidationError(errors)


def conformity_for_rate(rate: Decimal) -> str:
    """RGAA 4.1's bands: 100 % is total, at least 50 % partial, below that none."""
    if rate >= 100:
        return LegalPage.Conformity.TOTAL
    if rate >= 50:
        return LegalPage.Conformity.PARTIAL
    return LegalPage.Conformity.NONE


PUBLIC_URL_NAMES = {
    LegalPage.Kind.ACCESSIBILITY: "legal_accessibility",
    LegalPage.Kind.LEGAL_NOTICE: "legal_notice",
    LegalPage.Kind.PERSONAL_DATA: "legal_personal_data",
    LegalPage.Kind.COOKIES: "legal_cookies",
}
