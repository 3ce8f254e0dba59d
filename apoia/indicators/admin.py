from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _

from apoia.indicators import importing
from apoia.indicators.models import (
    CriticalityRule,
    ImportBatch,
    ImportStatus,
    Indicator,
    IndicatorValue,
    Ranking,
)


class CriticalityRuleInline(admin.TabularInline):
    model = CriticalityRule
    extra = 0
    fields = ["kind", "threshold", "quantile", "periods", "is_active"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "axis", "direction", "unit", "periodicity", "is_published"]
    list_filter = ["axis", "direction", "periodicity", "is_published"]
    search_fields = ["code", "name", "description", "source"]
    inlines = [CriticalityRuleInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["code", "name", "description", "axis", "is_published"]}),
        (
            _("Medida"),
            {
                "fields": [
                    "unit",
                    "direction",
                    "periodicity",
                    "decimals",
                    "min_value",
                    "max_value",
                    "national_reference",
                ]
            },
        ),
        (_("Fonte"), {"fields": ["source", "source_url", "licence"]}),
    ]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Values and batches change only through imports, so their history stays true."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "municipality", "municipality_id", "period", "value", "batch"]
    list_filter = ["indicator", "period", "municipality__state"]
    list_select_related = ["indicator", "municipality", "batch"]
    search_fields = ["=municipality__ibge", "municipality__name", "indicator__code"]
    show_full_result_count = False


@admin.action(description=_("Desfazer as importações selecionadas"), permissions=["change"])
def rollback_batches(modeladmin, request, queryset):
    # Newest first: an older batch is blocked until the later ones over it are undone.
    for batch in queryset.filter(status=ImportStatus.COMMITTED).order_by("-committed_at"):
        try:
            importing.rollback_batch(batch, by=request.user)
        except importing.ImportRefused as refused:
            modeladmin.message_user(request, f"{batch}: {refused}", messages.ERROR)
        else:
            modeladmin.message_user(
                request, _("Importação nº %(id)s desfeita.") % {"id": batch.pk}, messages.SUCCESS
            )


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = [
        "pk",
        "file_name",
        "status",
        "uploaded_by",
        "created_at",
        "committed_at",
        "rows_valid",
        "error_count",
    ]
    list_filter = ["status", "layout"]
    search_fields = ["file_name", "sha256"]
    list_select_related = ["uploaded_by"]
    actions = [rollback_batches]
    readonly_fields = [
        "file_name",
        "sha256",
        "layout",
        "status",
        "progress",
        "rows_total",
        "rows_valid",
        "error_count",
        "errors",
        "uploaded_by",
        "created_at",
        "committed_at",
        "rolled_back_at",
        "committed_by",
        "rolled_back_by",
    ]
    exclude = ["file"]

    def has_change_permission(self, request, obj=None):
        # Only for the rollback action: every field stays read-only.
        has_role = getattr(request.user, "has_role", None)
        return bool(has_role and has_role("admin"))


@admin.register(Ranking)
class RankingAdmin(ReadOnlyAdmin):
    list_display = ["name", "state", "period", "method", "created_by", "created_at"]
    list_filter = ["state", "method"]
    search_fields = ["name"]
