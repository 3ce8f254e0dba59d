from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtocolConfig(AppConfig):
    name = "apoia.protocol"
    label = "protocol"
    verbose_name = _("Protocolo")

    def ready(self):
        # territory sits below protocol and cannot call it; it announces new non-business days
        # inside its transaction and we move the due dates that fall on them in that same one.
        from apoia.territory.services import non_business_day_added, non_business_day_removed

        non_business_day_added.connect(_on_non_business_day, dispatch_uid="protocol-shift-due")
        non_business_day_removed.connect(
            _on_non_business_day_removed, dispatch_uid="protocol-restore-due"
        )

        from apoia.protocol.profile import requests_section
        from apoia.territory.profile import register_section

        register_section(requests_section)

    def load_demo(self, out) -> None:
        from apoia.protocol.demo import load_demo_requests

        created = load_demo_requests()
        out(f"protocol: {created} pedidos de demonstração" if created else "protocol: ok")


def _on_non_business_day(sender, day, by=None, **kwargs):
    from apoia.protocol.services import shift_due_dates_for_closure

    shift_due_dates_for_closure(day, by=by)


def _on_non_business_day_removed(sender, day, by=None, **kwargs):
    from apoia.protocol.services import restore_due_dates_for_removed_closure

    restore_due_dates_for_removed_closure(day, by=by)
