"""Grant the application's PostgreSQL role what it needs and no more: read and write on
every table, except the audit trail, which it may only read and append to.

Production runs migrations as the owner of the tables (the migration user) and the
application as a separate LOGIN role without ownership; run this command as the owner after
every `migrate` (new tables need their grants). See docs/audit.md."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from audit.db import TABLE as EVENT_TABLE
from audit.models import AuditHead

APPEND_ONLY_TABLES = (EVENT_TABLE,)


def app_role_grant(*, role: str, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The statements run (for the report)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise CommandError("db_app_role is for PostgreSQL (SQLite has no roles).")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            raise CommandError(f"No PostgreSQL role {role!r}: create it first (CREATE ROLE).")
    who = quote(role)
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {who}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {who}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {who}",
    ]
    for table in APPEND_ONLY_TABLES:
        statements.append(f"REVOKE UPDATE, DELETE, TRUNCATE ON {quote(table)} FROM {who}")
    # The head row is updated on every append (and locked with SELECT … FOR UPDATE).
    statements.append(f"GRANT SELECT, UPDATE ON {quote(AuditHead._meta.db_table)} TO {who}")
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return statements


class Command(BaseCommand):
    help = (
        "Grant an application role SELECT/INSERT/UPDATE/DELETE on all tables but only "
        "SELECT/INSERT on the audit trail (PostgreSQL; run as the tables' owner)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--role", required=True, help="the application's PostgreSQL role")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        for statement in app_role_grant(role=options["role"], using=options["database"]):
            self.stdout.write(statement)
