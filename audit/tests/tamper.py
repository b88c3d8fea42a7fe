"""Tampering as a DBA would: raw SQL with the append-only triggers lifted."""

from contextlib import contextmanager

import pytest
from django.db import DatabaseError, connection, transaction

from audit.db import TABLE, triggers_install, triggers_remove

# Every column but the surrogate id and seq: what "swapping two rows' content" exchanges.
CONTENT = (
    "at",
    "actor_id",
    "actor_repr",
    "client_ip",
    "request_id",
    "event",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "reason",
    "result",
    "prev_hash",
    "hash",
)


@contextmanager
def triggers_lifted():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
        yield
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER USER")
    else:
        triggers_remove(connection)
        yield
        triggers_install(connection)


def sql(statement: str, params: list | None = None) -> None:
    with triggers_lifted(), connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def swap_seq(a: int, b: int) -> None:
    """Exchange the positions of two entries (a reorder)."""
    with triggers_lifted(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET seq = 999999 WHERE seq = %s", [a])  # noqa: S608
        cursor.execute(f"UPDATE {TABLE} SET seq = %s WHERE seq = %s", [a, b])  # noqa: S608
        cursor.execute(f"UPDATE {TABLE} SET seq = %s WHERE seq = 999999", [b])  # noqa: S608


def assert_refused(statement: str) -> None:
    """The append-only triggers refuse `statement` (rolled back to a savepoint)."""
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
