"""Bytes per dossier, measured on a database, and the sizing table built from it (issue #9).

Usage:
    .venv/bin/python bench/sizing.py --database-url postgres://postgres@127.0.0.1:5432/motcua_bench
    .venv/bin/python bench/sizing.py --database-url sqlite:////tmp/motcua-bench/db.sqlite3
        [--complete-with postgres://…/motcua_bench_api] [--cpu-ms-per-dossier 600]
        [--scan-kb-per-dossier 800]

Measured: every table's size on disk with its indexes (PostgreSQL: pg_total_relation_size,
summed over a partitioned table's partitions; SQLite: the dbstat virtual table), its rows
and its bytes per row. Tables whose size grows with the dossiers (the dossier, its history,
papers, transfers, counters, scans' records, the audit log) give the bytes per dossier;
the rest (catalogue, calendar, accounts) is reported apart. A generated database has no
papers, audit entries, notifications or task results (the generator writes dossiers and
history only): `--complete-with` names a database whose dossiers came through the real
intake (e.g. the one `bench/api_intake.py` leaves), and the growing tables the generator does
not write take their bytes per dossier from it. The rollup is counted with the
growing tables although it is bounded by units × versions × days: over ten years it is
about as large as the dossiers' history at 1,000,000 dossiers, and it does not grow
tenfold with ten times the dossiers (see docs/benchmarks.md, the 10,000,000 run).

The sizing table then assumes, and prints its assumptions:
- 250 working days a year (Vietnam: about 248–252);
- the peak hour carries `--peak-share` (default 20 %) of a day's dossiers, and each dossier
  costs `--cpu-ms-per-dossier` of server CPU over its life (intake, the officers' pages and
  actions, the citizen's look-ups and prints; default 600 ms, from docs/benchmarks.md: one
  intake ≈ 20 ms, about 15 officer pages and actions (queue, dossier, assign … return)
  ≈ 30 ms each, a few look-ups ≈ 5 ms each, the receipt PDF ≈ 100 ms); one gunicorn sync
  worker gives one CPU-second per second at most, and we plan for 50 % utilisation at the
  peak (the database's own CPU comes on top: on one machine, count its cores beside);
- scans kept on disk or object storage: `--scan-kb-per-dossier` (default 800 KB: two or
  three scanned pages as PDF/JPEG);
- PostgreSQL WAL, backups and the audit anchor are outside these figures (a daily
  `manage.py backup` of the database alone is about its size).
"""

import argparse
import math
import sqlite3
import sys
from urllib.parse import urlsplit

