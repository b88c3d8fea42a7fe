"""The production settings fail closed; SQLite runs in WAL mode; time and language are set."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


SHOW = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'])"
)


def load_settings(env: dict[str, str], code: str = SHOW) -> subprocess.CompletedProcess:
    """Import the production settings in a fresh interpreter with exactly `env` set."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "ALLOWED_HOSTS"}
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**clean, "DJANGO_SETTINGS_MODULE": "motcua.settings", **env},
        check=False,
    )


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    result = load_settings({"MOTCUA_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_defaults_are_closed(tmp_path):
    result = load_settings({"SECRET_KEY": "x" * 50, "MOTCUA_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "[]", "django.db.backends.sqlite3"]


def test_database_url_selects_postgresql(tmp_path):
    result = load_settings(
        {
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "motcua.example.vn",
            "DATABASE_URL": "postgres://u@db.example:5432/motcua",
        }
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "['motcua.example.vn']",
        "django.db.backends.postgresql",
    ]


def test_time_zone_and_language():
    assert (settings.TIME_ZONE, settings.USE_TZ, settings.LANGUAGE_CODE) == (
        "Asia/Ho_Chi_Minh",
        True,
        "vi",
    )


def test_default_sqlite_file_runs_in_wal_mode(tmp_path):
    result = load_settings(
        {"SECRET_KEY": "x" * 50, "MOTCUA_VAR_DIR": str(tmp_path)},
        code="import django; django.setup(); from django.db import connection as c; "
        "cur = c.cursor(); cur.execute('PRAGMA journal_mode'); print(cur.fetchone()[0]); "
        "print(c.settings_dict['NAME'])",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", str(tmp_path / "motcua.sqlite3")]
