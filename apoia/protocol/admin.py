"""Read-only admin of requests: every change goes through `services` (timeline, notifications),
so the admin only lets administrators look, never add, edit or delete."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apoia.accounts.models import Role
from apoia.protocol.models import Attachment, ProtocolSequence, ServiceRequest, TimelineEvent

REQUESTER_FIELDS = (
    "requester",
    "requester_name",
    "requester_email",
    "requester_document",
    "requester_phone",
    "organization",
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TimelineEventInline(ReadOnlyMixin, admin.TabularInline):
    model = TimelineEvent
    extra = 0
    fields = ["at", "kind", "who", "text", "is_internal"]
    readonly_fields = fields
    ordering = ["at", "pk"]

    @admin.display(description=_("quem"))
    def who(self, event):
        # An ombudsman requester stays unnamed here too (Lei 13.460/2017, art. 10).
        req = event.request
        if event.actor_id and event.actor_id == req.requester_id and req.is_ombudsman:
            return _("Demandante")
        return event.actor or event.actor_label or _("Sistema")


class AttachmentInline(ReadOnlyMixin, admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["original_name", "content_type", "size", "from_requester", "is_internal"]
    readonly_fields = fields
    show_change_link = False


@admin.register(ServiceRequest)
class ServiceRequestAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["protocol", "service", "status", "unit", "assignee", "due_date", "received_at"]
    list_filter = ["status", "unit", "service"]
    list_select_related = ["service", "unit", "assignee"]
    search_fields = ["protocol"]
    date_hierarchy = "received_at"
    inlines = [TimelineEventInline, AttachmentInline]

    def get_fields(self, request, obj=None):
        hidden = {"id", "reminded_on"}
        fields = [f.name for f in ServiceRequest._meta.fields if f.name not in hidden]
        if obj is not None and obj.is_ombudsman and not request.user.has_role(Role.OMBUDSMAN):
            fields = [name for name in fields if name not in REQUESTER_FIELDS]
        return fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)


@admin.register(ProtocolSequence)
class ProtocolSequenceAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["unit_code", "year", "last_value"]
    list_filter = ["year"]
    search_fields = ["unit_code"]
    readonly_fields = ["unit_code", "year", "last_value"]
