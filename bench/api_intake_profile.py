"""Where the CPU of one API intake goes, in-process (no gunicorn, no network).

Migrates a fresh database (a SQLite file in WAL mode in a temporary folder; or the
PostgreSQL database of --database-url, dropped and created again: its name must contain
"bench"), creates the fixture of bench/api_intake.py, then, through Django's test Client
(the whole middleware stack, URL routing, django-ninja, services, real database):

- posts N dossiers to /api/v1/dossiers and N bodies to the one-row insert view of
  bench/api_intake_baseline.py, alternately in rounds so that both see the same machine;
- counts Python function calls per request for both (deterministic: a proxy for CPU that
  does not depend on what else the machine runs);
- prints CPU per request for both (this process's CPU, plus the PostgreSQL backend's own
  CPU read from /proc when the server is local), their ratio, and the queries per intake;
- with --profile, runs cProfile over a further N intakes and prints the top functions by
  cumulative and by own time (--top).

Usage:
  .venv/bin/python bench/api_intake_profile.py [--intakes 300] [--rounds 3] [--batch 10]
      [--queries] [--profile [--top 40]]    (--rounds 0: function calls only, quick)
  .venv/bin/python bench/api_intake_profile.py \
      --database-url postgres://postgres@127.0.0.1:5432/motcua_intake_bench
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def backend_cpu(connection) -> float:
    """CPU seconds used so far by the PostgreSQL backend serving `connection` (0 for SQLite,
    whose work runs in this process and is already counted)."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # not a local server
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def report_cpu(baseline_cpu: list[float], intake_cpu: list[float], batch: int) -> None:
    b = sum(baseline_cpu) / (len(baseline_cpu) * batch)
    a = sum(intake_cpu) / (len(intake_cpu) * batch)
    ratios = sorted(x / y for x, y in zip(baseline_cpu, intake_cpu, strict=True))
    print(
        f"CPU per request over {len(intake_cpu) * batch} of each: baseline {b * 1000:.2f} ms, "
        f"intake {a * 1000:.2f} ms; ratio baseline/intake {b / a:.3f} "
        f"(batches of {batch}: median {ratios[len(ratios) // 2]:.3f}, "
        f"quartiles {ratios[len(ratios) // 4]:.3f}–{ratios[3 * len(ratios) // 4]:.3f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default="")
    parser.add_argument("--intakes", type=int, default=300, help="per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch", type=int, default=10, help="requests per alternation")
    parser.add_argument("--queries", action="store_true", help="print one intake's SQL")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument(
        "--reconnect",
        action="store_true",
        help="close the database connection after every request, as gunicorn's workers do "
        "with CONN_MAX_AGE=0 (SQLite's setting)",
    )
    parser.add_argument("--dump", default="", help="with --profile: write the pstats file")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="motcua-api-profile-"))
    url = args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    if url.startswith("postgres"):
        from bench.api_intake import fresh_postgres

        fresh_postgres(url)
    os.environ.update(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench-only-not-secret",
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            "SECURE_SSL_REDIRECT": "0",
            "MOTCUA_VAR_DIR": str(tmp),
            "LOG_LEVEL": "WARNING",
            # The production settings, with the baseline's view added beside the product's URLs.
            "DJANGO_SETTINGS_MODULE": "bench.api_intake_profile_settings",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.api_intake import make_fixture
    from bench.api_intake_baseline import CREATE_TABLE

    call_command("migrate", verbosity=0)
    fixture = make_fixture()
    pk = "BIGSERIAL PRIMARY KEY" if connection.vendor == "postgresql" else "INTEGER PRIMARY KEY"
    with connection.cursor() as cursor:
        cursor.execute(CREATE_TABLE.format(pk=pk))
    print(f"database: {url.split('@')[-1]}; {args.rounds} rounds of {args.intakes} intakes")

    client = Client(HTTP_AUTHORIZATION=f"Bearer {fixture['token']}", REMOTE_ADDR="127.0.0.1")
    intake_body = json.dumps(fixture["body"])

    def intake() -> None:
        response = client.post("/api/v1/dossiers", intake_body, content_type="application/json")
        if args.reconnect:
            connection.close()
        if response.status_code != 201:
            raise SystemExit(f"intake answered {response.status_code}: {response.content[:300]!r}")

    baseline_client = Client(REMOTE_ADDR="127.0.0.1")

    def baseline(i: int = 0) -> None:
        response = baseline_client.post(
            "/bench-baseline/insert", json.dumps({"i": i}), content_type="application/json"
        )
        if args.reconnect:
            connection.close()
        if response.status_code != 201:
            raise SystemExit(f"baseline answered {response.status_code}")

    for _ in range(20):  # warm up: imports, schemas, the token's first use
        intake()
        baseline()
    with CaptureQueriesContext(connection) as queries:
        intake()
    print(f"queries per intake: {len(queries)}")
    for q in queries.captured_queries if args.queries else []:
        print(f"  {q['sql'][:160]}")
    reset_queries()

    backend_part = {"baseline": 0.0, "intake": 0.0}

    def measure(call, n: int) -> float:
        cpu, db = time.process_time(), backend_cpu(connection)
        for i in range(n):
            call(i) if call is baseline else call()
        db = backend_cpu(connection) - db
        backend_part["baseline" if call is baseline else "intake"] += db
        return time.process_time() - cpu + db

    # Short alternating batches: on a shared machine the speed of the CPU itself varies
    # (steal, caches) from one second to the next, so both sides sample the same moments.
    batches = max(1, args.intakes // args.batch) * args.rounds
    intake_cpu, baseline_cpu = [], []
    for _ in range(batches):
        baseline_cpu.append(measure(baseline, args.batch))
        intake_cpu.append(measure(intake, args.batch))
    if intake_cpu:
        report_cpu(baseline_cpu, intake_cpu, args.batch)
        if connection.vendor == "postgresql":
            n = len(intake_cpu) * args.batch
            print(
                f"  of which the PostgreSQL backend: baseline "
                f"{backend_part['baseline'] / n * 1000:.2f} ms, intake "
                f"{backend_part['intake'] / n * 1000:.2f} ms"
            )

    # Deterministic, unlike CPU time on a shared machine: Python function calls per request.
    calls = {}
    for name, call in (("baseline", baseline), ("intake", intake)):
        profiler = cProfile.Profile()
        profiler.enable()
        for i in range(20):
            call(i) if call is baseline else call()
        profiler.disable()
        calls[name] = pstats.Stats(profiler).total_calls / 20  # type: ignore[attr-defined]
    print(
        f"Python function calls per request: baseline {calls['baseline']:.0f}, "
        f"intake {calls['intake']:.0f}; ratio {calls['baseline'] / calls['intake']:.3f}"
    )

    if args.profile:
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for _ in range(args.intakes):
            intake()
        profiler.disable()
        if args.dump:
            profiler.dump_stats(args.dump)
        for order in ("cumulative", "tottime"):
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats(order).print_stats(args.top)
            print(out.getvalue())


if __name__ == "__main__":
    main()
