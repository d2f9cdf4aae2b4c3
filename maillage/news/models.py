"""Internal news: items written by the DRI for an audience, the suggestions already used or
dismissed, and what each authority exposes to its intranet (feeds and embeddable page)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.core.concurrency import version_field
from maillage.core.models import Authority
from maillage.governance.models import Committee
from maillage.organisation.models import Service
from maillage.projects.models import Project


def news_image_path(instance: NewsItem, filename: str) -> str:
    """One folder per authority; the name is chosen by the service, never the user's."""
    return f"news/{instance.authority_id}/{filename}"


class Audience(models.TextChoices):
    ALL = "all", _("Tous les agents")
    SERVICES = "services", _("Certaines directions ou certains services")
    REFERENTS = "referents", _("Les référents")
    ELECTED = "elected", _("Les élus")


class NewsItem(models.Model):
    """A news item: Markdown written by the DRI, stored with its sanitised HTML."""

    version = version_field()

    class Kind(models.TextChoices):
        NEWS = "news", _("Actualité")
        LEARNING = "learning", _("Ce que nous avons appris de nos partenaires")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", _("Publiée")

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="news_items", db_index=False
    )
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("texte"), blank=True)
    # Rendered from ``body`` and sanitised by ``news.rendering.render_body`` on every write.
    body_html = models.TextField(editable=False, blank=True)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.NEWS)
    learning_service = models.ForeignKey(
        Service,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service qui a changé sa pratique"),
    )
    image = models.FileField(_("image"), upload_to=news_image_path, blank=True)
    image_alt = models.CharField(_("texte alternatif de l'image"), max_length=250, blank=True)
    audience = models.CharField(
        _("destinataires"), max_length=10, choices=Audience.choices, default=Audience.ALL
    )
    services = models.ManyToManyField(
        Service,
        blank=True,
        related_name="news_items",
        verbose_name=_("directions ou services destinataires"),
    )
    projects = models.ManyToManyField(
        Project, blank=True, related_name="news_items", verbose_name=_("projets liés")
    )
    committees = models.ManyToManyField(
        Committee, blank=True, related_name="news_items", verbose_name=_("comités liés")
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("date de publication"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["authority", "status", "-published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(image="") | ~models.Q(image_alt=""),
                name="news_image_has_alt",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(published_at__isnull=False),
                name="news_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class SuggestionUse(models.Model):
    """An event already turned into a draft, or dismissed: it is not suggested again."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    # ``<source>:<id>`` of the event (``status:12``, ``decision:4``…), see ``news.suggestions``.
    key = models.CharField(max_length=40)
    news_item = models.ForeignKey(
        NewsItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dismissed = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("suggestion traitée")
        verbose_name_plural = _("suggestions traitées")
        constraints = [
            models.UniqueConstraint(fields=["authority", "key"], name="news_suggestion_once")
        ]

    def __str__(self) -> str:
        return self.key


def new_feed_key() -> str:
    return secrets.token_urlsafe(24)


class FeedSettings(models.Model):
    """What the authority exposes to its intranet: Atom feeds and the embeddable page.

    The addresses carry the authority's slug and ``key``, a secret the administrator can
    renew: internal news reach the intranet that holds the address, not the whole web.
    """

    version = version_field()
    authority = models.OneToOneField(
        Authority, on_delete=models.CASCADE, related_name="news_feed_settings"
    )
    enabled = models.BooleanField(
        _("exposer les actualités à l'intranet"),
        default=False,
        help_text=_("Flux Atom et page intégrable des actualités publiées."),
    )
    # Looked up with the authority's slug, which is unique: an authority exported and imported
    # again on the same instance keeps its settings without clashing.
    key = models.CharField(max_length=64, default=new_feed_key, editable=False)
    expose_all = models.BooleanField(_("actualités destinées à tous les agents"), default=True)
    expose_services = models.BooleanField(
        _("actualités destinées à des directions ou services (un flux par service)"),
        default=False,
    )
    expose_referents = models.BooleanField(_("actualités destinées aux référents"), default=False)
    expose_elected = models.BooleanField(_("actualités destinées aux élus"), default=False)
    intranet_origin = models.URLField(
        _("adresse de l'intranet"),
        blank=True,
        help_text=_(
            "Par exemple https://intranet.ville.fr : seul ce site pourra afficher la page "
            "intégrable. Tant que l'adresse est vide, aucun autre site ne peut l'afficher."
        ),
    )

    class Meta:
        verbose_name = _("diffusion des actualités")
        verbose_name_plural = _("diffusions des actualités")

    def __str__(self) -> str:
        return str(self.authority)


class Newsletter(models.Model):
    """An internal newsletter: published news of a period and the period's key figures, sent
    by e-mail to an audience (one outbox row per recipient) and readable on the web."""

    version = version_field()

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SENDING = "sending", _("Envoi en cours")
        SENT = "sent", _("Envoyée")

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="newsletters", db_index=False
    )
    title = models.CharField(_("titre"), max_length=200)
    period_start = models.DateField(_("début de la période"))
    period_end = models.DateField(_("fin de la période"))
    intro = models.TextField(_("introduction"), blank=True)
    items = models.ManyToManyField(
        NewsItem,
        through="NewsletterItem",
        related_name="newsletters",
        blank=True,
        verbose_name=_("actualités"),
    )
    audience = models.CharField(
        _("destinataires"), max_length=10, choices=Audience.choices, default=Audience.ALL
    )
    services = models.ManyToManyField(
        Service,
        blank=True,
        related_name="newsletters",
        verbose_name=_("directions ou services destinataires"),
    )
    # The key figures of the period, computed by ``newsletters.key_figures`` when the letter is
    # saved: the letter sent says what was true then.
    figures = models.JSONField(default=dict, blank=True, editable=False)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    recipient_count = models.PositiveIntegerField(_("destinataires"), default=0)
    sent_count = models.PositiveIntegerField(_("courriels envoyés"), default=0)
    failed_count = models.PositiveIntegerField(_("courriels en échec"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lettre d'information")
        verbose_name_plural = _("lettres d'information")
        ordering = ["-period_end", "-pk"]
        indexes = [models.Index(fields=["authority", "status", "-period_end"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="newsletter_end_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="newsletter_sent_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class NewsletterItem(models.Model):
    """A news item in a newsletter, at its place."""

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="entries")
    news_item = models.ForeignKey(
        NewsItem, on_delete=models.CASCADE, related_name="newsletter_entries"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("actualité de la lettre")
        verbose_name_plural = _("actualités de la lettre")
        ordering = ["newsletter", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["newsletter", "news_item"], name="newsletter_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.newsletter} — {self.position}"
