from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "apoia.indicators"
    label = "indicators"
    verbose_name = _("Indicadores")

    def load_reference(self, out) -> None:
        from apoia.indicators.reference import load_indicators

        indicators, values = load_indicators()
        loaded = f"{values} valores importados" if values else "valores já carregados"
        out(f"indicators: {indicators} indicadores, {loaded}")
