from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apoia.programs.models import Adhesion, FocalPoint, Phase, Program

# --- programs, phases and adhesions ---------------------------------------------------------


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0
    fields = [
        "order",
        "slug",
        "name",
        "status",
        "start",
        "end",
        "adhesion_opens",
        "adhesion_closes",
    ]


@admin.register(Program)
class ProgramAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "kind", "state", "managing_unit"]
    list_filter = ["kind"]
    list_select_related = ["state", "managing_unit"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["units"]
    autocomplete_fields = ["managing_unit"]
    inlines = [PhaseInline]


@admin.register(Phase)
class PhaseAdmin(SimpleHistoryAdmin):
    list_display = ["name", "program", "order", "status", "start", "end"]
    list_filter = ["status", "program"]
    list_select_related = ["program"]


class FocalPointInline(admin.TabularInline):
    model = FocalPoint
    extra = 0
    fields = ["order", "name", "role", "email", "phone", "user"]
    raw_id_fields = ["user"]


@admin.register(Adhesion)
class AdhesionAdmin(SimpleHistoryAdmin):
    list_display = ["municipality", "program", "phase", "status", "since"]
    list_filter = ["status", "program", "phase"]
    list_select_related = ["municipality", "program", "phase"]
    search_fields = ["municipality__name", "verification_code", "request__protocol"]
    raw_id_fields = ["municipality", "request", "renewed_from", "withdrawn_by"]
    readonly_fields = ["verification_code", "created_at"]
    inlines = [FocalPointInline]


# The other modules register their models on import: challenges and the menu, plans.
from apoia.programs import admin_deliveries, admin_menu, admin_plans  # noqa: E402, F401
