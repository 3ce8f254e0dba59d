from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "apoia.territory"
    label = "territory"
    verbose_name = _("Território e calendário")

    def load_reference(self, out) -> None:
        from apoia.territory.reference import load_territory

        states, municipalities = load_territory()
        out(f"territory: {states} estados, {municipalities} municípios")
