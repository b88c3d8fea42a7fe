"""Change stamps: per-process caches of reference data that are never stale.

The API's intake reads the same few catalogue rows, calendar and token on every request;
reading them again costs more than everything else it does. Each kind of reference data
(`KINDS`) has one row in common_changestamp whose value database triggers replace by a
random number in every transaction that writes one of the kind's tables: insert, update,
delete (and truncate), through the ORM, `queryset.update()`, the admin, an import or raw SQL.
One query reads every stamp; a `StampedCache` keeps values only while the stamp they were
read under is the current one.

Why random rather than a counter: a rolled-back transaction must not leave a value that a
later, different state could take again (a counter would come back to the same number).
A value therefore names one committed state of the kind's tables (a restored backup brings
back its state and its stamps together). A missing row (a flushed database) caches nothing.
"""

import secrets
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connection, connections

CATALOG = "catalog"  # units, procedures and their versions, fields, required papers
CALENDAR = "calendar"  # announced days off and make-up working days
ACCESS = "access"  # API tokens and their units, users' status and names, memberships

TABLE = "common_changestamp"

Stamps = dict[str, int]


@dataclass(frozen=True)
class Watch:
    """A model whose writes change `kind`; with `columns`, only updates that change one of
    them (a token's last use, a user's last sign-in do not)."""

    kind: str
    model: str  # "app_label.Model", or "app_label.Model.m2m_field" for an m2m table
    columns: tuple[str, ...] = ()


WATCHED = (
    Watch(CATALOG, "catalog.AdministrativeUnit"),
    Watch(CATALOG, "catalog.Field"),
    Watch(CATALOG, "catalog.Procedure"),
    Watch(CATALOG, "catalog.ProcedureVersion"),
    Watch(CATALOG, "catalog.RequiredPaper"),
    Watch(CALENDAR, "workcalendar.AnnouncedDay"),
    Watch(ACCESS, "accounts.Membership"),
    Watch(ACCESS, "accounts.User", ("is_active", "is_superuser", "username")),
    Watch(ACCESS, "api.ApiToken", ("revoked_at", "user_id", "secret_sha256", "prefix")),
    Watch(ACCESS, "api.ApiToken.units"),
)
KINDS = (CATALOG, CALENDAR, ACCESS)


