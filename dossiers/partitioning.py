"""Yearly partitions of the dossiers and their history on PostgreSQL (docs/partitioning.md).

`dossiers_dossier` is partitioned by RANGE (received_at) and `dossiers_dossierevent` by RANGE
(at): one partition per Vietnam-local year, `<table>_y2019` holding [2019-01-01 00:00+07,
2020-01-01 00:00+07), plus a DEFAULT partition `<table>_default` so that a row of a year
without its partition is kept, never refused. `partitions_ensure` (the `dossier_partitions`
command, run daily) creates the partitions due and moves what DEFAULT holds into them.

`table_partition` / `table_unpartition` convert an existing table in place and back (the
migration dossiers 0009): they keep the names Django gave the indexes and constraints, the id
sequence and its next value, the owner and the grants.

SQLite has no partitioning: everything here is a no-op there (callers check the vendor).
"""

import re
import time as clock
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from workcalendar.calendar import VN_TZ

COPY_BATCH = 200_000  # rows per INSERT … SELECT of a conversion (one progress line each)
YEARS_AHEAD = 2  # partitions made in advance: a year's first dossier never waits on DEFAULT
LOCK_TIMEOUT = "60s"  # the daily command gives up rather than queue the intake behind it

Say = Callable[[str], None]


def _silent(message: str) -> None:
    pass


@dataclass(frozen=True)
class PartitionedTable:
    table: str
    key: str  # the partition key: a timestamp column
    # UNIQUE columns that cannot include the key: PostgreSQL enforces uniqueness across a
    # partitioned table only with the key in it, so each partition carries its own unique
    # index on them instead (why that still makes a dossier code unique: docs/partitioning.md).
    unique_in_partition: tuple[str, ...] = ()


DOSSIERS = PartitionedTable("dossiers_dossier", "received_at", ("code",))
EVENTS = PartitionedTable("dossiers_dossierevent", "at")
TABLES = (DOSSIERS, EVENTS)


def year_start(year: int) -> datetime:
    return datetime(year, 1, 1, tzinfo=VN_TZ)


def partition_name(spec: PartitionedTable, year: int) -> str:
    return f"{spec.table}_y{year}"


def default_name(spec: PartitionedTable) -> str:
    return f"{spec.table}_default"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _bound(year: int) -> str:
    return f"'{year_start(year).isoformat(sep=' ')}'"  # a literal: bounds are not parameters


def _year_of(column: str) -> str:
    return f"date_part('year', {_q(column)} AT TIME ZONE '{VN_TZ.key}')::int"


# ---------------------------------------------------------------- catalog reads


def is_partitioned(cursor, table: str) -> bool:
    cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [table])
    row = cursor.fetchone()
    return row is not None and row[0] == "p"


def may_partition(cursor, table: str) -> bool:
    """Only the table's owner (or a member of its role) may create and attach partitions: in
    the two-role setup of docs/audit.md the application's role may not."""
    cursor.execute(
        "SELECT pg_has_role(relowner, 'USAGE') FROM pg_class WHERE oid = to_regclass(%s)", [table]
    )
    row = cursor.fetchone()
    return row is not None and row[0]


def partitions(cursor, table: str) -> dict[str, str]:
    """{partition: its bound, e.g. "FOR VALUES FROM (…) TO (…)" or "DEFAULT"} of `table`."""
    cursor.execute(
        "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
        "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass(%s) "
        "ORDER BY c.relname",
        [table],
    )
    return dict(cursor.fetchall())


def partition_years(cursor, spec: PartitionedTable) -> set[int]:
    pattern = re.compile(re.escape(spec.table) + r"_y(\d{4})$")
    return {int(m[1]) for name in partitions(cursor, spec.table) if (m := pattern.match(name))}


def _columns(cursor, table: str) -> list[str]:
    cursor.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(%s) AND attnum > 0 "
        "AND NOT attisdropped ORDER BY attnum",
        [table],
    )
    return [row[0] for row in cursor.fetchall()]


