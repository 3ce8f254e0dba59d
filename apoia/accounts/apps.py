from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apoia.accounts"
    label = "accounts"
    verbose_name = _("Contas e unidades")

    def ready(self) -> None:
        # After every migrate, not in a migration: a migration runs once, but the cache table
        # must also appear when CACHE_URL later changes to the database, and in every test
        # database (pytest-django migrates each one).
        post_migrate.connect(create_cache_tables, sender=self)

        from apoia.accounts.admin_names import name_third_party_models

        name_third_party_models()

    def load_reference(self, out) -> None:
        from apoia.accounts.reference import load_org_units

        out(f"accounts: {load_org_units()} unidades")

    def load_demo(self, out) -> None:
        from apoia.accounts.demo import format_logins, load_demo_accounts

        password, logins = load_demo_accounts()
        out(f"accounts: {len(logins)} pessoas de demonstração")
        out(format_logins(password, logins))


def create_cache_tables(using: str = "default", verbosity: int = 1, **kwargs) -> None:
    """The database cache's table (rate limits), when a cache uses one; idempotent."""
    call_command("createcachetable", database=using, verbosity=max(0, verbosity - 1))
