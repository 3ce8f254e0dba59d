"""Admin of the councils area of society: councils with their seats inline, seats with their
mandates inline (a councillor's e-mail only on the change form, never in lists or searches),
meetings with their attendance inline, and resolutions. The managers' everyday work is on the
site (/conselhos/), through the services; the admin is for corrections."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from apoia.society.models.councils import (
    Council,
    CouncilAttendance,
    CouncilMeeting,
    Mandate,
    Resolution,
    Seat,
)

URL_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0
    fields = ["segment", "label", "organization", "order"]
    raw_id_fields = ["organization"]
    show_change_link = True


class MandateInline(admin.TabularInline):
    model = Mandate
    extra = 0
    fields = ["role", "person_name", "person_email", "starts_on", "ends_on", "act"]


class AttendanceInline(admin.TabularInline):
    model = CouncilAttendance
    extra = 0
    raw_id_fields = ["mandate"]


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "state", "municipality", "policy_area", "requires_parity"]
    list_filter = ["state", "requires_parity", "policy_area"]
    list_select_related = ["state", "municipality"]
    search_fields = ["name", "acronym", "legal_basis"]
    raw_id_fields = ["municipality", "organization"]
    inlines = [SeatInline]


@admin.register(Seat)
class SeatAdmin(admin.ModelAdmin):
    list_display = ["label", "council", "segment", "organization", "order"]
    list_filter = ["segment", "council__state"]
    list_select_related = ["council", "organization"]
    search_fields = ["label", "council__name", "organization__name"]
    raw_id_fields = ["council", "organization"]
    inlines = [MandateInline]


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin):
    list_display = ["person_name", "role", "seat", "starts_on", "ends_on", "end_alert_sent_on"]
    list_filter = ["role", "seat__council__state"]
    list_select_related = ["seat__council"]
    search_fields = ["person_name", "seat__label", "seat__council__name"]
    raw_id_fields = ["seat"]
    date_hierarchy = "ends_on"
    fieldsets = [
        (None, {"fields": ["seat", "role", "person_name", "starts_on", "ends_on", "act"]}),
        (
            _("Contato do conselheiro"),
            {
                "fields": ["person_email"],
                "description": _("Só para a secretaria do conselho; nunca publicado."),
            },
        ),
        (_("Aviso de fim de mandato"), {"fields": ["end_alert_sent_on"]}),
    ]


@admin.register(CouncilMeeting)
class CouncilMeetingAdmin(admin.ModelAdmin):
    list_display = ["council", "starts_at", "kind", "minutes_approved_on"]
    list_filter = ["kind", "council__state"]
    list_select_related = ["council"]
    search_fields = ["council__name", "agenda", "place"]
    raw_id_fields = ["council", "recorded_by"]
    date_hierarchy = "starts_at"
    inlines = [AttendanceInline]


@admin.register(Resolution)
class ResolutionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "council", "issued_on", "summary"]
    list_filter = ["year", "council__state"]
    list_select_related = ["council"]
    search_fields = ["council__name", "summary"]
    raw_id_fields = ["council", "meeting"]
    formfield_overrides = URL_HTTPS
