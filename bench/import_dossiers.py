"""How long `import_dossiers` takes for a large historical file, on a fresh SQLite database.

Usage: .venv/bin/python bench/import_dossiers.py [--rows 1000000] [--database-url URL]

Baseline measured in the same run: one plain `csv.reader` pass over the same file (the
least any importer must do), so the ratio says what validation and writing cost on top.
"""

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = (
    "code,unit_code,procedure_code,channel,received_at,due_at,finished_at,outcome,"
    "applicant_name,applicant_id_number,applicant_phone"
)
# Mỹ Đức communes as they stood 2020–2025 and procedures shipped by load_reference.
UNITS = [
    "10441",
    "10444",
    "10447",
    "10450",
    "10453",
    "10459",
    "10462",
    "10465",
    "10468",
    "10471",
    "10474",
    "10477",
    "10480",
    "10483",
    "10489",
    "10492",
    "10495",
    "10498",
    "10501",
    "10504",
]
PROCEDURES = ["2.000815", "2.000884", "1.001193", "1.004873", "1.000894", "1.004837"]


def write_file(path: Path, rows: int) -> None:
    rng = random.Random(1)
    start = datetime(2020, 1, 2, 8, 0)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER + "\n")
        writer = csv.writer(handle)
        for n in range(rows):
            received = start + timedelta(minutes=n * 2 % (60 * 24 * 365 * 5))
            unit = UNITS[n % len(UNITS)]
            finished = received + timedelta(hours=rng.randint(1, 90))
            pending = rng.random() < 0.05
            writer.writerow(
                [
                    f"H26.{unit}-{n:08d}",
                    unit,
                    PROCEDURES[n % len(PROCEDURES)],
                    rng.choice(("direct", "online", "postal")),
                    received.isoformat(),
                    "",
                    "" if pending else finished.isoformat(),
                    "" if pending else "resolved",
                    "Nguyễn Văn An",
                    f"001{n:09d}",
                    f"09{n:08d}",
                ]
            )


def run(command: list[str], env: dict) -> float:
    began = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "motcua.settings",
            "SECRET_KEY": "bench-only",
            "MOTCUA_VAR_DIR": tmp,
            "DATABASE_URL": args.database_url or f"sqlite:///{tmp_path / 'bench.sqlite3'}",
        }
        python = sys.executable
        run([python, "manage.py", "migrate", "-v0"], env)
        run([python, "manage.py", "load_reference"], env)
        data = tmp_path / "dossiers.csv"
        write_file(data, args.rows)

        began = time.perf_counter()
        with data.open(encoding="utf-8", newline="") as handle:
            baseline_rows = sum(1 for _ in csv.reader(handle)) - 1
        baseline = time.perf_counter() - began

        first = run([python, "manage.py", "import_dossiers", str(data)], env)
        again = run([python, "manage.py", "import_dossiers", str(data)], env)
        print(f"rows: {baseline_rows:,}  database: {env['DATABASE_URL'].split(':')[0]}")
        print(f"baseline csv.reader pass: {baseline:8.2f} s")
        print(
            f"import_dossiers (fresh):  {first:8.2f} s  {args.rows / first:10,.0f} rows/s  "
            f"×{first / baseline:.0f} baseline"
        )
        print(f"import_dossiers (again):  {again:8.2f} s  (nothing new to write)")


if __name__ == "__main__":
    main()
