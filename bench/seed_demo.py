"""How long the README's run command spends loading reference data and demo dossiers, on a
fresh SQLite database (the goal: tens of thousands of dossiers in under a minute).

Usage: .venv/bin/python bench/seed_demo.py [--dossiers 30000]

Baseline measured in the same run: inserting the same number of bare rows of the same width
with the sqlite3 module and executemany (the floor for any ORM-based writer).
"""

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str], env: dict) -> float:
    began = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - began


def raw_insert_floor(path: Path, rows: int) -> float:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    columns = ", ".join(f"c{i} TEXT" for i in range(22))
    connection.execute(f"CREATE TABLE t (id INTEGER PRIMARY KEY, {columns})")
    values = [tuple(f"value-{n}-{i}" for i in range(22)) for n in range(rows)]
    began = time.perf_counter()
    with connection:
        placeholders = ", ".join("?" * 22)
        connection.executemany(f"INSERT INTO t VALUES (NULL, {placeholders})", values)  # noqa: S608
    elapsed = time.perf_counter() - began
    connection.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=30_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "motcua.settings",
            "SECRET_KEY": "bench",
            "MOTCUA_VAR_DIR": tmp,
            "DATABASE_URL": f"sqlite:///{Path(tmp) / 'demo.sqlite3'}",
        }
        python = sys.executable
        migrate = timed([python, "manage.py", "migrate", "-v0"], env)
        reference = timed([python, "manage.py", "load_reference"], env)
        seed = timed(
            [python, "manage.py", "seed_demo", "--no-progress", "--dossiers", str(args.dossiers)],
            env,
        )
        floor = raw_insert_floor(Path(tmp) / "floor.sqlite3", args.dossiers)
    print(f"migrate:        {migrate:6.2f} s")
    print(f"load_reference: {reference:6.2f} s")
    print(
        f"seed_demo:      {seed:6.2f} s for {args.dossiers:,} dossiers "
        f"({args.dossiers / seed:,.0f}/s, with their history and demo users)"
    )
    print(
        f"baseline raw executemany of {args.dossiers:,} bare rows: {floor:.2f} s "
        f"(seed_demo ×{seed / floor:.0f})"
    )
    print(f"total reference + demo: {reference + seed:.1f} s")


if __name__ == "__main__":
    main()
