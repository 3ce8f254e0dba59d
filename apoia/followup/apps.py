from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "apoia.followup"
    label = "followup"
    verbose_name = _("Tarefas de acompanhamento")

    def ready(self):
        # followup sits below the apps that turn decisions into tasks and cannot import them:
        # each of them registers, from its own ready(), how its task sources are named and
        # linked (apoia.followup.registry) and which lines it adds to the daily reminder.
        from apoia.followup.reminders import task_digest_section
        from apoia.protocol import hooks

        hooks.register_digest_section(task_digest_section)
