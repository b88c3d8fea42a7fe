"""rollup_write adds (or sets) counter rows, whatever their number, in one statement per chunk;
on PostgreSQL that statement's text does not depend on the number of rows (psycopg converts
it once and the server prepares it)."""

from datetime import date, timedelta

import pytest
from django.db import connection

from catalog.tests.factories import ProcedureVersionFactory, UnitFactory
from reports.models import COUNTERS, DailyCounter, Grain
from reports.rollup import UPSERT_CHUNK, rollup_write

pytestmark = pytest.mark.django_db


def counters(**values: int) -> list[int]:
    return [values.get(name, 0) for name in COUNTERS]


def stored() -> dict[tuple, dict[str, int]]:
    return {
        (r.grain, r.day, r.unit_id, r.procedure_version_id): {
            name: getattr(r, name) for name in COUNTERS if getattr(r, name)
        }
        for r in DailyCounter.objects.all()
    }


def test_rows_are_added_then_replaced_and_negative_deltas_kept():
    unit, version = UnitFactory(), ProcedureVersionFactory()
    u, v = unit.pk, version.pk
    first = {
        (Grain.DAY, date(2026, 3, 5), u, v): counters(received_online=1, overdue=-1),
        (Grain.MONTH, date(2026, 3, 1), u, v): counters(received_online=1),
    }
    rollup_write(first)
    rollup_write({(Grain.DAY, date(2026, 3, 5), u, v): counters(received_online=2, overdue=-1)})
    assert stored() == {
        (Grain.DAY, date(2026, 3, 5), u, v): {"received_online": 3, "overdue": -2},
        (Grain.MONTH, date(2026, 3, 1), u, v): {"received_online": 1},
    }
    rollup_write({(Grain.MONTH, date(2026, 3, 1), u, v): counters(resolved_late=4)}, replace=True)
    assert stored()[(Grain.MONTH, date(2026, 3, 1), u, v)] == {"resolved_late": 4}


def test_one_statement_per_chunk_and_the_same_text_for_any_number_of_rows():
    unit, version = UnitFactory(), ProcedureVersionFactory()

    def write(days: int, first: date = date(2026, 1, 1)) -> list[str]:
        rows = {
            (Grain.DAY, first + timedelta(i), unit.pk, version.pk): counters(overdue=1)
            for i in range(days)
        }
        sent: list[str] = []  # the statements as given to the driver, before any binding

        def keep(execute, sql, params, many, context):
            sent.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(keep):
            rollup_write(rows)
        return sent

    one, six = write(1), write(6)
    assert len(one) == len(six) == 1
    if connection.vendor == "postgresql":
        assert one == six
    else:
        assert one != six  # SQLite: a VALUES list (its statement cache keys on the text)
    assert DailyCounter.objects.filter(overdue=2).get().day == date(2026, 1, 1)  # both wrote
    assert len(write(UPSERT_CHUNK + 1, date(2020, 1, 1))) == 2
    assert DailyCounter.objects.filter(day__year__lt=2026, overdue=1).count() == UPSERT_CHUNK + 1
