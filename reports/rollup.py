"""Keeping the report rollup (reports.models.DailyCounter) current.

A dossier's contribution is a pure function of its stored fields, so any change is applied
as "subtract the old contributions, add the new ones", in the writer's transaction. The
writes are INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n (PostgreSQL, and SQLite
≥ 3.24): two transactions adding to the same row never lose an update, and rows are always
written in key order, so two writers cannot deadlock on them.
"""

from collections.abc import Iterable
from datetime import date
from functools import cache

from django.db import connection

from reports.definitions import (
    REFUSED,
    WITHDRAWN,
    DossierFacts,
    local_date,
    overdue_days,
    timeliness,
)
from reports.models import COUNTERS, DailyCounter, Grain

Contribution = tuple[int, int, date, str, int]  # unit_id, procedure_version_id, day, counter, ±n
RowKey = tuple[int, date, int, int]  # grain, day, unit_id, procedure_version_id
INDEX = {name: i for i, name in enumerate(COUNTERS)}
UPSERT_CHUNK = 500


def contributions(facts: DossierFacts) -> list[Contribution]:
    """The day counters one dossier adds to (see reports.models)."""
    u, v = facts.unit_id, facts.procedure_version_id
    received = local_date(facts.received_at)
    out: list[Contribution] = [(u, v, received, f"received_{facts.channel}", 1)]
    if facts.finished_at is not None:
        day = local_date(facts.finished_at)
        t = timeliness(finished_at=facts.finished_at, due_at=facts.due_at, outcome=facts.outcome)
        out.append((u, v, day, f"resolved_{t}", 1))
        if facts.outcome in (REFUSED, WITHDRAWN):
            out.append((u, v, day, f"resolved_{facts.outcome}", 1))
    span = overdue_days(facts)
    if span is not None:
        first, stop = span
        out.append((u, v, first, "overdue", 1))
        if stop is not None:
            out.append((u, v, stop, "overdue", -1))
    return out


class Deltas:
    """Contributions summed per row of every grain, ready to write."""

    def __init__(self) -> None:
        self.days: dict[tuple[date, int, int], list[int]] = {}

    def add(self, facts: DossierFacts, sign: int = 1) -> None:
        for u, v, day, counter, n in contributions(facts):
            row = self.days.get((day, u, v))
            if row is None:
                row = self.days[(day, u, v)] = [0] * len(COUNTERS)
            row[INDEX[counter]] += sign * n

    def rows(self) -> dict[RowKey, list[int]]:
        """Day rows plus their month and year sums, without the rows that sum to zero."""
        out: dict[RowKey, list[int]] = {}
        for (day, u, v), values in self.days.items():
            for key in (
                (Grain.DAY, day, u, v),
                (Grain.MONTH, day.replace(day=1), u, v),
                (Grain.YEAR, date(day.year, 1, 1), u, v),
            ):
                row = out.get(key)
                if row is None:
                    out[key] = list(values)
                else:
                    for i, n in enumerate(values):
                        row[i] += n
        return {key: row for key, row in out.items() if any(row)}


def rollup_apply(*, before: DossierFacts | None, after: DossierFacts | None) -> None:
    """Replace a dossier's contributions `before` a change with those `after` it. Call in
    the transaction that writes the dossier."""
    deltas = Deltas()
    if before is not None:
        deltas.add(before, -1)
    if after is not None:
        deltas.add(after, 1)
    rollup_write(deltas.rows())


def rollup_apply_many(*, after: Iterable[DossierFacts]) -> None:
    """Add the contributions of new dossiers (bulk writers), summed before writing."""
    deltas = Deltas()
    for facts in after:
        deltas.add(facts, 1)
    rollup_write(deltas.rows())


def rollup_write(rows: dict[RowKey, list[int]], *, replace: bool = False) -> None:
    """Add `rows` to the stored counters (or set them, with `replace`), in key order."""
    if not rows:
        return
    keys = sorted(rows)
    adapt = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        for start in range(0, len(keys), UPSERT_CHUNK):
            chunk = keys[start : start + UPSERT_CHUNK]
            values = [(int(g), adapt(day), u, v, *rows[(g, day, u, v)]) for g, day, u, v in chunk]
            if connection.vendor == "postgresql":
                # One array per column: the statement's text and its 13 parameters do not
                # depend on the number of rows, so psycopg converts it once and the server
                # prepares it (a VALUES list of 4+ rows passes psycopg's 50-parameter cache).
                columns = [list(c) for c in zip(*values, strict=True)]
                cursor.execute(_upsert_sql(connection.vendor, replace, 0), columns)
            else:
                sql = _upsert_sql(connection.vendor, replace, len(chunk))
                cursor.execute(sql, [x for row in values for x in row])


@cache
def _upsert_sql(vendor: str, replace: bool, rows: int) -> str:
    """The upsert's text: for `rows` rows of placeholders, or (0) from one array per column."""
    del vendor  # part of the cache key only: the arrays' types are the engine's
    table = DailyCounter._meta.db_table
    names = ("grain", "day", "unit_id", "procedure_version_id", *COUNTERS)
    if rows:
        placeholder = "(" + ", ".join(["%s"] * len(names)) + ")"
        source = "VALUES " + ", ".join([placeholder] * rows)
    else:
        by_column = {f.attname: f for f in DailyCounter._meta.concrete_fields}
        arrays = ", ".join(f"%s::{by_column[n].db_type(connection)}[]" for n in names)
        source = f"SELECT * FROM unnest({arrays})"  # noqa: S608 (no user text)
    if replace:
        updates = ", ".join(f"{c} = excluded.{c}" for c in COUNTERS)
    else:
        updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in COUNTERS)
    return (
        f"INSERT INTO {table} ({', '.join(names)}) {source}"
        " ON CONFLICT (grain, day, unit_id, procedure_version_id) DO UPDATE SET " + updates
    )