def _owner(cursor, table: str) -> str:
    cursor.execute(
        "SELECT quote_ident(pg_get_userbyid(relowner)) FROM pg_class WHERE oid = to_regclass(%s)",
        [table],
    )
    return cursor.fetchone()[0]


def _grants(cursor, table: str) -> list[str]:
    """GRANT statements that give `table`'s privileges (others than its owner's) again."""
    cursor.execute(
        "SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END, "
        "a.privilege_type, a.is_grantable "
        "FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a "
        "LEFT JOIN pg_roles r ON r.oid = a.grantee "
        "WHERE c.oid = to_regclass(%s) AND a.grantee <> c.relowner",
        [table],
    )
    return [
        f"GRANT {privilege} ON {_q(table)} TO {grantee}"
        + (" WITH GRANT OPTION" if grantable else "")
        for grantee, privilege, grantable in cursor.fetchall()
    ]


def _indexes(cursor, table: str) -> list[tuple[str, str]]:
    """[(name, CREATE INDEX …)] of the indexes of `table` that back no constraint."""
    cursor.execute(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE i.indrelid = to_regclass(%s) AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) ORDER BY c.relname",
        [table],
    )
    # A partitioned table's index reads "ON ONLY t": the same index on a plain table is "ON t".
    return [(name, definition.replace(" ON ONLY ", " ON ", 1)) for name, definition in cursor]


def _constraints(cursor, table: str, kind: str) -> list[tuple[str, str, list[str]]]:
    """[(name, definition, columns)] of `table`'s own constraints of `kind` (p, u, f, c)."""
    cursor.execute(
        "SELECT k.conname, pg_get_constraintdef(k.oid), "
        "ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY AS u(attnum, n) "
        "JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.n) "
        "FROM pg_constraint k WHERE k.conrelid = to_regclass(%s) AND k.contype = %s "
        "ORDER BY k.conname",
        [table, kind],
    )
    return [(name, definition, list(columns)) for name, definition, columns in cursor.fetchall()]


def _refuse_dependents(cursor, table: str) -> None:
    """Foreign keys from other tables and triggers would be lost or block the swap: the
    conversion refuses them rather than guess (references need db_constraint=False)."""
    cursor.execute(
        "SELECT conrelid::regclass::text, conname FROM pg_constraint "
        "WHERE contype = 'f' AND confrelid = to_regclass(%s) AND conrelid <> confrelid",
        [table],
    )
    references = [f"{relation}.{name}" for relation, name in cursor.fetchall()]
    if references:
        raise RuntimeError(
            f"{table} is still referenced by foreign keys ({', '.join(references)}): declare "
            "those relations db_constraint=False (docs/partitioning.md) before partitioning."
        )
    cursor.execute(
        "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(%s) AND NOT tgisinternal",
        [table],
    )
    triggers = [row[0] for row in cursor.fetchall()]
    if triggers:
        raise RuntimeError(f"{table} has triggers ({', '.join(triggers)}) the swap would lose.")


