"""The officer's queue page at 1,000,000 dossiers: time to first page, with and without
filters, through the whole Django stack (URL → view → selector → SQL → template).

Usage: .venv/bin/python bench/queue_page.py [--rows 1000000] [--database-url URL]
       [--keep DIR]  (reuse a database built by an earlier run in DIR; SQLite only)
       [--build generate|import]  (how an empty database is filled: manage.py
       generate_dossiers, 10 years, 150 procedures, the default; or import_dossiers of a CSV)
A database that already holds about --rows dossiers is reused as it is. The officer works at
the unit with the most open dossiers (or --unit CODE, the unit in force today with that code).

Baseline measured in the same run: the sign-in page (a view with a template and no query),
so the ratio says what the queue itself costs.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def prepare(env: dict, rows: int, tmp: Path, build: str) -> None:
    from bench.import_dossiers import write_file

    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [python, "manage.py", "load_reference"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    if build == "generate":
        command = [python, "manage.py", "generate_dossiers", "--dossiers", str(rows)]
        subprocess.run(command, cwd=ROOT, env=env, check=True)
        return
    data = tmp / "dossiers.csv"
    write_file(data, rows)
    subprocess.run(
        [python, "manage.py", "import_dossiers", str(data), "--no-progress"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    data.unlink()


def timings(client, url: str, params: dict, runs: int) -> list[float]:
    samples = []
    client.get(url, params)  # warm caches
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(url, params)
        samples.append((time.perf_counter() - began) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--keep", default="")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--build", choices=["generate", "import"], default="generate")
    parser.add_argument("--unit", default="")
    args = parser.parse_args()
    tmp = Path(args.keep or tempfile.mkdtemp())
    tmp.mkdir(parents=True, exist_ok=True)
    url = args.database_url or f"sqlite:///{tmp / 'queue.sqlite3'}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "motcua.settings",
        "SECRET_KEY": "bench",
        "MOTCUA_VAR_DIR": str(tmp),
        "DATABASE_URL": url,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback
    }
    os.environ.update(env)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    import django

    django.setup()
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone

    from accounts.models import Membership, Role, User
    from catalog.models import AdministrativeUnit
    from dossiers.models import Dossier
    from dossiers.transitions import OPEN

    # generate_dossiers drops the few draws that would fall after now: "about" is enough.
    if Dossier.objects.count() < args.rows * 0.99:
        print(f"building {args.rows:,} dossiers in {url} …", flush=True)
        prepare(env, args.rows, tmp, args.build)
    total = Dossier.objects.count()
    if args.unit:
        unit = (
            AdministrativeUnit.objects.receiving()
            .valid_on(timezone.localdate())
            .get(code=args.unit)
        )
    else:
        busiest = (
            Dossier.objects.filter(status__in=OPEN)
            .values("unit")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        unit = AdministrativeUnit.objects.get(pk=busiest["unit"])
    user, _ = User.objects.get_or_create(username="bench.officer")
    for role in (Role.RECEPTION, Role.SPECIALIST, Role.APPROVER):
        Membership.objects.get_or_create(user=user, unit=unit, role=role)
    client = Client()
    client.force_login(user)
    cases = [
        ("baseline: sign-in page", "/tai-khoan/dang-nhap/", {}),
        ("queue: unit (open dossiers)", "/can-bo/hang-doi/unit/", {}),
        ("queue: overdue", "/can-bo/hang-doi/overdue/", {}),
        ("queue: unit, name without diacritics", "/can-bo/hang-doi/unit/", {"q": "nguyen van"}),
        (
            "queue: unit, received range",
            "/can-bo/hang-doi/unit/",
            {"received_from": "01/01/2024", "received_to": "31/03/2024"},
        ),
        ("queue: unit, page 20", "/can-bo/hang-doi/unit/", {"trang": "20"}),
    ]
    open_here = Dossier.objects.filter(unit=unit, status__in=OPEN).count()
    print(
        f"dossiers: {total:,}; database: {url.split(':')[0]}; runs per case: {args.runs}; "
        f"unit {unit.name} ({unit.code}): {open_here:,} open dossiers, "
        f"{Dossier.objects.filter(unit=unit).count():,} in all; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    baseline = None
    for label, path, params in cases:
        if label.startswith("baseline"):
            anonymous = Client()
            samples = timings(anonymous, path, params, args.runs)
        else:
            samples = timings(client, path, params, args.runs)
        p50 = statistics.median(samples)
        p95 = statistics.quantiles(samples, n=20)[18]
        baseline = baseline or p50
        print(f"{label:42s} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  ×{p50 / baseline:5.1f} baseline")
    print(f"database kept in {tmp}" if args.keep else "")


if __name__ == "__main__":
    main()
