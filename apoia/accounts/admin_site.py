from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class ApoiaAdminSite(admin.AdminSite):
    site_header = _("Apoia — administração")
    site_title = "Apoia"
    index_title = _("Administração")

    def has_permission(self, request):
        # The same rule that decides whether the menu links here (User.may_use_admin).
        return request.user.is_authenticated and request.user.may_use_admin


class ApoiaAdminConfig(AdminConfig):
    """Django's admin, on the site above."""

    default_site = "apoia.accounts.admin_site.ApoiaAdminSite"
