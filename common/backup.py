"""Backup and restore of the whole system: the database and the scans under MEDIA_ROOT, in one
tar archive with a manifest (`python manage.py backup` / `restore`; docs/operations.md).

The archive holds, in this order:
- `manifest.json`: when, which versions, which engine; per table its row count and a SHA-256
  over its rows; the SHA-256 of the database dump and of every media file;
- `manifest.json.sha256`: the SHA-256 of the manifest itself;
- the database: `database.sqlite3` (SQLite's online backup API: a consistent copy while the
  system keeps writing, WAL included) or `database.pgdump` (`pg_dump -Fc`);
- `media/…`: every file under MEDIA_ROOT.

The table checksums of a PostgreSQL backup are computed in the very snapshot pg_dump reads
(`pg_export_snapshot`), and those of a SQLite backup on the copy itself, so they describe
exactly what the archive holds. A restore checks every hash before it touches anything,
restores, then computes the checksums again on the restored database and compares.
"""

import contextlib
import copy
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any
from uuid import UUID

import django
from django.apps import apps
from django.conf import settings
from django.db import connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.json.sha256"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA_PREFIX = "media/"
SNAPSHOT_ALIAS = "backup_snapshot"
# Rows that `migrate` itself writes: a database holding only these is empty.
FILLED_BY_MIGRATE = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "common_changestamp",
}
CHUNK = 1024 * 1024

Progress = Callable[..., Any]  # a tqdm-like factory (common.progress.progress_factory)


class BackupError(Exception):
    """The backup or the restore cannot go on; the message says why, in Vietnamese."""


# ---------------------------------------------------------------- fingerprints


def engine(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in DATABASE_MEMBERS:
        raise BackupError(f"Không sao lưu được cơ sở dữ liệu loại «{vendor}».")
    return vendor


def data_models() -> list[type[Model]]:
    """One model per database table of the installed apps (many-to-many tables and
    django_migrations included), sorted by table name."""
    by_table: dict[str, type[Model]] = {}
    models: list[type[Model]] = [*apps.get_models(include_auto_created=True)]
    models.append(MigrationRecorder.Migration)  # django_migrations: not an app's model
    for model in models:
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        by_table.setdefault(meta.db_table, model)
    return [by_table[table] for table in sorted(by_table)]


def _canonical(value: Any) -> Any:
    """JSON for what json cannot write itself, the same on every run."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    raise TypeError(f"cannot fingerprint {type(value).__name__}")


def table_fingerprints(alias: str = "default", progress: Progress | None = None) -> dict:
    """{table: {"rows": count, "sha256": hash of its rows in primary-key order}} for every
    table of `data_models` that exists in the database `alias`. Values are read through the
    ORM and written as canonical JSON, so two databases of the same engine holding the same
    rows give the same hashes."""
    existing = set(connections[alias].introspection.table_names())
    models = [m for m in data_models() if m._meta.db_table in existing]
    result = {}
    tables = progress(models, desc="Kiểm đếm bảng", unit=" bảng") if progress else models
    for model in tables:
        columns = [f.attname for f in model._meta.concrete_fields]
        digest, rows = hashlib.sha256(), 0
        query = model._base_manager.using(alias).order_by("pk").values_list(*columns)
        for row in query.iterator(chunk_size=2000):
            line = json.dumps(
                row, default=_canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":")
            )
            digest.update(line.encode() + b"\n")
            rows += 1
        result[model._meta.db_table] = {"rows": rows, "sha256": digest.hexdigest()}
    return result


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def media_files(root: Path) -> list[Path]:
    """Regular files under `root` (symbolic links are not followed nor kept)."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def media_hashes(root: Path, progress: Progress | None = None) -> dict[str, str]:
    files = media_files(root)
    walked = progress(files, desc="Băm tệp đính kèm", unit=" tệp") if progress else files
    return {p.relative_to(root).as_posix(): file_sha256(p) for p in walked}


# ---------------------------------------------------------------- backup


def _silent(message: str) -> None:
    pass


def backup_create(
    *, output: Path, progress: Progress | None = None, say: Callable[[str], None] = _silent
) -> tuple[Path, dict]:
    """Write one archive (at `output` when it ends in .tar, otherwise in that folder) and
    return its path and manifest. The archive appears under its final name only once
    complete. `say` reports each step."""
    kind = engine()
    now = timezone.now()
    if output.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve()):
        raise BackupError("Không đặt bản sao lưu trong MEDIA_ROOT: nó sẽ tự chép lại chính nó.")
    if output.suffix != ".tar":  # a folder: the archive is named after the time
        output.mkdir(parents=True, exist_ok=True)
        output = output / f"motcua-backup-{timezone.localtime(now):%Y%m%d-%H%M%S}.tar"
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=output.parent) as work:
        dump = Path(work) / DATABASE_MEMBERS[kind]
        say(f"Sao lưu cơ sở dữ liệu ({kind}) và tính tổng kiểm từng bảng…")
        tables = _sqlite_dump(dump, progress) if kind == "sqlite" else _pg_dump(dump, progress)
        media_root = Path(settings.MEDIA_ROOT)
        say(f"Băm các tệp trong {media_root}…")
        media = media_hashes(media_root, progress)
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "versions": {"motcua": _app_version(), "django": django.get_version()},
            "engine": kind,
            "database": {"file": dump.name, "sha256": file_sha256(dump)},
            "tables": tables,
            "media": media,
        }
        partial = output.with_name(output.name + ".partial")
        say(f"Ghi {output}…")
        _write_archive(partial, manifest, dump, media_root, progress)
        partial.chmod(0o600)  # scans of identity papers: readable by the operator only
        os.replace(partial, output)
    return output, manifest


