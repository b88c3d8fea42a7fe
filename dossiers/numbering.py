"""Dossier codes: `<agency identifier>-YYMMDD-XXXX` (rules.md §4, Circular 01/2018 art. 19)."""

from datetime import date

from django.db import connection, transaction
from django.utils.translation import gettext as _

from catalog.models import AdministrativeUnit
from dossiers.errors import DossierError
from dossiers.models import Dossier, DossierCounter

MAX_SEQUENCE = 9999


def normalize_code(raw: str) -> str:
    """A code as typed at a counter or on the portal: spaces dropped, letters upper case."""
    return "".join(raw.split()).upper()


def code_prefix(agency_id: str, day: date) -> str:
    return f"{agency_id}-{day:%y%m%d}-"


def dossier_code_allocate(*, unit: AdministrativeUnit, day: date) -> str:
    """Take the next code of `unit` on `day`. Must run inside the intake's transaction:
    the counter row stays locked until it commits, and a rollback returns the number."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("dossier_code_allocate must run inside transaction.atomic()")
    prefix = code_prefix(unit.agency_id, day)
    # One statement takes the row lock and the number (UPDATE … RETURNING, PostgreSQL and
    # SQLite ≥ 3.35): the lock is held from here to the commit, so callers allocate last.
    last = _take_next(unit.pk, day)
    if last is None:
        # The first intake of the day creates the row; imported dossiers may already hold
        # codes of that day, so the counter starts after the highest of them.
        DossierCounter.objects.bulk_create(
            [DossierCounter(unit=unit, day=day, last=_highest_existing_sequence(prefix))],
            ignore_conflicts=True,  # another intake may create it at the same moment
        )
        last = _take_next(unit.pk, day)
    if last is None:
        raise DossierError(
            _(
                "Đơn vị %(unit)s đã cấp đủ %(max)s mã hồ sơ trong ngày %(day)s; không thể cấp "
                "thêm mã trong ngày này."
            )
            % {"unit": unit.name, "max": MAX_SEQUENCE, "day": f"{day:%d/%m/%Y}"}
        )
    return f"{prefix}{last:04d}"


def _take_next(unit_id: int, day: date) -> int | None:
    """Add one to the counter of `unit_id` on `day` below MAX_SEQUENCE; None when the row is
    missing or full."""
    table = connection.ops.quote_name(DossierCounter._meta.db_table)
    last = connection.ops.quote_name("last")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {last} = {last} + 1 "  # noqa: S608 (no user text)
            f"WHERE unit_id = %s AND day = %s AND {last} < %s RETURNING {last}",
            [unit_id, connection.ops.adapt_datefield_value(day), MAX_SEQUENCE],
        )
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def _highest_existing_sequence(prefix: str) -> int:
    codes = Dossier.objects.filter(code__startswith=prefix).values_list("code", flat=True)
    sequences = [int(code[len(prefix) :]) for code in codes if code[len(prefix) :].isdigit()]
    return max(sequences, default=0)
