"""Checking the rollup against the dossiers, repairing and rebuilding it.

The expected rollup is recomputed from every dossier's stored fields, one unit at a time
(memory stays bounded), streamed in chunks. Checking reads one consistent state: on
PostgreSQL a REPEATABLE READ snapshot (writers are not blocked); repairing and rebuilding
also lock the rollup table against writers for their duration, so no intake or transition
can slip a change in between the reading and the writing (they wait, then apply their
own deltas on top). On SQLite the transaction holds the database's write lock anyway.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import QuerySet

from dossiers.models import Dossier
from reports.definitions import FACT_FIELDS, DossierFacts
from reports.models import COUNTERS, DailyCounter
from reports.rollup import Deltas, RowKey, rollup_write

CHUNK = 10_000


@dataclass(frozen=True)
class Difference:
    key: RowKey  # grain, day, unit_id, procedure_version_id
    stored: tuple[int, ...]  # in COUNTERS order; zeros when the row is missing
    expected: tuple[int, ...]


def rollup_check(
    *, repair: bool = False, progress: Callable | None = None, dossiers: QuerySet | None = None
) -> list[Difference]:
    """The rows where the stored rollup differs from the dossiers; with `repair`, also
    set those rows right."""
    dossiers = Dossier.objects.all() if dossiers is None else dossiers
    differences: list[Difference] = []
    with _consistent(write=repair):
        for unit_id, expected in _expected_by_unit(dossiers, progress, with_stored_units=True):
            stored = _stored(unit_id)
            for key in sorted(expected.keys() | stored.keys()):
                want = tuple(expected.get(key, (0,) * len(COUNTERS)))
                have = stored.get(key, (0,) * len(COUNTERS))
                if want != have:
                    differences.append(Difference(key, have, want))
        if repair:
            _repair(differences)
    return differences


def rollup_rebuild(*, progress: Callable | None = None, dossiers: QuerySet | None = None) -> int:
    """Empty the rollup and compute it again from every dossier; returns the rows written."""
    dossiers = Dossier.objects.all() if dossiers is None else dossiers
    written = 0
    with _consistent(write=True):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {DailyCounter._meta.db_table}")  # noqa: S608
        for _, expected in _expected_by_unit(dossiers, progress, with_stored_units=False):
            rollup_write(expected)
            written += len(expected)
    return written


@contextmanager
def _consistent(*, write: bool) -> Iterator[None]:
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                if outermost:  # must come first in the transaction (tests run nested)
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                if write:
                    table = DailyCounter._meta.db_table
                    cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        yield


def _expected_by_unit(
    dossiers: QuerySet, progress: Callable | None, *, with_stored_units: bool
) -> Iterator[tuple[int, dict[RowKey, list[int]]]]:
    units = set(dossiers.order_by().values_list("unit_id", flat=True).distinct())
    if with_stored_units:
        units |= set(DailyCounter.objects.order_by().values_list("unit_id", flat=True).distinct())
    bar = progress(total=dossiers.count(), desc="Hồ sơ", unit=" hồ sơ") if progress else None
    for unit_id in sorted(units):
        deltas = Deltas()
        rows = dossiers.filter(unit_id=unit_id).order_by().values_list(*FACT_FIELDS)
        n = 0
        for n, values in enumerate(rows.iterator(chunk_size=CHUNK), start=1):  # noqa: B007
            deltas.add(DossierFacts(*values))
        if bar is not None:
            bar.update(n)
        yield unit_id, deltas.rows()
    if bar is not None:
        bar.close()


def _stored(unit_id: int) -> dict[RowKey, tuple[int, ...]]:
    rows = DailyCounter.objects.filter(unit_id=unit_id).values_list(
        "grain", "day", "unit_id", "procedure_version_id", *COUNTERS
    )
    return {tuple(row[:4]): tuple(row[4:]) for row in rows.iterator(chunk_size=CHUNK)}


def _repair(differences: list[Difference]) -> None:
    gone = [d.key for d in differences if not any(d.expected)]
    for grain, day, unit_id, version_id in gone:
        DailyCounter.objects.filter(
            grain=grain, day=day, unit_id=unit_id, procedure_version_id=version_id
        ).delete()
    rollup_write({d.key: list(d.expected) for d in differences if any(d.expected)}, replace=True)
