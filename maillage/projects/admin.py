from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from maillage.core.admin import AuthorityScopedAdmin, AuthorityScopedInline
from maillage.core.services import composing
from maillage.projects.models import Agreement, AgreementDocument, Mission, Partner, PartnerContact
from maillage.projects.partners import services as partners

# --- Partners, agreements, missions ---------------------------------------------------------


class PartnerContactInline(AuthorityScopedInline, admin.TabularInline):
    model = PartnerContact
    extra = 1


@admin.register(Partner)
class PartnerAdmin(AuthorityScopedAdmin):
    list_display = ["name", "country", "city", "organisation_type"]
    list_filter = ["country"]
    search_fields = ["name", "city", "subdivision"]
    list_select_related = ["country"]
    inlines = [PartnerContactInline]

    def save_model(self, request, obj, form, change) -> None:
        if obj.latitude is None and obj.longitude is None:
            partners.locate(obj)
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Same rule as the application: a partner named by projects or agreements stays.
        if obj is not None and partners.partner_in_use(obj) is not None:
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj) -> None:
        # To the trash, like in the application; the admin's view holds the transaction.
        with composing(durable=False):
            partners.delete_partner(obj, by=request.user)

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)  # deletion one by one, with the rule above
        return actions


class AgreementDocumentInline(AuthorityScopedInline, admin.TabularInline):
    """Documents are read here; they are added and removed on the agreement page, which checks
    their format and never exposes a public file URL."""

    model = AgreementDocument
    extra = 0
    fields = ["title", "download", "uploaded_at", "uploaded_by"]
    readonly_fields = fields

    @admin.display(description=_("fichier"))
    def download(self, obj: AgreementDocument) -> str:
        url = reverse("agreement_document", args=[obj.agreement_id, obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Télécharger"))

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Agreement)
class AgreementAdmin(AuthorityScopedAdmin):
    list_display = ["title", "kind", "status", "signature_date", "end_date"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "deliberation_number"]
    date_hierarchy = "signature_date"
    filter_horizontal = ["partners"]
    inlines = [AgreementDocumentInline]

    def delete_model(self, request, obj) -> None:
        # To the trash, files kept; the admin's view holds the transaction.
        with composing(durable=False):
            partners.delete_agreement(obj, by=request.user)

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)  # a bulk delete would leave the files behind
        return actions


@admin.register(Mission)
class MissionAdmin(AuthorityScopedAdmin):
    list_display = ["title", "direction", "start_date", "end_date", "country", "project"]
    list_filter = ["direction"]
    search_fields = ["title", "places"]
    date_hierarchy = "start_date"
    list_select_related = ["country", "project"]
    filter_horizontal = ["agents", "elected_officials"]


# --- Co-financing rules (funding.py) --------------------------------------------------------

from django import forms  # noqa: E402

from maillage.core.admin import ReadOnlyForAdminsMixin  # noqa: E402
from maillage.projects.funding.services import AMOUNT_LABELS  # noqa: E402
from maillage.projects.models import FundingRule, FundingRuleSet  # noqa: E402


class FundingRuleForm(forms.ModelForm):
    """Numerator and denominator picked among the plan's named amounts (FundingRule.clean
    checks them again)."""

    class Meta:
        model = FundingRule
        fields = ["position", "label", "numerator", "operator", "threshold", "denominator"]
        widgets = {
            "numerator": forms.Select(choices=lambda: list(AMOUNT_LABELS.items())),
            "denominator": forms.Select(choices=lambda: list(AMOUNT_LABELS.items())),
        }


class FundingRuleInline(ReadOnlyForAdminsMixin, admin.TabularInline):
    model = FundingRule
    form = FundingRuleForm
    extra = 0
    ordering = ["position"]


@admin.register(FundingRuleSet)
class FundingRuleSetAdmin(ReadOnlyForAdminsMixin, admin.ModelAdmin):
    """Funders' rules are shared by every authority: administrators read them, only platform
    operators (superusers) change them."""

    list_display = ["name", "code", "source"]
    search_fields = ["name", "code"]
    inlines = [FundingRuleInline]
