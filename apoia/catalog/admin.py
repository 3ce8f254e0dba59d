from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apoia.catalog.models import Audience, Service, ServiceOption, ServiceStep


class ServiceStepInline(admin.TabularInline):
    model = ServiceStep
    extra = 0
    fields = ["order", "title", "description"]


class ServiceOptionInline(admin.TabularInline):
    model = ServiceOption
    extra = 0
    fields = ["order", "slug", "name", "description", "unit"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "state", "deadline", "is_published", "updated_at"]
    list_filter = [
        "is_published",
        "kind",
        "state",
        "allows_public_submission",
        "allows_anonymous",
        "audiences",
        "themes",
    ]
    list_select_related = ["state"]
    search_fields = ["name", "slug", "summary", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["audiences", "themes"]
    readonly_fields = ["updated_at"]
    inlines = [ServiceStepInline, ServiceOptionInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "state", "is_published"]}),
        (
            _("O que é este serviço?"),
            {"fields": ["summary", "description", "requirements", "legal_basis"]},
        ),
        (_("Quem pode utilizar"), {"fields": ["audiences", "themes"]}),
        (_("Prazo e custo"), {"fields": ["deadline_amount", "deadline_unit", "cost"]}),
        (
            _("Como solicitar"),
            {"fields": ["channels", "allows_public_submission", "allows_anonymous"]},
        ),
        (
            _("Contatos"),
            {
                "fields": [
                    "responsible_unit",
                    "contact_email",
                    "contact_phone",
                    "contact_info",
                    "updated_at",
                ]
            },
        ),
    ]

    @admin.display(description=_("prazo"))
    def deadline(self, service):
        return service.deadline_text


@admin.register(Audience)
class AudienceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
