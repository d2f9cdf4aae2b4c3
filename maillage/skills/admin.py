"""Admin of the skills app, scoped to the current authority.

International profiles are not in the admin: they are the agents' own, opt-in data, edited,
withdrawn and erased by the agents themselves (``Mon profil international``). The admin lists
calls, answers and the free tags (to merge or delete an unwanted one).
"""

from django.contrib import admin

from maillage.core.admin import AuthorityScopedAdmin, AuthorityScopedInline, ReadOnlyForAdminsMixin
from maillage.core.models import Language

from .models import CallResponse, ResponseStep, SkillCall, SkillTag


# Reference data of core, registered here: the profiles are its only users so far.
@admin.register(Language)
class LanguageAdmin(ReadOnlyForAdminsMixin, admin.ModelAdmin):
    list_display = ["code", "iso639_3", "name_fr", "name_en"]
    search_fields = ["code", "iso639_3", "name_fr", "name_en"]


@admin.register(SkillTag)
class SkillTagAdmin(AuthorityScopedAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


@admin.register(SkillCall)
class SkillCallAdmin(AuthorityScopedAdmin):
    list_display = ["title", "project", "status", "effort_days", "created_at"]
    list_filter = ["status", "audience"]
    search_fields = ["title"]
    list_select_related = ["project"]
    raw_id_fields = ["project", "created_by"]
    filter_horizontal = ["policy_areas", "tags", "services"]


class ResponseStepInline(AuthorityScopedInline, admin.TabularInline):
    model = ResponseStep
    extra = 0
    fields = ["step", "at", "by"]
    readonly_fields = ["step", "at", "by"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CallResponse)
class CallResponseAdmin(AuthorityScopedAdmin):
    """Read-only: the workflow's steps are taken on the pages, where they are dated and mailed."""

    list_display = ["call", "agent", "origin", "status", "updated_at"]
    list_filter = ["status", "origin"]
    list_select_related = ["call", "agent"]
    readonly_fields = [
        "call",
        "agent",
        "origin",
        "status",
        "decided_by",
        "decided_at",
        "decision_comment",
        "mobilisation",
    ]
    exclude = ["message"]
    inlines = [ResponseStepInline]

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
