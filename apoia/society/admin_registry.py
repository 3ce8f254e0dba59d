"""Admin of the registry area of society: areas of work, records, leaders (their CPF, personal
e-mail and phone only on the change form, never in lists or searches), and the read-only
history of proposed changes and CSV imports. Records and leaders also appear inline on the
organization's admin page."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from apoia.accounts.admin import OrganizationAdmin
from apoia.society.models.registry import (
    AreaOfWork,
    ImportBatch,
    Leader,
    OrganizationChange,
    OrganizationRecord,
)

URL_HTTPS = {models.URLField: {"assume_scheme": "https"}}
PERSONAL_DATA = (
    _("Dados pessoais"),
    {
        "fields": ["cpf", "email", "phone"],
        "description": _(
            "Nunca publicados: não aparecem em páginas públicas, API ou dados abertos."
        ),
    },
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """History: looked at, never written here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AreaOfWork)
class AreaOfWorkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(OrganizationRecord)
class OrganizationRecordAdmin(admin.ModelAdmin):
    list_display = ["organization", "legal_nature", "founded_on", "updated_at"]
    list_filter = ["areas", "organization__municipality__state"]
    list_select_related = ["organization"]
    search_fields = ["organization__name", "organization__cnpj", "legal_nature"]
    raw_id_fields = ["organization"]
    filter_horizontal = ["areas"]
    formfield_overrides = URL_HTTPS


@admin.register(Leader)
class LeaderAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "organization", "mandate_start", "mandate_end"]
    list_select_related = ["organization"]
    search_fields = ["name", "position", "organization__name"]
    raw_id_fields = ["organization"]
    fieldsets = [
        (None, {"fields": ["organization", "name", "position", "mandate_start", "mandate_end"]}),
        PERSONAL_DATA,
    ]


@admin.register(OrganizationChange)
class OrganizationChangeAdmin(ReadOnlyAdmin):
    list_display = ["organization", "status", "proposed_by", "proposed_at", "reviewed_by"]
    list_filter = ["status"]
    list_select_related = ["organization", "proposed_by", "reviewed_by"]
    search_fields = ["organization__name", "organization__cnpj"]
    date_hierarchy = "proposed_at"


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = [
        "file_name",
        "status",
        "row_count",
        "created_count",
        "updated_count",
        "uploaded_by",
        "uploaded_at",
    ]
    list_filter = ["status"]
    list_select_related = ["uploaded_by"]
    search_fields = ["file_name", "sha256"]
    date_hierarchy = "uploaded_at"
    exclude = ["content"]


class OnExistingOrganization:
    """Inlines on an existing organization's page only: the add page (and whoever posts to it
    without the inlines' forms) keeps working as accounts defines it."""

    def get_queryset(self, request):
        # The inline's own permission check asks without the organization; the page already
        # passed the checks below for it.
        return admin.options.BaseModelAdmin.get_queryset(self, request)

    def has_view_permission(self, request, obj=None):
        return obj is not None and super().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return obj is not None and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return obj is not None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and super().has_delete_permission(request, obj)


class RecordInline(OnExistingOrganization, admin.StackedInline):
    model = OrganizationRecord
    can_delete = False
    max_num = 1
    filter_horizontal = ["areas"]
    formfield_overrides = URL_HTTPS


class LeaderInline(OnExistingOrganization, admin.TabularInline):
    model = Leader
    extra = 0
    fields = ["name", "position", "mandate_start", "mandate_end", "cpf", "email", "phone"]


OrganizationAdmin.inlines = [*OrganizationAdmin.inlines, RecordInline, LeaderInline]
