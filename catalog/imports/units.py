"""Import the official list of administrative units (danh mục đơn vị hành chính, GSO export).

Layout: one row per commune with the columns “Tỉnh Thành Phố”, “Mã TP”, “Quận Huyện”,
“Mã QH”, “Phường Xã”, “Mã PX”, “Cấp”; other columns (“Tên Tiếng Anh”…) are ignored. The
post-2025 layout has no district columns: communes then hang directly under the province.
A row with a district but no commune (e.g. an island district) creates only the district.
"""

from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from catalog.imports import cells
from catalog.imports.errors import ImportFailed, RowErrors, at_line
from catalog.imports.table import Row, read_table
from catalog.models import AdministrativeUnit, Level
from catalog.reference import LoadResult
from catalog.services import Change, unit_upsert
from common.progress import progress_factory

PROVINCE_NAME, PROVINCE_CODE = "Tỉnh Thành Phố", "Mã TP"
DISTRICT_NAME, DISTRICT_CODE = "Quận Huyện", "Mã QH"
COMMUNE_NAME, COMMUNE_CODE, COMMUNE_LEVEL = "Phường Xã", "Mã PX", "Cấp"
NAME_MAX = 200

PROVINCE_KINDS = ("Thành phố", "Tỉnh")
DISTRICT_KINDS = ("Thành phố", "Thị xã", "Quận", "Huyện")


@dataclass(frozen=True)
class UnitLine:
    """One unit as the file describes it; `parent` is the parent's (level, code)."""

    line: int
    level: Level
    code: str
    name: str
    kind: str
    parent: tuple[Level, str] | None


def _kind_from_name(name: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        if name.startswith(prefix + " "):
            return prefix.lower()
    return ""


def _row_units(row: Row, *, with_districts: bool, errors: list[str]) -> list[UnitLine] | None:
    """The province, district and commune a row names; None (with errors noted) if invalid."""
    check = RowErrors(row.line, errors)
    get = row.cells.get

    # Failed cells read as "" and are noted in `errors`; the row is dropped below.
    def code(column: str, digits: int, label: str) -> str:
        parse = partial(cells.code, digits=digits, label=label)
        return check.take(parse, get(column)) or ""

    def name(column: str, label: str) -> str:
        parse = partial(cells.required, label=label, max_length=NAME_MAX)
        return check.take(parse, get(column)) or ""

    province = (code(PROVINCE_CODE, 2, "tỉnh"), name(PROVINCE_NAME, "tên tỉnh"))
    district = commune = None
    if with_districts:
        district = (code(DISTRICT_CODE, 3, "huyện"), name(DISTRICT_NAME, "tên huyện"))
    # A district row without commune (e.g. an island district) names only the district.
    if not with_districts or any(
        cells.text(get(column)) for column in (COMMUNE_CODE, COMMUNE_NAME, COMMUNE_LEVEL)
    ):
        commune = (
            code(COMMUNE_CODE, 5, "xã"),
            name(COMMUNE_NAME, "tên xã"),
            check.take(cells.commune_kind, get(COMMUNE_LEVEL)) or "",
        )
    if not check.ok:
        return None
    line = row.line
    kind = _kind_from_name(province[1], PROVINCE_KINDS)
    units = [UnitLine(line, Level.PROVINCE, province[0], province[1], kind, None)]
    parent = (Level.PROVINCE, province[0])
    if district:
        kind = _kind_from_name(district[1], DISTRICT_KINDS)
        units.append(UnitLine(line, Level.DISTRICT, district[0], district[1], kind, parent))
        parent = (Level.DISTRICT, district[0])
    if commune:
        units.append(UnitLine(line, Level.COMMUNE, commune[0], commune[1], commune[2], parent))
    return units


LEVEL_WORDS = {Level.PROVINCE: "tỉnh", Level.DISTRICT: "huyện", Level.COMMUNE: "xã"}


def _code(key: tuple[Level, str] | None) -> str:
    return key[1] if key else "—"


def _conflict(new: UnitLine, old: UnitLine) -> str | None:
    word = LEVEL_WORDS[new.level]
    if new.name != old.name:
        return f"{word} mã {new.code} có tên “{new.name}”, khác với dòng {old.line} (“{old.name}”)."
    if new.parent != old.parent:
        return (
            f"{word} mã {new.code} thuộc đơn vị cấp trên mã {_code(new.parent)}, "
            f"khác với dòng {old.line} (mã {_code(old.parent)})."
        )
    if new.kind != old.kind:
        return f"{word} mã {new.code} có cấp “{new.kind}”, khác với dòng {old.line} (“{old.kind}”)."
    return None


def parse_units(path: Path) -> list[UnitLine]:
    """Every distinct unit of the file, parents before children; ImportFailed lists all errors."""
    table = read_table(
        path,
        required=[PROVINCE_NAME, PROVINCE_CODE, COMMUNE_NAME, COMMUNE_CODE, COMMUNE_LEVEL],
        optional=[DISTRICT_NAME, DISTRICT_CODE],
    )
    with_districts = DISTRICT_CODE in table.columns or DISTRICT_NAME in table.columns
    errors: list[str] = []
    seen: dict[tuple[Level, str], UnitLine] = {}
    for row in table.rows:
        units = _row_units(row, with_districts=with_districts, errors=errors)
        for unit in units or []:
            old = seen.setdefault((unit.level, unit.code), unit)
            if old is not unit and (problem := _conflict(unit, old)):
                errors.append(at_line(row.line, problem))
    if not table.rows:
        errors.append("Tệp không có dòng dữ liệu nào.")
    if errors:
        raise ImportFailed(errors)
    order = [Level.PROVINCE, Level.DISTRICT, Level.COMMUNE]
    return sorted(seen.values(), key=lambda unit: order.index(unit.level))


def _upsert_in_force(
    unit: UnitLine, *, parent: AdministrativeUnit | None, on: date
) -> tuple[AdministrativeUnit, Change]:
    """Update the unit with this code that exists on `on`, or create one starting on `on`."""
    same_code = AdministrativeUnit.objects.filter(code=unit.code, level=unit.level)
    existing = same_code.valid_on(on).order_by("-valid_from").first()
    if existing is not None:
        return unit_upsert(
            code=unit.code, valid_from=existing.valid_from, name=unit.name, level=unit.level,
            kind=unit.kind or existing.kind, parent=parent, valid_to=existing.valid_to,
        )  # fmt: skip
    # A later unit may already reuse this code: end the new one where that one begins.
    later = same_code.filter(valid_from__gt=on).order_by("valid_from").first()
    return unit_upsert(
        code=unit.code, valid_from=on, name=unit.name, level=unit.level, kind=unit.kind,
        parent=parent, valid_to=later.valid_from if later else None,
    )  # fmt: skip


def import_units(*, path: Path, valid_from: date, progress: bool = False) -> LoadResult:
    units = parse_units(path)
    changes: list[Change] = []
    written: dict[tuple[Level, str], AdministrativeUnit] = {}
    with transaction.atomic():
        bar = progress_factory(enabled=progress)(units, desc="Đơn vị hành chính", unit=" đơn vị")
        for unit in bar:
            parent = written[unit.parent] if unit.parent else None
            try:
                saved, change = _upsert_in_force(unit, parent=parent, on=valid_from)
            except ValidationError as error:
                raise ImportFailed([at_line(unit.line, "; ".join(error.messages))]) from error
            written[(unit.level, unit.code)] = saved
            changes.append(change)
    return LoadResult.of(changes)
