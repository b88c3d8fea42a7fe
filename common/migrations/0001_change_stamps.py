"""The change stamps (common.stamps). Their triggers are (re)created after every migrate
(CommonConfig.ready), once every watched table exists in its final shape."""

import secrets

from django.db import migrations, models


def rows_create(apps, schema_editor):
    ChangeStamp = apps.get_model("common", "ChangeStamp")
    for kind in ("catalog", "calendar", "access"):
        ChangeStamp.objects.using(schema_editor.connection.alias).create(
            name=kind, value=secrets.randbits(62)
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="ChangeStamp",
            fields=[
                ("name", models.CharField(max_length=20, primary_key=True, serialize=False)),
                ("value", models.BigIntegerField()),
            ],
        ),
        migrations.RunPython(rows_create, migrations.RunPython.noop),
    ]