GROWING = (
    "dossiers_dossier",
    "dossiers_dossierevent",
    "dossiers_dossierpaper",
    "dossiers_dossiertransfer",
    "dossiers_dossierattachment",
    "dossiers_dossiercounter",
    "audit_auditevent",
    "notifications_notification",
    "notifications_deliveryattempt",
    "django_tasks_database_dbtaskresult",
    "online_submission",
    "online_submissionevent",
    "online_submissionfile",
    "portal_dossierrating",
    "reports_dailycounter",
)
# What `generate_dossiers` writes; with --complete-with, every other growing table takes its
# bytes per dossier from the database of the real intake.
GENERATED = (
    "dossiers_dossier",
    "dossiers_dossierevent",
    "dossiers_dossiercounter",
    "reports_dailycounter",
)
WORKING_DAYS = 250
PER_DAY = (20, 100, 500, 2_000, 10_000, 50_000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--complete-with", help="a database with dossiers from the real intake")
    parser.add_argument("--cpu-ms-per-dossier", type=float, default=600.0)
    parser.add_argument("--scan-kb-per-dossier", type=float, default=800.0)
    parser.add_argument("--peak-share", type=float, default=0.20)
    args = parser.parse_args()
    tables = _sizes(args.database_url)
    dossiers = _dossiers(tables)
    print(f"{'table':36} {'rows':>14} {'MB':>10} {'bytes/row':>10} {'bytes/dossier':>14}")
    growing = other = 0
    for name, rows, size in sorted(tables, key=lambda t: -t[2]):
        if size < 64 * 1024 and name not in GROWING:
            other += size
            continue
        per_row = size / rows if rows else 0
        per_dossier = size / dossiers if name in GROWING else None
        if name in GROWING:
            growing += size
        else:
            other += size
        shown = f"{per_dossier:14,.0f}" if per_dossier is not None else f"{'(fixed)':>14}"
        print(f"{name:36} {rows:14,} {size / 1e6:10,.1f} {per_row:10,.0f} {shown}")
    per_dossier = growing / dossiers
    print(
        f"\n{dossiers:,} dossiers: {per_dossier:,.0f} bytes per dossier in the tables that grow "
        f"with them ({growing / 1e9:,.2f} GB); the rest {other / 1e6:,.1f} MB"
    )
    if args.complete_with:
        kept = sum(size for name, _, size in tables if name in GENERATED)
        per_dossier = kept / dossiers + _completion(tables, args.complete_with)
    _sizing_table(per_dossier, args)


def _sizes(url: str) -> list[tuple[str, int, int]]:
    if url.startswith("postgres"):
        return _postgres_sizes(url)
    if url.startswith("sqlite:///"):
        return _sqlite_sizes(urlsplit(url).path)
    sys.exit("a database URL is postgres://… or sqlite:////path")


def _dossiers(tables: list[tuple[str, int, int]]) -> int:
    dossiers = next((rows for name, rows, _ in tables if name == "dossiers_dossier"), 0)
    if not dossiers:
        sys.exit("a database holds no dossier")
    return dossiers


def _completion(tables: list[tuple[str, int, int]], url: str) -> float:
    """Bytes per dossier, measured in `url`, of the growing tables the generator does not
    write (their few rows in `tables`, from benchmarks' sign-ins, are left out above)."""
    empty = set(GROWING) - set(GENERATED)
    other = _sizes(url)
    dossiers = _dossiers(other)
    print(f"\nfrom {urlsplit(url).path.lstrip('/')} ({dossiers:,} dossiers of the real intake):")
    added = 0.0
    for name, rows, size in sorted(other, key=lambda t: -t[2]):
        if name in empty and rows:
            print(f"  {name:34} {rows / dossiers:8.2f} rows/dossier {size / dossiers:10,.0f} bytes")
            added += size / dossiers
    print(f"  together {added:,.0f} bytes per dossier, added to the figure above")
    return added


def _sizing_table(per_dossier: float, args) -> None:
    scan = args.scan_kb_per_dossier * 1024
    print(
        f"\nAssumptions: {WORKING_DAYS} working days a year; peak hour = "
        f"{args.peak_share:.0%} of a day's dossiers; {args.cpu_ms_per_dossier:g} ms of "
        f"server CPU per dossier over its life; workers planned at 50 % at the peak; scans "
        f"{args.scan_kb_per_dossier:g} KB per dossier.\n"
    )
    print(
        f"Bytes per dossier: {per_dossier:,.0f}.\n\n"
        "| dossiers a day | a year | peak dossiers/h | application CPU cores at the peak "
        "(sync workers) | database a year | scans a year |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for day in PER_DAY:
        year = day * WORKING_DAYS
        peak = day * args.peak_share
        busy = peak * args.cpu_ms_per_dossier / 1000 / 3600  # CPU-seconds per second
        workers = max(2, math.ceil(busy / 0.5))
        print(
            f"| {day:,} | {year:,} | {peak:,.0f} | {workers} | "
            f"{_bytes(year * per_dossier)} | {_bytes(year * scan)} |"
        )


def _bytes(value: float) -> str:
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if value >= size:
            return f"{value / size:,.1f} {unit}"
    return f"{value / 1e3:,.0f} KB"


def _postgres_sizes(url: str) -> list[tuple[str, int, int]]:
    import psycopg

    with psycopg.connect(url) as connection:
        rows = connection.execute(
            """
            SELECT c.relname,
                   coalesce(sum(pg_total_relation_size(p.inhrelid)), 0)
                   + pg_total_relation_size(c.oid)
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
            LEFT JOIN pg_inherits p ON p.inhparent = c.oid
            WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
            GROUP BY c.relname, c.oid
            """
        ).fetchall()
        result = []
        for name, size in rows:
            count = connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]  # noqa: S608
            result.append((name, count, int(size)))
    return result


def _sqlite_sizes(path: str) -> list[tuple[str, int, int]]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        pages = connection.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    except sqlite3.OperationalError:
        sys.exit("this sqlite3 has no dbstat table")
    index_of = dict(
        connection.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'")
    )
    sizes: dict[str, int] = {}
    for name, size in pages:
        table = index_of.get(name, name)
        sizes[table] = sizes.get(table, 0) + int(size)
    result = []
    for table, size in sizes.items():
        if table.startswith("sqlite_"):
            continue
        count = connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
        result.append((table, count, size))
    connection.close()
    return result


if __name__ == "__main__":
    main()
