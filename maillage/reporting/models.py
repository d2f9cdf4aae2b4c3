"""What the DRI adds to the annual report of a year: an introduction, and which sections are
shown in which order. The report's figures are never stored: they are read when it is shown."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.concurrency import version_field
from maillage.core.models import Authority


class Section(models.TextChoices):
    """The report's sections, in their default order (after the cover and the contents)."""

    INTRODUCTION = "introduction", _("Introduction")
    FIGURES = "figures", _("Chiffres clés")
    MAP = "map", _("Carte des partenaires")
    ACTIVITY = "activity", _("Domaines d'action et services mobilisés")
    FUNDING = "funding", _("Financements")
    PROJECTS = "projects", _("Les projets")
    REFERENTS = "referents", _("Le réseau des référents")
    GOVERNANCE = "governance", _("Comités et décisions")


DEFAULT_LAYOUT: list[dict[str, object]] = [{"key": key, "shown": True} for key in Section.values]


class AnnualReport(models.Model):
    """One authority's annual report of one year, as its DRI arranged it."""

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="annual_reports", db_index=False
    )
    year = models.PositiveSmallIntegerField(_("année"))
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_(
            "Texte brut, placé en tête du rapport : une ligne vide sépare deux paragraphes."
        ),
    )
    # [{"key": "figures", "shown": true}, …] in the order of the report; the service fills in
    # any section missing from it (a section added later) at its default place.
    layout = models.JSONField(_("sections"), default=list, blank=True)
    version = version_field()
    updated_at = models.DateTimeField(_("modifié le"), default=timezone.now)

    class Meta:
        verbose_name = _("rapport annuel")
        verbose_name_plural = _("rapports annuels")
        constraints = [
            models.UniqueConstraint(fields=["authority", "year"], name="annual_report_unique")
        ]

    def __str__(self) -> str:
        return _("Rapport annuel %(year)s") % {"year": self.year}

    @property
    def is_custom(self) -> bool:
        return self.pk is not None


def arranged(layout: list[dict[str, object]] | None) -> list[dict[str, object]]:
    """The stored layout made whole: known sections only, each once, in the stored order, and
    the sections it does not name (added after it was saved) at their default place."""
    seen: dict[str, bool] = {}
    for entry in layout or []:
        key = entry.get("key") if isinstance(entry, dict) else None
        if key in Section.values and key not in seen:
            seen[key] = bool(entry.get("shown", True))
    result = [{"key": key, "shown": shown} for key, shown in seen.items()]
    for index, key in enumerate(Section.values):
        if key not in seen:
            result.insert(min(index, len(result)), {"key": key, "shown": True})
    return result
