from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Carrega dados de demonstração (usuários por papel e exemplos). Idempotente."

    def handle(self, *args, **options):
        for config in apps.get_app_configs():
            loader = getattr(config, "load_demo", None)
            if loader:
                loader(lambda msg: self.stdout.write(msg))
        self.stdout.write(self.style.SUCCESS("Dados de demonstração carregados."))
