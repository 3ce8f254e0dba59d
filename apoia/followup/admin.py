from django.contrib import admin

from apoia.followup.models import ReminderSent, Task


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "owner_user", "owner_unit", "due", "status", "municipality"]
    list_filter = ["status"]
    list_select_related = ["owner_user", "owner_unit", "municipality"]
    search_fields = ["title", "description"]
    date_hierarchy = "due"
    raw_id_fields = ["owner_user", "created_by", "done_by", "cancelled_by"]
    autocomplete_fields = ["owner_unit", "municipality"]
    readonly_fields = ["source_type", "source_id", "created_at"]


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["day", "content_type", "object_id", "person", "section"]
    list_filter = ["day", "section"]
    raw_id_fields = ["person"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