def _next_id(cursor, table: str) -> tuple[str, int]:
    """The id sequence of `table` and the value it would give next (never below max(id)+1)."""
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    sequence = cursor.fetchone()[0]
    cursor.execute(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608 - catalog name
    last, called = cursor.fetchone()
    cursor.execute(f"SELECT coalesce(max(id), 0) FROM {_q(table)}")  # noqa: S608
    highest = cursor.fetchone()[0]
    return sequence, max(last + 1 if called else last, highest + 1)


# ---------------------------------------------------------------- partitions


def _years_wanted(present: set[int], today: date, years_ahead: int) -> set[int]:
    """Every year from the earliest present (or this year) to `years_ahead` years from now,
    and any later year present (a mistyped 2099 gets its partition rather than a loss)."""
    first = min(present | {today.year})
    return set(range(first, today.year + years_ahead + 1)) | present


def _unique_indexes_create(cursor, spec: PartitionedTable, partition: str) -> None:
    for column in spec.unique_in_partition:
        cursor.execute(
            f"CREATE UNIQUE INDEX {_q(f'{partition}_{column}_key')} "
            f"ON {_q(partition)} ({_q(column)})"
        )


def default_partition_ensure(cursor, spec: PartitionedTable) -> bool:
    name = default_name(spec)
    if name in partitions(cursor, spec.table):
        return False
    cursor.execute(f"CREATE TABLE {_q(name)} PARTITION OF {_q(spec.table)} DEFAULT")
    cursor.execute(f"ALTER TABLE {_q(name)} OWNER TO {_owner(cursor, spec.table)}")
    _unique_indexes_create(cursor, spec, name)
    return True


def partition_create(cursor, spec: PartitionedTable, year: int) -> int:
    """Create the partition of `year`: a table of the parent's shape, filled with the rows
    of that year found in DEFAULT (moved, not copied), then attached. Run it in a
    transaction: either the partition exists with its rows, or nothing changed. Returns the
    number of rows moved."""
    parent, name, default = spec.table, partition_name(spec, year), default_name(spec)
    low, high = _bound(year), _bound(year + 1)
    cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
    # Intake keeps writing to the other partitions; rows of this year wait for the commit.
    cursor.execute(f"LOCK TABLE {_q(parent)} IN SHARE UPDATE EXCLUSIVE MODE")
    has_default = default in partitions(cursor, parent)
    if has_default:
        cursor.execute(f"LOCK TABLE {_q(default)} IN ACCESS EXCLUSIVE MODE")
    cursor.execute(
        f"CREATE TABLE {_q(name)} (LIKE {_q(parent)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
        "INCLUDING STORAGE INCLUDING COMMENTS)"
    )
    cursor.execute(f"ALTER TABLE {_q(name)} OWNER TO {_owner(cursor, parent)}")
    moved = 0
    if has_default:
        columns = ", ".join(_q(c) for c in _columns(cursor, parent))
        key = _q(spec.key)
        cursor.execute(
            f"WITH moved AS (DELETE FROM {_q(default)} "  # noqa: S608 - catalog names
            f"WHERE {key} >= {low} AND {key} < {high} RETURNING {columns}) "
            f"INSERT INTO {_q(name)} ({columns}) SELECT {columns} FROM moved"
        )
        moved = cursor.rowcount
    _unique_indexes_create(cursor, spec, name)
    # ATTACH checks the rows against the bounds and builds the parent's indexes and key.
    cursor.execute(
        f"ALTER TABLE {_q(parent)} ATTACH PARTITION {_q(name)} FOR VALUES FROM ({low}) TO ({high})"
    )
    return moved


@dataclass
class Created:
    partition: str
    moved: int  # rows moved in from DEFAULT


def partitions_ensure(
    connection: BaseDatabaseWrapper,
    *,
    years_ahead: int = YEARS_AHEAD,
    today: date | None = None,
    since: date | None = None,
    say: Say = _silent,
) -> list[Created]:
    """Create the yearly partitions missing from the earliest year present (or `since`, for
    rows about to be written) to `years_ahead` years from `today`, and one for every year a
    row of DEFAULT belongs to, moving those rows in (one transaction per partition). A table
    that is not partitioned (SQLite, or before the migration), or that the connection's role
    does not own, is left alone: its new rows wait in DEFAULT for the daily command."""
    if connection.vendor != "postgresql":
        return []
    today = today or timezone.localdate()
    created: list[Created] = []
    for spec in TABLES:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            if not is_partitioned(cursor, spec.table) or not may_partition(cursor, spec.table):
                continue
            if default_partition_ensure(cursor, spec):
                say(f"{default_name(spec)}: đã tạo phân vùng mặc định.")
            existing = partition_years(cursor, spec)
            cursor.execute(
                f"SELECT DISTINCT {_year_of(spec.key)} FROM {_q(default_name(spec))}"  # noqa: S608
            )
            in_default = {row[0] for row in cursor.fetchall()}
        present = existing | in_default | ({since.year} if since else set())
        for year in sorted(_years_wanted(present, today, years_ahead) - existing):
            with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                moved = partition_create(cursor, spec, year)
            name = partition_name(spec, year)
            created.append(Created(name, moved))
            say(f"{name}: đã tạo, chuyển {moved:,} dòng từ phân vùng DEFAULT.")
    return created


def parents_analyze(connection: BaseDatabaseWrapper) -> None:
    """Autovacuum analyses each partition, never a partitioned table's own statistics (the
    planner's estimates over all years, e.g. for joins): the daily command does."""
    with connection.cursor() as cursor:
        for spec in TABLES:
            cursor.execute(f"ANALYZE {_q(spec.table)}")


# ---------------------------------------------------------------- conversion


def _copy(cursor, source: str, target: str, columns: list[str], total: int, say: Say) -> int:
    """INSERT … SELECT in id ranges, one progress line each; returns the rows copied."""
    listed = ", ".join(_q(c) for c in columns)
    cursor.execute(f"SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM {_q(source)}")  # noqa: S608
    low, high = cursor.fetchone()
    copied, began, start = 0, clock.perf_counter(), low - 1
    while total and start < high:
        end = start + COPY_BATCH
        cursor.execute(
            f"INSERT INTO {_q(target)} ({listed}) SELECT {listed} FROM {_q(source)} "  # noqa: S608
            "WHERE id > %s AND id <= %s",
            [start, end],
        )
        copied += cursor.rowcount
        start = end
        say(
            f"{target}: {copied:,}/{total:,} dòng ({100 * copied / total:.0f}%, "
            f"{clock.perf_counter() - began:.1f} s)"
        )
    return copied


def _swap_out(cursor, table: str, old: str) -> tuple[list, list, str, int, str, list[str]]:
    """Rename `table` to `old` and free every name the new table will take again."""
    _refuse_dependents(cursor, table)
    indexes = _indexes(cursor, table)
    foreign_keys = _constraints(cursor, table, "f")
    uniques = _constraints(cursor, table, "u")
    (primary_key, _, _), *_ = _constraints(cursor, table, "p")
    sequence, next_id = _next_id(cursor, table)
    owner, grants = _owner(cursor, table), _grants(cursor, table)
    cursor.execute(f"LOCK TABLE {_q(table)} IN ACCESS EXCLUSIVE MODE")
    cursor.execute(f"ALTER TABLE {_q(table)} RENAME TO {_q(old)}")
    cursor.execute(f"ALTER SEQUENCE {sequence} RENAME TO {_q(old + '_id_seq')}")
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {_q(name)}")
    for name, _, _ in foreign_keys + uniques:
        cursor.execute(f"ALTER TABLE {_q(old)} DROP CONSTRAINT {_q(name)}")
    renamed = _q(old + "_pkey")
    cursor.execute(f"ALTER TABLE {_q(old)} RENAME CONSTRAINT {_q(primary_key)} TO {renamed}")
    return indexes, foreign_keys, owner, next_id, primary_key, grants


def _like(old: str) -> str:
    return (
        f"(LIKE {_q(old)} INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS "
        "INCLUDING STORAGE INCLUDING COMMENTS)"
    )


def table_partition(
    cursor,
    spec: PartitionedTable,
    *,
    years_ahead: int = YEARS_AHEAD,
    today: date | None = None,
    say: Say = _silent,
) -> dict[int, int]:
    """Convert the plain table `spec.table` into a partitioned one in place, in the caller's
    transaction: {year: rows}. Indexes are built after the rows are in (faster than
    maintaining them row by row); the id sequence goes on from where it was."""
    table, old, key = spec.table, f"{spec.table}_unpartitioned", spec.key
    if is_partitioned(cursor, table):
        return {}
    cursor.execute(
        f"SELECT {_year_of(key)}, count(*) FROM {_q(table)} GROUP BY 1 ORDER BY 1"  # noqa: S608
    )
    per_year = dict(cursor.fetchall())
    uniques = {tuple(columns) for _, _, columns in _constraints(cursor, table, "u")}
    if uniques != {(column,) for column in spec.unique_in_partition}:
        raise RuntimeError(f"{table}: unexpected unique constraints {sorted(uniques)}")
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    indexes, foreign_keys, owner, next_id, primary_key, grants = _swap_out(cursor, table, old)

    cursor.execute(f"CREATE TABLE {_q(table)} {_like(old)} PARTITION BY RANGE ({_q(key)})")
    cursor.execute(f"ALTER TABLE {_q(table)} OWNER TO {owner}")
    cursor.execute(f"ALTER TABLE {_q(table)} ALTER COLUMN id RESTART WITH {int(next_id)}")
    today = today or timezone.localdate()
    for year in sorted(_years_wanted(set(per_year), today, years_ahead)):
        name = partition_name(spec, year)
        cursor.execute(
            f"CREATE TABLE {_q(name)} PARTITION OF {_q(table)} "
            f"FOR VALUES FROM ({_bound(year)}) TO ({_bound(year + 1)})"
        )
        cursor.execute(f"ALTER TABLE {_q(name)} OWNER TO {owner}")
    default = default_name(spec)
    cursor.execute(f"CREATE TABLE {_q(default)} PARTITION OF {_q(table)} DEFAULT")
    cursor.execute(f"ALTER TABLE {_q(default)} OWNER TO {owner}")

    total = sum(per_year.values())
    began = clock.perf_counter()
    copied = _copy(cursor, old, table, _columns(cursor, old), total, say)
    if copied != total:
        raise RuntimeError(f"{table}: copied {copied} rows of {total}")
    cursor.execute(
        f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(primary_key)} PRIMARY KEY (id, {_q(key)})"
    )
    for _, definition in indexes:
        cursor.execute(definition)
    for partition in partitions(cursor, table):
        _unique_indexes_create(cursor, spec, partition)
    for name, definition, _ in foreign_keys:
        cursor.execute(f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} {definition}")
    for grant in grants:
        cursor.execute(grant)
    cursor.execute(f"DROP TABLE {_q(old)}")
    if total:  # (an empty table keeps the planner's "size unknown", as a fresh one has)
        cursor.execute(f"ANALYZE {_q(table)}")
        for year, rows in per_year.items():
            say(f"{partition_name(spec, year)}: {rows:,} dòng")
        say(f"{table}: {total:,} dòng, {clock.perf_counter() - began:.1f} s")
    return per_year


