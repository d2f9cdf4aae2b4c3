"""Django admin, scoped to the current authority for its functional administrators.

A user with the ``admin`` role reaches the admin for the authority currently selected and sees
only that authority's rows; superusers (platform operators) see everything.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin import widgets
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import audit
from .admin_site import is_authority_admin
from .models import (
    AuditEvent,
    Authority,
    CefrLevel,
    CodeListItem,
    Country,
    Membership,
    PolicyArea,
    SdgGoal,
    SdgTarget,
    User,
)


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
        related = db_field.related_model
        if any(f.name == "authority" for f in related._meta.fields):
            field.queryset = field.queryset.filter(authority=request.authority)

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


@admin.register(User)
class UserAdmin(AuthorityScopedAdmin, BaseUserAdmin):
    """The authority's users: those holding at least one role in it."""

    authority_field = "memberships__authority"
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    list_filter = ["is_active", "memberships__role"]

    def get_queryset(self, request):
        return super().get_queryset(request).distinct()

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        hidden = {"is_staff", "is_superuser", "groups", "user_permissions"}
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]})
            for name, opts in fieldsets
        ]

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Membership) and not request.user.is_superuser:
                instance.authority = request.authority
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


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
    list_display = ["code", "label", "level"]
    search_fields = ["code", "label"]


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
