# ruff: noqa: S608 -- the SQL names only this file's table constants; values are parameters
"""Grow a generated PostgreSQL database by a factor (default 10: 1,000,000 → 10,000,000
dossiers) in SQL, for the "report time stays flat" run of issue #9.

Generating 10,000,000 dossiers with `generate_dossiers` takes hours of Python on this 2-core
machine; this script copies the generated dossiers and their history `factor - 1` times
inside PostgreSQL instead, so that the data keeps the generator's realism (days, channels,
outcomes, lateness, history) at ten times the density:

- copy k gets ids shifted by k × the highest id, and codes numbered after the original
  day's codes (number + k × that unit-day's count: still gapless from 1 per unit and day),
  so DossierCounter.last is multiplied by the factor;
- copy k moves each dossier of a synthetic procedure (`TH.…`) to the k-th next synthetic
  procedure with the same version windows: ten times the dossiers also fill more
  (unit, procedure, day) cells of the rollup, as real growth would, instead of only
  making the same cells ten times larger;
- the rollup is recomputed from the original rollup in SQL: a dossier's contributions depend
  only on its own fields and are keyed by its unit, version and days, so the copies'
  rollup is the original's with versions mapped, summed. `report_quarter.py` then checks the
  report from the rollup against the direct SQL over all 10,000,000 rows.

Usage (PostgreSQL only; the database name must contain "bench"; it is changed in place, so
copy it first, e.g. `createdb -T motcua_bench motcua_bench_10m`):

    .venv/bin/python bench/grow.py [--factor 10] \
        --database-url postgres://postgres@127.0.0.1:5432/motcua_bench_10m
"""

import argparse
import sys
import time
from urllib.parse import urlsplit

DOSSIER = "dossiers_dossier"
EVENT = "dossiers_dossierevent"
COUNTER = "dossiers_dossiercounter"
ROLLUP = "reports_dailycounter"
MAX_SEQUENCE = 9999  # dossiers.numbering.MAX_SEQUENCE


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument(
        "--finish-only",
        action="store_true",
        help="the copies are made (an earlier run stopped after them): only multiply the "
        "counters, rebuild the rollup, set the sequences and ANALYZE",
    )
    args = parser.parse_args()
    name = urlsplit(args.database_url).path.lstrip("/")
    if "bench" not in name or not args.database_url.startswith("postgres"):
        sys.exit("a PostgreSQL database whose name contains 'bench' only")
    if args.factor < 2:
        sys.exit("--factor must be at least 2")

    import psycopg

    with psycopg.connect(args.database_url) as connection:
        grow(connection, args.factor, finish_only=args.finish_only)


def grow(connection, factor: int, *, finish_only: bool = False) -> None:
    began = time.perf_counter()
    connection.autocommit = True  # one transaction per copy; the temp tables last the session
    sql = connection.execute
    dossiers, max_dossier = sql(f"SELECT count(*), max(id) FROM {DOSSIER}").fetchone()
    events, max_event = sql(f"SELECT count(*), max(id) FROM {EVENT}").fetchone()
    print(f"start: {dossiers:,} dossiers, {events:,} history events; factor {factor}")
    if not dossiers:
        sys.exit("no dossier: generate the database first")

    _version_map(connection, factor)
    if not finish_only:
        _day_counts(connection, factor)

    dossier_columns = _columns(connection, DOSSIER)
    event_columns = _columns(connection, EVENT)
    computed = {
        "id": "d.id + %(k)s * %(max_dossier)s",
        "code": "dc.prefix || lpad((dc.number + %(k)s * dc.n)::text, 4, '0')",
        "procedure_version_id": "m.new_id",
    }
    dossier_select = ", ".join(computed.get(c, f"d.{c}") for c in dossier_columns)
    event_computed = {
        "id": "e.id + %(k)s * %(max_event)s",
        "dossier_id": "e.dossier_id + %(k)s * %(max_dossier)s",
    }
    event_select = ", ".join(event_computed.get(c, f"e.{c}") for c in event_columns)
    values = {"max_dossier": max_dossier, "max_event": max_event}

    for k in range(1, factor if not finish_only else 1):
        step = time.perf_counter()
        values["k"] = k
        with connection.transaction():
            sql(
                f"INSERT INTO {DOSSIER} ({', '.join(dossier_columns)}) "
                f"SELECT {dossier_select} FROM {DOSSIER} d "
                "JOIN grow_codes dc ON dc.id = d.id "
                "JOIN grow_versions m ON m.k = %(k)s AND m.old_id = d.procedure_version_id "
                "WHERE d.id <= %(max_dossier)s",
                values,
            )
            sql(
                f"INSERT INTO {EVENT} ({', '.join(event_columns)}) "
                f"SELECT {event_select} FROM {EVENT} e WHERE e.id <= %(max_event)s",
                values,
            )
        print(
            f"copy {k}/{factor - 1}: {dossiers * (k + 1):,} dossiers, "
            f"{events * (k + 1):,} events ({time.perf_counter() - step:.0f} s)",
            flush=True,
        )

    step = time.perf_counter()
    with connection.transaction():
        sql(f"UPDATE {COUNTER} SET last = last * %s", [factor])
        counters = [c for c in _columns(connection, ROLLUP) if c not in KEY and c != "id"]
        sums = ", ".join(f"sum(r.{c}) AS {c}" for c in counters)
        sql(
            f"CREATE TEMP TABLE grow_rollup AS SELECT r.grain, r.day, r.unit_id, "
            f"m.new_id AS procedure_version_id, {sums} FROM {ROLLUP} r "
            "JOIN grow_versions m ON m.old_id = r.procedure_version_id "
            "GROUP BY r.grain, r.day, r.unit_id, m.new_id"
        )
        before = sql(f"SELECT count(*) FROM {ROLLUP}").fetchone()[0]
        sql(f"DELETE FROM {ROLLUP}")
        columns = ", ".join([*KEY, *counters])
        sql(f"INSERT INTO {ROLLUP} ({columns}) SELECT * FROM grow_rollup")
        after = sql(f"SELECT count(*) FROM {ROLLUP}").fetchone()[0]
        for table in (DOSSIER, EVENT):
            sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}")
    took = time.perf_counter() - step
    print(f"counters ×{factor}; rollup {before:,} → {after:,} rows ({took:.0f} s)")
    step = time.perf_counter()
    for table in (DOSSIER, EVENT, COUNTER, ROLLUP):
        sql(f"ANALYZE {table}")
    print(f"analyze: {time.perf_counter() - step:.0f} s")
    total = sql(f"SELECT count(*) FROM {DOSSIER}").fetchone()[0]
    print(f"done: {total:,} dossiers in {time.perf_counter() - began:.0f} s")


