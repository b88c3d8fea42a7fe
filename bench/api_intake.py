"""API intake under load, and durability across a kill -9 of the server.

Starts gunicorn (several sync workers) on 127.0.0.1 with a fresh database, creates an API
token, and runs concurrent clients (stdlib http.client in threads) that POST dossiers to
/api/v1/dossiers for a bounded time. Part-way through, the whole server (master and
workers) is killed with SIGKILL and restarted. Then it checks:

- no error responses: every answer is 201, the only failures are connection failures
  between the kill and the restart;
- every code a client received (an acknowledged dossier) exists in the database;
- no duplicate codes, and per unit and day the sequence numbers are exactly 1..n (no gaps),
  with the day's counter at n.

It prints throughput and p50/p99 latency beside a baseline measured in the same run: the
same gunicorn and database serving a minimal Django view that inserts one row
(bench/api_intake_baseline.py).

Usage:
  .venv/bin/python bench/api_intake.py                      # SQLite file (WAL) in a temp dir
  .venv/bin/python bench/api_intake.py --database-url postgres://postgres@127.0.0.1:5432/motcua_bench_api
      (the PostgreSQL database is dropped and created again; its name must contain "bench")
Options: --clients 16 --units 4 --workers 4 --threads 1 --seconds 30 --kill-at 0.4
  --baseline-seconds 10 --warm-up 3 --alternate ROUNDS --slice 3
  (--alternate: after the checks, the ratios again from short slices taken in turn with every
  server up, the median over ROUNDS rounds: robust to the machine's drift between runs. The
  API's and the floor's slices use the same communes' codes as the run before them: with
  long runs on a fast machine, raise --units or shorten --seconds, or a commune's 9,999
  codes of the day run out and the slices fail with 409)
  (the clients receive for --units communes in turn: one commune's day has 9,999 codes, which
  16 clients on one commune use up within a run)

Against a server that is already running (the production profile behind nginx,
bench/production_profile.py), without starting or killing anything:
  .venv/bin/python bench/api_intake.py --url http://127.0.0.1:8080 \
      --baseline-url http://127.0.0.1:8080/bench-baseline --database-url postgres://…
  The database of --database-url is the server's, already migrated, and is not dropped; the
  fixture (units 99901-99902, procedure 9.999999) is created in it. --baseline-url is where
  the baseline's /insert view answers (optional).
"""

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent

CONNECTION_ERRORS = (ConnectionError, http.client.HTTPException, socket.timeout, OSError)


# ---------------------------------------------------------------- database and server


