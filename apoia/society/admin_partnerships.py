"""Admin of the partnerships area of society: a partnership with its work-plan goals,
amendments and accountability reports inline, filtered by status and term kind, searched by
title, term number and organization. The lifecycle is the staff's pages' and the API's work
(apoia.society.services_partnerships); the admin is for corrections, with history kept."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from apoia.society.models.partnerships import (
    AccountabilityReport,
    Amendment,
    Partnership,
    WorkPlanGoal,
)


class GoalInline(admin.TabularInline):
    model = WorkPlanGoal
    extra = 0
    fields = ["order", "description", "indicator", "due_on"]


class AmendmentInline(admin.TabularInline):
    model = Amendment
    extra = 0
    fields = ["number", "signed_on", "description", "new_ends_on", "new_value"]


class ReportInline(admin.StackedInline):
    model = AccountabilityReport
    extra = 0
    fields = [
        ("kind", "period_label", "is_final"),
        ("due_on", "received_on"),
        ("opinion", "opinion_on", "opinion_by"),
        "opinion_text",
    ]
    raw_id_fields = ["opinion_by"]


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organization", "term_kind", "term_number", "status", "unit"]
    list_filter = ["status", "term_kind", "selection_mode", "unit__state"]
    list_select_related = ["organization", "unit"]
    search_fields = ["title", "term_number", "organization__name", "organization__cnpj"]
    raw_id_fields = ["organization", "unit"]
    date_hierarchy = "created_at"
    inlines = [GoalInline, AmendmentInline, ReportInline]
    fieldsets = [
        (None, {"fields": ["title", "object", "unit", "status", "process_number"]}),
        (
            _("Seleção"),
            {
                "fields": [
                    "selection_mode",
                    "call_number",
                    ("call_published_on", "proposals_until", "result_published_on"),
                    "exemption_justification",
                    "organization",
                ]
            },
        ),
        (
            _("Termo"),
            {
                "fields": [
                    ("term_kind", "term_number", "signed_on"),
                    "value",
                    ("starts_on", "ends_on"),
                ]
            },
        ),
        (_("Encerramento"), {"fields": ["closed_on", "closing_note"]}),
    ]


@admin.register(AccountabilityReport)
class AccountabilityReportAdmin(SimpleHistoryAdmin):
    list_display = ["partnership", "kind", "period_label", "due_on", "received_on", "opinion"]
    list_filter = ["kind", "opinion", "is_final"]
    list_select_related = ["partnership"]
    search_fields = ["partnership__title", "partnership__term_number", "period_label"]
    raw_id_fields = ["partnership", "opinion_by"]
    readonly_fields = ["due_alert_sent_on", "late_alert_sent_on"]