def stamps_read() -> Stamps:
    """Every kind's current stamp, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name, value FROM {TABLE}")  # noqa: S608 (no user text)
        return dict(cursor.fetchall())


def stamps_bump(kinds: tuple[str, ...] = KINDS, using: str = DEFAULT_DB_ALIAS) -> None:
    """New stamps for `kinds` (what the triggers do), e.g. after a migration."""
    with connections[using].cursor() as cursor:
        for kind in kinds:
            cursor.execute(
                f"INSERT INTO {TABLE} (name, value) VALUES (%s, %s) "  # noqa: S608
                "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                [kind, secrets.randbits(62)],
            )


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class StampedCache(Generic[K, V]):
    """Values derived from one kind of reference data, kept by this process while that
    kind's stamp is the one they were read under. Values are shared by every request of the
    process (and its threads): callers read them and never change them. Misses (None) are
    not kept; at `max_size` values the cache starts again (keys may hold days)."""

    def __init__(self, kind: str, max_size: int = 1000) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        self.kind, self.max_size = kind, max_size
        # (stamp, values) replaced as a whole: a thread holding the old pair writes into a
        # dict nobody reads any more, which is harmless.
        self._state: tuple[int | None, dict[K, V]] = (None, {})

    def get(self, key: K, stamps: Stamps, load: Callable[[], V | None]) -> V | None:
        stamp = stamps.get(self.kind)
        if stamp is None:
            return load()
        current, values = self._state
        if current != stamp:
            values = {}
            self._state = (stamp, values)
        found = values.get(key)
        if found is not None:
            return found
        # Read after the stamp: at worst newer than it, as if this request came later.
        found = load()
        if found is not None:
            if len(values) >= self.max_size:
                values.clear()
            values[key] = found
        return found


# ---------------------------------------------------------------- triggers

_triggers_lock = threading.Lock()


def _table_and_columns(watch: Watch) -> tuple[str, list[str]] | None:
    app_label, name, *m2m = watch.model.split(".")
    try:
        model: Any = apps.get_model(app_label, name)
    except LookupError:
        return None
    if m2m:
        return model._meta.get_field(m2m[0]).remote_field.through._meta.db_table, []
    columns = [model._meta.get_field(c.removesuffix("_id")).column for c in watch.columns]
    return model._meta.db_table, columns


def _quoted(columns: list[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def _sqlite_statements(name: str, table: str, kind: str, columns: list[str]) -> list[str]:
    bump = (
        f"INSERT INTO {TABLE} (name, value) VALUES ('{kind}', random()) "  # noqa: S608 (ours)
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value;"
    )
    update, changed = "UPDATE", ""
    if columns:
        changed = " OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in columns)
        update = "UPDATE OF " + _quoted(columns)
    out = []
    for op, event, when in (
        ("ins", "INSERT", ""),
        ("upd", update, f" WHEN {changed}" if columns else ""),
        ("del", "DELETE", ""),
    ):
        out.append(f"DROP TRIGGER IF EXISTS {name}_{op}")
        out.append(
            f'CREATE TRIGGER {name}_{op} AFTER {event} ON "{table}" FOR EACH ROW{when} '
            f"BEGIN {bump} END"
        )
    return out


PG_FUNCTION = """
CREATE OR REPLACE FUNCTION common_stamp_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO common_changestamp (name, value)
    VALUES (TG_ARGV[0], floor(random() * 4611686018427387903)::bigint)
    ON CONFLICT (name) DO UPDATE SET value = excluded.value;
    RETURN NULL;
END
$$
"""


def _pg_statements(name: str, table: str, kind: str, columns: list[str]) -> list[str]:
    run = f"EXECUTE FUNCTION common_stamp_bump('{kind}')"
    out = [
        f'DROP TRIGGER IF EXISTS {name} ON "{table}"',
        f'DROP TRIGGER IF EXISTS {name}_upd ON "{table}"',
    ]
    if columns:
        # Row by row, to skip updates that leave the watched columns as they were.
        changed = " OR ".join(f'OLD."{c}" IS DISTINCT FROM NEW."{c}"' for c in columns)
        out.append(
            f'CREATE TRIGGER {name} AFTER INSERT OR DELETE OR TRUNCATE ON "{table}" '
            f"FOR EACH STATEMENT {run}"
        )
        out.append(
            f'CREATE TRIGGER {name}_upd AFTER UPDATE OF {_quoted(columns)} ON "{table}" '
            f"FOR EACH ROW WHEN ({changed}) {run}"
        )
    else:  # once per statement: a bulk import bumps once, not once per row
        out.append(
            f'CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
            f"FOR EACH STATEMENT {run}"
        )
    return out


def triggers_ensure(using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """(Re)create the triggers of every watched table that exists, then bump every stamp:
    writes made while a trigger was missing are covered. Idempotent; run after migrate."""
    conn = connections[using]
    if conn.vendor not in ("sqlite", "postgresql"):
        return
    existing = set(conn.introspection.table_names())
    if TABLE not in existing:
        return
    statements = [PG_FUNCTION] if conn.vendor == "postgresql" else []
    for watch in WATCHED:
        found = _table_and_columns(watch)
        if found is None or found[0] not in existing:
            continue
        table, columns = found
        name = f"stamp_{table}"
        make = _pg_statements if conn.vendor == "postgresql" else _sqlite_statements
        statements += make(name, table, watch.kind, columns)
    with _triggers_lock, conn.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    stamps_bump(using=using)
