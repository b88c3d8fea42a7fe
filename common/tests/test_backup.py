"""`manage.py backup` and `restore` (security-and-reliability T8): a round trip on SQLite and on
PostgreSQL gives the same rows, checksums and files; a flipped byte stops the restore before
it touches anything; a database in use is not overwritten without --force.

The round trips run the real commands in subprocesses against their own databases (a file
for SQLite, scratch databases on the PostgreSQL server), seeded through the services."""

import filecmp
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command, get_commands
from django.db import connection
from django.test import override_settings

from common.backup import (
    MANIFEST,
    MANIFEST_SUM,
    BackupError,
    archive_opened,
    backup_create,
    data_models,
    database_alias,
    table_fingerprints,
)
from dossiers.tests.factories import received_dossier

SEED = Path(__file__).with_name("backup_seed.py")
MIGRATE = "from django.core.management import call_command\ncall_command('migrate', verbosity=0)\n"
AUDIT_OK = "Chuỗi nhật ký kiểm toán: nguyên vẹn."


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    quiet = ["--no-progress"] if args[0] in ("backup", "restore") else []
    return subprocess.run(  # noqa: S603 - our own interpreter, manage.py and test paths
        [sys.executable, "manage.py", *args, *quiet],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def environment(database_url: str, var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "motcua.settings_test",
        "SECRET_KEY": "backup-test-only",
        "DATABASE_URL": database_url,
        "MOTCUA_VAR_DIR": str(var_dir),
    }
    return env


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        member = tar.extractfile(MANIFEST)
        assert member is not None
        return json.load(member)


def flipped(archive: Path, member: str, into: Path) -> Path:
    """A copy of `archive` with one bit changed in the middle of `member`'s bytes."""
    with tarfile.open(archive) as tar:
        info = tar.getmember(member)
        offset = info.offset_data + info.size // 2
    shutil.copy(archive, into)
    with into.open("r+b") as handle:
        handle.seek(offset)
        byte = handle.read(1)[0]
        handle.seek(offset)
        handle.write(bytes([byte ^ 0x01]))
    return into


def round_trip(source: dict, target: dict, target_name: str, tmp_path: Path, blocker) -> None:
    """Seed `source`, back it up, restore into the empty `target` (the database
    `target_name`) and check; then check that broken archives restore nothing."""
    ok(manage("shell", "-c", MIGRATE + SEED.read_text(), env=source))
    out = ok(manage("backup", "--output", str(tmp_path / "archives"), env=source))
    (archive,) = (tmp_path / "archives").glob("motcua-backup-*.tar")
    assert f"Đã sao lưu vào {archive}" in out
    manifest = manifest_of(archive)
    assert manifest["tables"]["dossiers_dossier"]["rows"] == 3
    assert manifest["tables"]["dossiers_dossierattachment"]["rows"] == 6
    assert len(manifest["media"]) == 6
    assert {"auth_permission", "django_session", "django_migrations"} <= set(manifest["tables"])
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    out = ok(manage("restore", str(archive), env=target))
    assert "số dòng, tổng kiểm và SHA-256 đều khớp" in out
    if "audit_verify" in get_commands():
        assert AUDIT_OK in out
    # The same rows, counted again here, and the same files byte for byte.
    with blocker.unblock(), database_alias(target_name) as alias:
        restored = table_fingerprints(alias)
    assert {t: restored[t] for t in manifest["tables"]} == manifest["tables"]
    source_media = Path(source["MOTCUA_VAR_DIR"]) / "media"
    target_media = Path(target["MOTCUA_VAR_DIR"]) / "media"
    files = {p.relative_to(target_media).as_posix() for p in target_media.rglob("*") if p.is_file()}
    assert files == set(manifest["media"])
    for name in manifest["media"]:
        assert filecmp.cmp(source_media / name, target_media / name, shallow=False)

    # A database in use is not overwritten without --force.
    refused = manage("restore", str(archive), env=target)
    assert refused.returncode != 0 and "--force" in refused.stderr
    forced = ok(manage("restore", str(archive), "--force", env=target))
    assert "Thư mục tệp cũ được giữ lại" in forced and "đều khớp" in forced

    # One flipped bit anywhere that matters: a loud failure before anything is touched (here
    # in this process, whose database access is blocked: touching it would fail otherwise).
    spare_media = tmp_path / "spare" / "media"
    with override_settings(MEDIA_ROOT=spare_media):
        media_member = "media/" + sorted(manifest["media"])[0]
        for member in (manifest["database"]["file"], media_member, MANIFEST):
            broken = flipped(archive, member, tmp_path / "broken.tar")
            for check_only in ([], ["--check-only"]):
                with pytest.raises(CommandError, match="SHA-256"):
                    call_command("restore", str(broken), "--no-progress", *check_only)
        assert not spare_media.exists()
        stdout = io.StringIO()
        call_command("restore", str(archive), "--check-only", stdout=stdout)
        assert "Bản sao lưu nguyên vẹn" in stdout.getvalue()


def test_sqlite_round_trip(tmp_path, django_db_blocker):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite round trip runs in the SQLite pass of bin/test")

    def env(name: str) -> dict[str, str]:
        return environment(f"sqlite:///{tmp_path / name}.sqlite3", tmp_path / name)

    target_file = tmp_path / "target.sqlite3"
    round_trip(env("source"), env("target"), str(target_file), tmp_path, django_db_blocker)


@pytest.fixture
def scratch_databases():
    """Two empty databases next to the test database, dropped afterwards."""
    db = connection.settings_dict
    names = {role: f"{db['NAME']}_backup_{role}" for role in ("source", "target")}
    server = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"] or None,
    }

    def recreate(create: bool) -> None:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            for name in names.values():
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                if create:
                    admin.execute(f'CREATE DATABASE "{name}"')

    recreate(create=True)
    password = f":{quote(server['password'])}" if server["password"] else ""
    base = f"postgres://{quote(server['user'])}{password}@{server['host']}:{server['port']}"
    yield {role: (f"{base}/{name}", name) for role, name in names.items()}
    recreate(create=False)


