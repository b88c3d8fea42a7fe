"""Refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) of audit entries in the database
itself, and create the chain's head row."""

from django.db import migrations


def forwards(apps, schema_editor):
    from audit.db import triggers_install

    triggers_install(schema_editor.connection)
    apps.get_model("audit", "AuditHead").objects.using(
        schema_editor.connection.alias
    ).get_or_create(pk=1)


def backwards(apps, schema_editor):
    from audit.db import triggers_remove

    triggers_remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