def _app_version() -> str:
    try:
        return metadata.version("motcua")
    except metadata.PackageNotFoundError:
        return "unknown"


def _sqlite_name(alias: str = "default") -> str:
    name = str(settings.DATABASES[alias]["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError("Cơ sở dữ liệu SQLite nằm trong bộ nhớ: không có gì để sao lưu.")
    return name


def _sqlite_dump(target: Path, progress: Progress | None) -> dict:
    """SQLite's online backup of the live database into `target`, then the fingerprints of
    that copy (not of the live file, which may have changed meanwhile)."""
    source = sqlite3.connect(_sqlite_name(), timeout=20)
    copy_ = sqlite3.connect(target)
    try:
        source.backup(copy_)
    finally:
        copy_.close()
        source.close()
    with database_alias(target) as alias:
        return table_fingerprints(alias, progress)


@contextlib.contextmanager
def database_alias(name: str | Path) -> Iterator[str]:
    """A temporary database alias configured like `default` but for the database `name`
    (a SQLite file or a PostgreSQL database on the same server). A SQLite file is opened
    without the start-up pragmas: it is read, never switched to WAL."""
    config = copy.deepcopy(connections.settings["default"])
    config["NAME"] = str(name)
    config["OPTIONS"] = {k: v for k, v in config["OPTIONS"].items() if k != "init_command"}
    connections.settings[SNAPSHOT_ALIAS] = config
    try:
        yield SNAPSHOT_ALIAS
    finally:
        connections[SNAPSHOT_ALIAS].close()
        del connections[SNAPSHOT_ALIAS]
        del connections.settings[SNAPSHOT_ALIAS]


def _pg_command(program: str) -> tuple[list[str], dict[str, str]]:
    """The client program with the connection of DATABASES["default"]."""
    db = settings.DATABASES["default"]
    args = [shutil.which(program) or program]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    if sslmode := db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(sslmode)
    return args, env


def _run(args: list[str], env: dict[str, str], what: str, stdin: Any = None) -> None:
    try:
        # The arguments are our settings and paths, never user input; no shell.
        done = subprocess.run(  # noqa: S603
            args, env=env, stdin=stdin, capture_output=True, text=True, check=False
        )
    except FileNotFoundError as error:
        raise BackupError(
            f"Không tìm thấy {args[0]}: cài gói postgresql-client cùng phiên bản máy chủ."
        ) from error
    if done.returncode != 0:
        raise BackupError(f"{what} thất bại (mã {done.returncode}): {done.stderr.strip()}")


def _pg_dump(target: Path, progress: Progress | None) -> dict:
    """pg_dump -Fc inside a snapshot that this connection exports and keeps open, so the
    fingerprints computed here describe exactly the rows of the dump."""
    connection = connections["default"]
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        args, env = _pg_command("pg_dump")
        args += ["--format=custom", f"--snapshot={snapshot}", f"--file={target}"]
        args += ["--dbname", str(settings.DATABASES["default"]["NAME"])]
        _run(args, env, "pg_dump")
        return table_fingerprints("default", progress)


def _write_archive(
    path: Path, manifest: dict, dump: Path, media_root: Path, progress: Progress | None
) -> None:
    text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as archive:
        _add_bytes(archive, MANIFEST, text)
        _add_bytes(archive, MANIFEST_SUM, hashlib.sha256(text).hexdigest().encode() + b"\n")
        archive.add(dump, arcname=dump.name, recursive=False)
        files = list(manifest["media"])
        if progress:
            files = progress(files, desc="Ghi tệp đính kèm", unit=" tệp")
        for relative in files:
            archive.add(media_root / relative, arcname=MEDIA_PREFIX + relative, recursive=False)


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(content), 0o600, int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(content))


# ---------------------------------------------------------------- restore


@dataclass
class RestoreReport:
    manifest: dict
    tables_checked: int = 0
    rows: int = 0
    files: int = 0
    mismatches: list[str] = field(default_factory=list)
    not_checked: list[str] = field(default_factory=list)
    media_moved_to: Path | None = None


@contextlib.contextmanager
def archive_opened(path: Path, *, work_dir: Path) -> Iterator[tuple[dict, Path]]:
    """Unpack `path` into a temporary folder under `work_dir` and check every hash of the
    manifest; yield (manifest, folder). Raises BackupError at the first difference, before
    anything is restored."""
    if not path.is_file():
        raise BackupError(f"Không có tệp sao lưu {path}.")
    work_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=work_dir) as folder:
        unpacked = Path(folder)
        try:
            with tarfile.open(path, "r:") as archive:
                names = archive.getnames()
                if names[:2] != [MANIFEST, MANIFEST_SUM]:
                    raise BackupError("Tệp không phải bản sao lưu Một Cửa (thiếu manifest).")
                archive.extractall(unpacked, filter="data")
        except (tarfile.TarError, OSError, EOFError) as error:
            raise BackupError(f"Tệp sao lưu bị hỏng, không đọc được: {error}") from error
        manifest = _checked_manifest(unpacked)
        expected = {manifest["database"]["file"]: manifest["database"]["sha256"]}
        expected |= {MEDIA_PREFIX + name: digest for name, digest in manifest["media"].items()}
        present = {n for n in names if (unpacked / n).is_file()} - {MANIFEST, MANIFEST_SUM}
        if extra := sorted(present - set(expected)):
            raise BackupError(f"Bản sao lưu có tệp lạ không ghi trong manifest: {extra[:5]}")
        for name, digest in expected.items():
            member = unpacked / name
            if not member.is_file():
                raise BackupError(f"Bản sao lưu thiếu tệp {name}.")
            if file_sha256(member) != digest:
                raise BackupError(f"Tệp {name} trong bản sao lưu đã bị thay đổi (sai SHA-256).")
        yield manifest, unpacked


