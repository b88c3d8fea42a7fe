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
from common.tests.querycount import query_plan
from dossiers.selectors import QUEUES, dossier_queue

pytestmark = pytest.mark.django_db


def forget_partition_sizes() -> None:
    """The dossiers are partitioned by year on PostgreSQL (docs/partitioning.md). Once
    analysed (by earlier tests or autovacuum) empty partitions make every index cost the same;
    emptied again here (in the test's transaction), their size is unknown, as on a fresh
    database."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE dossiers_dossier")


@pytest.mark.parametrize(
    "queue", ["unit", "overdue", "awaiting_approval", "ready"]
)  # "mine": by assignee
def test_a_queue_page_searches_the_unit_status_due_index(queue):
    assert queue in QUEUES
    user = officer(UnitFactory(), Role.RECEPTION, Role.SPECIALIST, Role.APPROVER)
    forget_partition_sizes()
    chosen = query_plan(dossier_queue(user=user, queue=queue)[:50])
    assert "dossier_unit_finished" not in chosen and "dossier_unit_received" not in chosen
    if connection.vendor == "postgresql":
        # Partitions of unknown size: the planner must search by the unit; which of the
        # indexes led by unit_id it takes is a tie without rows.
        assert re.search(r"Index Cond: \(+unit_id = ", chosen), chosen
    else:
        assert "dossier_unit_status_due" in chosen, chosen
