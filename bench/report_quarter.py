"""How long a quarterly report over all units, grouped by unit, takes from the rollup,
beside the same report computed directly from the Dossier table (the baseline, same run).

Usage: .venv/bin/python bench/report_quarter.py [--dossiers 1000000] [--cache-dir DIR]
           [--database-url postgres://postgres@127.0.0.1:5432/motcua_bench] [--runs 7]
           [--group-by unit|field|procedure|level|level_field|month]

The database is built once (migrate, load_reference, then `generate_dossiers` — 10 years,
150 procedures, the rollup rebuilt at the end — or, with --build seed, seed_demo --since
2017-01-01 as in the first measurement) and reused while it holds about --dossiers
dossiers: SQLite in --cache-dir, PostgreSQL in the database of --database-url (created when
missing). Timed: the official quarter Q2/2024
(15/03–14/06/2024, as_of at its end) and the current official quarter (as_of = now, so the
overdue column is judged at an instant and the rollup reads today's dossiers too). Printed
beside the times: the rollup's rows by grain, and how many of them the report reads. Exits
1 when the two computations differ.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "motcua-report-bench"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--direct-runs", type=int, default=3)
    parser.add_argument("--build", choices=["generate", "seed"], default="generate")
    parser.add_argument(
        "--group-by", default="unit", help="unit (the goal), field, procedure, level…"
    )
    args = parser.parse_args()
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    url = args.database_url or f"sqlite:///{args.cache_dir / 'report.sqlite3'}"
    if url.startswith("postgres"):
        _create_postgres_database(url)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "motcua.settings",
        "SECRET_KEY": "bench",
        "MOTCUA_VAR_DIR": str(args.cache_dir),
        "DATABASE_URL": url,
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    _ensure_data(args.dossiers, env, args.build)
    _time_reports(args)


def _create_postgres_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if found.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def _ensure_data(dossiers: int, env: dict, build: str) -> None:
    from django.core.management import call_command

    from dossiers.models import Dossier

    call_command("migrate", verbosity=0)
    existing = Dossier.objects.count()
    # Both builders drop the few dossiers that would fall after now: "about" is enough.
    if existing and abs(existing - dossiers) <= dossiers // 100:
        print(f"reusing the database: {existing:,} dossiers")
        return
    if existing:
        sys.exit(
            f"the database holds {existing:,} dossiers, not {dossiers:,}: "
            "point --cache-dir or --database-url at another one"
        )
    python = sys.executable
    run = [python, "manage.py"]
    subprocess.run([*run, "load_reference"], cwd=ROOT, env=env, check=True)
    began = time.perf_counter()
    if build == "generate":
        command = [*run, "generate_dossiers", "--dossiers", str(dossiers)]
    else:
        command = [*run, "seed_demo", "--dossiers", str(dossiers), "--since", "2017-01-01"]
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    print(f"{command[2]} --dossiers {dossiers:,}: {time.perf_counter() - began:.0f} s")


def _time_reports(args) -> None:
    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone

    from dossiers.models import Dossier
    from reports.definitions import PeriodKind, official_period
    from reports.engine import report
    from reports.models import DailyCounter, Grain

    today = timezone.localdate()
    current = next(
        period
        for year in (today.year, today.year + 1)
        for number in (1, 2, 3, 4)
        if (period := official_period(kind=PeriodKind.QUARTER, year=year, number=number)).start
        <= today
        <= period.end
    )
    past = official_period(kind=PeriodKind.QUARTER, year=2024, number=2)
    grains = dict(
        DailyCounter.objects.order_by()
        .values_list("grain")
        .annotate(n=Count("pk"))
        .values_list("grain", "n")
    )
    print(
        f"database: {connection.vendor}  dossiers: {Dossier.objects.count():,}  "
        f"rollup rows: {sum(grains.values()):,} "
        f"({', '.join(f'{Grain(g).name.lower()} {n:,}' for g, n in sorted(grains.items()))})  "
        f"units × versions with rows: {_cells():,}  "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    differ = []
    for label, period in (("Q2/2024", past), ("current quarter", current)):
        kwargs = {
            "date_from": period.start,
            "date_to": period.end,
            "group_by": args.group_by,
            "as_of": timezone.now(),  # the same for both sources
        }
        rolled_times = _times(args.runs, source="rollup", **kwargs)
        direct_times = _times(args.direct_runs, source="direct", **kwargs)
        rolled, direct = statistics.median(rolled_times), statistics.median(direct_times)
        same = report(source="rollup", **kwargs) == report(source="direct", **kwargs)
        if not same:
            differ.append(label)
        total = report(source="rollup", **kwargs).total
        print(
            f"{label} {period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}: "
            f"received {total.received_total:,}, pending {total.pending_total:,}"
        )
        print(f"  rollup rows read: {_rows_read(period, kwargs['as_of'])}")
        for name, median, times in (
            ("rollup", rolled, rolled_times),
            ("direct", direct, direct_times),
        ):
            print(
                f"  {name}: {median * 1000:8.1f} ms  (median of {len(times)}; "
                f"min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})"
            )
        print(f"  direct / rollup: ×{direct / rolled:.1f}   identical reports: {same}")
    if differ:
        sys.exit(f"the rollup and the direct computation differ: {', '.join(differ)}")


def _cells() -> int:
    from reports.models import DailyCounter

    return DailyCounter.objects.values("unit_id", "procedure_version_id").distinct().count()


def _rows_read(period, as_of) -> str:
    """How many rollup rows the report's query reads, by grain (the runs of
    reports.rollup_read.rollup_groups)."""
    from datetime import timedelta

    from django.db.models import Count

    from reports.definitions import local_date
    from reports.models import DailyCounter, Grain
    from reports.rollup_read import ORIGIN, _within, cover

    runs = cover(ORIGIN, period.start) + cover(period.start, period.end + timedelta(days=1))
    if as_of < period.ends_at:
        runs += cover(local_date(as_of), period.end + timedelta(days=1))
    read = dict(
        DailyCounter.objects.filter(_within(runs))
        .order_by()
        .values_list("grain")
        .annotate(n=Count("pk"))
        .values_list("grain", "n")
    )
    parts = ", ".join(f"{Grain(g).name.lower()} {n:,}" for g, n in sorted(read.items()))
    return f"{sum(read.values()):,} ({parts})"


def _times(runs: int, **kwargs) -> list[float]:
    from reports.engine import report

    report(**kwargs)  # warm the caches first
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        report(**kwargs)
        times.append(time.perf_counter() - began)
    return times


if __name__ == "__main__":
    main()
