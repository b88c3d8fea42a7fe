"""The citizen's public status look-up under load, beside a minimal view that reads one row
by key, on the same gunicorn and database.

Cases, each for --seconds with --clients threads (stdlib http.client, one keep-alive
connection each), cycling over --codes random dossiers of the database:

- baseline: GET /bench/one-row/<code>, a view that SELECTs one dossier row by its code and
  answers JSON (bench/lookup_baseline.py), through the same middleware;
- API: POST /api/v1/lookup with the code and the last 4 digits of the phone;
- portal result page: GET /tra-cuu/ho-so/<code>/, the page the citizen reads (the
  browser's look-up cookie already holds the code, as after the form: portal/verified.py);
- portal form + page: POST /tra-cuu/ (code + 4 digits, CSRF) then GET of the page it
  redirects to: one look-up = two requests (reported per look-up).

The look-up limit (10 a minute per address) is lifted by the bench settings only.
Prints throughput, p50 and p99 and the ratio to the baseline (goal: ≥ 0.70).

Usage:
  .venv/bin/python bench/lookup.py --database-url sqlite:////tmp/motcua-bench/db.sqlite3
  .venv/bin/python bench/lookup.py --database-url postgres://postgres@127.0.0.1:5432/motcua_bench
      [--workers 2 --clients 8 --seconds 15 --codes 2000 --rounds 1]
The database must already hold dossiers (manage.py generate_dossiers); it is only read.
"""

import argparse
import http.client
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.api_intake import CONNECTION_ERRORS, Server, free_port, percentile  # noqa: E402

