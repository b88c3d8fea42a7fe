"""Write small spreadsheets for importer tests (xlsx through openpyxl, csv as UTF-8)."""

import csv
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook


def write_xlsx(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def write_csv(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path
