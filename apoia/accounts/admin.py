from django import forms
from django.contrib import admin, messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apoia.accounts.documents import format_cnpj
from apoia.accounts.models import (
    ApiToken,
    Membership,
    Organization,
    OrgUnit,
    Theme,
    User,
    normalize_document,
)
from apoia.accounts.services import revoke_api_token


class UserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Já existe uma pessoa com este e-mail."))
        return email


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Já existe uma pessoa com este e-mail."))
        return email


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["org_unit", "organization"]
    # Municipality has no admin with search here; a raw id (IBGE code) is quick to type.
    raw_id_fields = ["municipality"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    inlines = [MembershipInline]
    list_display = ["email", "full_name", "role_list", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "memberships__role"]
    search_fields = ["email", "full_name"]
    ordering = ["email"]
    filter_horizontal = ["groups", "user_permissions"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Dados pessoais"), {"fields": ["full_name", "phone"]}),
        (
            _("Permissões"),
            {
                "fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"],
                "classes": ["collapse"],
            },
        ),
        (_("Datas"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "usable_password", "password1", "password2"],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("memberships")

    @admin.display(description=_("papéis"))
    def role_list(self, obj):
        labels = sorted({m.get_role_display() for m in obj.memberships.all()})
        return ", ".join(labels) or "—"


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "unit_count"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(unit_count=Count("units"))

    @admin.display(description=_("unidades"), ordering="unit_count")
    def unit_count(self, obj):
        return obj.unit_count


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    # Protocol codes are assigned in tree order, so sorting by them reads as a tree.
    list_display = ["tree_name", "acronym", "kind", "state", "protocol_code", "email"]
    list_filter = ["state", "kind", ("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["state", "parent__parent__parent"]
    search_fields = ["name", "acronym", "slug", "email", "other_emails", "themes__name"]
    ordering = ["state__uf", "protocol_code", "name"]
    filter_horizontal = ["themes"]
    autocomplete_fields = ["parent"]
    fieldsets = [
        (None, {"fields": ["name", "acronym", "slug", "kind", "parent", "state"]}),
        (_("Contato"), {"fields": ["email", "other_emails", "phones"]}),
        (_("Roteamento"), {"fields": ["protocol_code", "description", "themes"]}),
    ]

    @admin.display(description=_("unidade"), ordering="name")
    def tree_name(self, obj):
        depth, parent = 0, obj.parent
        while parent is not None and depth < 5:
            depth, parent = depth + 1, parent.parent
        return "\u2003" * depth + ("└ " if depth else "") + str(obj.name)


class OrganizationForm(forms.ModelForm):
    # Wider than the stored 14 characters so a CNPJ can be pasted with its mask.
    cnpj = forms.CharField(label=_("CNPJ"), max_length=18, required=False)

    class Meta:
        model = Organization
        fields = ["name", "cnpj", "kind", "municipality", "email", "phone"]

    def clean_cnpj(self):
        return normalize_document(self.cleaned_data["cnpj"])


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    form = OrganizationForm
    list_display = ["name", "formatted_cnpj", "kind", "municipality", "email"]
    list_filter = ["kind", "municipality__state"]
    list_select_related = ["municipality__state"]
    search_fields = ["name", "cnpj", "email"]
    raw_id_fields = ["municipality"]

    @admin.display(description=_("CNPJ"), ordering="cnpj")
    def formatted_cnpj(self, obj):
        return format_cnpj(obj.cnpj)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__email"]
    readonly_fields = [
        "user",
        "name",
        "prefix",
        "key_hash",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    actions = ["revoke"]

    def has_add_permission(self, request):
        # The secret is shown once to its owner: tokens are created on the profile page
        # or with `apoia api-token`, never here.
        return False

    @admin.action(description=_("Revogar os tokens selecionados"))
    def revoke(self, request, queryset):
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            revoke_api_token(token, by=request.user)
        self.message_user(
            request,
            ngettext("%(n)d token revogado.", "%(n)d tokens revogados.", len(tokens))
            % {"n": len(tokens)},
            messages.SUCCESS,
        )
