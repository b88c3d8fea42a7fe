"""Fill the rollup from the dossiers already in the database (deployments that had
dossiers before the reports app). A fresh database has none: nothing to do."""

from django.db import migrations


def fill(apps, schema_editor):
    from reports.maintenance import rollup_rebuild

    dossiers = apps.get_model("dossiers", "Dossier").objects.all()
    if dossiers.exists():
        rollup_rebuild(dossiers=dossiers)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("dossiers", "0002_clock_stopped_at"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
