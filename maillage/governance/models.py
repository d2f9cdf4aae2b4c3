"""Steering committees: committees and their members, meetings, decisions and action items."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core import wording
from maillage.core.concurrency import version_field
from maillage.core.models import Authority, Country, PolicyArea
from maillage.organisation.models import Agent, ElectedOfficial, civility_field
from maillage.projects.models import Project


class Committee(models.Model):
    """A transversal committee gathering services, elected officials and partners."""

    version = version_field()

    class Kind(models.TextChoices):
        STEERING = "steering", _("Comité de pilotage")
        TECHNICAL = "technical", _("Comité technique")
        THEMATIC = "thematic", _("Comité thématique")
        MONITORING = "monitoring", _("Comité de suivi")

    # Indexed by the (authority, …) indexes of each model: no single-column index on it.
    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="committees", db_index=False
    )
    name = models.CharField(_("nom"), max_length=200)
    purpose = models.TextField(_("objet"), blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.STEERING)
    projects = models.ManyToManyField(
        Project, blank=True, related_name="committees", verbose_name=_("projets suivis")
    )
    policy_areas = models.ManyToManyField(
        PolicyArea, blank=True, related_name="committees", verbose_name=_("politiques publiques")
    )
    active = models.BooleanField(_("actif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comité")
        verbose_name_plural = _("comités")
        ordering = ["name"]
        indexes = [models.Index(fields=["authority", "active", "name"])]

    def __str__(self) -> str:
        return self.name


class CommitteeMember(models.Model):
    """An agent, an elected official or an outside person (a partner's representative)."""

    version = version_field()

    class Position(models.TextChoices):
        CHAIR = "chair", _("Président ou présidente")
        VICE_CHAIR = "vice_chair", _("Vice-président ou vice-présidente")
        SECRETARY = "secretary", _("Secrétaire")
        MEMBER = "member", _("Membre")
        GUEST = "guest", _("Invité permanent")

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    agent = models.ForeignKey(
        Agent,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="committee_seats",
        verbose_name=_("agent"),
    )
    elected_official = models.ForeignKey(
        ElectedOfficial,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="committee_seats",
        verbose_name=_("élu"),
    )
    external_civility = civility_field()
    external_name = models.CharField(_("personne extérieure"), max_length=200, blank=True)
    external_organisation = models.CharField(_("organisme"), max_length=200, blank=True)
    position = models.CharField(
        _("rôle dans le comité"), max_length=20, choices=Position.choices, default=Position.MEMBER
    )
    mandate_end = models.DateField(_("fin du mandat"), null=True, blank=True)

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        indexes = [models.Index(fields=["authority", "committee"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(agent__isnull=False, elected_official__isnull=True, external_name="")
                    | Q(agent__isnull=True, elected_official__isnull=False, external_name="")
                    | (Q(agent__isnull=True, elected_official__isnull=True) & ~Q(external_name=""))
                ),
                name="committee_member_one_person",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def civility(self) -> str:
        """The civility of the agent, the elected official or the outside person."""
        if self.agent_id:
            return self.agent.civility
        if self.elected_official_id:
            return self.elected_official.civility
        return self.external_civility

    @property
    def position_title(self) -> str:
        """The position agreeing with the person: "Présidente", "Président", or the neutral
        "Président ou présidente" when the civility is not given. Forms keep the neutral
        choice labels."""
        neutral = NEUTRAL_TITLES.get(self.position) or self.get_position_display()
        forms = GENDERED_TITLES.get(self.position)
        if forms is None:
            return neutral
        return wording.gendered(self.civility, str(forms[0]), str(forms[1]), str(neutral))

    @property
    def name(self) -> str:
        if self.agent_id:
            return str(self.agent)
        if self.elected_official_id:
            return str(self.elected_official)
        return self.external_name

    @property
    def affiliation(self) -> str:
        """The person's service, mandate or organisation."""
        if self.agent_id:
            service = self.agent.service
            return self.agent.job_title or (service.name if service else "")
        if self.elected_official_id:
            return self.elected_official.mandate
        return self.external_organisation


# (feminine, masculine) forms of the positions that vary; secretary and member do not.
GENDERED_TITLES = {
    CommitteeMember.Position.CHAIR: (_("Présidente"), _("Président")),
    CommitteeMember.Position.VICE_CHAIR: (_("Vice-présidente"), _("Vice-président")),
    CommitteeMember.Position.GUEST: (_("Invitée permanente"), _("Invité permanent")),
}


# Where the choice label is not the neutral title ("Invité permanent" is the masculine form).
NEUTRAL_TITLES = {
    CommitteeMember.Position.GUEST: _("Invité permanent ou invitée permanente"),
}


class Meeting(models.Model):
    version = version_field()

    class Status(models.TextChoices):
        PLANNED = "planned", _("Prévue")
        HELD = "held", _("Tenue")
        CANCELLED = "cancelled", _("Annulée")

    # Denormalised from the committee: lists and the tenancy filter read one indexed column.
    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="meetings", db_index=False
    )
    starts_at = models.DateTimeField(_("date et heure"))
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), default=120)
    place = models.CharField(_("lieu"), max_length=250, blank=True)
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    minutes = models.TextField(_("compte rendu"), blank=True)

    class Meta:
        verbose_name = _("réunion")
        verbose_name_plural = _("réunions")
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["authority", "starts_at"]),
            models.Index(fields=["committee", "starts_at"]),
        ]

    def __str__(self) -> str:
        when = timezone.localtime(self.starts_at).strftime("%d/%m/%Y")
        return f"{self.committee} — {when}"

    @property
    def date(self) -> datetime.date:
        return timezone.localtime(self.starts_at).date()

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)


