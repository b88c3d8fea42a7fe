import csv
import io

from reports.definitions import KEYS
from reports.engine import Report

TOTAL_KEY, TOTAL_NAME = "total", "Tổng cộng"


def to_csv(report: Report) -> str:
    """One line per row, then the total; the columns are the report keys (rules.md §5)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["key", "name", *KEYS])
    for row in report.rows:
        writer.writerow([row.key, row.name, *row.counts.values()])
    writer.writerow([TOTAL_KEY, TOTAL_NAME, *report.total.values()])
    return out.getvalue()
