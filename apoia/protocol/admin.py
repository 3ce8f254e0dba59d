"""Read-only admin of requests: every change goes through `services` (timeline, notifications),
so the admin only lets administrators look, never add, edit or delete.

Who asked is shown only where `queries.can_see_requester` allows it, as on every other surface:
an administrator does not see who made an ombudsman manifestation or a LAI request."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apoia.protocol.models import Attachment, ProtocolSequence, ServiceRequest, TimelineEvent
from apoia.protocol.queries import acts_as_requester, can_see_requester, visible_to

REQUESTER_FIELDS = (
    "requester",
    "requester_name",
    "requester_email",
    "requester_document",
    "requester_phone",
    "organization",
    "organization_name",
    "organization_cnpj",
)
REQUESTER = _("Demandante")


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class IdentityInlineMixin:
    """Inlines are instantiated for each request, so they may remember the viewer's right."""

    show_requester = False

    def get_formset(self, request, obj=None, **kwargs):
        self.show_requester = obj is not None and can_see_requester(request.user, obj)
        return super().get_formset(request, obj, **kwargs)


class TimelineEventInline(IdentityInlineMixin, ReadOnlyMixin, admin.TabularInline):
    model = TimelineEvent
    extra = 0
    fields = ["at", "kind", "who", "text", "is_internal"]
    readonly_fields = fields
    ordering = ["at", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "request")

    @admin.display(description=_("quem"))
    def who(self, event):
        if not self.show_requester and acts_as_requester(event, event.request):
            return REQUESTER
        return event.actor or event.actor_label or _("Sistema")


class AttachmentInline(IdentityInlineMixin, ReadOnlyMixin, admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["original_name", "content_type", "size", "sent_by", "is_internal"]
    readonly_fields = fields
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by", "request")

    @admin.display(description=_("enviado por"))
    def sent_by(self, attachment):
        if attachment.from_requester and not self.show_requester:
            return REQUESTER
        if attachment.from_requester:
            return attachment.request.requester_name or attachment.uploaded_by or REQUESTER
        return attachment.uploaded_by or "—"


@admin.register(ServiceRequest)
class ServiceRequestAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["protocol", "service", "status", "unit", "assignee", "due_date", "received_at"]
    list_filter = ["status", "unit", "service"]
    list_select_related = ["service", "unit", "assignee", "state"]
    # The number only: searching by name would tell who made a protected manifestation to
    # whoever may not see it (a result, or none, answers the question).
    search_fields = ["protocol"]
    date_hierarchy = "received_at"
    inlines = [TimelineEventInline, AttachmentInline]

    def get_queryset(self, request):
        # The admin shows what its user may see anywhere else (an administrator: everything),
        # so "whoever may see the request" means the same here as on the other surfaces.
        return super().get_queryset(request).filter(pk__in=visible_to(request.user).values("pk"))

    def get_list_display(self, request):
        # The column closes over this request's user: the ModelAdmin itself is shared.
        def requester(req):
            if req.is_anonymous:
                return _("Anônimo")
            if not can_see_requester(request.user, req):
                return _("Identidade protegida")
            return req.requester_name or "—"

        requester.short_description = REQUESTER
        return [*self.list_display[:2], requester, *self.list_display[2:]]

    def get_fields(self, request, obj=None):
        # The access code lets whoever reads it act as the requester: it is theirs alone.
        hidden = {"id", "reminded_on", "access_code"}
        fields = [f.name for f in ServiceRequest._meta.fields if f.name not in hidden]
        if obj is not None and not can_see_requester(request.user, obj):
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
