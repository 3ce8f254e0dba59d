from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegislativeConfig(AppConfig):
    name = "apoia.legislative"
    label = "legislative"
    verbose_name = _("Acompanhamento legislativo")

    def ready(self):
        from apoia.legislative import hooks

        hooks.register()

    def load_reference(self, out) -> None:
        from apoia.legislative.reference import load_legislative_reference

        out(load_legislative_reference())

    def load_demo(self, out) -> None:
        from apoia.legislative.demo import load_demo_legislative

        for line in load_demo_legislative():
            out(line)
