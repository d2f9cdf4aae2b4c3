"""Agents' international profiles (opt-in), free skill tags, and calls for competences.

Every profile entry carries ``authority_id`` (denormalised from the profile) so that search and
suggestions filter on the authority first, through the indexes declared here, whatever the size
of the network (300,000 agents, 1.5 million entries). Profiles hold no mother tongue,
nationality or origin (GDPR art. 9): working languages with a CEFR level only.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from maillage.core.models import Authority, CefrLevel, Country, Language, PolicyArea
from maillage.organisation.models import Agent, Service
from maillage.projects.models import Mobilisation, Project

DAYS = {"max_digits": 8, "decimal_places": 1}


class Availability(models.TextChoices):
    """What an agent may be asked for; one boolean field of ``Profile`` each."""

    MISSIONS_ABROAD = "missions_abroad", _("Missions à l'étranger")
    HOSTING_DELEGATIONS = "hosting_delegations", _("Accueil de délégations")
    INTERPRETING = "interpreting", _("Interprétariat, traduction")
    MENTORING = "mentoring", _("Tutorat, parrainage")


class Profile(models.Model):
    """An agent's international profile. Shown to nobody but the agent until published."""

    class Visibility(models.TextChoices):
        RESTRICTED = "restricted", _("Équipe des relations internationales et référents")
        AUTHORITY = "authority", _("Tous les agents de la collectivité")

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    agent = models.OneToOneField(
        Agent, on_delete=models.CASCADE, related_name="international_profile"
    )
    published = models.BooleanField(_("publié"), default=False)
    visibility = models.CharField(
        _("qui peut voir mon nom"),
        max_length=12,
        choices=Visibility.choices,
        default=Visibility.RESTRICTED,
    )
    missions_abroad = models.BooleanField(Availability.MISSIONS_ABROAD.label, default=False)
    hosting_delegations = models.BooleanField(Availability.HOSTING_DELEGATIONS.label, default=False)
    interpreting = models.BooleanField(Availability.INTERPRETING.label, default=False)
    mentoring = models.BooleanField(Availability.MENTORING.label, default=False)
    about = models.TextField(_("en quelques mots"), blank=True, max_length=2000)
    policy_areas = models.ManyToManyField(
        PolicyArea, through="ProfilePolicyArea", related_name="+", blank=True
    )
    tags = models.ManyToManyField("SkillTag", through="ProfileTag", related_name="+", blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    last_confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profil international")
        verbose_name_plural = _("profils internationaux")
        indexes = [models.Index(fields=["authority", "published", "visibility"])]

    def __str__(self) -> str:
        # No name: the string lands in the audit trail, which outlives an erased profile.
        return gettext("Profil international n°%(pk)s") % {"pk": self.pk}

    def availabilities(self) -> list[Availability]:
        return [choice for choice in Availability if getattr(self, choice.value)]


class ProfileLanguage(models.Model):
    """A working language with its CEFR level (overall; oral and written optional)."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="languages")
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("langue")
    )
    level = models.ForeignKey(
        CefrLevel, on_delete=models.PROTECT, related_name="+", verbose_name=_("niveau")
    )
    # CefrLevel.rank (1 = A1 … 6 = C2), copied so that "B2 or better" is an index range scan.
    level_rank = models.PositiveSmallIntegerField()
    oral_level = models.ForeignKey(
        CefrLevel,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("à l'oral"),
    )
    written_level = models.ForeignKey(
        CefrLevel,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("à l'écrit"),
    )

    class Meta:
        verbose_name = _("langue de travail")
        verbose_name_plural = _("langues de travail")
        ordering = ["-level_rank", "language__name_fr"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "language"], name="profile_language_unique")
        ]
        # With the profile: the search's "who speaks X at level Y" reads the index only.
        indexes = [models.Index(fields=["authority", "language", "level_rank", "profile"])]

    def __str__(self) -> str:
        return f"{self.language} {self.level_id}"


class ProfileCountry(models.Model):
    """A country the agent knows, and how."""

    class Relation(models.TextChoices):
        LIVED = "lived", _("Y a vécu")
        WORKED = "worked", _("Y a travaillé")
        STUDIED = "studied", _("Y a étudié")
        VISITED = "visited", _("L'a visité")

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="countries")
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("pays")
    )
    relation = models.CharField(_("lien"), max_length=10, choices=Relation.choices)
    regions = models.CharField(_("régions, villes"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("pays connu")
        verbose_name_plural = _("pays connus")
        ordering = ["country__name_fr"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "country"], name="profile_country_unique")
        ]
        indexes = [models.Index(fields=["authority", "country", "profile"])]

    def __str__(self) -> str:
        return f"{self.country} ({self.get_relation_display()})"


class ProfilePolicyArea(models.Model):
    """A field of expertise: an M57 policy area."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="area_links")
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    policy_area = models.ForeignKey(PolicyArea, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "policy_area"], name="profile_policy_area_unique"
            )
        ]
        indexes = [models.Index(fields=["authority", "policy_area"])]

    def __str__(self) -> str:
        return str(self.policy_area_id)


