"""The project registry: partners, agreements, projects, mobilisations, funding, results."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from maillage.core import wording
from maillage.core.concurrency import version_field
from maillage.core.models import Authority, CodeListItem, Country, PolicyArea, SdgTarget
from maillage.organisation.models import Agent, ElectedOfficial, Service

MONEY = {"max_digits": 14, "decimal_places": 2}
# A project's analytic code: one word of letters, digits and the separators finance software
# uses, so that it can be found as a whole word in a mandat's object or imputation.
ANALYTIC_CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9]+(?:[-_./][A-Za-z0-9]+)*$",
    _(
        "Un code analytique s'écrit en lettres et chiffres, éventuellement séparés par "
        "« - », « _ », « . » ou « / », sans espace (par exemple COOP-SN-01)."
    ),
)
DAYS = {"max_digits": 8, "decimal_places": 1}


class Marker(models.IntegerChoices):
    """An OECD policy marker's score; not screened is NULL (``__empty__``), never 0."""

    __empty__ = _("non examiné")
    NOT_TARGETED = 0, _("0 — non ciblé")
    SIGNIFICANT = 1, _("1 — objectif significatif")
    PRINCIPAL = 2, _("2 — objectif principal")


def marker_field(label: object) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, choices=Marker.choices, null=True, blank=True, default=None
    )