def fresh_postgres(url: str) -> None:
    import psycopg

    name = urlparse(url).path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"Refusing to drop database {name!r}: its name must contain 'bench'.")
    admin = urlparse(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn in its own process group, so kill -9 reaches the master and every worker."""

    def __init__(
        self, env: dict, settings: str, port: int, workers: int, log: Path, threads: int = 1
    ) -> None:
        self.env = {**env, "DJANGO_SETTINGS_MODULE": settings}
        self.port, self.workers, self.log, self.threads = port, workers, log, threads
        self.process: subprocess.Popen | None = None

    def start(self) -> float:
        began = time.monotonic()
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    str(BIN / "gunicorn"),
                    "motcua.wsgi:application",
                    "--workers",
                    str(self.workers),
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--timeout",
                    "60",
                    # More than one thread makes gunicorn use its gthread worker.
                    *(["--threads", str(self.threads)] if self.threads > 1 else []),
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        deadline = time.monotonic() + 180  # a busy machine boots slowly
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/api/v1/openapi.json")
                conn.getresponse().read()
                conn.close()
                return time.monotonic() - began
            except CONNECTION_ERRORS:
                time.sleep(0.05)
        self.kill9()  # leave no server behind holding the database
        raise SystemExit(f"gunicorn did not answer within 180 s; see {self.log}")

    def cpu_seconds(self, database: str = "") -> float:
        """CPU time used so far by the server's processes (master and workers) and, when
        `database` is named, by the PostgreSQL backends serving that database."""
        return sum(self.cpu_by_process(database).values())

    def cpu_by_process(self, database: str = "") -> dict[int, float]:
        """`cpu_seconds` per process id: a process that exits between two readings takes its
        CPU out of the sum, and `cpu_between` leaves it out instead of going negative."""
        if self.process is None:
            raise RuntimeError("server not started")
        tick = os.sysconf("SC_CLK_TCK")
        used = {}
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            ours = int(fields[2]) == self.process.pid  # process group
            backend = (
                bool(database)
                and cmdline.startswith(b"postgres: ")
                and (f" {database} ".encode() in cmdline)
            )
            if ours or backend:
                used[int(pid)] = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
        return used

    def kill9(self) -> None:
        if self.process is None:
            raise RuntimeError("server not started")
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


# ---------------------------------------------------------------- load


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)  # seconds, successful posts
    started: list[float] = field(default_factory=list)  # monotonic start of each of them
    codes: list[str] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    connection_failures: list[float] = field(default_factory=list)  # monotonic times
    lock: threading.Lock = field(default_factory=threading.Lock)


def client_loop(
    port: int | tuple[str, int],
    path: str,
    headers: dict,
    body_for,
    stop_at: float,
    tally: Tally,
    n: int,
) -> None:
    host, port = port if isinstance(port, tuple) else ("127.0.0.1", port)
    conn = http.client.HTTPConnection(host, port, timeout=60)
    i = 0
    while time.monotonic() < stop_at:
        i += 1
        body = json.dumps(body_for(n, i)).encode()
        began = time.monotonic()
        try:
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
        except CONNECTION_ERRORS:
            with tally.lock:
                tally.connection_failures.append(time.monotonic())
            conn.close()
            time.sleep(0.05)
            conn = http.client.HTTPConnection(host, port, timeout=60)
            continue
        elapsed = time.monotonic() - began
        with tally.lock:
            tally.statuses[response.status] += 1
            if response.status == 201:
                tally.latencies.append(elapsed)
                tally.started.append(began)
                if "/api/" in path:
                    tally.codes.append(json.loads(data)["code"])
            elif len(tally.statuses) < 20:
                print(f"  unexpected {response.status}: {data[:300]!r}", file=sys.stderr)
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=60)
    conn.close()


def run_load(port, path, headers, body_for, clients, seconds) -> tuple[Tally, float, float]:
    tally = Tally()
    began = time.monotonic()
    stop_at = began + seconds
    threads = [
        threading.Thread(
            target=client_loop, args=(port, path, headers, body_for, stop_at, tally, n)
        )
        for n in range(clients)
    ]
    for t in threads:
        t.start()
    return tally, began, stop_at


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(name: str, tally: Tally, seconds: float) -> dict:
    ok = len(tally.latencies)
    figures = {
        "name": name,
        "acknowledged": ok,
        "throughput": ok / seconds,
        "p50_ms": statistics.median(tally.latencies) * 1000 if ok else float("nan"),
        "p99_ms": percentile(tally.latencies, 0.99) * 1000,
        "statuses": dict(tally.statuses),
        "connection_failures": len(tally.connection_failures),
    }
    print(
        f"{name}: {ok} acknowledged in {seconds:.1f} s = {figures['throughput']:.1f}/s; "
        f"p50 {figures['p50_ms']:.1f} ms, p99 {figures['p99_ms']:.1f} ms; "
        f"statuses {figures['statuses']}; connection failures {figures['connection_failures']}"
    )
    return figures


# ---------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="", help="a running server: start and kill nothing")
    parser.add_argument("--baseline-url", default="", help="with --url: the baseline's base")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1, help="> 1: gthread workers")
    parser.add_argument(
        "--units",
        type=int,
        default=4,
        help="communes the clients receive for, in turn (each has 9,999 codes a day)",
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="after the checks, also measure the intake's writes alone (bench/api_intake_floor.py)",
    )
    parser.add_argument(
        "--alternate",
        type=int,
        default=0,
        metavar="ROUNDS",
        help="after the checks, ROUNDS rounds of short alternating slices (--slice seconds) "
        "of the baseline, the API (and the floor, with --floor), their servers all running",
    )
    parser.add_argument("--slice", type=float, default=3, help="seconds, with --alternate")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--kill-at", type=float, default=0.4, help="fraction of --seconds")
    parser.add_argument("--baseline-seconds", type=float, default=10)
    parser.add_argument("--warm-up", type=float, default=3, help="seconds, before each run")
    args = parser.parse_args()
    if args.url:
        sys.exit(0 if against_url(args) else 1)

    tmp = Path(tempfile.mkdtemp(prefix="motcua-api-bench-"))
    url = args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    if url.startswith("postgres"):
        fresh_postgres(url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "bench-only-not-secret",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback
        "MOTCUA_VAR_DIR": str(tmp),
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update({**env, "DJANGO_SETTINGS_MODULE": "motcua.settings"})
    print(
        f"database: {url.split('@')[-1]}; {args.workers} gunicorn workers"
        f"{f' × {args.threads} threads' if args.threads > 1 else ''}; "
        f"{args.clients} clients over {args.units} units; logs in {tmp}"
    )

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    fixture = make_fixture(args.units)
    connection.close()

    port = free_port()
    log = tmp / "gunicorn.log"

    # Baseline: the same server and database, a view that inserts one row.
    from bench.api_intake_baseline import CREATE_TABLE

    pk = (
        "INTEGER PRIMARY KEY AUTOINCREMENT" if url.startswith("sqlite") else "BIGSERIAL PRIMARY KEY"
    )
    with connection.cursor() as cursor:
        cursor.execute(CREATE_TABLE.format(pk=pk))
    connection.close()
    baseline_server = Server(
        env, "bench.api_intake_baseline", port, args.workers, log, args.threads
    )
    baseline_server.start()
    pg_name = urlparse(url).path.lstrip("/") if url.startswith("postgres") else ""
    warm_up(port, "/insert", {"Content-Type": "application/json"}, lambda n, i: {}, args)
    cpu_at_start = baseline_server.cpu_seconds(pg_name)
    tally, _began, _stop_at = run_load(
        port,
        "/insert",
        {"Content-Type": "application/json"},
        lambda n, i: {"client": n, "i": i},
        args.clients,
        args.baseline_seconds,
    )
    wait_threads()
    baseline = summary("baseline (one-row insert view)", tally, args.baseline_seconds)
    baseline_cpu = (baseline_server.cpu_seconds(pg_name) - cpu_at_start) / len(tally.latencies)
    print(f"  server CPU per request: {baseline_cpu * 1000:.2f} ms")
    baseline_server.stop()

    # The API, with a kill -9 part-way.
    server = Server(env, "motcua.settings", port, args.workers, log, args.threads)
    server.start()
    headers = {
        "Content-Type": "application/json",
        "Authorization": f"Bearer {fixture['token']}",
    }
    warmed = warm_up(port, "/api/v1/dossiers", headers, body_of_client(fixture), args)
    cpu_at_start = server.cpu_seconds(pg_name)
    tally, began, _stop_at = run_load(
        port,
        "/api/v1/dossiers",
        headers,
        body_of_client(fixture),
        args.clients,
        args.seconds,
    )
    time.sleep(args.seconds * args.kill_at)
    cpu_used = server.cpu_seconds(pg_name) - cpu_at_start
    killed_at = time.monotonic()
    server.kill9()
    restart_seconds = server.start()
    back_at = time.monotonic()
    print(
        f"kill -9 of master and workers at {killed_at - began:.1f} s; "
        f"answering again after {restart_seconds:.1f} s"
    )
    wait_threads()
    api = summary("API POST /api/v1/dossiers", tally, args.seconds)
    steady = [
        lat
        for lat, start in zip(tally.latencies, tally.started, strict=True)
        if start + lat < killed_at or start > back_at
    ]
    print(
        f"  requests not in flight across the kill/restart: {len(steady)}, "
        f"p50 {statistics.median(steady) * 1000:.1f} ms, "
        f"p99 {percentile(steady, 0.99) * 1000:.1f} ms"
    )
    up = args.seconds - (back_at - killed_at)
    print(f"  while the server was up ({up:.1f} s): {len(tally.latencies) / up:.1f}/s")
    # The steady state the goal is about: the answers completed before the kill (a slow
    # restart on a busy machine does not count against it).
    before = [
        lat
        for lat, start in zip(tally.latencies, tally.started, strict=True)
        if start + lat < killed_at
    ]
    steady_rate = len(before) / (killed_at - began)
    print(
        f"  before the kill ({killed_at - began:.1f} s): {steady_rate:.1f}/s, "
        f"p50 {statistics.median(before) * 1000:.1f} ms, "
        f"p99 {percentile(before, 0.99) * 1000:.1f} ms"
    )
    api_cpu = cpu_used / len(before)
    print(f"  server CPU per request before the kill: {api_cpu * 1000:.2f} ms")
    server.stop()

    tally.codes.extend(warmed.codes)  # acknowledged too: checked like the others
    ok = check(tally, killed_at, back_at, fixture)
    print(
        f"ratio: API throughput = {api['throughput'] / baseline['throughput']:.2f} × baseline; "
        f"p50 {api['p50_ms'] / baseline['p50_ms']:.1f} × baseline"
    )
    print(
        f"ratio before the kill: {steady_rate / baseline['throughput']:.2f} × baseline "
        f"throughput; p50 {statistics.median(before) * 1000 / baseline['p50_ms']:.1f} × baseline"
    )
    print(
        f"ratio of server CPU per request: baseline / API = {baseline_cpu / api_cpu:.2f} "
        "(the throughput ratio a CPU-bound machine allows)"
    )
    if args.floor:
        ok = floor_run(env, port, log, pg_name, fixture, baseline, baseline_cpu, args) and ok
    if args.alternate:
        ok = alternating_run(env, log, pg_name, fixture, args) and ok
    sys.exit(0 if ok else 1)


def cpu_between(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two `Server.cpu_by_process` readings by the processes alive
    at the second. One that exited in between drops out with all it used (a slice then reads
    low, never negative); the median over rounds leaves such a slice out."""
    return sum(used - before.get(pid, 0.0) for pid, used in after.items())


def alternating_run(env, log, pg_name, fixture, args) -> bool:
    """The ratios again, from short slices taken in turn (baseline, API, floor, baseline, …)
    with every server up: the sequential runs above see the machine at different moments,
    and on a shared machine its speed drifts by 10 % or more within a minute. Each round's
    ratio is taken against that round's baseline slice; the median over rounds is printed."""
    from bench.api_intake_floor import UNIT_IDS

    api_headers = {
        "Content-Type": "application/json",
        "Authorization": f"Bearer {fixture['token']}",
    }
    plain = {"Content-Type": "application/json"}
    cases = [
        ("baseline", "bench.api_intake_baseline", env, "/insert", plain, lambda n, i: {"i": i}),
        ("API", "motcua.settings", env, "/api/v1/dossiers", api_headers, body_of_client(fixture)),
    ]
    if args.floor:
        floor_env = {**env, UNIT_IDS: ",".join(map(str, fixture["unit_ids"]))}
        cases.append(
            (
                "floor",
                "bench.api_intake_floor",
                floor_env,
                "/intake-writes",
                plain,
                lambda n, i: {"unit": n},
            )
        )
    servers = []
    try:
        for name, settings, case_env, path, headers, body_for in cases:
            server = Server(case_env, settings, free_port(), args.workers, log, args.threads)
            server.start()
            warm_up(server.port, path, headers, body_for, args)
            servers.append((name, server, path, headers, body_for))
        rates: dict[str, list[float]] = defaultdict(list)
        cpus: dict[str, list[float]] = defaultdict(list)
        failed: Counter = Counter()
        for _ in range(args.alternate):
            for name, server, path, headers, body_for in servers:
                cpu_at_start = server.cpu_by_process(pg_name)
                tally, _began, _stop_at = run_load(
                    server.port, path, headers, body_for, args.clients, args.slice
                )
                wait_threads()
                done = len(tally.latencies)
                failed.update({s: n for s, n in tally.statuses.items() if s != 201})
                if tally.connection_failures:
                    failed["connection failures"] += len(tally.connection_failures)
                rates[name].append(done / args.slice)
                cpus[name].append(
                    cpu_between(cpu_at_start, server.cpu_by_process(pg_name)) / max(1, done)
                )
    finally:
        for _name, server, *_rest in servers:
            server.stop()
    print(f"alternating slices: {args.alternate} rounds of {args.slice:g} s per case")
    for name, *_rest in servers:
        line = (
            f"  {name:8s} {statistics.median(rates[name]):8.1f}/s, "
            f"server CPU {statistics.median(cpus[name]) * 1000:.2f} ms per request (medians)"
        )
        if name != "baseline":
            throughput = [r / b for r, b in zip(rates[name], rates["baseline"], strict=True)]
            cpu = [b / c for c, b in zip(cpus[name], cpus["baseline"], strict=True)]
            line += (
                f"; ratio to the baseline: throughput ×{statistics.median(throughput):.2f} "
                f"(rounds {min(throughput):.2f}–{max(throughput):.2f}), "
                f"CPU {statistics.median(cpu):.2f} ({min(cpu):.2f}–{max(cpu):.2f})"
            )
        print(line)
    if failed:
        print(f"[FAIL] alternating slices: {dict(failed)}; see {log}")
    return not failed


def floor_run(env, port, log, pg_name, fixture, baseline, baseline_cpu, args) -> bool:
    """The intake's writes alone through the same stack (bench/api_intake_floor.py), after
    the checks: its audit entries are not chained, and the checks would refuse them."""
    from bench.api_intake_floor import UNIT_IDS

    floor_env = {**env, UNIT_IDS: ",".join(map(str, fixture["unit_ids"]))}
    server = Server(floor_env, "bench.api_intake_floor", port, args.workers, log, args.threads)
    server.start()
    headers = {"Content-Type": "application/json"}
    warm_up(port, "/intake-writes", headers, lambda n, i: {"unit": n}, args)
    cpu_at_start = server.cpu_seconds(pg_name)
    tally, _began, _stop_at = run_load(
        port,
        "/intake-writes",
        headers,
        lambda n, i: {"unit": n},
        args.clients,
        args.baseline_seconds,
    )
    wait_threads()
    floor = summary("floor (the intake's writes alone)", tally, args.baseline_seconds)
    floor_cpu = (server.cpu_seconds(pg_name) - cpu_at_start) / max(1, len(tally.latencies))
    server.stop()
    if set(tally.statuses) != {201} or tally.connection_failures:
        print(f"[FAIL] the floor's view answered {dict(tally.statuses)}; see {log}")
        return False
    print(f"  server CPU per request: {floor_cpu * 1000:.2f} ms")
    print(
        f"floor: {floor['throughput'] / baseline['throughput']:.2f} × baseline throughput; "
        f"server CPU baseline / floor = {baseline_cpu / floor_cpu:.2f}"
    )
    return True


def target(url: str) -> tuple[tuple[str, int], str]:
    """(host, port) and path prefix of a base URL such as http://127.0.0.1:8080/prefix."""
    parsed = urlparse(url)
    return (parsed.hostname or "127.0.0.1", parsed.port or 80), parsed.path.rstrip("/")


def against_url(args: argparse.Namespace) -> bool:
    """The load and the checks against a server someone else runs (no kill -9)."""
    if not args.database_url:
        raise SystemExit("--url needs --database-url: the server's database, for the checks.")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.update(
        {"DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": "motcua.settings"}
    )
    print(
        f"server: {args.url}; database: {args.database_url.split('@')[-1]}; {args.clients} clients"
    )
    import django

    django.setup()
    from django.db import connection

    fixture = make_fixture(args.units)
    baseline = None
    if args.baseline_url:
        from bench.api_intake_baseline import CREATE_TABLE

        pk = "BIGSERIAL PRIMARY KEY" if connection.vendor == "postgresql" else "INTEGER PRIMARY KEY"
        with connection.cursor() as cursor:
            cursor.execute(CREATE_TABLE.format(pk=pk))
        address, prefix = target(args.baseline_url)
        tally, _began, _stop_at = run_load(
            address,
            f"{prefix}/insert",
            {"Content-Type": "application/json"},
            lambda n, i: {"client": n, "i": i},
            args.clients,
            args.baseline_seconds,
        )
        wait_threads()
        baseline = summary("baseline (one-row insert view)", tally, args.baseline_seconds)
    connection.close()

    address, prefix = target(args.url)
    tally, _began, _stop_at = run_load(
        address,
        f"{prefix}/api/v1/dossiers",
        {"Content-Type": "application/json", "Authorization": f"Bearer {fixture['token']}"},
        body_of_client(fixture),
        args.clients,
        args.seconds,
    )
    wait_threads()
    api = summary("API POST /api/v1/dossiers", tally, args.seconds)
    ok = check(tally, None, None, fixture)
    if baseline:
        print(
            f"ratio: API throughput = {api['throughput'] / baseline['throughput']:.2f} × "
            f"baseline; p50 {api['p50_ms'] / baseline['p50_ms']:.1f} × baseline"
        )
    return ok


def warm_up(port, path, headers, body_for, args) -> Tally:
    """Load for --warm-up seconds, not measured: every worker imports and builds what its
    first requests need (URLs, schemas, connections) before the measured run."""
    tally, _began, _stop_at = run_load(port, path, headers, body_for, args.clients, args.warm_up)
    wait_threads()
    return tally


def wait_threads() -> None:
    for t in threading.enumerate():
        if t is not threading.main_thread():
            t.join()


def make_fixture(units: int = 1) -> dict:
    """Receiving units (communes), a procedure, and an API token of a desk officer of the
    first `units` of them, with one request body per unit ("body": the first unit's). One
    unit and day has 9,999 codes (NNNN), which one unit's clients use up in a bench run."""
    from datetime import date

    from accounts.models import Membership, Role, User
    from api.tokens import api_token_create
    from catalog.models import AdministrativeUnit, Field, Procedure, ProcedureVersion, RequiredPaper

    if not 1 <= units <= 98:
        raise SystemExit("--units: from 1 to 98")
    all_units = [
        AdministrativeUnit.objects.create(
            code=f"99{900 + i}",
            name=f"Xã Đo Tải {i}",
            level="commune",
            valid_from=date(2000, 1, 1),
            agency_id=f"000.99.{i:02d}.H26",
        )
        for i in range(1, max(units, 2) + 1)  # one more than the token's when only one
    ]
    receiving = all_units[:units]
    field_ = Field.objects.create(code="HT", name="Hộ tịch")
    version = ProcedureVersion.objects.create(
        procedure=Procedure.objects.create(code="9.999999"),
        version=1,
        status=ProcedureVersion.Status.PUBLISHED,
        name="Đăng ký khai sinh",
        field=field_,
        level="commune",
        time_rule_kind="working_days",
        time_rule_amount=3,
        fee_kind="free",
        effective_from=date(2000, 1, 1),
    )
    paper = RequiredPaper.objects.create(
        procedure_version=version, position=1, name="Tờ khai", copy_kind="original"
    )
    user = User.objects.create_user("bench_api", password=None)
    for unit in receiving:
        Membership.objects.create(user=user, unit=unit, role=Role.RECEPTION)
    issued = api_token_create(user=user, units=receiving, name="bench")
    bodies = [
        {
            "unit": unit.code,
            "procedure": "9.999999",
            "channel": "online",
            "applicant": {
                "name": "Nguyễn Thị Hằng",
                "id_number": "001190012345",
                "phone": "0912345678",
            },
            "papers": [{"required_paper_id": paper.pk}],
        }
        for unit in receiving
    ]
    return {
        "token": issued.value,
        "body": bodies[0],
        "bodies": bodies,
        "unit_id": receiving[0].pk,
        "unit_ids": [unit.pk for unit in receiving],
    }


def body_of_client(fixture: dict):
    """Each client receives for one unit, the clients spread over the units in turn."""
    bodies = fixture["bodies"]
    return lambda n, i: bodies[n % len(bodies)]


def check(tally: Tally, killed_at: float | None, back_at: float | None, fixture: dict) -> bool:
    from django.db import connection

    from dossiers.models import Dossier, DossierCounter

    connection.close()
    results: list[tuple[str, bool, str]] = []
    errors = {s: n for s, n in tally.statuses.items() if s != 201}
    results.append(("no error responses (only 201)", not errors, f"{errors or 'none'}"))
    if killed_at is None or back_at is None:  # nothing was killed: no failure is expected
        outside = tally.connection_failures
        results.append(("no connection failures", not outside, f"{len(outside)}"))
    else:
        outside = [t for t in tally.connection_failures if not killed_at - 0.5 <= t <= back_at + 2]
        results.append(
            (
                "connection failures only around the kill",
                not outside,
                f"{len(tally.connection_failures)} at the kill, {len(outside)} elsewhere",
            )
        )
    acknowledged = set(tally.codes)
    stored = set(Dossier.objects.values_list("code", flat=True))
    missing = acknowledged - stored
    results.append(
        (
            "every acknowledged code is in the database",
            not missing,
            f"{len(acknowledged)} acknowledged, {len(stored)} stored, {len(missing)} missing",
        )
    )
    dupes = [c for c, n in Counter(tally.codes).items() if n > 1]
    results.append(("no code acknowledged twice", not dupes, f"{len(dupes)} duplicates"))
    by_day: dict[tuple[int, str], list[int]] = defaultdict(list)
    for unit_id, code in Dossier.objects.values_list("unit_id", "code"):
        prefix, seq = code.rsplit("-", 1)
        by_day[(unit_id, prefix)].append(int(seq))
    gaps = []
    for key, seqs in by_day.items():
        if sorted(seqs) != list(range(1, len(seqs) + 1)):
            gaps.append(key)
    counters_ok = all(
        c.last == len(by_day.get((c.unit_id, code_prefix_of(c)), []))
        for c in DossierCounter.objects.select_related("unit")
    )
    results.append(
        (
            "no duplicates and no gaps per unit and day; counter = count",
            not gaps and counters_ok,
            f"{len(by_day)} unit-days, {len(gaps)} with gaps, "
            f"counters {'ok' if counters_ok else 'WRONG'}",
        )
    )
    from audit.models import AuditEvent, Event
    from audit.verify import audit_chain_verify

    verdict = audit_chain_verify()
    receipts = AuditEvent.objects.filter(event=Event.DOSSIER_RECEIVE).count()
    results.append(
        (
            "audit chain verifies, one receipt entry per stored dossier",
            verdict.ok and receipts == len(stored),
            f"{verdict.count} entries, {receipts} receipts"
            + ("" if verdict.ok else f"; BROKEN at seq {verdict.broken_seq}: {verdict.problem}"),
        )
    )
    unacked = len(stored - acknowledged)
    print(f"stored but never acknowledged (in flight at a kill, if any): {unacked}")
    for name, passed, detail in results:
        print(f"[{'PASS' if passed else 'FAIL'}] {name}: {detail}")
    return all(passed for _, passed, _ in results)


def code_prefix_of(counter) -> str:
    from dossiers.numbering import code_prefix

    return code_prefix(counter.unit.agency_id, counter.day).rstrip("-")


if __name__ == "__main__":
    main()