def _checked_manifest(unpacked: Path) -> dict:
    try:
        text = (unpacked / MANIFEST).read_bytes()
        recorded = (unpacked / MANIFEST_SUM).read_text().strip()
    except OSError as error:
        raise BackupError("Bản sao lưu thiếu manifest.") from error
    if hashlib.sha256(text).hexdigest() != recorded:
        raise BackupError("Manifest của bản sao lưu đã bị thay đổi (sai SHA-256).")
    manifest = json.loads(text)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Không đọc được bản sao lưu định dạng {manifest.get('format')}.")
    if manifest.get("engine") not in DATABASE_MEMBERS:
        raise BackupError("Manifest không ghi loại cơ sở dữ liệu.")
    return manifest


def tables_in_use() -> list[str]:
    """Tables of the configured database holding rows that `migrate` alone does not write."""
    connection = connections["default"]
    existing = set(connection.introspection.table_names())
    return [
        m._meta.db_table
        for m in data_models()
        if m._meta.db_table in existing
        and m._meta.db_table not in FILLED_BY_MIGRATE
        and m._base_manager.exists()
    ]


def backup_restore(
    *,
    archive: Path,
    force: bool = False,
    progress: Progress | None = None,
    say: Callable[[str], None] = _silent,
) -> RestoreReport:
    """Check the archive, refuse a database or media folder in use unless `force`, restore
    both, then fingerprint the result and compare it with the manifest."""
    media_root = Path(settings.MEDIA_ROOT)
    say(f"Kiểm tra {archive}…")
    with archive_opened(archive, work_dir=media_root.parent) as (manifest, unpacked):
        say("Mọi SHA-256 của bản sao lưu đều khớp manifest.")
        kind = engine()
        if manifest["engine"] != kind:
            raise BackupError(
                f"Bản sao lưu của {manifest['engine']} không khôi phục được vào {kind}."
            )
        in_use = tables_in_use()
        if (in_use or media_files(media_root)) and not force:
            listed = ", ".join(in_use[:5]) or "MEDIA_ROOT"
            raise BackupError(
                f"Cơ sở dữ liệu hoặc thư mục tệp đang có dữ liệu ({listed}…): không ghi đè. "
                "Dùng --force nếu chắc chắn muốn thay bằng bản sao lưu."
            )
        dump = unpacked / manifest["database"]["file"]
        say(f"Khôi phục cơ sở dữ liệu ({kind})…")
        connections.close_all()
        if kind == "sqlite":
            _sqlite_restore(dump)
        else:
            _pg_restore(dump)
        connections.close_all()
        report = RestoreReport(manifest=manifest)
        say(f"Khôi phục tệp đính kèm vào {media_root}…")
        report.media_moved_to = _media_restore(unpacked / MEDIA_PREFIX, media_root)
    say("Tính lại số dòng, tổng kiểm và SHA-256 sau khi khôi phục…")
    _compare(report, progress)
    return report


