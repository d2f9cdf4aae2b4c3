"""Authorities, users, memberships with roles, the audit trail and the reference data."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .wording import localized


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrateur fonctionnel")
    DRI = "dri", _("Relations internationales")
    REFERENT = "referent", _("Référent")
    ELECTED = "elected", _("Élu")
    DIRECTION = "direction", _("Direction")
    AGENT = "agent", _("Agent")


# A neutral blue: 8.66:1 against white both ways, far above WCAG AA's 4.5:1.
DEFAULT_PRIMARY_COLOUR = "#1f4e79"
HEX_COLOUR = RegexValidator(
    r"^#[0-9a-f]{6}\Z",
    _("Saisissez une couleur au format #rrggbb (six chiffres hexadécimaux en minuscules)."),
)


def authority_logo_path(instance: Authority, filename: str) -> str:
    """One folder per authority; the name is chosen by the identity service, never the user's."""
    return f"identity/{instance.pk}/{filename}"


class Authority(models.Model):
    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        EPCI = "epci", _("Intercommunalité (EPCI)")
        DEPARTEMENT = "departement", _("Département")
        REGION = "region", _("Région")
        OTHER = "other", _("Autre collectivité ou groupement")

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant court"), max_length=80, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.COMMUNE)
    siren = models.CharField(_("SIREN"), max_length=9, unique=True)
    iati_identifier = models.CharField(
        _("identifiant d'organisation IATI"), max_length=100, blank=True
    )
    publishes = models.BooleanField(
        _("publie ses projets publics"),
        default=False,
        help_text=_("Les projets marqués publics sont visibles sans connexion."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Visual identity, written by ``core.identity.update_identity`` only (it validates the logo
    # and the colour's contrast; the Django admin leaves these fields out).
    short_name = models.CharField(
        _("nom court"),
        max_length=30,
        blank=True,
        help_text=_("Affiché quand la place manque (petits écrans). 30 caractères au plus."),
    )
    logo = models.FileField(_("logo"), upload_to=authority_logo_path, blank=True)
    primary_colour = models.CharField(
        _("couleur principale"),
        max_length=7,
        default=DEFAULT_PRIMARY_COLOUR,
        validators=[HEX_COLOUR],
    )
    # Bumped by every change of the identity: it is in the URLs of the stylesheet and the logo,
    # which are cached for good, and it is the optimistic lock of the identity form.
    theme_version = models.PositiveIntegerField(
        _("version de l'identité visuelle"), default=1, editable=False
    )

    # ``core.concurrency.claim_version`` and ``VersionedFormMixin`` read the lock from here.
    version_field_name = "theme_version"

    class Meta:
        verbose_name = _("collectivité")
        verbose_name_plural = _("collectivités")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def version(self) -> int:
        return self.theme_version

    @version.setter
    def version(self, value: int) -> None:
        self.theme_version = value


class User(AbstractUser):
    """A person who logs in. Their rights come from memberships, one per authority and role."""

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="user_email_ci_unique", condition=~models.Q(email="")
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Membership(models.Model):
    """One role held by a user in an authority; a user may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("rôle dans une collectivité")
        verbose_name_plural = _("rôles dans les collectivités")
        constraints = [
            models.UniqueConstraint(fields=["user", "authority", "role"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.authority} — {self.get_role_display()}"


class AuditEvent(models.Model):
    """Who changed what, when. Written by service functions, never edited."""

    class Action(models.TextChoices):
        CREATE = "create", _("création")
        UPDATE = "update", _("modification")
        DELETE = "delete", _("suppression")
        IMPORT = "import", _("import")
        RESTORE = "restore", _("restauration")
        PURGE = "purge", _("purge de la corbeille")

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="audit_events", null=True
    )
    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    # What happened, named by the service that wrote it ("project.status_changed"); ``action``
    # is its broad class (creation, modification…), which the history pages show.
    kind = models.CharField(max_length=60, blank=True, db_index=True)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("événement du journal")
        verbose_name_plural = _("journal des modifications")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["authority", "object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} {self.object_repr}"


class TrashEntry(models.Model):
    """A deleted object and everything its deletion cascaded to, restorable until purge_after.

    Written and read by ``maillage.core.trash`` only. ``rows`` is the serializer output of every
    deleted row in restore order; ``field_updates`` the rows outside the deletion whose link to
    it was emptied (re-pointed on restore); ``files`` the stored files kept until the purge;
    ``contents`` what the confirmation and restore pages list.
    """

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="trash_entries")
    kind = models.CharField(_("type"), max_length=100)
    object_id = models.CharField(max_length=64)
    label = models.CharField(_("libellé"), max_length=300)
    deleted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    deleted_at = models.DateTimeField(_("supprimé le"))
    purge_after = models.DateTimeField(_("purgé après le"), db_index=True)
    rows = models.JSONField(default=list)
    field_updates = models.JSONField(default=list)
    files = models.JSONField(default=list)
    contents = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("élément de la corbeille")
        verbose_name_plural = _("corbeille")
        ordering = ["-deleted_at", "-id"]
        indexes = [models.Index(fields=["authority", "-deleted_at"])]

    def __str__(self) -> str:
        return self.label


# --- Reference data (loaded by migrations from files shipped in maillage/core/reference/) ---
#
# Each table keeps its French and English labels side by side; the ``name`` property gives the
# one of the active language (``wording.localized``), and ``__str__`` is built on it.


class PolicyArea(models.Model):
    """A function of the M57 budget nomenclature: the official list of public policies."""

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    # The official French label of the nomenclature.
    label = models.CharField(_("libellé"), max_length=200)
    label_en = models.CharField(_("libellé anglais"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    level = models.PositiveSmallIntegerField(_("niveau"))

    class Meta:
        verbose_name = _("politique publique (fonction M57)")
        verbose_name_plural = _("politiques publiques (fonctions M57)")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def name(self) -> str:
        return localized(self.label, self.label_en)


class SdgGoal(models.Model):
    number = models.PositiveSmallIntegerField(primary_key=True)
    short_fr = models.CharField(max_length=200)
    short_en = models.CharField(max_length=200)
    title_fr = models.TextField()
    title_en = models.TextField()

    class Meta:
        verbose_name = _("objectif de développement durable")
        verbose_name_plural = _("objectifs de développement durable")
        ordering = ["number"]

    def __str__(self) -> str:
        return _("ODD %(number)s — %(name)s") % {"number": self.number, "name": self.name}

    @property
    def name(self) -> str:
        return localized(self.short_fr, self.short_en)

    @property
    def title(self) -> str:
        return localized(self.title_fr, self.title_en)


class SdgTarget(models.Model):
    code = models.CharField(max_length=6, primary_key=True)
    goal = models.ForeignKey(SdgGoal, on_delete=models.PROTECT, related_name="targets")
    position = models.PositiveSmallIntegerField(help_text="Sort key within the goal.")
    title_fr = models.TextField()
    title_en = models.TextField()

    class Meta:
        verbose_name = _("cible ODD")
        verbose_name_plural = _("cibles ODD")
        ordering = ["goal", "position"]

    def __str__(self) -> str:
        return f"{self.code} — {self.title[:80]}"

    @property
    def title(self) -> str:
        return localized(self.title_fr, self.title_en)

    name = title


class CodeListItem(models.Model):
    """One code of an IATI code list (Sector, SectorCategory, OrganisationType…)."""

    codelist = models.CharField(max_length=60)
    code = models.CharField(max_length=20)
    name_en = models.CharField(max_length=300)
    name_fr = models.CharField(max_length=300, blank=True)
    category = models.CharField(max_length=20, blank=True)
    withdrawn = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("code IATI")
        verbose_name_plural = _("codes IATI")
        ordering = ["codelist", "code"]
        constraints = [
            models.UniqueConstraint(fields=["codelist", "code"], name="codelist_item_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def name(self) -> str:
        return localized(self.name_fr, self.name_en)


class CefrLevel(models.Model):
    code = models.CharField(max_length=2, primary_key=True)
    rank = models.PositiveSmallIntegerField(unique=True)
    label_fr = models.CharField(max_length=100)
    label_en = models.CharField(max_length=100)

    class Meta:
        verbose_name = _("niveau CECRL")
        verbose_name_plural = _("niveaux CECRL")
        ordering = ["rank"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def name(self) -> str:
        return localized(self.label_fr, self.label_en)


class Country(models.Model):
    iso2 = models.CharField(max_length=2, primary_key=True)
    iso3 = models.CharField(max_length=3, unique=True)
    numeric = models.CharField(max_length=3)
    name_fr = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("pays")
        verbose_name_plural = _("pays")
        ordering = ["name_fr"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self.name_fr, self.name_en)


class Language(models.Model):
    """An ISO 639 language: the two-letter ISO 639-1 code where it exists, else ISO 639-3."""

    code = models.CharField(_("code"), max_length=3, primary_key=True)
    iso639_3 = models.CharField(_("code ISO 639-3"), max_length=3, unique=True)
    name_fr = models.CharField(_("nom français"), max_length=100)
    name_en = models.CharField(_("nom anglais"), max_length=100)

    class Meta:
        verbose_name = _("langue")
        verbose_name_plural = _("langues")
        ordering = ["name_fr"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self.name_fr, self.name_en)


class DacRecipientList(models.Model):
    """One version of the OECD DAC List of ODA Recipients, valid for the flows of a period.

    The OECD revises the list every three years; each version applies to the flows of the
    calendar years it names (2024 and 2025, then 2026 and 2027). Periods never overlap.
    """

    period_start_year = models.PositiveSmallIntegerField(_("première année"), unique=True)
    period_end_year = models.PositiveSmallIntegerField(_("dernière année"))
    source = models.CharField(_("source"), max_length=300)
    loaded_at = models.DateTimeField(_("chargée le"), auto_now=True)

    class Meta:
        verbose_name = _("liste des bénéficiaires d'APD du CAD")
        verbose_name_plural = _("listes des bénéficiaires d'APD du CAD")
        ordering = ["period_start_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end_year__gte=models.F("period_start_year")),
                name="dac_list_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_start_year}–{self.period_end_year}"


class DacRecipient(models.Model):
    """A country or territory on one version of the DAC list, with its CRS code and group."""

    class IncomeGroup(models.TextChoices):
        LDC = "LDC", _("Pays les moins avancés")
        OTHER_LIC = "OTHER_LIC", _("Autres pays à faible revenu")
        LMIC = "LMIC", _("Pays et territoires à revenu intermédiaire, tranche inférieure")
        UMIC = "UMIC", _("Pays et territoires à revenu intermédiaire, tranche supérieure")

    list = models.ForeignKey(DacRecipientList, on_delete=models.CASCADE, related_name="recipients")
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("pays")
    )
    crs_code = models.CharField(_("code bénéficiaire CRS"), max_length=4)
    income_group = models.CharField(
        _("catégorie de revenu"), max_length=10, choices=IncomeGroup.choices
    )

    class Meta:
        verbose_name = _("bénéficiaire d'APD")
        verbose_name_plural = _("bénéficiaires d'APD")
        ordering = ["list", "country"]
        constraints = [
            models.UniqueConstraint(fields=["list", "country"], name="dac_recipient_unique")
        ]

    def __str__(self) -> str:
        return f"{self.country_id} ({self.list})"
