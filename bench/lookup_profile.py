"""The look-up's cost per request in-process, beside the one-row view, and where it goes.

Django's test Client (the whole middleware stack, no HTTP, no gunicorn) against an existing
generated database, with the settings of bench/lookup.py: time per request of the baseline
(GET /bench/one-row/<code>), the API look-up and the portal's result page, as a ratio to the
baseline; with --profile, cProfile's top functions for each case. A tool for finding what to
cut; the figures that count are bench/lookup.py's, over HTTP.

Usage:
  .venv/bin/python bench/lookup_profile.py --database-url sqlite:////tmp/motcua-bench/db.sqlite3
      [--requests 2000 --codes 200 --profile --top 40 --case api|page|baseline]
  (SORT=tottime in the environment sorts the profile by own time instead of cumulative)
"""

import argparse
import cProfile
import os
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--codes", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--case", action="append", choices=["baseline", "api", "page"])
    args = parser.parse_args()
    os.environ.update(
        {
            "DATABASE_URL": args.database_url,
            "SECRET_KEY": "bench-only-not-secret",
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            "MOTCUA_VAR_DIR": tempfile.mkdtemp(prefix="motcua-lookup-profile-"),
            "LOG_LEVEL": "WARNING",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_SSL_REDIRECT": "0",
            "DJANGO_SETTINGS_MODULE": "bench.lookup_baseline",
        }
    )
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dossiers.models import Dossier
    from portal.verified import MAX_CODES

    rng = random.Random(1)
    last_id = Dossier.objects.order_by("-id").values_list("id", flat=True).first()
    if not last_id:
        raise SystemExit("the database holds no dossier: run manage.py generate_dossiers first")
    ids = rng.sample(range(1, last_id + 1), min(args.codes, last_id))
    rows = Dossier.objects.filter(id__in=ids).values_list("code", "applicant_phone")
    samples = [(code, phone[-4:]) for code, phone in rows if len(phone) >= 4]

    # A browser keeps the last MAX_CODES codes it looked up (portal.verified): the page case
    # reads those, the others every sample.
    page_samples = samples[-MAX_CODES:]
    page_code = {c: page_samples[i % len(page_samples)][0] for i, (c, _) in enumerate(samples)}
    page_client = Client()
    for code, digits in page_samples:
        response = page_client.post("/tra-cuu/", {"code": code, "digits": digits})
        if response.status_code != 302:
            raise SystemExit(f"the portal refused the look-up of {code}")
    api_client, base_client = Client(), Client()

    def baseline(code: str, digits: str) -> int:
        return base_client.get(f"/bench/one-row/{code}").status_code

    def api(code: str, digits: str) -> int:
        return api_client.post(
            "/api/v1/lookup", {"code": code, "digits": digits}, content_type="application/json"
        ).status_code

    def page(code: str, digits: str) -> int:
        return page_client.get(f"/tra-cuu/ho-so/{page_code[code]}/").status_code

    cases = {"baseline": baseline, "api": api, "page": page}
    chosen = args.case or list(cases)
    for name in chosen:  # warm up, check, count queries
        with CaptureQueriesContext(connection) as queries:
            status = cases[name](*samples[0])
        if status != 200:
            raise SystemExit(f"{name}: status {status}")
        print(f"{name}: {len(queries)} queries")
        for q in queries.captured_queries:
            print(f"    {q['sql'][:160]}")
        for code, digits in samples:
            cases[name](code, digits)

    print(f"database: {connection.vendor}; {args.requests} requests per case and round")
    best: dict[str, float] = {}
    for _ in range(args.rounds):
        for name in chosen:
            began = time.perf_counter()
            for i in range(args.requests):
                cases[name](*samples[i % len(samples)])
            per = (time.perf_counter() - began) / args.requests
            best[name] = min(best.get(name, per), per)
    base = best.get("baseline")
    for name in chosen:
        ratio = f"  ×{base / best[name]:.2f} of the baseline's rate" if base else ""
        print(f"{name:10s} {best[name] * 1e6:8.0f} µs/request (best of {args.rounds}){ratio}")

    if args.profile:
        for name in chosen:
            profiler = cProfile.Profile()
            profiler.enable()
            for i in range(args.requests):
                cases[name](*samples[i % len(samples)])
            profiler.disable()
            print(f"\n==== {name}")
            stats = pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative"))
            stats.print_stats(args.top)


if __name__ == "__main__":
    main()
