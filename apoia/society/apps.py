from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocietyConfig(AppConfig):
    name = "apoia.society"
    label = "society"
    verbose_name = _("Sociedade civil")

    def ready(self):
        from apoia.society import hooks

        hooks.register()

    def load_reference(self, out) -> None:
        from apoia.society.reference import load_society_reference

        out(load_society_reference())

    def load_demo(self, out) -> None:
        from apoia.society.demo import load_demo_society

        for line in load_demo_society():
            out(line)
