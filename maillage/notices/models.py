"""Notifications: what the notification centre lists, what is mailed, and how each person
wants to hear of each kind.

``notify()`` (``services.py``) writes a :class:`Notification` per user recipient (the centre)
and an :class:`OutboxMessage` per e-mail to send, in the caller's transaction; the send task
mails the outbox rows one by one and records each as sent right after its send, so a retry
never mails a row twice (its ``idempotency_key`` is unique as well).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.core.models import Authority, User


class Kind(models.TextChoices):
    MOBILISATION_REQUESTED = "mobilisation_requested", _("Demande de mobilisation d'un service")
    MOBILISATION_REMINDER = "mobilisation_reminder", _("Rappel : mobilisation sans réponse")
    MOBILISATION_ANSWERED = "mobilisation_answered", _("Réponse d'un service à une mobilisation")
    ACTION_ASSIGNED = "action_assigned", _("Action confiée")
    ACTION_DUE_SOON = "action_due_soon", _("Action à échéance dans 7 jours")
    ACTION_OVERDUE = "action_overdue", _("Action en retard")
    MEETING_SCHEDULED = "meeting_scheduled", _("Réunion de comité programmée")
    MINUTES_PUBLISHED = "minutes_published", _("Compte rendu de réunion publié")
    APPROVAL_REQUESTED = "approval_requested", _("Accord demandé au responsable")
    CALL_INVITATION = "call_invitation", _("Invitation à un appel à compétences")
    CALL_DECISION = "call_decision", _("Décision du responsable sur une réponse à un appel")
    CALL_RESPONSE = "call_response", _("Réponses à mes appels à compétences")
    RELAUNCH = "relaunch", _("Relance de la direction générale")


# Kinds a role requires: the person must act, so these cannot be set to "never" (a weekly
# digest stays possible). A référent answers for the service, a manager approves their agents,
# a relaunch is the general management's.
REQUIRED_KINDS = frozenset({Kind.MOBILISATION_REQUESTED, Kind.APPROVAL_REQUESTED, Kind.RELAUNCH})


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Immédiatement")
    DIGEST = "digest", _("Dans le résumé hebdomadaire")
    NEVER = "never", _("Jamais")


class Notification(models.Model):
    """One line of a user's notification centre, in one authority."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("type"), max_length=40, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=250)
    body = models.TextField(_("texte"), blank=True)
    link = models.CharField(_("lien"), max_length=500, blank=True)
    created = models.DateTimeField(_("créée le"), auto_now_add=True, db_index=False)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)
    # How it was to be mailed when it was made (the recipient's choice at that moment); a
    # digest line waits for the weekly digest, which sets digested_at.
    delivery = models.CharField(max_length=12, choices=Delivery.choices)
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "authority", "read_at"], name="notice_unread"),
            models.Index(fields=["recipient", "authority", "-created"], name="notice_centre"),
            models.Index(
                fields=["delivery", "digested_at"],
                name="notice_digest_pending",
                condition=models.Q(delivery="digest", digested_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class OutboxMessage(models.Model):
    """One e-mail to one address: written with the event, sent by the task worker."""

    class Status(models.TextChoices):
        PENDING = "pending", _("À envoyer")
        SENT = "sent", _("Envoyé")
        FAILED = "failed", _("Échec")

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A notification kind, or "digest" for the weekly digest.
    kind = models.CharField(max_length=40)
    to = models.EmailField()
    subject = models.CharField(max_length=255)
    body = models.TextField()
    attachment_name = models.CharField(max_length=100, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    # With ``attachment_type`` "text/html" and no name: the HTML alternative of ``body``.
    attachment = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    idempotency_key = models.CharField(max_length=200, unique=True)

    class Meta:
        verbose_name = _("courriel à envoyer")
        verbose_name_plural = _("courriels à envoyer")
        ordering = ["pk"]
        indexes = [
            models.Index(
                fields=["status"], name="outbox_pending", condition=models.Q(status="pending")
            )
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class NotificationPreference(models.Model):
    """How a user wants to be mailed one kind of notification (default: immediately)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notice_preferences")
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("type"), max_length=40, choices=Kind.choices)
    delivery = models.CharField(
        _("envoi"), max_length=12, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "authority", "kind"], name="notice_preference_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()} — {self.get_delivery_display()}"


class NoticeEvent(models.Model):
    """An event notified once only (a reminder: once per object and kind), by its key."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200, unique=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rappel envoyé")
        verbose_name_plural = _("rappels envoyés")

    def __str__(self) -> str:
        return self.key
