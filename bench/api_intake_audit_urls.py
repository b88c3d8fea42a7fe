"""URLs of bench/api_intake_audit.py: the project's, with the simulated audit write connected
(the URLconf is imported once the apps are ready)."""

from typing import Any

from django.db import connection
from django.db.models.signals import post_save

from bench.api_intake_audit import HEAD_TABLE, LOG_TABLE
from dossiers.models import DossierEvent
from motcua.urls import urlpatterns  # noqa: F401


def audit_write(*, instance: DossierEvent, created: bool, **kwargs: Any) -> None:
    if not created:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {LOG_TABLE} (event_id) VALUES (%s)", [instance.pk])  # noqa: S608
        cursor.execute(f"UPDATE {HEAD_TABLE} SET n = n + 1 WHERE id = 1")  # noqa: S608


post_save.connect(audit_write, sender=DossierEvent, dispatch_uid="bench.audit_write")