CSRF_RE = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class Client:
    """One keep-alive connection with a cookie jar."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except CONNECTION_ERRORS:
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location", ""), data


def api_lookup(client: Client, code: str, digits: str) -> bool:
    body = f'{{"code": "{code}", "digits": "{digits}"}}'.encode()
    status, _, _ = client.request(
        "POST", "/api/v1/lookup", body, {"Content-Type": "application/json"}
    )
    return status == 200


def baseline(client: Client, code: str, digits: str) -> bool:
    return client.request("GET", f"/bench/one-row/{quote(code)}")[0] == 200


def portal_form(client: Client, code: str, digits: str) -> bool:
    if "csrftoken" not in client.cookies:
        status, _, page = client.request("GET", "/tra-cuu/")
        client.token = CSRF_RE.search(page).group(1).decode()
    body = urlencode({"csrfmiddlewaretoken": client.token, "code": code, "digits": digits})
    status, location, _ = client.request(
        "POST",
        "/tra-cuu/",
        body.encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "Referer": "http://127.0.0.1/"},
    )
    if status != 302:
        return False
    return client.request("GET", location)[0] == 200


def portal_page(client: Client, code: str, digits: str) -> bool:
    """The result page; the client looked its codes up before the timing."""
    return client.request("GET", f"/tra-cuu/ho-so/{quote(code)}/")[0] == 200


def portal_verify(client: Client, samples: list[tuple[str, str]]) -> None:
    for code, digits in samples:
        if not portal_form(client, code, digits):
            raise SystemExit(f"the portal refused the look-up of {code}")


# codes per client in the result-page case (each looked up once first); a browser keeps at
# most portal.verified.MAX_CODES
PER_CLIENT = 20


def run(port: int, action, samples: list[tuple[str, str]], clients: int, seconds: float):
    latencies: list[float] = []
    failures = [0]
    done = [0]  # every look-up answered, warm-up included (for the CPU per look-up)
    lock = threading.Lock()
    times: dict[str, float] = {}

    def start_clock() -> None:  # once every client is ready
        times["warm_until"] = time.monotonic() + min(3.0, seconds / 5)
        times["stop_at"] = times["warm_until"] + seconds

    ready = threading.Barrier(clients + 1, action=start_clock)

    def loop(n: int) -> None:
        client = Client(port)
        rng = random.Random(n)
        mine = samples
        if action is portal_page:
            mine = samples[n * PER_CLIENT : (n + 1) * PER_CLIENT]
            portal_verify(client, mine)
        ready.wait()
        while (now := time.monotonic()) < times["stop_at"]:
            code, digits = rng.choice(mine)
            began = time.monotonic()
            try:
                ok = action(client, code, digits)
            except CONNECTION_ERRORS:
                ok = False
            with lock:
                done[0] += 1
            if now < times["warm_until"]:
                continue
            with lock:
                if ok:
                    latencies.append(time.monotonic() - began)
                else:
                    failures[0] += 1

    threads = [threading.Thread(target=loop, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    ready.wait()
    for t in threads:
        t.join()
    return latencies, failures[0], done[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--codes", type=int, default=2000)
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="the cases in turn this many times; with more than one, each case's ratio to the "
        "same round's baseline is summarised as the median over rounds (steadier on a machine "
        "whose speed drifts: e.g. --rounds 6 --seconds 4)",
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="motcua-lookup-bench-"))
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "SECRET_KEY": "bench-only-not-secret",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "MOTCUA_VAR_DIR": str(tmp),
        "LOG_LEVEL": "WARNING",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback
    }
    os.environ.update({**env, "DJANGO_SETTINGS_MODULE": "bench.lookup_baseline"})
    import django

    django.setup()
    from django.db import connection

    from dossiers.models import Dossier

    total = Dossier.objects.count()
    if not total:
        raise SystemExit("the database holds no dossier: run manage.py generate_dossiers first")
    rng = random.Random(1)
    last_id = Dossier.objects.order_by("-id").values_list("id", flat=True).first()
    ids = rng.sample(range(1, last_id + 1), min(args.codes, last_id))
    rows = Dossier.objects.filter(id__in=ids).values_list("code", "applicant_phone")
    samples = [(code, phone[-4:]) for code, phone in rows if len(phone) >= 4]
    connection.close()
    print(
        f"database: {connection.vendor}, {total:,} dossiers; gunicorn {args.workers} sync "
        f"workers; {args.clients} clients; {args.seconds:.0f} s per case; "
        f"{len(samples)} codes; load average {os.getloadavg()[0]:.1f}"
    )
    port = free_port()
    server = Server(env, "bench.lookup_baseline", port, args.workers, tmp / "gunicorn.log")
    server.start()
    cases = [
        ("baseline: one-row view", baseline, 1),
        ("API POST /api/v1/lookup", api_lookup, 1),
        ("portal result page (GET)", portal_page, 1),
        ("portal form POST + page GET", portal_form, 2),
    ]
    try:
        ratios: dict[str, list[float]] = {label: [] for label, _action, _n in cases[1:]}
        database = args.database_url.rsplit("/", 1)[-1] if connection.vendor == "postgresql" else ""
        for round_ in range(args.rounds):
            if args.rounds > 1:
                print(f"round {round_ + 1} of {args.rounds}")
            results = {}
            for label, action, requests in cases:
                cpu_before = server.cpu_seconds(database)
                latencies, failures, done = run(port, action, samples, args.clients, args.seconds)
                # Server CPU (gunicorn and PostgreSQL backends) per look-up over the whole case:
                # steadier than the rate when other work shares the cores. Includes the portal
                # page case's verifying look-ups before its clock starts (25 per client).
                cpu = (server.cpu_seconds(database) - cpu_before) / max(1, done)
                rate = len(latencies) / args.seconds
                results[label] = rate
                base = results[cases[0][0]]
                if label in ratios:
                    ratios[label].append(rate / base)
                p50 = statistics.median(latencies) * 1000 if latencies else float("nan")
                p99 = percentile(latencies, 0.99) * 1000
                extra = f" ({rate * requests:,.1f} requests/s)" if requests > 1 else ""
                print(
                    f"{label:30s} {rate:8.1f}/s{extra}  p50 {p50:6.1f} ms  p99 {p99:6.1f} ms  "
                    f"×{rate / base:.2f} baseline  failures {failures}  "
                    f"server CPU ~{cpu * 1000:.2f} ms/look-up"
                )
        if args.rounds > 1:
            print(f"median over {args.rounds} rounds of each round's ratio to its baseline:")
            for label, values in ratios.items():
                print(
                    f"  {label:30s} ×{statistics.median(values):.2f} "
                    f"(rounds {min(values):.2f}–{max(values):.2f})"
                )
    finally:
        server.stop()
    print(f"load average after: {os.getloadavg()[0]:.1f}; server log: {tmp / 'gunicorn.log'}")


if __name__ == "__main__":
    main()