@pytest.mark.postgres_only
def test_postgresql_round_trip(tmp_path, request, django_db_blocker):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump/pg_restore round trip: runs in the PostgreSQL pass of bin/test")
    databases = request.getfixturevalue("scratch_databases")
    source = environment(databases["source"][0], tmp_path / "source")
    target = environment(databases["target"][0], tmp_path / "target")
    round_trip(source, target, databases["target"][1], tmp_path, django_db_blocker)
    # The dossiers come back partitioned by year, as they were (docs/partitioning.md).
    with psycopg.connect(databases["target"][0]) as restored:
        kinds = restored.execute(
            "SELECT relname, relkind FROM pg_class WHERE relname IN "
            "('dossiers_dossier', 'dossiers_dossierevent', 'dossiers_dossier_default')"
        ).fetchall()
    assert sorted(kinds) == [
        ("dossiers_dossier", "p"),
        ("dossiers_dossier_default", "r"),
        ("dossiers_dossierevent", "p"),
    ]


# ---------------------------------------------------------------- in process


def test_every_table_is_covered():
    tables = {m._meta.db_table for m in data_models()}
    expected = {
        "auth_permission",
        "auth_group_permissions",  # many-to-many tables too
        "accounts_user_groups",
        "django_content_type",
        "django_session",
        "django_migrations",
        "django_tasks_database_dbtaskresult",
        "dossiers_dossier",
        "dossiers_dossierattachment",
    }
    assert expected <= tables


@pytest.mark.django_db
def test_fingerprints_are_stable_and_see_every_change():
    dossier = received_dossier(name="Đặng Thị Hoà")
    first = table_fingerprints()
    assert first == table_fingerprints()
    assert first["dossiers_dossier"]["rows"] == 1
    dossier.applicant_address = "Thôn 1"
    dossier.save(update_fields=["applicant_address"])
    second = table_fingerprints()
    assert second["dossiers_dossier"]["rows"] == 1
    assert second["dossiers_dossier"]["sha256"] != first["dossiers_dossier"]["sha256"]
    assert second["dossiers_dossierevent"] == first["dossiers_dossierevent"]


def _archive(path: Path, members: dict[str, bytes], manifest: dict) -> Path:
    text = json.dumps(manifest).encode()
    with tarfile.open(path, "w") as tar:
        for name, content in {
            MANIFEST: text,
            MANIFEST_SUM: hashlib.sha256(text).hexdigest().encode(),
            **members,
        }.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return path


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"database.sqlite3": b"db", "../../evil": b"x"}, "hỏng"),  # path traversal refused
        ({"database.sqlite3": b"db", "media/extra": b"x"}, "tệp lạ"),
        ({}, "thiếu tệp database.sqlite3"),
        ({"database.sqlite3": b"dB"}, "sai SHA-256"),
    ],
)
def test_archives_that_are_not_what_the_manifest_says_are_refused(tmp_path, members, message):
    manifest = {
        "format": 1,
        "engine": "sqlite",
        "database": {"file": "database.sqlite3", "sha256": hashlib.sha256(b"db").hexdigest()},
        "tables": {},
        "media": {},
    }
    archive = _archive(tmp_path / "a.tar", members, manifest)
    with (
        pytest.raises(BackupError, match=message),
        archive_opened(archive, work_dir=tmp_path / "work"),
    ):
        pass
    assert not (tmp_path / "evil").exists()


def test_an_archive_is_never_written_inside_the_media_folder(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    with pytest.raises(BackupError, match="MEDIA_ROOT"):
        backup_create(output=tmp_path / "media" / "sao-luu")
    assert not (tmp_path / "media").exists()
