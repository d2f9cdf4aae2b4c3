"""The authority's organisation: services, agents, elected officials, référents."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core import wording
from maillage.core.concurrency import version_field
from maillage.core.models import Authority, PolicyArea


class Civility(models.TextChoices):
    """How a person is addressed; it also gives the grammatical gender of their titles
    (``core.wording.gendered`` reads the same values)."""

    NOT_GIVEN = "", _("Non renseignée")
    MADAME = wording.MADAME, _("Madame")
    MONSIEUR = wording.MONSIEUR, _("Monsieur")


def civility_field() -> models.CharField:
    """The optional civility of a person (agent, elected official, outside member)."""
    return models.CharField(
        _("civilité"), max_length=3, choices=Civility.choices, blank=True, default=""
    )


class Service(models.Model):
    """A node of the org chart: a directorate, a service or a unit."""

    class Kind(models.TextChoices):
        DIRECTORATE = "directorate", _("Direction")
        SERVICE = "service", _("Service")
        UNIT = "unit", _("Unité")

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="services")
    hr_id = models.CharField(_("identifiant RH"), max_length=50)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("niveau"), max_length=20, choices=Kind.choices, default=Kind.SERVICE)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("rattachement"),
    )
    head = models.ForeignKey(
        "Agent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_services",
        verbose_name=_("responsable"),
    )
    policy_areas = models.ManyToManyField(
        PolicyArea, blank=True, related_name="services", verbose_name=_("politiques publiques")
    )
    active = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "hr_id"], name="service_hr_id_unique")
        ]
        indexes = [models.Index(fields=["authority", "parent"])]

    def __str__(self) -> str:
        return self.name


class Agent(models.Model):
    """A member of staff of one authority, known from the HR file by a stable HR id."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="agents")
    hr_id = models.CharField(_("identifiant RH"), max_length=50)
    civility = civility_field()
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    email = models.EmailField(_("courriel"), blank=True)
    job_title = models.CharField(_("fonction"), max_length=200, blank=True)
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agents",
        verbose_name=_("service"),
    )
    active = models.BooleanField(_("actif"), default=True)
    # When the HR file stopped listing the agent: their international profile is erased
    # HR_DEPARTURE_GRACE_DAYS later unless a later import lists them again.
    deactivated_at = models.DateTimeField(_("désactivé le"), null=True, blank=True)
    # When purge_personal_data last removed the agent's name and e-mail from the audit trail.
    audit_purged_at = models.DateTimeField(null=True, blank=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agents",
        verbose_name=_("compte"),
    )

    class Meta:
        verbose_name = _("agent")
        verbose_name_plural = _("agents")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "hr_id"], name="agent_hr_id_unique")
        ]
        indexes = [
            models.Index(fields=["authority", "active", "last_name", "first_name"]),
            models.Index(fields=["service", "active"]),
            models.Index(fields=["active", "deactivated_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def save(self, *args, **kwargs) -> None:
        # The grace period before erasure starts when the agent stops being active, however
        # that happens (HR import, admin).
        if self.active:
            self.deactivated_at = None
        elif self.deactivated_at is None:
            self.deactivated_at = timezone.now()
        super().save(*args, **kwargs)


class ElectedOfficial(models.Model):
    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="elected_officials"
    )
    civility = civility_field()
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    mandate = models.CharField(
        _("mandat"), max_length=200, help_text=_("Par exemple : adjointe au maire, vice-président")
    )
    email = models.EmailField(_("courriel"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="elected_officials",
        verbose_name=_("compte"),
    )
    active = models.BooleanField(_("en fonction"), default=True)

    class Meta:
        verbose_name = _("élu")
        verbose_name_plural = _("élus")
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["authority", "active"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Delegation(models.Model):
    """A portfolio held by an elected official, mapped to policy areas."""

    elected_official = models.ForeignKey(
        ElectedOfficial, on_delete=models.CASCADE, related_name="delegations"
    )
    label = models.CharField(_("délégation"), max_length=200)
    policy_areas = models.ManyToManyField(
        PolicyArea, blank=True, related_name="delegations", verbose_name=_("politiques publiques")
    )
    start = models.DateField(_("début"), null=True, blank=True)
    end = models.DateField(_("fin"), null=True, blank=True)

    class Meta:
        verbose_name = _("délégation")
        verbose_name_plural = _("délégations")
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class ReferentQuerySet(models.QuerySet["Referent"]):
    def current(self, on: datetime.date | None = None) -> ReferentQuerySet:
        on = on or timezone.localdate()
        return self.filter(Q(start__lte=on), Q(end__isnull=True) | Q(end__gte=on))


class Referent(models.Model):
    """An agent designated as international-relations référent of a service."""

    version = version_field()

    class Kind(models.TextChoices):
        HOLDER = "holder", _("Titulaire")
        SUBSTITUTE = "substitute", _("Suppléant")

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="referents")
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="referents", verbose_name=_("service")
    )
    agent = models.ForeignKey(
        Agent, on_delete=models.CASCADE, related_name="referent_roles", verbose_name=_("agent")
    )
    kind = models.CharField(_("qualité"), max_length=20, choices=Kind.choices, default=Kind.HOLDER)
    start = models.DateField(_("début du mandat"))
    end = models.DateField(_("fin du mandat"), null=True, blank=True)

    objects = ReferentQuerySet.as_manager()

    class Meta:
        verbose_name = _("référent")
        verbose_name_plural = _("référents")
        ordering = ["service", "kind", "start"]
        indexes = [
            models.Index(fields=["authority", "end"]),
            models.Index(fields=["service", "end"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="referent_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agent} — {self.service} ({self.get_kind_display()})"

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.start <= on and (self.end is None or self.end >= on)


class HrImportRun(models.Model):
    """An HR file checked or applied in the background, with what the progress page shows."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("vérification en cours")
        CHECKED = "checked", _("vérifié")
        APPLYING = "applying", _("enregistrement en cours")
        APPLIED = "applied", _("enregistré")
        FAILED = "failed", _("échec")

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="hr_runs")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    filename = models.CharField(_("fichier"), max_length=255)
    # The stored upload (default storage), deleted once applied or after an hour unconfirmed.
    stored_name = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKING)
    stage = models.CharField(max_length=100, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    # The check's result: counts, errors (line, column, message), departure preview.
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("import RH en arrière-plan")
        verbose_name_plural = _("imports RH en arrière-plan")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["authority", "created_at"])]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def running(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.APPLYING)
