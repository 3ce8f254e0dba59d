"""Admin of municipal action plans (imported by admin.py): read-only, because every change
to a plan is a transition with rules (places, approval, versions) that only the plan pages
and the API apply through services/plans.py."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from apoia.programs.models import Plan, PlanDelivery, PlanItem, PlanVersion
from apoia.protocol.admin import ReadOnlyMixin


class PlanItemInline(ReadOnlyMixin, admin.TabularInline):
    model = PlanItem
    extra = 0
    fields = ["order", "action", "responsible_name", "responsible_role", "responsible_contact"]
    show_change_link = True


class PlanVersionInline(ReadOnlyMixin, admin.TabularInline):
    model = PlanVersion
    extra = 0
    fields = ["number", "approved_at", "approved_by", "changed_by", "reason"]


@admin.register(Plan)
class PlanAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "program", "status", "version", "submitted_at", "approved_on"]
    list_filter = ["status", "phase__program", "phase"]
    list_select_related = ["adhesion__municipality", "phase__program"]
    search_fields = ["adhesion__municipality__name", "adhesion__municipality__ibge"]
    inlines = [PlanItemInline, PlanVersionInline]

    @admin.display(description=_("programa"))
    def program(self, plan):
        return plan.phase.program  # a strategic project's plan has no adhesion


class PlanDeliveryInline(ReadOnlyMixin, admin.TabularInline):
    model = PlanDelivery
    extra = 0
    fields = ["delivery", "due", "due_adjusted", "frozen", "status"]


@admin.register(PlanItem)
class PlanItemAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["action", "plan"]
    list_select_related = ["action", "plan__adhesion__municipality", "plan__phase__program"]
    search_fields = ["action__title", "plan__adhesion__municipality__name"]
    inlines = [PlanDeliveryInline]
