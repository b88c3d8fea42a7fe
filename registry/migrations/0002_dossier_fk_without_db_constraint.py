# Relations to dossiers carry no database constraint: dossiers_dossier becomes partitioned by
# year on PostgreSQL (dossiers/migrations/0009_partition_by_year.py, docs/partitioning.md) and
# its primary key (id, received_at) cannot be referenced by id alone.
#
# The many-to-many table of IncomingLetter.dossiers is made explicit first (state only: the
# table, its columns, indexes and unique constraint stay exactly as Django created them), so
# that only its reference to the dossier loses the constraint; the letter's keeps it.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dossiers', '0008_dossier_fk_without_db_constraint'),
        ('registry', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='IncomingLetterDossier',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('incomingletter', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='registry.incomingletter')),
                        ('dossier', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='dossiers.dossier')),
                    ],
                    options={
                        'db_table': 'registry_incomingletter_dossiers',
                        'unique_together': {('incomingletter', 'dossier')},
                    },
                ),
                migrations.AlterField(
                    model_name='incomingletter',
                    name='dossiers',
                    field=models.ManyToManyField(blank=True, related_name='incoming_letters', through='registry.IncomingLetterDossier', to='dossiers.dossier', verbose_name='hồ sơ'),
                ),
            ],
        ),
        migrations.AlterField(
            model_name='incomingletterdossier',
            name='dossier',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, to='dossiers.dossier'),
        ),
        migrations.AlterField(
            model_name='outgoingdocument',
            name='dossier',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='result_documents', to='dossiers.dossier', verbose_name='kết quả của hồ sơ'),
        ),
    ]
