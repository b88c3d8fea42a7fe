"""The officers' queue reads one unit's open dossiers along (unit, status, due_at), not along
an index that walks the unit's whole history (dossiers.selectors.dossier_queue; issue #9:
at 1,000,000 dossiers on SQLite, joining the unit made the planner take (unit, finished_at):
35 ms instead of 3 ms a page)."""

import re

import pytest
from django.db import connection

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.tests.factories import UnitFactory
from dossiers.selectors import QUEUES, dossier_queue

pytestmark = pytest.mark.django_db


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = off")  # an empty table: ask for an index
        # The dossiers are partitioned by year (docs/partitioning.md). Once analysed (by
        # earlier tests or autovacuum) empty partitions make every index cost the same;
        # emptied again here (in the test's transaction), their size is unknown, as on a fresh
        # database.
        cursor.execute("TRUNCATE dossiers_dossier")
        cursor.execute(f"EXPLAIN {sql}", params)
        chosen = "\n".join(row[0] for row in cursor.fetchall())
        # Each partition's index is named by the table's index it belongs to.
        cursor.execute(
            "SELECT c.relname, p.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relkind = 'I'"
        )
        for child, parent in cursor.fetchall():
            chosen = chosen.replace(f" {child} ", f" {parent} ")
        return chosen


@pytest.mark.parametrize(
    "queue", ["unit", "overdue", "awaiting_approval", "ready"]
)  # "mine": by assignee
def test_a_queue_page_searches_the_unit_status_due_index(queue):
    assert queue in QUEUES
    user = officer(UnitFactory(), Role.RECEPTION, Role.SPECIALIST, Role.APPROVER)
    chosen = plan(dossier_queue(user=user, queue=queue)[:50])
    assert "dossier_unit_finished" not in chosen and "dossier_unit_received" not in chosen
    if connection.vendor == "postgresql":
        # Partitions of unknown size: the planner must search by the unit; which of the
        # indexes led by unit_id it takes is a tie without rows.
        assert re.search(r"Index Cond: \(+unit_id = ", chosen), chosen
    else:
        assert "dossier_unit_status_due" in chosen, chosen
