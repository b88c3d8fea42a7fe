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
    """Add the shipped days that the table lacks; returns (created, kept).

    The table is the administrator's: a shipped day that is already there is never
    overwritten (an administrator may have corrected it, and `bin/run` reloads reference data
    at every start), so a second run touches nothing. `kept` counts the rows whose content
    differs from the shipped file, so a deployment can see its local corrections.
    """
    existing = {day.date: day for day in AnnouncedDay.objects.all()}
    created = kept = 0
    for row in read_announced_days(path):
        current = existing.get(row.date)
        if current is None:
            AnnouncedDay.objects.create(
                date=row.date, kind=row.kind, name=row.name, source=row.source
            )
            created += 1
        elif (current.kind, current.name, current.source) != (row.kind, row.name, row.source):
            kept += 1
    return created, kept
