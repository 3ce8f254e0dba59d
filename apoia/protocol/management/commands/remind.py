import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from apoia.protocol.services import send_reminders


class Command(BaseCommand):
    help = "Envia por e-mail os lembretes de pedidos que vencem em breve ou estão atrasados."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Data de referência (AAAA-MM-DD); padrão: hoje.")

    def handle(self, *args, date=None, **options):
        try:
            today = dt.date.fromisoformat(date) if date else None
        except ValueError as exc:
            raise CommandError("Data inválida; use AAAA-MM-DD.") from exc
        count = send_reminders(today)
        self.stdout.write(f"{count} pedido(s) lembrado(s).")
