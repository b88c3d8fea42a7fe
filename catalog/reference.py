"""Load the shipped reference data (catalog/data). Idempotent: only differences are written."""

import csv
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Any

from django.db import transaction

from catalog.models import AdministrativeUnit
from catalog.selectors import unit_in_force
from catalog.services import (
    Change,
    field_upsert,
    procedure_version_sync,
    unit_successors_set,
    unit_upsert,
)
from catalog.specs import PaperSpec, VersionSpec
from common.text import nfc, nfc_deep
from workcalendar.rules import TimeRule, TimeRuleKind

DATA_DIR = Path(__file__).resolve().parent / "data"
UNITS_FILE = DATA_DIR / "units.csv"
PROCEDURES_FILE = DATA_DIR / "procedures.json"


@dataclass(frozen=True)
class LoadResult:
    """Counts of one load. For procedures, `updated` counts new published versions."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @classmethod
    def of(cls, changes: Iterable[Change]) -> "LoadResult":
        counts = Counter(changes)
        return cls(counts[Change.CREATED], counts[Change.UPDATED], counts[Change.UNCHANGED])


def _optional_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _unit_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [nfc(line) for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines))


@transaction.atomic
def load_units(*, path: Path = UNITS_FILE) -> LoadResult:
    """Units in file order (parents first), then successor links once every unit exists."""
    rows = _unit_rows(path)
    loaded: list[tuple[dict[str, str], AdministrativeUnit]] = []
    changes: dict[int, Change] = {}
    for row in rows:
        valid_from = date.fromisoformat(row["valid_from"])
        parent = unit_in_force(row["parent_code"], valid_from) if row["parent_code"] else None
        unit, change = unit_upsert(
            code=row["code"], valid_from=valid_from, name=row["name"], level=row["level"],
            kind=row["kind"], parent=parent, valid_to=_optional_date(row["valid_to"]),
            agency_id=row["agency_id"],
        )  # fmt: skip
        loaded.append((row, unit))
        changes[unit.pk] = change
    for row, unit in loaded:
        codes = [code for code in row["successor_codes"].split("|") if code]
        # A successor is the unit with that code on the day the predecessor ceased to exist.
        successors = [unit_in_force(code, unit.valid_to) for code in codes if unit.valid_to]
        linked = unit_successors_set(unit=unit, successors=successors)
        if linked and changes[unit.pk] is Change.UNCHANGED:
            changes[unit.pk] = Change.UPDATED
    return LoadResult.of(changes.values())


def _time_rule(data: dict[str, Any]) -> TimeRule:
    cutoff = time.fromisoformat(data["cutoff"]) if data.get("cutoff") else None
    return TimeRule(TimeRuleKind(data["kind"]), int(data.get("amount", 0)), cutoff)


def version_spec_from_json(item: dict[str, Any]) -> VersionSpec:
    """A procedure entry of procedures.json (see catalog/data/README.md) as a VersionSpec."""
    fee = item["fee"]
    return VersionSpec(
        procedure_code=item["code"],
        name=item["name"],
        field_code=item["field"],
        level=item["level"],
        time_rule=_time_rule(item["time_rule"]),
        fee_kind=fee["kind"],
        fee_amount=fee.get("amount"),
        fee_schedule=fee.get("text", ""),
        fee_exemptions=item.get("fee_exemptions", ""),
        legal_basis=item.get("legal_basis", ""),
        result=item.get("result", ""),
        where_to_submit=item.get("where_to_submit", ""),
        online_level=item.get("online_level", "none"),
        interconnected=bool(item.get("interconnected", False)),
        effective_from=date.fromisoformat(item["effective_from"]),
        papers=tuple(PaperSpec(**paper) for paper in item.get("papers", [])),
    )


@transaction.atomic
def load_procedures(*, path: Path = PROCEDURES_FILE) -> LoadResult:
    """Fields, then one published version per procedure whose content is not there yet."""
    data = nfc_deep(json.loads(path.read_text(encoding="utf-8")))
    for field in data["fields"]:
        field_upsert(code=field["code"], name=field["name"])
    specs = [version_spec_from_json(item) for item in data["procedures"]]
    return LoadResult.of(procedure_version_sync(spec=spec) for spec in specs)
