"""The admin of the legislative desk: bills, their status history and opinion requests,
read-only, because every change is a step with rules (deadlines in business days, who may
answer, consolidation) that only the pages and the API apply through the services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apoia.legislative.models import Bill, BillStatusChange, OpinionRequest
from apoia.protocol.admin import ReadOnlyMixin


class StatusChangeInline(ReadOnlyMixin, admin.TabularInline):
    model = BillStatusChange
    extra = 0
    fields = ["happened_on", "status", "note", "recorded_by", "recorded_at"]
    readonly_fields = ["recorded_at"]


class OpinionRequestInline(ReadOnlyMixin, admin.TabularInline):
    model = OpinionRequest
    extra = 0
    fields = ["unit", "requested_on", "business_days", "due_on", "position", "answered_at"]
    show_change_link = True


@admin.register(Bill)
class BillAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "house", "municipality", "author", "status", "desk"]
    list_filter = ["house", "status", "kind", "state", "year"]
    list_select_related = ["municipality", "desk"]
    search_fields = ["summary", "author", "number"]
    inlines = [StatusChangeInline, OpinionRequestInline]


@admin.register(OpinionRequest)
class OpinionRequestAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["bill", "unit", "requested_on", "due_on", "position", "answered_at"]
    list_filter = ["position", "unit"]
    list_select_related = ["bill", "unit"]
    search_fields = ["bill__summary", "unit__name"]
    date_hierarchy = "due_on"
