import json
from typing import Any

from django.utils import timezone

from reports.engine import Report


def report_dict(report: Report) -> dict[str, Any]:
    """{"from", "to", "as_of", "group_by", "rows": [{"key", "name", <keys>}], "total"}."""
    return {
        "from": report.date_from.isoformat(),
        "to": report.date_to.isoformat(),
        "as_of": timezone.localtime(report.as_of).isoformat(),  # +07:00
        "group_by": report.group_by,
        "rows": [row.as_dict() for row in report.rows],
        "total": report.total.as_dict(),
    }


def to_json(report: Report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"
