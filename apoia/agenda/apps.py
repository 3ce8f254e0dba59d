from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "apoia.agenda"
    label = "agenda"
    verbose_name = _("Agenda e apoio técnico")

    def ready(self):
        from apoia.agenda import hooks

        hooks.register()

    def load_reference(self, out) -> None:
        from apoia.agenda.reference import load_agenda_reference

        out(load_agenda_reference())

    def load_demo(self, out) -> None:
        from apoia.agenda.demo import load_demo_agenda

        for line in load_demo_agenda():
            out(line)
