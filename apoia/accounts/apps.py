from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apoia.accounts"
    label = "accounts"
    verbose_name = _("Contas e unidades")

    def load_reference(self, out) -> None:
        from apoia.accounts.reference import load_org_units

        out(f"accounts: {load_org_units()} unidades")

    def load_demo(self, out) -> None:
        from apoia.accounts.demo import format_logins, load_demo_accounts

        password, logins = load_demo_accounts()
        out(f"accounts: {len(logins)} pessoas de demonstração")
        out(format_logins(password, logins))
