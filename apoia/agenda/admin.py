from django.contrib import admin

from apoia.agenda.models import Axis, PlanEntry, Strategy, SupportPlan


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):
    list_display = ["name", "presence", "legal_basis", "order"]


@admin.register(Axis)
class AxisAdmin(admin.ModelAdmin):
    list_display = ["name", "state", "order"]
    list_filter = ["state"]


class PlanEntryInline(admin.TabularInline):
    model = PlanEntry
    extra = 0
    fields = ["order", "axis", "strategy", "modality", "title", "unit", "status"]


@admin.register(SupportPlan)
class SupportPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "state", "year", "act"]
    list_filter = ["state"]
    inlines = [PlanEntryInline]
