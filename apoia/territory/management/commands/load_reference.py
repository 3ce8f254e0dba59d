from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Carrega os dados de referência (estados, municípios, unidades, carta de serviços)."

    def handle(self, *args, **options):
        # Each app that owns reference data defines AppConfig.load_reference(out); they run in
        # INSTALLED_APPS order, which follows the dependency order of the apps.
        for config in apps.get_app_configs():
            loader = getattr(config, "load_reference", None)
            if loader:
                loader(lambda msg: self.stdout.write(msg))
        self.stdout.write(self.style.SUCCESS("Dados de referência carregados."))