def table_unpartition(cursor, spec: PartitionedTable, *, say: Say = _silent) -> int:
    """The reverse of `table_partition`: a plain table again, with its primary key on id and
    the unique constraints as Django created them. Returns the rows copied."""
    table, old = spec.table, f"{spec.table}_partitioned"
    if not is_partitioned(cursor, table):
        return 0
    cursor.execute(f"SELECT count(*) FROM {_q(table)}")  # noqa: S608
    total = cursor.fetchone()[0]
    indexes, foreign_keys, owner, next_id, primary_key, grants = _swap_out(cursor, table, old)
    cursor.execute(f"CREATE TABLE {_q(table)} {_like(old)}")
    cursor.execute(f"ALTER TABLE {_q(table)} OWNER TO {owner}")
    cursor.execute(f"ALTER TABLE {_q(table)} ALTER COLUMN id RESTART WITH {int(next_id)}")
    copied = _copy(cursor, old, table, _columns(cursor, old), total, say)
    if copied != total:
        raise RuntimeError(f"{table}: copied {copied} rows of {total}")
    cursor.execute(f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(primary_key)} PRIMARY KEY (id)")
    for column in spec.unique_in_partition:
        # The name PostgreSQL gave the column's UNIQUE when Django created the table.
        name = f"{table}_{column}_key"
        cursor.execute(f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} UNIQUE ({_q(column)})")
    for _, definition in indexes:
        cursor.execute(definition)
    for name, definition, _ in foreign_keys:
        cursor.execute(f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} {definition}")
    for grant in grants:
        cursor.execute(grant)
    cursor.execute(f"DROP TABLE {_q(old)}")  # and its partitions
    if total:
        cursor.execute(f"ANALYZE {_q(table)}")
    return copied