KEY = ["grain", "day", "unit_id", "procedure_version_id"]


def _version_map(connection, factor: int) -> None:
    """grow_versions(k, old_id, new_id): copy k's version for each version. Synthetic
    procedures with the same version windows form a ring; copy k takes the k-th next one."""
    connection.execute(
        "CREATE TEMP TABLE grow_versions (k int, old_id bigint, new_id bigint, "
        "PRIMARY KEY (k, old_id))"
    )
    rows = connection.execute(
        "SELECT p.code, v.id, v.effective_from, v.effective_to FROM catalog_procedureversion v "
        "JOIN catalog_procedure p ON p.id = v.procedure_id ORDER BY p.code, v.effective_from, v.id"
    ).fetchall()
    versions: dict[str, list[tuple]] = {}
    for code, version_id, start, end in rows:
        versions.setdefault(code, []).append((version_id, start, end))
    rings: dict[tuple, list[str]] = {}
    for code, listed in versions.items():
        if code.startswith("TH."):
            windows = tuple((start, end) for _, start, end in listed)
            rings.setdefault(windows, []).append(code)
    mapping = []
    for code, listed in versions.items():
        ring = next((r for r in rings.values() if code in r), None)
        for k in range(factor):
            target = ring[(ring.index(code) + k) % len(ring)] if ring else code
            for (old_id, _, _), (new_id, _, _) in zip(listed, versions[target], strict=True):
                mapping.append((k, old_id, new_id))
    with connection.cursor() as cursor:
        cursor.executemany("INSERT INTO grow_versions VALUES (%s, %s, %s)", mapping)
    print(f"procedures: {len(versions)}, of which synthetic in {len(rings)} rings")


def _day_counts(connection, factor: int) -> None:
    """grow_codes(id, prefix, number, n): each dossier's code split, with its unit-day's count
    (its last number: codes are gapless from 1)."""
    connection.execute(
        f"CREATE TEMP TABLE grow_codes AS SELECT id, left(code, length(code) - 4) AS prefix, "
        f"right(code, 4)::int AS number FROM {DOSSIER}"
    )
    connection.execute(
        "CREATE TEMP TABLE grow_days AS SELECT prefix, max(number) AS n, count(*) AS c "
        "FROM grow_codes GROUP BY prefix"
    )
    gaps = connection.execute("SELECT count(*) FROM grow_days WHERE n <> c").fetchone()[0]
    if gaps:
        sys.exit(f"{gaps} unit-days whose codes are not 1…n: not a generated database")
    largest = connection.execute("SELECT max(n) FROM grow_days").fetchone()[0]
    if largest * factor > MAX_SEQUENCE:
        sys.exit(f"a unit-day holds {largest} dossiers: ×{factor} exceeds {MAX_SEQUENCE}")
    connection.execute("ALTER TABLE grow_codes ADD COLUMN n int")
    connection.execute("UPDATE grow_codes g SET n = d.n FROM grow_days d WHERE d.prefix = g.prefix")
    connection.execute("CREATE UNIQUE INDEX ON grow_codes (id)")
    connection.execute("ANALYZE grow_codes")


def _columns(connection, table: str) -> list[str]:
    rows = connection.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "AND table_schema = current_schema() ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [row[0] for row in rows]


if __name__ == "__main__":
    main()