def _sqlite_restore(dump: Path) -> None:
    """Copy the archived database into the configured one with SQLite's backup API, which
    replaces its content in one step (WAL and open connections included)."""
    source = sqlite3.connect(dump)
    target = sqlite3.connect(_sqlite_name(), timeout=20)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


# pg_restore --clean drops a partition's primary key on its own, which PostgreSQL refuses
# while the partition is attached (the dossiers: docs/partitioning.md). The partitioned
# tables are therefore dropped first, with their partitions, in the restore's transaction.
DROP_PARTITIONED_TABLES = """DO $$DECLARE t regclass; BEGIN
  FOR t IN SELECT oid::regclass FROM pg_class WHERE relkind = 'p' AND NOT relispartition
      AND relnamespace = 'public'::regnamespace LOOP
    EXECUTE format('DROP TABLE %s', t);
  END LOOP;
END$$"""


def _pg_restore(dump: Path) -> None:
    """The dump as an SQL script (pg_restore) run by psql in one transaction: all or nothing."""
    restore, env = _pg_command("pg_restore")
    restore += ["--clean", "--if-exists", "--no-owner", "--file", "-", str(dump)]
    psql, _ = _pg_command("psql")
    psql += ["--no-psqlrc", "--quiet", "--single-transaction", "--set", "ON_ERROR_STOP=1"]
    psql += ["--dbname", str(settings.DATABASES["default"]["NAME"])]
    psql += ["--command", DROP_PARTITIONED_TABLES, "--file", "-"]
    with tempfile.TemporaryFile() as errors:
        try:
            # Our settings and paths, never user input; no shell.
            script = subprocess.Popen(restore, env=env, stdout=subprocess.PIPE, stderr=errors)  # noqa: S603
        except FileNotFoundError as error:
            raise BackupError(
                f"Không tìm thấy {restore[0]}: cài gói postgresql-client cùng phiên bản máy chủ."
            ) from error
        try:
            _run(psql, env, "pg_restore (psql)", stdin=script.stdout)
        finally:
            script.stdout.close()  # type: ignore[union-attr]
            script.wait()
        if script.returncode != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace").strip()
            raise BackupError(f"pg_restore thất bại (mã {script.returncode}): {message}")


def _media_restore(source: Path, media_root: Path) -> Path | None:
    """Put the archived media in place of MEDIA_ROOT; a folder that held files is moved
    aside (never deleted) and its new place returned."""
    moved = None
    if media_files(media_root):
        stamp = f"{timezone.localtime():%Y%m%d-%H%M%S}"
        moved = media_root.with_name(f"{media_root.name}.truoc-khoi-phuc-{stamp}")
        media_root.rename(moved)
    elif media_root.exists():
        shutil.rmtree(media_root)
    if source.is_dir():
        source.rename(media_root)
    else:
        media_root.mkdir(parents=True)
    return moved


def _compare(report: RestoreReport, progress: Progress | None) -> None:
    manifest = report.manifest
    now = table_fingerprints("default", progress)
    for table, expected in sorted(manifest["tables"].items()):
        if table not in now:
            report.not_checked.append(table)
            continue
        report.tables_checked += 1
        report.rows += now[table]["rows"]
        if now[table] != expected:
            report.mismatches.append(
                f"bảng {table}: {now[table]['rows']} dòng (bản sao lưu {expected['rows']}), "
                f"tổng kiểm {'khớp' if now[table]['sha256'] == expected['sha256'] else 'khác'}"
            )
    media = media_hashes(Path(settings.MEDIA_ROOT), progress)
    report.files = len(media)
    for name in sorted(set(media) | set(manifest["media"])):
        if media.get(name) != manifest["media"].get(name):
            report.mismatches.append(f"tệp {name}: khác bản sao lưu")
