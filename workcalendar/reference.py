"""The shipped schedule of announced days off and make-up working days (rules.md §2).

`data/announced_days.csv` lists, for civil servants, every announced day off that falls on
a weekday (weekend days inside a break are already off, so they are not listed) and every
make-up working day, each with the document that announced it.
"""

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction

from workcalendar.models import AnnouncedDay

DATA_FILE = Path(__file__).resolve().parent / "data" / "announced_days.csv"
KINDS = {AnnouncedDay.Kind.DAY_OFF.value, AnnouncedDay.Kind.WORKING_DAY.value}


@dataclass(frozen=True)
class AnnouncedRow:
    date: date
    kind: str
    name: str
    source: str


def read_announced_days(path: Path = DATA_FILE) -> list[AnnouncedRow]:
    """Parse and check the CSV; a bad row stops everything with its line number."""
    rows: list[AnnouncedRow] = []
    seen: set[date] = set()
    with path.open(encoding="utf-8", newline="") as handle:
        for line, record in enumerate(csv.DictReader(handle), start=2):
            try:
                day = date.fromisoformat(record["date"])
            except (TypeError, ValueError):
                raise ValueError(f"{path.name} dòng {line}: ngày không hợp lệ.") from None
            if record["kind"] not in KINDS:
                raise ValueError(f"{path.name} dòng {line}: loại phải là day_off hoặc working_day.")
            if day in seen:
                raise ValueError(f"{path.name} dòng {line}: ngày {day:%d/%m/%Y} bị lặp.")
            if not record["name"] or not record["source"]:
                raise ValueError(f"{path.name} dòng {line}: thiếu tên hoặc văn bản thông báo.")
            seen.add(day)
            rows.append(AnnouncedRow(day, record["kind"], record["name"], record["source"]))
    return rows


def overrides_from(rows: list[AnnouncedRow]) -> dict[date, bool]:
    """The WorkCalendar overrides: True for a make-up working day, False for a day off."""
    return {row.date: row.kind == AnnouncedDay.Kind.WORKING_DAY for row in rows}


@transaction.atomic
def load_announced_days(path: Path = DATA_FILE) -> tuple[int, int]:
    """Create or update the table from the CSV; returns (created, updated).

    Idempotent: a row is saved only when a value differs, so a second run touches nothing
    (not even updated_at, which the calendar cache watches). Rows that are not in the file,
    added by an administrator, are left alone; shipped rows edited by hand are reset.
    """
    existing = {day.date: day for day in AnnouncedDay.objects.all()}
    created = updated = 0
    for row in read_announced_days(path):
        current = existing.get(row.date)
        if current is None:
            AnnouncedDay.objects.create(
                date=row.date, kind=row.kind, name=row.name, source=row.source
            )
            created += 1
        elif (current.kind, current.name, current.source) != (row.kind, row.name, row.source):
            current.kind, current.name, current.source = row.kind, row.name, row.source
            current.save()
            updated += 1
    return created, updated
