from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


class Command(BaseCommand):
    help = (
        "Prepara o site de demonstração: migra o banco e carrega os dados de referência e de "
        "demonstração. Idempotente."
    )

    def handle(self, *args, **options):
        # One process for the three steps `make run` needs: starting Django and running its
        # checks once, not three times, is most of a second run's wait.
        out = {"skip_checks": True, "stdout": self.stdout, "stderr": self.stderr}
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            call_command("migrate", interactive=False, **out)
        else:
            # migrate with nothing to apply still rebuilds every model's state: a second.
            self.stdout.write("migrate: nenhuma migração pendente")
        call_command("load_reference", **out)
        call_command("load_demo", **out)
