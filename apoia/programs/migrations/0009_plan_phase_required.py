# Every plan has its phase (0008 filled it from the adhesion); a separate migration so that on
# PostgreSQL the ALTER runs after the data migration's transaction.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0008_strategic_projects"),
    ]

    operations = [
        migrations.AlterField(
            model_name="plan",
            name="phase",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="plans",
                to="programs.phase",
                verbose_name="fase",
            ),
        ),
    ]
