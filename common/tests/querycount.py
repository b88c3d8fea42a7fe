"""Counting the SQL queries of a page or an endpoint, for the N+1 pins (issue #9): every
app's test_query_counts renders its main pages with 1 and with 30 rows, asserts that the
count does not grow with the rows, and pins it (a ceiling: the count may only go down)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def query_count(client, path: str, data=None, *, method: str = "get", status: int = 200, **kw):
    """The number of queries one request makes (the response must have `status`)."""
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(path, data if data is not None else {}, **kw)
    assert response.status_code == status, (path, response.status_code)
    return len(queries)


def assert_flat_and_pinned(few: dict[str, int], many: dict[str, int], pins: dict[str, int]):
    """Same count with many rows as with few (no N+1), and no more than the pin."""
    grown = {name: (few[name], many[name]) for name in few if many[name] != few[name]}
    assert not grown, f"queries grow with the rows (1 row, 30 rows): {grown}"
    over = {name: (n, pins[name]) for name, n in many.items() if n > pins[name]}
    assert not over, f"more queries than pinned (count, pin): {over}"


def query_plan(queryset) -> str:
    """The database's plan for `queryset` (SQLite: EXPLAIN QUERY PLAN; PostgreSQL: EXPLAIN
    with sequential scans discouraged, since a test's nearly empty table would otherwise be
    scanned whatever the indexes): for the tests that pin which index a query takes."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        chosen = "\n".join(row[0] for row in cursor.fetchall())
        # A partitioned table's partitions have indexes of their own, each attached to the
        # table's index it belongs to: named here by the table's (docs/partitioning.md).
        cursor.execute(
            "SELECT c.relname, p.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relkind = 'I'"
        )
        for child, parent in cursor.fetchall():
            chosen = chosen.replace(f" {child} ", f" {parent} ")
        return chosen
