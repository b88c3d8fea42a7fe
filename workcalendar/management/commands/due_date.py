"""`manage.py due_date`: print the effective start and due time of one receipt, as JSON."""

import json
from argparse import ArgumentParser
from datetime import date, datetime, time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from workcalendar.calendar import VN_TZ, Sessions
from workcalendar.rules import DEFAULT_SESSIONS, TimeRule, TimeRuleKind
from workcalendar.services import due_for

RULE_OPTIONS = ("procedure", "working_days", "working_hours", "same_day")


class Command(BaseCommand):
    help = (
        "Tính thời điểm bắt đầu tính hạn và hạn trả kết quả của một hồ sơ. "
        "Ví dụ: due_date --received 2026-01-09T16:00 --working-days 3 --unit 10012"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--received",
            help="Thời điểm tiếp nhận, ISO 8601; không ghi múi giờ thì hiểu là giờ Việt Nam.",
        )
        parser.add_argument(
            "--procedure",
            metavar="CODE",
            help="Mã thủ tục: dùng thời hạn của phiên bản đang áp dụng.",
        )
        parser.add_argument("--working-days", metavar="N", help="Thời hạn N ngày làm việc.")
        parser.add_argument("--working-hours", metavar="N", help="Thời hạn N giờ làm việc.")
        parser.add_argument("--same-day", action="store_true", help="Trả trong ngày (có giờ chốt).")
        parser.add_argument(
            "--cutoff", metavar="HH:MM", help="Giờ chốt của --same-day (mặc định 15:00)."
        )
        parser.add_argument(
            "--unit", metavar="CODE", help="Mã đơn vị: dùng giờ làm việc của đơn vị."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        received = parse_received(options["received"])
        on = received.astimezone(VN_TZ).date()
        rule = rule_from_options(options, on)
        sessions = unit_sessions(options["unit"], on) if options["unit"] else DEFAULT_SESSIONS
        try:
            due = due_for(received_at=received, rule=rule, sessions=sessions)
        except ValueError as error:  # office hours of the unit that the layout rejects
            raise CommandError(f"Giờ làm việc của đơn vị không hợp lệ: {error}") from error
        result = {
            "received_at": received.astimezone(VN_TZ).isoformat(),
            "effective_start": due.effective_start.astimezone(VN_TZ).isoformat(),
            "due_at": due.due_at.astimezone(VN_TZ).isoformat(),
        }
        self.stdout.write(json.dumps(result, ensure_ascii=False))


def parse_received(value: str | None) -> datetime:
    if not value:
        raise CommandError("Thiếu --received (thời điểm tiếp nhận, ISO 8601).")
    try:
        received = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--received «{value}» không phải thời điểm ISO 8601, ví dụ 2026-01-09T16:00+07:00."
        ) from None
    if received.tzinfo is None:
        received = received.replace(tzinfo=VN_TZ)
    return received


def positive_int(value: str, option: str) -> int:
    if not value.strip().isdigit() or int(value) <= 0:
        raise CommandError(f"{option} phải là số nguyên dương, nhận được «{value}».")
    return int(value)


def rule_from_options(options: dict[str, Any], on: date) -> TimeRule:
    chosen = [name for name in RULE_OPTIONS if options[name]]
    if len(chosen) != 1:
        raise CommandError(
            "Chọn đúng một thời hạn: --procedure, --working-days, --working-hours hoặc --same-day."
        )
    if options["cutoff"] and chosen != ["same_day"]:
        raise CommandError("--cutoff chỉ dùng cùng --same-day.")
    if options["procedure"]:
        return procedure_rule(options["procedure"], on)
    if options["working_days"]:
        return TimeRule(
            TimeRuleKind.WORKING_DAYS, positive_int(options["working_days"], "--working-days")
        )
    if options["working_hours"]:
        return TimeRule(
            TimeRuleKind.WORKING_HOURS, positive_int(options["working_hours"], "--working-hours")
        )
    return TimeRule(TimeRuleKind.SAME_DAY, cutoff=parse_cutoff(options["cutoff"]))


def parse_cutoff(value: str | None) -> time | None:
    if value is None:
        return None
    try:
        cutoff = time.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--cutoff «{value}» không phải giờ dạng HH:MM, ví dụ 15:00.") from None
    if cutoff.tzinfo is not None:
        raise CommandError("--cutoff không ghi múi giờ: giờ chốt là giờ Việt Nam.")
    return cutoff


def procedure_rule(code: str, on: date) -> TimeRule:
    from catalog.selectors import NotFound, procedure_version_in_force

    try:
        return procedure_version_in_force(code, on).time_rule
    except NotFound as error:
        raise CommandError(str(error)) from error
    except ValueError as error:  # a stored time rule that TimeRule rejects
        raise CommandError(f"Thời hạn của thủ tục {code} không hợp lệ: {error}") from error


def unit_sessions(code: str, on: date) -> Sessions:
    from catalog.selectors import NotFound, unit_in_force

    try:
        return unit_in_force(code, on).sessions()
    except NotFound as error:
        raise CommandError(str(error)) from error
    except (TypeError, ValueError) as error:
        raise CommandError(f"Giờ làm việc của đơn vị {code} không hợp lệ: {error}") from error
