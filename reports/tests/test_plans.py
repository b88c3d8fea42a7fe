"""The report of the current period reads the dossiers changed since midnight along indexes
on (unit, time), never every pending dossier's row (reports.rollup_read.changed_queries;
issue #9: at 10,000,000 dossiers one OR query read 107,000 pending rows, 440 ms)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from catalog.tests.factories import UnitFactory
from common.tests.querycount import query_plan
from reports.definitions import day_start
from reports.rollup_read import changed_queries

pytestmark = pytest.mark.django_db

WANTED = (
    "dossier_unit_received",
    "dossier_unit_finished",
    "dossier_unit_pending_due",
    "dossier_unit_stopped",
)


def test_each_changed_since_query_takes_its_index():
    """Exact on SQLite; on PostgreSQL the choice among indexes on a nearly empty table
    follows no statistics, so there it only must be an index (the 10,000,000-dossier run in
    docs/benchmarks.md shows the choice on real statistics)."""
    units = [UnitFactory().pk, UnitFactory().pk]
    as_of = timezone.now()
    midnight = day_start(timezone.localdate(as_of))
    queries = changed_queries(midnight, midnight + timedelta(days=20), as_of, units)
    assert len(queries) == len(WANTED)
    for index, queryset in zip(WANTED, queries, strict=True):
        chosen = query_plan(queryset)
        if connection.vendor == "sqlite":
            assert index in chosen, (index, chosen)
        else:
            assert "Seq Scan" not in chosen and "Index" in chosen, chosen
