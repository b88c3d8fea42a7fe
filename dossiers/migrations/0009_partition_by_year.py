# PostgreSQL only: dossiers_dossier partitioned by RANGE (received_at) and
# dossiers_dossierevent by RANGE (at), one partition per Vietnam-local year plus DEFAULT
# (docs/partitioning.md). SQLite is left as it is.
#
# - The primary keys become (id, received_at) and (id, at): PostgreSQL wants the partition
#   key in every primary key and unique constraint of a partitioned table. Django's state
#   keeps `id` as the primary key: every ORM query still finds a row by id.
# - The code's UNIQUE becomes a unique index on code in each partition. A code embeds its
#   receipt date (rules.md §4) and partitions are whole local years, so equal codes always
#   fall in the same partition: still unique across the table (docs/partitioning.md).
# - Nothing references these tables by a database constraint any more (the *_dossier_fk_
#   without_db_constraint migrations this one depends on); their own foreign keys to units,
#   procedures and users stay.
# - An existing database is converted in place in this migration's transaction: rows copied
#   in id ranges with progress lines, names of indexes and constraints, the id sequence's next
#   value, owner and grants kept. Reversible (back to plain tables).

import sys

from django.db import migrations


def _say(message):
    sys.stdout.write(f"  {message}\n")
    sys.stdout.flush()


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from dossiers.partitioning import DOSSIERS, EVENTS, table_partition

    with schema_editor.connection.cursor() as cursor:
        for spec in (DOSSIERS, EVENTS):
            table_partition(cursor, spec, say=_say)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from dossiers.partitioning import DOSSIERS, EVENTS, table_unpartition

    with schema_editor.connection.cursor() as cursor:
        for spec in (EVENTS, DOSSIERS):
            table_unpartition(cursor, spec, say=_say)


class PartitionByYear(migrations.RunPython):
    """RunPython that says what it does in `sqlmigrate` (its SQL depends on the data)."""

    def describe(self):
        return (
            "PostgreSQL only: partition dossiers_dossier by RANGE (received_at) and "
            "dossiers_dossierevent by RANGE (at), one partition per year and a DEFAULT one, "
            "copying the existing rows (dossiers.partitioning.table_partition)"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('dossiers', '0008_dossier_fk_without_db_constraint'),
        ('notifications', '0002_dossier_fk_without_db_constraint'),
        ('online', '0002_dossier_fk_without_db_constraint'),
        ('oversight', '0002_dossier_fk_without_db_constraint'),
        ('portal', '0002_dossier_fk_without_db_constraint'),
        ('registry', '0002_dossier_fk_without_db_constraint'),
    ]

    operations = [PartitionByYear(forwards, backwards)]