class AgendaItem(models.Model):
    version = version_field()
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("ordre"), default=1)
    title = models.CharField(_("point"), max_length=250)
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("projet"),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("point de l'ordre du jour")
        verbose_name_plural = _("ordre du jour")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Présent")
        EXCUSED = "excused", _("Excusé")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", db_index=False
    )
    member = models.ForeignKey(
        CommitteeMember, on_delete=models.CASCADE, related_name="attendances"
    )
    status = models.CharField(_("présence"), max_length=10, choices=Status.choices)

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_status_display()}"


class Decision(models.Model):
    """One entry of the decision register, numbered per committee and year."""

    version = version_field()

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="decisions", db_index=False
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    year = models.PositiveSmallIntegerField(_("année"))
    number = models.PositiveIntegerField(_("numéro"))
    text = models.TextField(_("décision"))
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("projet"),
    )
    decided_on = models.DateField(_("date de la décision"))

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        ordering = ["-decided_on", "-number"]
        indexes = [
            models.Index(fields=["authority", "-decided_on"]),
            models.Index(fields=["authority", "committee", "-decided_on"]),
            models.Index(fields=["authority", "project"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "number"], name="decision_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.text[:80]}"

    @property
    def reference(self) -> str:
        return f"{self.year}-{self.number:03d}"


class ActionItem(models.Model):
    """A task decided in a meeting, carried from meeting to meeting until it is closed."""

    version = version_field()

    class Status(models.TextChoices):
        OPEN = "open", _("À faire")
        IN_PROGRESS = "in_progress", _("En cours")
        DONE = "done", _("Réalisée")
        CANCELLED = "cancelled", _("Abandonnée")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="actions", db_index=False
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="actions_created",
        verbose_name=_("réunion d'origine"),
    )
    decision = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("décision"),
    )
    title = models.CharField(_("action"), max_length=300)
    owner_agent = models.ForeignKey(
        Agent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_actions",
        verbose_name=_("responsable (agent)"),
    )
    owner_text = models.CharField(_("responsable (autre)"), max_length=200, blank=True)
    due_date = models.DateField(_("échéance"), null=True, blank=True)
    status = models.CharField(_("état"), max_length=12, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(_("clôturée le"), null=True, blank=True)
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("projet"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = [models.F("due_date").asc(nulls_last=True), "id"]
        indexes = [
            models.Index(fields=["authority", "status", "due_date"]),
            models.Index(fields=["authority", "committee", "status"]),
            models.Index(fields=["authority", "owner_agent", "status"]),
            models.Index(fields=["committee", "closed_on"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def owner_name(self) -> str:
        return str(self.owner_agent) if self.owner_agent_id else self.owner_text

    def is_overdue(self, today: datetime.date) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < today

    @property
    def overdue(self) -> bool:
        """Open and past its due date today (what the pages flag in red)."""
        return self.is_overdue(timezone.localdate())


class WatchItem(models.Model):
    """An item of the shared watch (veille) on decentralised cooperation: a call for projects,
    an event or a resource, with its link and deadline; the DRI keeps them and brings one to a
    committee's next agenda in one click."""

    version = version_field()

    class Kind(models.TextChoices):
        CALL = "call", _("Appel à projets")
        EVENT = "event", _("Événement")
        RESOURCE = "resource", _("Ressource")

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("nature"), max_length=10, choices=Kind.choices, default=Kind.CALL)
    title = models.CharField(_("intitulé"), max_length=250)
    link = models.URLField(_("lien"), max_length=500, blank=True)
    deadline = models.DateField(_("date limite ou date"), null=True, blank=True)
    summary = models.TextField(_("résumé"), blank=True)
    policy_areas = models.ManyToManyField(
        PolicyArea, blank=True, related_name="+", verbose_name=_("politiques publiques")
    )
    countries = models.ManyToManyField(
        Country, blank=True, related_name="+", verbose_name=_("pays")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("élément de veille")
        verbose_name_plural = _("veille")
        ordering = [models.F("deadline").asc(nulls_last=True), "title"]
        indexes = [models.Index(fields=["authority", "deadline"])]

    def __str__(self) -> str:
        return self.title
