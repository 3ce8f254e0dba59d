from django.contrib import admin

from apoia.territory.models import Municipality, NonBusinessDay, State


@admin.register(State)
class StateAdmin(admin.ModelAdmin):
    list_display = ["uf", "name", "code", "region", "timezone"]
    search_fields = ["uf", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "ibge", "state", "is_capital"]
    list_filter = ["state", "is_capital"]
    search_fields = ["name", "=ibge"]
    list_select_related = ["state"]


@admin.register(NonBusinessDay)
class NonBusinessDayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "kind", "state", "municipality", "legal_basis"]
    list_filter = ["kind", "state", ("date", admin.DateFieldListFilter)]
    search_fields = ["name", "municipality__name", "legal_basis"]
    autocomplete_fields = ["municipality"]
    date_hierarchy = "date"
    list_select_related = ["state", "municipality__state"]

    def save_model(self, request, obj, form, change):
        from apoia.territory.services import save_non_business_day

        # Same effect as the calendar page: the due dates on the day move with it, by this user.
        save_non_business_day(obj, by=request.user)

    def delete_model(self, request, obj):
        from apoia.territory.services import remove_non_business_day

        remove_non_business_day(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        from apoia.territory.services import remove_non_business_day

        for day in queryset:
            remove_non_business_day(day, by=request.user)
