"""Deliveries' evidence, reviews and requests for more time in the admin: read only.

Evidence is immutable (Evidence.save and delete refuse), and reviews and requests are the
record of who decided what: the admin shows them and changes nothing.
"""

from django.contrib import admin

from apoia.programs.models import Clarification, DeliveryReview, Evidence


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "version", "delivery", "sent_by", "sent_at", "sha256"]
    list_filter = ["kind"]
    list_select_related = ["delivery__delivery", "sent_by"]
    search_fields = [
        "title",
        "sha256",
        "value",
        "delivery__item__plan__adhesion__municipality__name",
    ]
    date_hierarchy = "sent_at"


@admin.register(DeliveryReview)
class DeliveryReviewAdmin(ReadOnlyAdmin):
    list_display = ["delivery", "decision", "reason", "new_due", "by", "at"]
    list_filter = ["decision", "reason"]
    list_select_related = ["delivery__delivery", "by"]


@admin.register(Clarification)
class ClarificationAdmin(ReadOnlyAdmin):
    list_display = ["delivery", "status", "proposed_due", "granted_due", "asked_by", "asked_at"]
    list_filter = ["status"]
    list_select_related = ["delivery__delivery", "asked_by"]
