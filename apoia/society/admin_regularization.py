"""Admin of the regularization area: the requirements admins configure (order and use edited
in the list; a requirement put in use reaches open checklists the next time they are opened),
and each checklist with its items inline."""

from django.contrib import admin

from apoia.society.models.regularization import Checklist, ChecklistItem, Requirement


@admin.register(Requirement)
class RequirementAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "has_expiry", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["group", "has_expiry", "active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0
    fields = ["requirement", "status", "expires_on", "reference", "note", "expiry_alert_sent_on"]
    readonly_fields = ["expiry_alert_sent_on"]
    autocomplete_fields = ["requirement"]


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin):
    list_display = ["organization", "opened_by", "opened_at"]
    list_select_related = ["organization", "opened_by"]
    list_filter = ["organization__municipality__state"]
    search_fields = ["organization__name", "organization__cnpj"]
    raw_id_fields = ["organization", "opened_by"]
    filter_horizontal = ["requests"]
    inlines = [ChecklistItemInline]
