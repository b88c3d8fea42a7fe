"""Dossier codes: `<agency identifier>-YYMMDD-XXXX` (rules.md §4, Circular 01/2018 art. 19)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from catalog.models import AdministrativeUnit
from dossiers.errors import DossierError
from dossiers.models import Dossier, DossierCounter

MAX_SEQUENCE = 9999


def code_prefix(agency_id: str, day: date) -> str:
    return f"{agency_id}-{day:%y%m%d}-"


def dossier_code_allocate(*, unit: AdministrativeUnit, day: date) -> str:
    """Take the next code of `unit` on `day`. Must run inside the intake's transaction:
    the counter row stays locked until it commits, and a rollback returns the number."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("dossier_code_allocate must run inside transaction.atomic()")
    prefix = code_prefix(unit.agency_id, day)
    # The first intake of the day creates the row; imported dossiers may already hold codes
    # of that day, so the counter starts after the highest of them.
    counters = DossierCounter.objects.select_for_update()
    counter = counters.filter(unit=unit, day=day).first()
    if counter is None:
        DossierCounter.objects.bulk_create(
            [DossierCounter(unit=unit, day=day, last=_highest_existing_sequence(prefix))],
            ignore_conflicts=True,  # another intake may create it at the same moment
        )
        counter = counters.get(unit=unit, day=day)
    if counter.last >= MAX_SEQUENCE:
        raise DossierError(
            _(
                "Đơn vị %(unit)s đã cấp đủ %(max)s mã hồ sơ trong ngày %(day)s; không thể cấp "
                "thêm mã trong ngày này."
            )
            % {"unit": unit.name, "max": MAX_SEQUENCE, "day": f"{day:%d/%m/%Y}"}
        )
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{prefix}{counter.last:04d}"


def _highest_existing_sequence(prefix: str) -> int:
    codes = Dossier.objects.filter(code__startswith=prefix).values_list("code", flat=True)
    sequences = [int(code[len(prefix) :]) for code in codes if code[len(prefix) :].isdigit()]
    return max(sequences, default=0)
