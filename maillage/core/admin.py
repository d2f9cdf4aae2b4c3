"""Django admin, scoped to the current authority for its functional administrators.

A user with the ``admin`` role reaches the admin for the authority currently selected and sees
only that authority's rows; superusers (platform operators) see everything.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import accounts, audit
from .admin_site import is_authority_admin
from .models import (
    AuditEvent,
    Authority,
    CefrLevel,
    CodeListItem,
    Country,
    Membership,
    PolicyArea,
    Role,
    SdgGoal,
    SdgTarget,
    User,
)


def limit_to_authority(queryset: models.QuerySet, authority) -> models.QuerySet:
    """The choices of a picker that belong to ``authority``: its rows, or its members' accounts."""
    model = queryset.model
    if model is User:
        return queryset.filter(memberships__authority=authority).distinct()
    if any(f.name == "authority" for f in model._meta.fields):
        return queryset.filter(authority=authority)
    return queryset


class AuthorityScopedInline:
    """For inlines of scoped admins: their pickers offer only the current authority's rows."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and not request.user.is_superuser:
            field.queryset = limit_to_authority(field.queryset, request.authority)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and not request.user.is_superuser:
            field.queryset = limit_to_authority(field.queryset, request.authority)
        return field


class ScopedRawIdWidget(widgets.ForeignKeyRawIdWidget):
    """A raw id input that names an object only if it is among the field's choices.

    Django's widget looks the id up in the whole table, so an id of another authority typed in
    (or passed in the URL of an add page) would show that object's name beside the input.
    """

    def __init__(self, *args, queryset: models.QuerySet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.queryset = queryset

    def label_and_url_for_value(self, value):
        key = self.rel.get_related_field().name
        try:
            allowed = self.queryset.filter(**{key: value}).exists()
        except (ValueError, ValidationError):
            allowed = False
        return super().label_and_url_for_value(value) if allowed else ("", "")


class AuthorityScopedAdmin(admin.ModelAdmin):
    """Rows of the current authority only; new rows belong to it; choices limited to it."""

    authority_field = "authority"

    def _scoped(self, request: HttpRequest) -> bool:
        return not request.user.is_superuser

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        queryset = super().get_queryset(request)
        if self._scoped(request):
            return queryset.filter(**{self.authority_field: request.authority})
        return queryset

    def get_exclude(self, request: HttpRequest, obj: models.Model | None = None):
        exclude = list(super().get_exclude(request, obj) or [])
        if self._scoped(request) and self.authority_field == "authority":
            exclude.append("authority")
        return exclude

    def save_model(self, request, obj, form, change) -> None:
        if self._scoped(request) and self.authority_field == "authority":
            obj.authority = request.authority
        super().save_model(request, obj, form, change)
        changes = {name: str(form.cleaned_data.get(name)) for name in form.changed_data}
        audit.record(
            authority=request.authority,
            user=request.user,
            action=AuditEvent.Action.UPDATE if change else AuditEvent.Action.CREATE,
            obj=obj,
            changes=changes,
        )

    def delete_model(self, request, obj) -> None:
        audit.record(
            authority=request.authority, user=request.user, action=AuditEvent.Action.DELETE, obj=obj
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        """The bulk "delete selected" action: one audit event per row, like a single delete."""
        for obj in queryset:
            audit.record(
                authority=request.authority,
                user=request.user,
                action=AuditEvent.Action.DELETE,
                obj=obj,
            )
        super().delete_queryset(request, queryset)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        self._limit_choices(db_field, request, field)
        if field is not None and type(field.widget) is widgets.ForeignKeyRawIdWidget:
            raw = field.widget
            field.widget = ScopedRawIdWidget(
                raw.rel, raw.admin_site, attrs=raw.attrs, using=raw.db, queryset=field.queryset
            )
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        self._limit_choices(db_field, request, field)
        return field

    def _limit_choices(self, db_field, request, field) -> None:
        if field is None or not self._scoped(request):
            return
        field.queryset = limit_to_authority(field.queryset, request.authority)

    def _allowed(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or is_authority_admin(request)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request, *args) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._allowed(request)


class ReadOnlyForAdminsMixin:
    """Reference data: authority administrators read it, only superusers change it."""

    def has_module_permission(self, request):
        return request.user.is_superuser or is_authority_admin(request)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request, *args):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Authority)
class AuthorityAdmin(AuthorityScopedAdmin):
    authority_field = "pk"
    list_display = ["name", "kind", "siren", "publishes"]
    # The visual identity has its own page, which checks the logo and the colour's contrast.
    exclude = ["short_name", "logo", "primary_colour"]
    search_fields = ["name", "siren"]

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if self._scoped(request):
            return queryset.filter(pk=request.authority.pk)
        return queryset

    def has_add_permission(self, request, *args) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        return [] if request.user.is_superuser else ["siren", "slug"]


class MembershipInline(admin.TabularInline):
    """The user's roles in the current authority (every authority for a superuser)."""

    model = Membership
    extra = 1
    verbose_name = _("rôle dans la collectivité")
    verbose_name_plural = _("rôles dans la collectivité")

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("authority")
        if not request.user.is_superuser:
            queryset = queryset.filter(authority=request.authority)
        return queryset

    def get_exclude(self, request, obj=None):
        return [] if request.user.is_superuser else ["authority"]

    def has_add_permission(self, request, obj=None) -> bool:
        return True

    def has_change_permission(self, request, obj=None) -> bool:
        return True

    def has_delete_permission(self, request, obj=None) -> bool:
        return True

    def has_view_permission(self, request, obj=None) -> bool:
        return True


