"""Django's `flush`, able to empty the audit table: its append-only triggers are lifted for
the flush and put back at once. Flushing is a development and test tool (the test runner
flushes after every transactional test); a production database is never flushed, and its
application role could not anyway (no DELETE or TRUNCATE on the audit table)."""

from typing import Any

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections

from audit.db import TABLE, triggers_install, triggers_remove


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        if TABLE not in connection.introspection.table_names():
            super().handle(**options)
            return
        triggers_remove(connection)
        try:
            super().handle(**options)
        finally:
            triggers_install(connection)