class SkillTag(models.Model):
    """A free expertise tag of the authority ("compostage", "marchés publics"…)."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("mot-clé"), max_length=60)
    slug = models.SlugField(max_length=60, allow_unicode=True)

    class Meta:
        verbose_name = _("mot-clé de compétence")
        verbose_name_plural = _("mots-clés de compétence")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "slug"], name="skill_tag_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ProfileTag(models.Model):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="tag_links")
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    tag = models.ForeignKey(SkillTag, on_delete=models.CASCADE, related_name="profile_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "tag"], name="profile_tag_unique")
        ]
        indexes = [models.Index(fields=["authority", "tag"])]

    def __str__(self) -> str:
        return str(self.tag_id)


class SkillCall(models.Model):
    """A project's call for competences: what is needed, when, for how many agent-days."""

    class Audience(models.TextChoices):
        ALL = "all", _("Tous les agents")
        SERVICES = "services", _("Les agents de certains services")

    class Status(models.TextChoices):
        OPEN = "open", _("Ouvert")
        CLOSED = "closed", _("Clos")

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="skill_calls", verbose_name=_("projet")
    )
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description du besoin"), blank=True)
    language = models.ForeignKey(
        Language,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("langue"),
    )
    min_level = models.ForeignKey(
        CefrLevel,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("niveau minimum"),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("pays"),
    )
    policy_areas = models.ManyToManyField(
        PolicyArea, blank=True, related_name="+", verbose_name=_("domaines d'expertise")
    )
    tags = models.ManyToManyField(
        SkillTag, blank=True, related_name="calls", verbose_name=_("mots-clés")
    )
    availability = models.CharField(
        _("disponibilité"), max_length=20, choices=Availability.choices, blank=True
    )
    start_date = models.DateField(_("du"), null=True, blank=True)
    end_date = models.DateField(_("au"), null=True, blank=True)
    effort_days = models.DecimalField(
        _("charge (jours-agent)"),
        **DAYS,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    audience = models.CharField(
        _("public"), max_length=10, choices=Audience.choices, default=Audience.ALL
    )
    services = models.ManyToManyField(
        Service, blank=True, related_name="+", verbose_name=_("services concernés")
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("appel à compétences")
        verbose_name_plural = _("appels à compétences")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["authority", "status"]),
            models.Index(fields=["project", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="skill_call_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class CallResponse(models.Model):
    """An agent's part in a call: invited or volunteered → accepted → approved by the manager."""

    class Origin(models.TextChoices):
        INVITED = "invited", _("Invitation de la DRI")
        VOLUNTEERED = "volunteered", _("Candidature spontanée")

    class Status(models.TextChoices):
        INVITED = "invited", _("Invitation en attente de réponse")
        ACCEPTED = "accepted", _("En attente de l'accord du responsable")
        DECLINED = "declined", _("Déclinée par l'agent")
        WITHDRAWN = "withdrawn", _("Retirée par l'agent")
        APPROVED = "approved", _("Accord du responsable : mobilisé")
        REFUSED = "refused", _("Refusée par le responsable")

    call = models.ForeignKey(SkillCall, on_delete=models.CASCADE, related_name="responses")
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="call_responses")
    origin = models.CharField(max_length=12, choices=Origin.choices)
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices)
    # The agent's own words (cleared when they erase their profile).
    message = models.TextField(_("message de l'agent"), blank=True, max_length=2000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(_("commentaire du responsable"), blank=True)
    mobilisation = models.ForeignKey(
        Mobilisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("réponse à un appel")
        verbose_name_plural = _("réponses aux appels")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "agent"], name="call_response_unique")
        ]
        indexes = [
            models.Index(fields=["authority", "status"]),
            models.Index(fields=["agent", "status"]),
        ]

    def __str__(self) -> str:
        return gettext("Réponse n°%(pk)s") % {"pk": self.pk}

    OPEN_STATUSES = (Status.INVITED, Status.ACCEPTED)

    def last_step(self) -> ResponseStep | None:
        """The latest step, from the prefetched ``steps`` when there are."""
        steps = list(self.steps.all())
        return steps[-1] if steps else None


class ResponseStep(models.Model):
    """One dated step of a response, shown to the agent, their manager and the DRI."""

    class Step(models.TextChoices):
        INVITED = "invited", _("Invitation")
        VOLUNTEERED = "volunteered", _("Candidature")
        ACCEPTED = "accepted", _("Acceptation par l'agent")
        DECLINED = "declined", _("Refus de l'agent")
        WITHDRAWN = "withdrawn", _("Retrait de l'agent")
        APPROVED = "approved", _("Accord du responsable")
        REFUSED = "refused", _("Refus du responsable")

    response = models.ForeignKey(CallResponse, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=12, choices=Step.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    comment = models.TextField(blank=True, max_length=2000)

    class Meta:
        verbose_name = _("étape")
        verbose_name_plural = _("étapes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.at:%Y-%m-%d}"