class RoleHereFilter(admin.SimpleListFilter):
    """Filter by role in the current authority: roles held elsewhere are none of its business."""

    title = _("rôle")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return Role.choices

    def queryset(self, request, queryset):
        if self.value() not in Role.values:
            return queryset
        memberships = Membership.objects.filter(role=self.value())
        if not request.user.is_superuser:
            memberships = memberships.filter(authority=request.authority)
        return queryset.filter(pk__in=memberships.values("user_id"))


class AuthorityUserCreationForm(forms.ModelForm):
    """A new account, created without a password: its owner chooses one from a reset link."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if not email:
            raise forms.ValidationError(
                _(
                    "Indiquez l'adresse électronique : le lien pour choisir le mot de passe y est "
                    "envoyé."
                )
            )
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Un compte utilise déjà cette adresse électronique."))
        return email

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


class AuthorityUserChangeForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "is_active"]


@admin.register(User)
class UserAdmin(AuthorityScopedAdmin, BaseUserAdmin):
    """The authority's users: those holding at least one role in it.

    A superuser keeps Django's user admin. An authority's administrator edits, deletes and sends
    reset links only to the accounts it manages (:func:`accounts.managed_by`); any other member
    is read-only apart from their roles in this authority. No one but a superuser sets a password.
    """

    authority_field = "memberships__authority"
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    list_filter = ["is_active", RoleHereFilter]
    actions = ["send_reset_link", "remove_from_authority"]

    _AUTHORITY_FIELDSETS = [
        (None, {"fields": ["username"]}),
        (_("Identité"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Accès"), {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    _AUTHORITY_ADD_FIELDSETS = [
        (None, {"fields": ["username", "first_name", "last_name", "email"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    def _manages(self, request, obj: User | None) -> bool:
        if request.user.is_superuser:
            return True
        return obj is not None and accounts.managed_by(obj, request.authority)

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self._AUTHORITY_FIELDSETS if obj is not None else self._AUTHORITY_ADD_FIELDSETS

    def get_form(self, request, obj=None, **kwargs):
        if not request.user.is_superuser:
            kwargs["form"] = AuthorityUserChangeForm if obj else AuthorityUserCreationForm
            return admin.ModelAdmin.get_form(self, request, obj, **kwargs)
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        if obj is not None and not self._manages(request, obj):
            return [*AuthorityUserChangeForm._meta.fields, "last_login", "date_joined"]
        return ["last_login", "date_joined"]

    def has_delete_permission(self, request, obj=None) -> bool:
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or self._manages(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if request.method == "GET" and obj is not None and not self._manages(request, obj):
            messages.info(
                request,
                _(
                    "Ce compte a aussi des rôles dans une autre collectivité, ou appartient à "
                    "l'équipe de la plateforme : seuls ses rôles dans votre collectivité se "
                    "modifient ici."
                ),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def user_change_password(self, request, id, form_url=""):
        # Only a superuser reaches Django's "set password" page; others send a reset link.
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change) -> None:
        if change and not self._manages(request, obj):
            return  # nothing of the account itself is editable here
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        if change or request.user.is_superuser:
            return
        user = form.instance
        # An account created here belongs to this authority: an agent unless given other roles.
        if not Membership.objects.filter(user=user, authority=request.authority).exists():
            membership = Membership.objects.create(
                user=user, authority=request.authority, role=Role.AGENT
            )
            _record_membership(request, membership, AuditEvent.Action.CREATE)
        if accounts.send_password_reset(request, user, authority=request.authority):
            messages.info(
                request,
                _("Un lien pour choisir son mot de passe a été envoyé à %(email)s.")
                % {"email": user.email},
            )

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Membership) and not request.user.is_superuser:
                instance.authority = request.authority
            created = instance.pk is None
            instance.save()
            if isinstance(instance, Membership):
                action = AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE
                _record_membership(request, instance, action)
        for obj in formset.deleted_objects:
            if isinstance(obj, Membership):
                _record_membership(request, obj, AuditEvent.Action.DELETE)
            obj.delete()
        formset.save_m2m()

    @admin.action(description=_("Envoyer un lien de réinitialisation du mot de passe"))
    def send_reset_link(self, request, queryset):
        sent, skipped = [], []
        for user in queryset:
            if self._manages(request, user) and accounts.send_password_reset(
                request, user, authority=request.authority
            ):
                sent.append(user)
            else:
                skipped.append(user)
        if sent:
            messages.success(
                request,
                ngettext(
                    "Lien de réinitialisation envoyé à %(count)d compte.",
                    "Lien de réinitialisation envoyé à %(count)d comptes.",
                    len(sent),
                )
                % {"count": len(sent)},
            )
        if skipped:
            messages.warning(
                request,
                _(
                    "Aucun lien envoyé à %(names)s : compte sans adresse électronique, désactivé, "
                    "ou aussi rattaché à une autre collectivité (seul son titulaire ou "
                    "l'opérateur de la plateforme peut alors agir)."
                )
                % {"names": ", ".join(u.username for u in skipped)},
            )

    @admin.action(description=_("Retirer de la collectivité (le compte est conservé)"))
    def remove_from_authority(self, request, queryset):
        if request.authority is None:
            messages.error(request, _("Choisissez d'abord une collectivité."))
            return
        memberships = Membership.objects.filter(
            user__in=queryset, authority=request.authority
        ).select_related("user", "authority")
        for membership in memberships:
            _record_membership(request, membership, AuditEvent.Action.DELETE)
        count = len(memberships)
        Membership.objects.filter(pk__in=[m.pk for m in memberships]).delete()
        messages.success(
            request,
            ngettext(
                "%(count)d rôle retiré dans la collectivité.",
                "%(count)d rôles retirés dans la collectivité.",
                count,
            )
            % {"count": count},
        )


def _record_membership(request, membership: Membership, action: str) -> None:
    audit.record(
        authority=membership.authority,
        user=request.user,
        action=action,
        obj=membership,
        changes={"user": membership.user.username, "role": membership.role},
    )


@admin.register(AuditEvent)
class AuditEventAdmin(AuthorityScopedAdmin):
    list_display = ["at", "user", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr"]
    list_select_related = ["user"]

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PolicyArea)
class PolicyAreaAdmin(ReadOnlyForAdminsMixin, admin.ModelAdmin):
    list_display = ["code", "label", "label_en", "level"]
    search_fields = ["code", "label", "label_en"]


@admin.register(SdgGoal)
class SdgGoalAdmin(ReadOnlyForAdminsMixin, admin.ModelAdmin):
    list_display = ["number", "short_fr"]


@admin.register(SdgTarget)
class SdgTargetAdmin(ReadOnlyForAdminsMixin, admin.ModelAdmin):
    list_display = ["code", "title_fr"]
    search_fields = ["code", "title_fr"]


@admin.register(CodeListItem)
class CodeListItemAdmin(ReadOnlyForAdminsMixin, admin.ModelAdmin):
    list_display = ["codelist", "code", "name_fr", "name_en", "withdrawn"]
    list_filter = ["codelist", "withdrawn"]
    search_fields = ["code", "name_fr", "name_en"]


@admin.register(CefrLevel)
class CefrLevelAdmin(ReadOnlyForAdminsMixin, admin.ModelAdmin):
    list_display = ["code", "label_fr"]


@admin.register(Country)
class CountryAdmin(ReadOnlyForAdminsMixin, admin.ModelAdmin):
    list_display = ["iso2", "iso3", "name_fr", "name_en"]
    search_fields = ["iso2", "iso3", "name_fr", "name_en"]
