"""PostgreSQL's `pt_br` collation (see apoia.lib.collation); SQLite registers its own."""

from django.db import migrations

from apoia.lib.collation import NAME, POSTGRESQL_SQL


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_SQL)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP COLLATION IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("territory", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
