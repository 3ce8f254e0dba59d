"""Admin of challenges and the action menu (imported by admin.py)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from apoia.programs.models import (
    Action,
    ActionDelivery,
    Challenge,
    EvidenceType,
    FocalAdjustment,
)
from apoia.programs.services import challenges as challenge_services
from apoia.programs.services import menu as menu_services
from apoia.protocol.limits import limit_long_texts


@limit_long_texts
class ChallengeAdminForm(forms.ModelForm):
    class Meta:
        model = Challenge
        fields = [
            "phase",
            "slug",
            "name",
            "description",
            "order",
            "indicators",
            "rule",
            "period",
            "ranking",
            "ranking_top",
        ]

    def clean(self):
        data = super().clean()
        if self.errors or not data.get("phase"):
            return data
        draft = Challenge(phase=data["phase"], rule=data.get("rule"), ranking=data.get("ranking"))
        try:
            challenge_services.check_challenge(draft, data.get("indicators") or [])
        except ValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return data


class FocalAdjustmentInline(admin.TabularInline):
    model = FocalAdjustment
    extra = 0
    fields = ["created_at", "kind", "municipality", "justification", "created_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Adjustments are made on the challenge's page, where the service keeps the snapshot.
        return False


@admin.register(Challenge)
class ChallengeAdmin(SimpleHistoryAdmin):
    form = ChallengeAdminForm
    list_display = ["name", "phase", "rule", "ranking", "order"]
    list_filter = ["phase__program", "phase"]
    list_select_related = ["phase__program", "rule__indicator", "ranking"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["indicators"]
    raw_id_fields = ["rule", "ranking"]
    inlines = [FocalAdjustmentInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        challenge = form.instance
        # A new challenge gets its first snapshot at once; later ones go through the
        # challenge page's preview, which shows who enters and who leaves.
        if challenge.current_snapshot_id is None:
            challenge_services.recompute(challenge, by=None)


class DeliveryInlineForm(forms.ModelForm):
    evidence_types = forms.MultipleChoiceField(
        label=ActionDelivery._meta.get_field("evidence_types").verbose_name,
        choices=EvidenceType.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ActionDelivery
        fields = ["order", "title", "weight", "due_offset_days", "evidence_types"]


class ActionDeliveryInline(admin.TabularInline):
    model = ActionDelivery
    form = DeliveryInlineForm
    extra = 1


@limit_long_texts
class ActionAdminForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "phase",
            "unit",
            "title",
            "description",
            "challenges",
            "modality",
            "places",
            "eligibility",
            "is_published",
        ]

    def clean(self):
        data = super().clean()
        if self.errors or not data.get("phase"):
            return data
        draft = Action(phase=data["phase"], eligibility=data.get("eligibility"))
        try:
            menu_services.check_action(draft, data.get("challenges") or [])
        except ValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return data


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    form = ActionAdminForm
    list_display = ["title", "unit", "phase", "eligibility", "places", "is_published"]
    list_filter = ["phase__program", "phase", "eligibility", "modality", "is_published"]
    list_select_related = ["unit", "phase__program"]
    search_fields = ["title", "unit__name"]
    filter_horizontal = ["challenges"]
    inlines = [ActionDeliveryInline]
