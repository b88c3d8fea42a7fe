"""Register numbers (Decree 30/2020/NĐ-CP art. 15 and 22): each series starts at 1 on
1 January and runs without gaps to 31 December.

Series, per unit and calendar year:
- "incoming": the arrival number (số đến) of every letter entered in the incoming register;
- "outgoing:<type>": the number of issued documents of one type, so a unit issues
  05/QĐ-UBND and 05/TB-UBND in the same year, and 12/UBND-VP for its 12th công văn. The
  head of the agency chooses the scheme for administrative documents (art. 15.1.c); per
  type is the common one at communes, and it keeps every symbol unique in the year.
"""

from django.db import transaction

from catalog.models import AdministrativeUnit
from registry.models import RegistryCounter

INCOMING = "incoming"


def outgoing_series(doc_type: str) -> str:
    return f"outgoing:{doc_type}"


def registry_number_allocate(*, unit: AdministrativeUnit, year: int, series: str) -> int:
    """Take the next number of `series`. Must run inside the writing transaction: the
    counter row stays locked until it commits, and a rollback gives the number back."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("registry_number_allocate must run inside transaction.atomic()")
    counters = RegistryCounter.objects.select_for_update()
    counter = counters.filter(unit=unit, year=year, series=series).first()
    if counter is None:
        RegistryCounter.objects.bulk_create(
            [RegistryCounter(unit=unit, year=year, series=series, last=0)],
            ignore_conflicts=True,  # another writer may create it at the same moment
        )
        counter = counters.get(unit=unit, year=year, series=series)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last