class Partner(models.Model):
    """A foreign authority or organisation the authority works with."""

    version = version_field()

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("nom"), max_length=200)
    organisation_type = models.CharField(
        _("type d'organisation (IATI)"),
        max_length=5,
        blank=True,
        help_text=_("Liste IATI OrganisationType : 10 gouvernement, 21 ONG internationale…"),
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("pays")
    )
    subdivision = models.CharField(_("région, province"), max_length=200, blank=True)
    city = models.CharField(_("ville"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(_("présentation"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["authority", "name"]),
            models.Index(fields=["authority", "country"]),
        ]

    def __str__(self) -> str:
        return self.name


class PartnerContact(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("nom"), max_length=200)
    position = models.CharField(_("fonction"), max_length=200, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agreement(models.Model):
    """A twinning, cooperation agreement, friendship pact or memorandum with partners."""

    version = version_field()

    class Kind(models.TextChoices):
        TWINNING = "twinning", _("Jumelage")
        COOPERATION = "cooperation", _("Convention de coopération")
        FRIENDSHIP = "friendship", _("Pacte d'amitié")
        MEMORANDUM = "memorandum", _("Protocole d'accord")

    class Status(models.TextChoices):
        DRAFT = "draft", _("En préparation")
        IN_FORCE = "in_force", _("En vigueur")
        EXPIRED = "expired", _("Échue")
        TERMINATED = "terminated", _("Dénoncée")

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="agreements")
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("intitulé"), max_length=250)
    partners = models.ManyToManyField(
        Partner, related_name="agreements", verbose_name=_("partenaires")
    )
    deliberation_number = models.CharField(_("n° de délibération"), max_length=50, blank=True)
    deliberation_date = models.DateField(_("date de délibération"), null=True, blank=True)
    signature_date = models.DateField(_("date de signature"), null=True, blank=True)
    end_date = models.DateField(_("échéance ou renouvellement"), null=True, blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    notes = models.TextField(_("notes"), blank=True)
    projects = models.ManyToManyField(
        "Project", blank=True, related_name="agreements", verbose_name=_("projets couverts")
    )

    class Meta:
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        ordering = ["-signature_date", "title"]
        indexes = [models.Index(fields=["authority", "end_date"])]

    def __str__(self) -> str:
        return self.title


def agreement_document_path(instance: AgreementDocument, filename: str) -> str:
    return f"agreements/{instance.agreement.authority_id}/{instance.agreement_id}/{filename}"


class AgreementDocument(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titre"), max_length=200)
    file = models.FileField(_("fichier"), upload_to=agreement_document_path)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title


class Project(models.Model):
    class Kind(models.TextChoices):
        SOLIDARITY = "solidarity", _("Solidarité internationale")
        ECONOMIC = "economic", _("Développement économique")
        YOUTH = "youth", _("Jeunesse et mobilité")
        CULTURE = "culture", _("Culture")
        INSTITUTIONAL = "institutional", _("Appui institutionnel")
        CLIMATE = "climate", _("Climat et environnement")
        OTHER = "other", _("Autre")

    class Status(models.TextChoices):
        IDEA = "idea", _("Idée")
        PREPARATION = "preparation", _("En préparation")
        ONGOING = "ongoing", _("En cours")
        COMPLETED = "completed", _("Terminé")
        SUSPENDED = "suspended", _("Suspendu")

    class Visibility(models.TextChoices):
        INTERNAL = "internal", _("Interne à la collectivité")
        PUBLIC = "public", _("Public")

    Marker = Marker

    class LegalBasis(models.TextChoices):
        """The legal basis of the spending, as the e-APD declaration asks for it."""

        L1115_1 = "L1115-1", _("Action extérieure (CGCT, art. L1115-1)")
        # xgettext:no-python-format
        WATER = "1pc-water", _("1 % eau et assainissement")
        # xgettext:no-python-format
        WASTE = "1pc-waste", _("1 % déchets")
        ENERGY = "1pc-energy", _("1 % énergie")

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(_("intitulé"), max_length=250)
    summary = models.TextField(_("résumé"), blank=True)
    objectives = models.TextField(_("objectifs"), blank=True)
    kind = models.CharField(_("type de projet"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.IDEA
    )
    start_date = models.DateField(_("début"), null=True, blank=True)
    end_date = models.DateField(_("fin"), null=True, blank=True)
    lead_service = models.ForeignKey(
        Service,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_projects",
        verbose_name=_("service pilote"),
    )
    # Each carrier is porteur or co-porteur (``ProjectCarrier.role``).
    sponsors = models.ManyToManyField(
        ElectedOfficial,
        blank=True,
        through="ProjectCarrier",
        related_name="sponsored_projects",
        verbose_name=_("élus porteurs"),
    )
    policy_areas = models.ManyToManyField(
        PolicyArea, blank=True, related_name="projects", verbose_name=_("politiques publiques")
    )
    sdg_targets = models.ManyToManyField(
        SdgTarget, blank=True, related_name="projects", verbose_name=_("cibles ODD")
    )
    dac_sectors = models.ManyToManyField(
        CodeListItem,
        blank=True,
        related_name="projects",
        limit_choices_to={"codelist": "Sector", "withdrawn": False},
        verbose_name=_("secteurs CAD"),
    )
    # OECD policy markers: None = not screened (left blank in the e-APD file), 0 = screened,
    # not targeted; the two Rio markers on climate change beside the five the form asks.
    marker_gender = marker_field(_("égalité femmes-hommes"))
    marker_environment = marker_field(_("environnement"))
    marker_biodiversity = marker_field(_("biodiversité"))
    marker_nutrition = marker_field(_("nutrition"))
    marker_disability = marker_field(_("inclusion (handicap)"))
    marker_climate_mitigation = marker_field(_("climat : atténuation"))
    marker_climate_adaptation = marker_field(_("climat : adaptation"))
    visibility = models.CharField(
        _("visibilité"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    # The e-APD declaration (maillage/interop/eapd.py): a code of the OECD CRS channel list
    # (IATI CRSChannelCode), and the legal basis of the spending.
    apd_channel = models.CharField(
        _("canal d'acheminement de l'aide"),
        max_length=6,
        blank=True,
        help_text=_(
            "Par qui passe l'aide, selon la liste de l'OCDE : par exemple 12002 "
            "« collectivité du pays partenaire », 22000 « ONG française »."
        ),
    )
    apd_legal_basis = models.CharField(
        _("fondement juridique"),
        max_length=12,
        choices=LegalBasis.choices,
        default=LegalBasis.L1115_1,
        help_text=_("Pour la déclaration annuelle d'aide publique au développement (e-APD)."),
    )
    # Yes, no, or None while not said: an unsaid project stays in the e-APD declaration with
    # a warning, so that declarations made before the question existed keep their projects.
    development_main_objective = models.BooleanField(
        _("objectif principal : le développement du pays partenaire"),
        null=True,
        blank=True,
        default=None,
        help_text=_(
            "L'aide publique au développement ne compte que les actions dont l'objectif "
            "principal est le développement économique et le bien-être du pays partenaire "
            "(définition du CAD de l'OCDE). La promotion commerciale de nos entreprises n'en "
            "fait pas partie. Tant que ce n'est pas précisé, le projet reste dans la "
            "déclaration e-APD, avec un avertissement."
        ),
    )
    agent_day_rate = models.DecimalField(
        _("coût d'une journée d'agent (€)"),
        **MONEY,
        default=Decimal("250.00"),
        help_text=_(
            "Sert à valoriser les journées des services mobilisés en contribution en nature."
        ),
    )
    # The code the finance software puts on the authority's mandats for this project; the
    # payments import (funding/payments_import.py) finds the project by it.
    analytic_code = models.CharField(
        _("code analytique"),
        max_length=30,
        blank=True,
        validators=[ANALYTIC_CODE_VALIDATOR],
        help_text=_(
            "Le code que le logiciel financier porte sur les mandats de ce projet (par "
            "exemple COOP-SN-01) : l'import des paiements rattache au projet les mandats qui "
            "le portent. Lettres, chiffres, « - », « _ », « . » ou « / », unique dans la "
            "collectivité."
        ),
    )
    version = version_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["authority", "status"]),
            models.Index(fields=["authority", "-updated_at"]),
            models.Index(fields=["authority", "start_date"]),
            models.Index(fields=["visibility", "authority"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="project_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["authority", "analytic_code"],
                condition=~Q(analytic_code=""),
                name="project_analytic_code_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    MARKER_FIELDS = (
        "marker_gender",
        "marker_environment",
        "marker_biodiversity",
        "marker_nutrition",
        "marker_disability",
        "marker_climate_mitigation",
        "marker_climate_adaptation",
    )


class ProjectCarrier(models.Model):
    """An elected official carrying a project, as porteur or co-porteur."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Porteur")
        CO = "co", _("Co-porteur")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="carriers")
    official = models.ForeignKey(
        ElectedOfficial,
        on_delete=models.CASCADE,
        related_name="carried_projects",
        verbose_name=_("élu"),
    )
    role = models.CharField(_("rôle"), max_length=4, choices=Role.choices, default=Role.LEAD)

    class Meta:
        verbose_name = _("élu porteur")
        verbose_name_plural = _("élus porteurs")
        constraints = [
            models.UniqueConstraint(fields=["project", "official"], name="project_carrier_unique")
        ]

    def __str__(self) -> str:
        return f"{self.official} — {self.get_role_display()}"


class ProjectPartner(models.Model):
    """A partner's part in a project, with its IATI organisation role."""

    class Role(models.TextChoices):
        FUNDING = "1", _("Financeur")
        ACCOUNTABLE = "2", _("Responsable")
        EXTENDING = "3", _("Intermédiaire")
        IMPLEMENTING = "4", _("Maître d'œuvre")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="project_partners")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="project_links")
    role = models.CharField(
        _("rôle IATI"), max_length=1, choices=Role.choices, default=Role.IMPLEMENTING
    )

    class Meta:
        verbose_name = _("partenaire du projet")
        verbose_name_plural = _("partenaires du projet")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "partner", "role"], name="project_partner_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner} ({self.get_role_display()})"


class StatusChange(models.Model):
    """One dated step of a project's life cycle."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Project.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Project.Status.choices)
    on = models.DateField(_("date"))
    comment = models.CharField(_("commentaire"), max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("changement de statut")
        verbose_name_plural = _("changements de statut")
        ordering = ["on", "at"]

    def __str__(self) -> str:
        # Labels, not codes: the trash's confirmation pages list these by name.
        change = str(self.get_to_status_display())
        if self.from_status:
            change = f"{self.get_from_status_display()} → {change}"
        if self.on:
            change = f"{change}, {formats.date_format(self.on, 'SHORT_DATE_FORMAT')}"
        return f"{self.project} : {change}"


class Mobilisation(models.Model):
    """What a service of the authority brings to a project. The heart of the product."""

    version = version_field()

    class Role(models.TextChoices):
        LEAD = "lead", _("Pilote")
        CONTRIBUTOR = "contributor", _("Contributeur")
        CONSULTED = "consulted", _("Consulté")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("À confirmer")
        CONFIRMED = "confirmed", _("Confirmée")
        DECLINED = "declined", _("Déclinée")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="mobilisations")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="mobilisations")
    role = models.CharField(
        _("rôle"), max_length=20, choices=Role.choices, default=Role.CONTRIBUTOR
    )
    contribution = models.TextField(_("apport du service"), blank=True)
    days_planned = models.DecimalField(_("jours-agent prévus"), **DAYS, default=Decimal(0))
    days_actual = models.DecimalField(_("jours-agent réalisés"), **DAYS, default=Decimal(0))
    agents = models.ManyToManyField(
        Agent, blank=True, related_name="mobilisations", verbose_name=_("agents impliqués")
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    response_comment = models.TextField(_("commentaire du référent"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mobilisation")
        verbose_name_plural = _("mobilisations")
        ordering = ["project", "service__name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "service"], name="mobilisation_unique")
        ]
        indexes = [models.Index(fields=["service", "status"])]

    def __str__(self) -> str:
        return f"{self.service} — {self.project}"


class BudgetLine(models.Model):
    version = version_field()

    class Category(models.TextChoices):
        ACTIVITIES = "activities", _("Activités")
        STAFF = "staff", _("Personnel")
        TRAVEL = "travel", _("Missions et déplacements")
        EQUIPMENT = "equipment", _("Équipement")
        MONITORING = "monitoring", _("Suivi et évaluation")
        COMMUNICATION = "communication", _("Communication")
        OTHER = "other", _("Autres")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(_("catégorie"), max_length=20, choices=Category.choices)
    label = models.CharField(_("libellé"), max_length=200)
    amount = models.DecimalField(_("montant (€)"), **MONEY, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("ligne budgétaire")
        verbose_name_plural = _("lignes budgétaires")
        ordering = ["category", "label"]

    def __str__(self) -> str:
        return self.label


class FundingStatus(models.TextChoices):
    """A co-funder's answer. "Received" (in part or in full) is read from the instalments."""

    REQUESTED = "requested", _("Demandée")
    GRANTED = "granted", _("Accordée")
    REFUSED = "refused", _("Refusée")


class Contribution(models.Model):
    """A funder's share of the project: cash or in kind ("valorisation")."""

    version = version_field()

    class Funder(models.TextChoices):
        OWN = "own", _("Fonds propres de la collectivité")
        MINISTRY = "ministry", _("Ministère (MEAE)")
        AFD = "afd", _("AFD")
        EU = "eu", _("Union européenne")
        REGION = "region", _("Région")
        PARTNER = "partner", _("Partenaire étranger")
        OTHER = "other", _("Autre financeur")

    class Nature(models.TextChoices):
        CASH = "cash", _("Numéraire")
        IN_KIND = "in_kind", _("Valorisation (en nature)")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="contributions")
    funder = models.CharField(_("financeur"), max_length=20, choices=Funder.choices)
    funder_name = models.CharField(_("nom du financeur"), max_length=200, blank=True)
    nature = models.CharField(
        _("nature"), max_length=10, choices=Nature.choices, default=Nature.CASH
    )
    amount = models.DecimalField(_("montant (€)"), **MONEY, validators=[MinValueValidator(0)])
    # Where a co-funder's decision stands. The amount above stays what the plan asks for; the
    # granted amount is the funder's answer and the instalments are what came in. "Received"
    # is not stored: it is read from the instalments (see ``funding_status``). The authority's
    # own funds are not requested from anyone: their status is not shown.
    status = models.CharField(
        _("état de la demande"),
        max_length=10,
        choices=FundingStatus.choices,
        default=FundingStatus.REQUESTED,
    )
    decision_date = models.DateField(_("date de la décision"), null=True, blank=True)
    granted_amount = models.DecimalField(
        _("montant accordé (€)"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("plan de financement")
        ordering = ["funder", "nature"]

    def __str__(self) -> str:
        return f"{self.get_funder_display()} — {self.amount} €"

    @property
    def is_external(self) -> bool:
        return self.funder != self.Funder.OWN

    def clean(self) -> None:
        errors = {}
        if self.status == FundingStatus.GRANTED:
            if self.granted_amount is None:
                errors["granted_amount"] = gettext("Indiquez le montant accordé par le financeur.")
            if self.decision_date is None:
                errors["decision_date"] = gettext("Indiquez la date de la décision.")
        elif self.status == FundingStatus.REFUSED:
            if self.decision_date is None:
                errors["decision_date"] = gettext("Indiquez la date de la décision.")
            if self.granted_amount is not None:
                errors["granted_amount"] = gettext(
                    "Une demande refusée n'a pas de montant accordé : videz ce champ."
                )
        elif self.granted_amount is not None:
            errors["granted_amount"] = gettext(
                "Une demande en attente n'a pas de montant accordé : choisissez l'état "
                "« accordée » ou videz ce champ."
            )
        if self.pk and self.status != FundingStatus.GRANTED and self.instalments.exists():
            errors["status"] = gettext(
                "Des versements de ce financeur sont déjà enregistrés : la demande reste "
                "accordée. Supprimez d'abord les versements."
            )
        if errors:
            raise ValidationError(errors)


class ContributionInstalment(models.Model):
    """Money a co-funder actually paid in, on a granted contribution."""

    version = version_field()
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="instalments"
    )
    date = models.DateField(_("date de réception"))
    amount = models.DecimalField(
        _("montant reçu (€)"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("versement reçu")
        verbose_name_plural = _("versements reçus")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="instalment_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.contribution} — {self.date:%d/%m/%Y}"


class Commitment(models.Model):
    """An engagement of the authority's own money on the project (a purchase order, a grant
    decided, staff costs), which payments then settle in one or several goes."""

    version = version_field()

    class Beneficiary(models.TextChoices):
        PARTNER = "partner", _("Partenaire")
        PROVIDER = "provider", _("Prestataire")
        STAFF = "staff", _("Agents de la collectivité")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="commitments")
    date = models.DateField(_("date de l'engagement"))
    amount = models.DecimalField(
        _("montant engagé (€)"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    beneficiary_kind = models.CharField(
        _("bénéficiaire"), max_length=10, choices=Beneficiary.choices
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("partenaire du projet"),
    )
    beneficiary_name = models.CharField(_("nom du bénéficiaire"), max_length=200, blank=True)
    budget_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("ligne budgétaire"),
    )
    m57_function = models.ForeignKey(
        PolicyArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fonction M57"),
    )
    m57_nature = models.CharField(
        _("nature M57 (compte)"),
        max_length=10,
        blank=True,
        help_text=_("Le compte par nature, par exemple 6574 (subventions) ou 6228."),
    )
    label = models.CharField(_("objet"), max_length=250)
    # Made by the payments import to hold the mandats of one project, imputation and
    # beneficiary; its amount follows what is imported into it.
    imported = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="commitment_amount_positive")
        ]

    def __str__(self) -> str:
        return self.label


class Payment(models.Model):
    """A payment (mandat) against a commitment; several may settle one commitment."""

    version = version_field()
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="payments")
    date = models.DateField(_("date du paiement"))
    amount = models.DecimalField(
        _("montant payé (€)"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    reference = models.CharField(
        _("référence comptable"),
        max_length=50,
        help_text=_("Numéro de mandat ou de bordereau."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("paiement")
        verbose_name_plural = _("paiements")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.date:%d/%m/%Y}"


class WorkedDays(models.Model):
    """Agent-days a mobilised service actually worked for the project in one month."""

    version = version_field()
    # The owner, copied from the mobilisation's project when the row is written: the optional
    # agent must never be what ties a row to an authority.
    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="+", editable=False
    )
    mobilisation = models.ForeignKey(
        Mobilisation, on_delete=models.CASCADE, related_name="worked_days"
    )
    agent = models.ForeignKey(
        Agent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agent"),
    )
    month = models.DateField(_("mois"))
    days = models.DecimalField(
        _("jours travaillés"), **DAYS, validators=[MinValueValidator(Decimal("0.1"))]
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("jours travaillés")
        verbose_name_plural = _("jours travaillés")
        ordering = ["month", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(days__gt=0), name="worked_days_positive"),
            models.CheckConstraint(condition=Q(month__day=1), name="worked_days_first_of_month"),
        ]

    def __str__(self) -> str:
        return f"{self.mobilisation} — {self.month:%m/%Y}"

    def clean(self) -> None:
        if self.month and self.month.day != 1:
            self.month = self.month.replace(day=1)


class DeclaredActivity(models.Model):
    """Development aid the authority declares outside a partner project, in the yearly e-APD
    declaration (``interop/eapd.py``): awareness in France, refugees hosted in France in their
    first year, students, core contributions to multilateral bodies, the administrative costs
    of the international team. Without a country it is declared "bilateral, unspecified" (or a
    region)."""

    version = version_field()

    class Kind(models.TextChoices):
        AWARENESS = "awareness", _("Sensibilisation au développement en France")
        REFUGEES = "refugees", _("Accueil de réfugiés en France (12 premiers mois)")
        SCHOLARSHIPS = "scholarships", _("Bourses d'études ou de stage en France")
        STUDENT_COSTS = "student_costs", _("Coûts imputés des étudiants (frais d'écolage)")
        MULTILATERAL = "multilateral", _("Contribution à un organisme multilatéral")
        ADMINISTRATIVE = "administrative", _("Frais administratifs de l'équipe internationale")

    class Region(models.TextChoices):
        """Recipients that are not a country (OECD CRS region codes)."""

        UNSPECIFIED = "998", _("Bilatéral, non ventilé (pays en développement, non spécifié)")
        AFRICA = "298", _("Afrique, régional")
        NORTH_OF_SAHARA = "189", _("Nord du Sahara, régional")
        SOUTH_OF_SAHARA = "289", _("Sud du Sahara, régional")
        AMERICA = "498", _("Amérique, régional")
        CARIBBEAN = "389", _("Caraïbes et Amérique centrale, régional")
        SOUTH_AMERICA = "489", _("Amérique du Sud, régional")
        ASIA = "798", _("Asie, régional")
        MIDDLE_EAST = "589", _("Moyen-Orient, régional")
        EUROPE = "89", _("Europe, régional")
        OCEANIA = "889", _("Océanie, régional")

    # kind -> (type of aid, usual CRS purpose code, usual channel); blank codes are filled with
    # these on save; a multilateral contribution names its body's channel and purpose itself.
    CODES = {
        Kind.AWARENESS: ("H01", "99820", "11002"),
        Kind.REFUGEES: ("H02", "93010", "11002"),
        Kind.SCHOLARSHIPS: ("E01", "11420", "11002"),
        Kind.STUDENT_COSTS: ("E02", "11420", "11002"),
        Kind.MULTILATERAL: ("B02", "", ""),
        Kind.ADMINISTRATIVE: ("G01", "91010", "11002"),
    }
    M57_FUNCTIONS = (
        ("044", _("044 — Aide publique au développement")),
        ("045", _("045 — Actions internationales")),
    )

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="declared_activities"
    )
    year = models.PositiveSmallIntegerField(
        _("année des dépenses"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("intitulé"), max_length=250)
    amount = models.DecimalField(
        _("montant payé dans l'année (€)"),
        **MONEY,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    purpose_code = models.CharField(
        _("code-objet CRS"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("Un code-objet CRS a cinq chiffres."))],
        help_text=_(
            "Laissez vide pour le code habituel : 99820 sensibilisation, 93010 réfugiés, "
            "11420 étudiants, 91010 frais administratifs."
        ),
    )
    channel = models.CharField(
        _("canal d'acheminement"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{5,6}$", _("Un code de canal CRS a cinq chiffres."))],
        help_text=_(
            "Laissez vide pour 11002 « collectivité du pays donneur » (la collectivité "
            "elle-même) ; pour un organisme multilatéral, son code, par exemple 41122 UNICEF."
        ),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pays bénéficiaire"),
        help_text=_(
            "Facultatif : laissez vide pour une déclaration sans pays (région ci-dessous)."
        ),
    )
    region = models.CharField(
        _("région, sans pays"),
        max_length=4,
        choices=Region.choices,
        default=Region.UNSPECIFIED,
    )
    legal_basis = models.CharField(
        _("fondement juridique"),
        max_length=12,
        choices=Project.LegalBasis.choices,
        default=Project.LegalBasis.L1115_1,
    )
    m57_function = models.CharField(
        _("fonction M57"), max_length=3, choices=M57_FUNCTIONS, default="044"
    )
    marker_gender = marker_field(_("égalité femmes-hommes"))
    marker_environment = marker_field(_("environnement"))
    marker_biodiversity = marker_field(_("biodiversité"))
    marker_nutrition = marker_field(_("nutrition"))
    marker_disability = marker_field(_("inclusion (handicap)"))
    marker_climate_mitigation = marker_field(_("climat : atténuation"))
    marker_climate_adaptation = marker_field(_("climat : adaptation"))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("activité déclarée hors projet")
        verbose_name_plural = _("activités déclarées hors projet")
        ordering = ["-year", "kind", "pk"]
        indexes = [models.Index(fields=["authority", "year"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="declared_activity_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"

    @property
    def aid_type(self) -> str:
        return self.CODES[self.kind][0] if self.kind in self.CODES else ""

    def clean(self) -> None:
        aid_type, purpose, channel = self.CODES.get(self.kind, ("", "", ""))
        self.purpose_code = self.purpose_code or purpose
        self.channel = self.channel or channel
        errors = {}
        if not self.purpose_code:
            errors["purpose_code"] = gettext(
                "Indiquez le code-objet CRS du secteur que finance l'organisme (5 chiffres)."
            )
        if not self.channel:
            errors["channel"] = gettext(
                "Indiquez le canal de l'organisme multilatéral, par exemple 41122 pour l'UNICEF."
            )
        if errors:
            raise ValidationError(errors)


class FundingRuleSet(models.Model):
    """A funder's co-financing rules, as data (loaded by migration, editable in the admin)."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("règles de cofinancement")
        verbose_name_plural = _("règles de cofinancement")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FundingRule(models.Model):
    """``numerator / denominator  <op>  threshold %``, over named amounts of the plan."""

    class Operator(models.TextChoices):
        AT_LEAST = "gte", "≥"
        AT_MOST = "lte", "≤"

    rule_set = models.ForeignKey(FundingRuleSet, on_delete=models.CASCADE, related_name="rules")
    label = models.CharField(_("règle"), max_length=200)
    numerator = models.CharField(_("numérateur"), max_length=40)
    denominator = models.CharField(_("dénominateur"), max_length=40)
    operator = models.CharField(max_length=3, choices=Operator.choices)
    threshold = models.DecimalField(_("seuil (%)"), max_digits=6, decimal_places=2)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("règle")
        verbose_name_plural = _("règles")
        ordering = ["rule_set", "position"]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        # Imported here: funding.py computes over these models.
        from maillage.projects.funding.services import validate_rule_amounts

        validate_rule_amounts(self.numerator, self.denominator)


class Result(models.Model):
    version = version_field()

    class Territory(models.TextChoices):
        PARTNER = "partner", _("Territoire partenaire")
        HOME = "home", _("Notre territoire (retombées locales)")

    class Type(models.TextChoices):
        OUTPUT = "1", _("Réalisation")
        OUTCOME = "2", _("Effet")
        IMPACT = "3", _("Impact")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="results")
    title = models.CharField(_("résultat"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    territory = models.CharField(_("territoire"), max_length=10, choices=Territory.choices)
    result_type = models.CharField(
        _("type"), max_length=1, choices=Type.choices, default=Type.OUTPUT
    )

    class Meta:
        verbose_name = _("résultat")
        verbose_name_plural = _("résultats")
        ordering = ["territory", "id"]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    version = version_field()
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="indicators")
    title = models.CharField(_("indicateur"), max_length=250)
    unit = models.CharField(_("unité"), max_length=50, blank=True)
    baseline = models.DecimalField(_("valeur de référence"), **MONEY, default=Decimal(0))
    baseline_year = models.PositiveSmallIntegerField(_("année de référence"), null=True, blank=True)
    target = models.DecimalField(_("cible"), **MONEY, null=True, blank=True)

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["result", "id"]

    def __str__(self) -> str:
        return self.title


class IndicatorPeriod(models.Model):
    version = version_field()
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="periods")
    start = models.DateField(_("début"))
    end = models.DateField(_("fin"))
    target = models.DecimalField(_("cible de la période"), **MONEY, null=True, blank=True)
    actual = models.DecimalField(_("valeur atteinte"), **MONEY, null=True, blank=True)
    comment = models.CharField(_("commentaire"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("période")
        verbose_name_plural = _("périodes")
        ordering = ["indicator", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="period_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.start:%Y-%m}–{self.end:%Y-%m}"


class Mission(models.Model):
    """An outgoing mission abroad or an incoming delegation."""

    version = version_field()

    class Direction(models.TextChoices):
        OUTGOING = "outgoing", _("Mission à l'étranger")
        INCOMING = "incoming", _("Accueil de délégation")

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="missions")
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="missions",
        verbose_name=_("projet"),
    )
    direction = models.CharField(_("sens"), max_length=10, choices=Direction.choices)
    title = models.CharField(_("objet"), max_length=250)
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"))
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("pays"),
        null=True,
        blank=True,
    )
    places = models.CharField(_("lieux"), max_length=300, blank=True)
    # The sum of the mission's cost lines (MissionCost), kept by the services that write them:
    # the list sorts and exports on it without adding the lines up.
    cost = models.DecimalField(
        _("coût (€)"),
        **MONEY,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
        editable=False,
    )
    agents = models.ManyToManyField(
        Agent, blank=True, related_name="missions", verbose_name=_("agents")
    )
    elected_officials = models.ManyToManyField(
        ElectedOfficial, blank=True, related_name="missions", verbose_name=_("élus")
    )
    # Companies present but not named in the directory (MissionCompany names the others).
    companies = models.PositiveIntegerField(_("autres entreprises (non nommées)"), default=0)
    youths = models.PositiveIntegerField(_("jeunes"), default=0)
    associations = models.PositiveIntegerField(_("associations"), default=0)
    other_participants = models.PositiveIntegerField(_("autres participants"), default=0)
    report = models.TextField(_("compte rendu"), blank=True)

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions et délégations")
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["authority", "-start_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="mission_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def duration_days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    @property
    def direction_label(self) -> str:
        """ "Mission au Sénégal", "Délégation venue du Sénégal"; the direction's label when no
        country is given. Forms keep the choice labels."""
        if self.country_id is None:
            return self.get_direction_display()
        if self.direction == self.Direction.INCOMING:
            return gettext("Délégation venue %(country)s") % {
                "country": wording.from_country(self.country)
            }
        return gettext("Mission %(country)s") % {"country": wording.to_country(self.country)}


def validate_siren(value: str) -> None:
    """A SIREN: 9 digits whose Luhn checksum is right (INSEE's rule)."""
    if len(value) != 9 or not value.isdigit():
        raise ValidationError(
            _("Le SIREN « %(value)s » doit compter 9 chiffres."),
            code="siren_digits",
            params={"value": value},
        )
    if not luhn_valid(value):
        raise ValidationError(
            _("Le SIREN « %(value)s » n'est pas valide : vérifiez les chiffres (clé de Luhn)."),
            code="siren_checksum",
            params={"value": value},
        )


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        n = int(char) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


class Company(models.Model):
    """A company of the authority's territory, in its directory: filled by hand or from an
    INSEE SIRENE extract, keyed by SIREN."""

    version = version_field()
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="companies")
    siren = models.CharField(_("SIREN"), max_length=9, validators=[validate_siren])
    name = models.CharField(_("raison sociale"), max_length=200)
    activity_code = models.CharField(
        _("code APE (NAF)"),
        max_length=6,
        blank=True,
        help_text=_("Code de l'activité principale, par exemple 25.62B."),
    )
    activity_label = models.CharField(_("activité"), max_length=200, blank=True)
    town = models.CharField(_("commune"), max_length=100, blank=True)
    contact_name = models.CharField(_("contact"), max_length=150, blank=True)
    contact_email = models.EmailField(_("courriel du contact"), blank=True)
    contact_phone = models.CharField(_("téléphone du contact"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("entreprise")
        verbose_name_plural = _("entreprises")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "siren"], name="company_siren_unique")
        ]

    def __str__(self) -> str:
        return self.name


class MissionCompany(models.Model):
    """A company taking part in a mission, with its sector and the person who came."""

    version = version_field()
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="company_links")
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="mission_links",
        verbose_name=_("entreprise"),
    )
    sector = models.CharField(_("secteur"), max_length=150, blank=True)
    contact_name = models.CharField(_("personne présente"), max_length=150, blank=True)
    role = models.CharField(_("rôle dans la mission"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("entreprise de la mission")
        verbose_name_plural = _("entreprises de la mission")
        ordering = ["mission", "id"]
        constraints = [
            models.UniqueConstraint(fields=["mission", "company"], name="mission_company_unique")
        ]

    def __str__(self) -> str:
        return str(self.company)


class BusinessMeeting(models.Model):
    """A business meeting held during a mission, and what came of it."""

    version = version_field()

    class Outcome(models.TextChoices):
        CONTRACT = "contract", _("Contrat signé")
        FOLLOW_UP = "follow_up", _("Suite prévue")
        NONE = "none", _("Sans suite")

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="business_meetings")
    date = models.DateField(_("date"))
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        related_name="business_meetings",
        verbose_name=_("entreprise"),
    )
    counterpart = models.CharField(_("interlocuteur"), max_length=200)
    subject = models.CharField(_("objet"), max_length=250)
    outcome = models.CharField(
        _("issue"), max_length=10, choices=Outcome.choices, default=Outcome.FOLLOW_UP
    )
    contract_amount = models.DecimalField(
        _("montant du contrat (€)"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    follow_up = models.TextField(_("suite à donner"), blank=True)

    class Meta:
        verbose_name = _("rendez-vous d'affaires")
        verbose_name_plural = _("rendez-vous d'affaires")
        ordering = ["mission", "date", "id"]

    def __str__(self) -> str:
        return self.subject


class MissionCost(models.Model):
    """A cost of a mission, by nature; their sum is ``Mission.cost``."""

    version = version_field()

    class Nature(models.TextChoices):
        TRAVEL = "travel", _("Transport")
        ACCOMMODATION = "accommodation", _("Hébergement")
        INTERPRETATION = "interpretation", _("Interprétariat")
        OTHER = "other", _("Autres frais")

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="costs")
    nature = models.CharField(_("nature"), max_length=20, choices=Nature.choices)
    label = models.CharField(_("libellé"), max_length=200, blank=True)
    amount = models.DecimalField(_("montant (€)"), **MONEY, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("coût de mission")
        verbose_name_plural = _("coûts de mission")
        ordering = ["mission", "nature", "id"]

    def __str__(self) -> str:
        return self.label or self.get_nature_display()


class MissionVisitor(models.Model):
    """A member of an incoming delegation."""

    version = version_field()
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="visitors")
    name = models.CharField(_("nom"), max_length=150)
    role = models.CharField(_("fonction"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("membre de la délégation")
        verbose_name_plural = _("membres de la délégation")
        ordering = ["mission", "id"]

    def __str__(self) -> str:
        return self.name


class ProgrammeItem(models.Model):
    """A slot of a delegation's programme, possibly the visit of one of our services."""

    version = version_field()
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="programme")
    date = models.DateField(_("date"))
    time = models.TimeField(_("heure"), null=True, blank=True)
    activity = models.CharField(_("activité"), max_length=250)
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programme_items",
        verbose_name=_("service visité"),
    )

    class Meta:
        verbose_name = _("temps du programme")
        verbose_name_plural = _("programme")
        ordering = ["mission", "date", "time", "id"]

    def __str__(self) -> str:
        return self.activity


class Deadline(models.Model):
    """A dated deadline of a project: a call for projects to answer, a report due, an
    agreement to renew. Agreements' own end dates are read from ``Agreement.end_date`` and
    never copied here."""

    version = version_field()

    class Kind(models.TextChoices):
        CALL = "call", _("Appel à projets")
        REPORT = "report", _("Rapport à rendre")
        RENEWAL = "renewal", _("Renouvellement de convention")
        OTHER = "other", _("Autre échéance")

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="deadlines")
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="deadlines", verbose_name=_("projet")
    )
    kind = models.CharField(_("nature"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    date = models.DateField(_("date"))
    title = models.CharField(_("intitulé"), max_length=250)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("échéance")
        verbose_name_plural = _("échéances")
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["authority", "date"])]

    def __str__(self) -> str:
        return self.title


class CalendarFeed(models.Model):
    """A user's private iCalendar feed in one authority: only the SHA-256 of its token is
    kept (the token itself is shown once, when it is made); deleting the row revokes it."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agenda personnel")
        verbose_name_plural = _("agendas personnels")
        constraints = [
            models.UniqueConstraint(fields=["authority", "user"], name="calendar_feed_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.authority}"


class SubmittedForm(models.Model):
    """A create form already saved: its token, unique per authority, and where it led.

    Shared by the create forms of every app (see ``maillage.projects.idempotency``); it lives
    here because ``projects`` is the lowest app that all apps with such forms may import.
    """

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    token = models.UUIDField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["authority", "token"], name="submitted_form_once")
        ]

    def __str__(self) -> str:
        return str(self.token)
