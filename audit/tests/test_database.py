"""The database side: the application role's privileges (PostgreSQL), flushing for tests,
and concurrent appends staying one linear chain. Committing tests (transaction=True)."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from audit.db import TABLE
from audit.models import AuditEvent, AuditHead, Event
from audit.services import audit_record
from audit.tests.tamper import assert_refused
from audit.verify import audit_chain_verify

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def app_role():
    """A LOGIN role that owns nothing, as production's application user."""
    role = f"motcua_app_test_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP ROLE IF EXISTS "{role}"')
        cursor.execute(f'CREATE ROLE "{role}" LOGIN NOSUPERUSER')
    yield role
    with connection.cursor() as cursor:
        cursor.execute(f'DROP OWNED BY "{role}"')
        cursor.execute(f'DROP ROLE "{role}"')


def connect_as(role: str) -> psycopg.Connection:
    s = connection.settings_dict
    return psycopg.connect(
        dbname=s["NAME"], user=role, host=s["HOST"] or None, port=s["PORT"] or None
    )


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_app_role_may_append_but_not_update_or_delete(app_role):
    audit_record(event=Event.EXPORT, object_repr="trước khi cấp quyền")
    call_command("db_app_role", role=app_role, stdout=open(os.devnull, "w"))  # noqa: SIM115

    # The application's own write path, run as the application role: it appends.
    s = connection.settings_dict
    url = f"postgres://{app_role}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    code = (
        "from audit.services import audit_record; from audit.models import Event; "
        "print(audit_record(event=Event.EXPORT, object_repr='ứng dụng').seq)"
    )
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "motcua.settings_test"}
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "2"  # the second entry of the chain

    with connect_as(app_role) as conn:
        for statement in (
            f"UPDATE {TABLE} SET reason = 'sửa' WHERE seq = 1",  # noqa: S608
            f"DELETE FROM {TABLE} WHERE seq = 1",  # noqa: S608
            f"TRUNCATE {TABLE}",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                conn.execute(statement)
            conn.rollback()
        # ordinary tables stay writable
        conn.execute("UPDATE audit_audithead SET seq = seq WHERE id = 1")
        conn.rollback()
    assert AuditEvent.objects.count() == 2
    assert audit_chain_verify().ok


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_log_and_keeps_it_append_only():
    audit_record(event=Event.EXPORT)
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 0
    assert AuditHead.objects.get().seq == 0
    audit_record(event=Event.EXPORT)
    assert_refused(f"DELETE FROM {TABLE}")  # noqa: S608
    assert audit_chain_verify().ok


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_make_one_gapless_chain():
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(10):
                with transaction.atomic():
                    audit_record(event=Event.EXPORT, object_repr=f"{n}-{i}")
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert list(AuditEvent.objects.values_list("seq", flat=True)) == list(range(1, 41))
    verdict = audit_chain_verify()
    assert verdict.ok and verdict.count == 40
