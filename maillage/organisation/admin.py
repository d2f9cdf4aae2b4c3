from django.contrib import admin

from maillage.core.admin import AuthorityScopedAdmin, AuthorityScopedInline

from .models import Agent, Delegation, ElectedOfficial, Referent, Service


@admin.register(Service)
class ServiceAdmin(AuthorityScopedAdmin):
    list_display = ["name", "kind", "parent", "hr_id", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "hr_id"]
    list_select_related = ["parent"]
    autocomplete_fields = ["head"]
    filter_horizontal = ["policy_areas"]


@admin.register(Agent)
class AgentAdmin(AuthorityScopedAdmin):
    list_display = ["last_name", "first_name", "service", "job_title", "active"]
    list_filter = ["active"]
    search_fields = ["last_name", "first_name", "email", "hr_id"]
    list_select_related = ["service"]
    raw_id_fields = ["user"]


class DelegationInline(AuthorityScopedInline, admin.StackedInline):
    model = Delegation
    extra = 1
    filter_horizontal = ["policy_areas"]


@admin.register(ElectedOfficial)
class ElectedOfficialAdmin(AuthorityScopedAdmin):
    list_display = ["last_name", "first_name", "mandate", "active"]
    search_fields = ["last_name", "first_name"]
    inlines = [DelegationInline]
    raw_id_fields = ["user"]


@admin.register(Referent)
class ReferentAdmin(AuthorityScopedAdmin):
    list_display = ["agent", "service", "kind", "start", "end"]
    list_filter = ["kind"]
    list_select_related = ["agent", "service"]
    autocomplete_fields = ["agent", "service"]
