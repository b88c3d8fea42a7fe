# Relations to dossiers (and their history) carry no database constraint: the tables become
# partitioned by year on PostgreSQL (dossiers/migrations/0009_partition_by_year.py,
# docs/partitioning.md), and a partitioned table's primary key (id, received_at) cannot be
# referenced by id alone. Django's on_delete still applies; dossiers are never deleted.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dossiers', '0008_dossier_fk_without_db_constraint'),
        ('portal', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='dossierrating',
            name='dossier',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='dossiers.dossier', verbose_name='hồ sơ'),
        ),
    ]
