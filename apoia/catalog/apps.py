from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "apoia.catalog"
    label = "catalog"
    verbose_name = _("Carta de Serviços")

    def load_reference(self, out) -> None:
        from apoia.catalog.reference import load_catalog

        out(f"catalog: {load_catalog()} serviços")
