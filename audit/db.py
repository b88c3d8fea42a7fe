"""Database-side protection of the audit table: triggers that refuse UPDATE and DELETE (and
TRUNCATE on PostgreSQL). They stop mistakes and the application itself; a DBA who owns the
table can still disable them, which is what the hash chain and the anchor are for."""

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "audit_auditevent"

POSTGRES_INSTALL = [
    """
    CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
    f"""
    CREATE TRIGGER audit_append_only_rows BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_append_only()
    """,
    f"""
    CREATE TRIGGER audit_append_only_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()
    """,
]
POSTGRES_REMOVE = [
    f"DROP TRIGGER IF EXISTS audit_append_only_rows ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audit_append_only_truncate ON {TABLE}",
    "DROP FUNCTION IF EXISTS audit_append_only()",
]
SQLITE_INSTALL = [
    f"""
    CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only: UPDATE refused'); END
    """,
    f"""
    CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only: DELETE refused'); END
    """,
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_append_only_update",
    "DROP TRIGGER IF EXISTS audit_append_only_delete",
]


def _run(connection: BaseDatabaseWrapper, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def triggers_install(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "postgresql":
        _run(connection, POSTGRES_INSTALL)
    elif connection.vendor == "sqlite":
        _run(connection, SQLITE_INSTALL)


def triggers_remove(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "postgresql":
        _run(connection, POSTGRES_REMOVE)
    elif connection.vendor == "sqlite":
        _run(connection, SQLITE_REMOVE)
