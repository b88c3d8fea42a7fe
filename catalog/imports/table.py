"""Read a spreadsheet (.xlsx or UTF-8 .csv) as rows keyed by canonical column names.

Line numbers are spreadsheet row numbers (the header is usually row 1), so users find the
row in Excel; a CSV cell holding a line break still counts as one row.
"""

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from catalog.imports.errors import ImportFailed
from common.text import fold, nfc

HEADER_SEARCH_ROWS = 10  # official exports sometimes start with a title row or two


@dataclass(frozen=True)
class Row:
    line: int
    cells: dict[str, object]


@dataclass(frozen=True)
class Table:
    columns: frozenset[str]
    rows: list[Row]


def _xlsx_rows(path: Path) -> Iterator[tuple[object, ...]]:
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def _csv_rows(path: Path) -> Iterator[tuple[object, ...]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for record in csv.reader(handle):
            yield tuple(record)


def _raw_rows(path: Path) -> list[tuple[object, ...]]:
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            return list(_xlsx_rows(path))
        if suffix == ".csv":
            return list(_csv_rows(path))
    except FileNotFoundError as error:
        raise ImportFailed([f"Không tìm thấy tệp {path}."]) from error
    except UnicodeDecodeError as error:
        raise ImportFailed(["Tệp CSV phải được lưu với mã hóa UTF-8."]) from error
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise ImportFailed([f"Không đọc được tệp Excel: {error}"]) from error
    raise ImportFailed(["Chỉ nhận tệp .xlsx hoặc .csv (UTF-8)."])


def _nfc_cells(raw: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """Text cells in Unicode NFC, the form we store (Mac exports often hold NFD letters)."""
    return [tuple(nfc(c) if isinstance(c, str) else c for c in record) for record in raw]


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header(
    raw: list[tuple[object, ...]], *, required: Sequence[str], optional: Sequence[str]
) -> tuple[int, dict[str, int]]:
    """Index of the header row and the position of each known column in it."""
    wanted = {fold(name): name for name in (*required, *optional)}
    for index, record in enumerate(raw[:HEADER_SEARCH_ROWS]):
        positions = {
            wanted[fold(str(cell))]: column
            for column, cell in enumerate(record)
            if not _is_blank(cell) and fold(str(cell)) in wanted
        }
        if all(name in positions for name in required):
            return index, positions
    missing = ", ".join(f"“{name}”" for name in required)
    raise ImportFailed([f"Không tìm thấy dòng tiêu đề có đủ các cột: {missing}."])


def read_table(path: Path, *, required: Sequence[str], optional: Sequence[str] = ()) -> Table:
    """Rows after the header row; the header must contain every `required` column.

    Column names are matched without case or diacritics; unknown columns are ignored.
    """
    raw = _nfc_cells(_raw_rows(path))
    header, positions = _header(raw, required=required, optional=optional)
    rows = []
    for line, record in enumerate(raw[header + 1 :], start=header + 2):
        if all(_is_blank(cell) for cell in record):
            continue
        cells = {
            name: record[column] if column < len(record) else None
            for name, column in positions.items()
        }
        rows.append(Row(line=line, cells=cells))
    return Table(columns=frozenset(positions), rows=rows)
