"""A read-only ORM query compiled to SQL once and run again with new values.

For the hottest public reads (the citizen's status look-up, issue #9): building a query with
joins through the ORM costs about a millisecond of Python on every request, twenty times what
the database takes to answer it by a unique key. A `PreparedQuery` is written with the ORM
as usual (so columns, joins and quoting stay the ORM's, on every engine); it is compiled the
first time it runs in a thread, with placeholder values standing for the parameters, and each
call then sends that SQL with the call's values and converts the columns the way the ORM would
(datetimes made aware on SQLite, JSON decoded…). Only `values_list` queries: rows come back
as tuples, in the order of the fields given.
"""

import threading
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any

from django.db import connections
from django.db.models import QuerySet

# Placeholder values: a query is compiled with these and each is then found in the compiled
# parameters and replaced by the value of the call. Unlikely to be a constant of a query.
_TEXT = "\x1fprepared:{}\x1f"
_NUMBER = -7_340_000_000


def _cursor(connection: Any) -> Any:
    """Django's cursor; on PostgreSQL, over a psycopg cursor that binds on the server and
    prepares the statement: the server then plans it once per connection (connections
    persist, CONN_MAX_AGE), not on every call. Planning the look-up's joins took PostgreSQL
    longer than running them (~0.3 ms against ~0.05 ms). Django's own cursors bind on the
    server too (motcua.settings) but prepare a statement only after five runs on a
    connection; this one from the first. Wrapped like Django's, so it is logged and counted."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.ensure_connection()
    return connection._prepare_cursor(_preparing_cursor_class()(connection.connection))


@cache
def _preparing_cursor_class() -> type:
    import psycopg  # only with PostgreSQL

    class PreparingCursor(psycopg.Cursor):
        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
            super().execute(query, params, prepare=True)
            if self._query is None:
                # psycopg keeps no query of a prepared statement's run; Django's query log
                # (connection.queries, CaptureQueriesContext) reads it here.
                self._query = self._convert_query(query, params)
            return self

    return PreparingCursor


class PreparedQuery:
    """`build(**placeholders)` returns a `values_list` QuerySet; `parameters` names its
    parameters and their kind ("text" or "number"). `rows(values)` runs it."""

    def __init__(
        self, build: Callable[..., QuerySet[Any, Any]], parameters: dict[str, str]
    ) -> None:
        self.build = build
        self.parameters = parameters
        self._local = threading.local()  # one compilation per thread and database alias

    def _placeholders(self) -> dict[str, object]:
        return {
            name: _TEXT.format(name) if kind == "text" else _NUMBER - i
            for i, (name, kind) in enumerate(self.parameters.items())
        }

    def _compiled(self, alias: str) -> tuple[str, list[tuple[bool, Any]], dict]:
        cache = self._local.__dict__.setdefault("compiled", {})
        if alias not in cache:
            placeholders = self._placeholders()
            queryset = self.build(**placeholders)
            compiler = queryset.query.get_compiler(using=alias)
            sql, params = compiler.as_sql()
            names = {value: name for name, value in placeholders.items()}
            # (True, name) for a parameter of the call, (False, value) for a constant
            slots: list[tuple[bool, Any]] = [
                (True, names[p]) if p in names else (False, p) for p in params
            ]
            used = [value for is_name, value in slots if is_name]
            if sorted(map(str, used)) != sorted(self.parameters):
                raise ValueError(f"each parameter must appear once in the query: {sql}")
            converters = compiler.get_converters([column[0] for column in compiler.select])
            cache[alias] = (sql, slots, converters)
        return cache[alias]

    def rows(self, values: Mapping[str, Any], *, using: str = "default") -> list[Sequence[Any]]:
        """The rows of the query with these `values` of its parameters."""
        sql, slots, converters = self._compiled(using)
        params: list[Any] = [values[v] if is_name else v for is_name, v in slots]
        connection = connections[using]
        with _cursor(connection) as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not converters:
            return rows
        converted: list[Sequence[Any]] = []
        for row in rows:
            row = list(row)
            for position, (functions, expression) in converters.items():
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
            converted.append(row)
        return converted
