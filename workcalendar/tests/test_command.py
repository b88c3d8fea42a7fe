"""`manage.py due_date`."""

import json
from datetime import date, time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from catalog.tests.factories import ProcedureVersionFactory, UnitFactory
from workcalendar.reference import load_announced_days

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _announced_days() -> None:
    load_announced_days()


def run(*args: str) -> dict[str, str]:
    out = StringIO()
    call_command("due_date", *args, stdout=out)
    return json.loads(out.getvalue())


def test_working_days_with_and_without_offset() -> None:
    expected = {
        "received_at": "2025-12-31T16:00:00+07:00",
        "effective_start": "2025-12-31T16:00:00+07:00",
        "due_at": "2026-01-06T16:00:00+07:00",  # 1/1 holiday, 2/1 swapped, weekend
    }
    assert run("--received", "2025-12-31T16:00", "--working-days", "2") == expected
    assert run("--received", "2025-12-31T09:00:00Z", "--working-days", "2") == expected
    assert run("--received", "2025-12-31T16:00:00+07:00", "--working-days", "2") == expected


def test_working_hours_and_same_day() -> None:
    assert run("--received", "2026-01-09T17:00", "--working-hours", "3")["due_at"] == (
        "2026-01-10T11:00:00+07:00"  # make-up Saturday
    )
    result = run("--received", "2026-04-29T15:00", "--same-day")
    assert result["due_at"] == "2026-05-04T17:00:00+07:00"
    result = run("--received", "2026-04-29T15:00", "--same-day", "--cutoff", "16:00")
    assert result["due_at"] == "2026-04-29T17:00:00+07:00"


def test_procedure_and_unit_from_the_catalogue() -> None:
    version = ProcedureVersionFactory(time_rule_kind="working_days", time_rule_amount=3)
    same_day = ProcedureVersionFactory(time_rule_kind="same_day", time_rule_cutoff=time(11))
    unit = UnitFactory(office_hours=[["07:30", "11:30"], ["13:30", "17:00"]])
    code = version.procedure.code
    assert run("--received", "2026-03-02T09:00", "--procedure", code)["due_at"] == (
        "2026-03-05T09:00:00+07:00"
    )
    result = run("--received", "2026-03-02T12:00", "--procedure", code, "--unit", unit.code)
    assert result["effective_start"] == "2026-03-02T13:30:00+07:00"
    assert result["due_at"] == "2026-03-05T15:00:00+07:00"  # 24 working hours of 7.5-hour days
    result = run("--received", "2026-03-02T11:00", "--procedure", same_day.procedure.code)
    assert result["due_at"] == "2026-03-03T17:00:00+07:00"


def test_catalogue_versions_by_receipt_date() -> None:
    old = ProcedureVersionFactory(effective_to=date(2026, 1, 1), time_rule_amount=10)
    ProcedureVersionFactory(
        procedure=old.procedure, version=2, effective_from=date(2026, 1, 1), time_rule_amount=1
    )
    code = old.procedure.code
    assert run("--received", "2025-12-01T09:00", "--procedure", code)["due_at"] == (
        "2025-12-15T09:00:00+07:00"
    )
    assert run("--received", "2026-03-02T09:00", "--procedure", code)["due_at"] == (
        "2026-03-03T09:00:00+07:00"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--working-days", "1"], "Thiếu --received"),
        (["--received", "hôm qua", "--working-days", "1"], "không phải thời điểm ISO 8601"),
        (["--received", "2026-03-02T09:00"], "Chọn đúng một thời hạn"),
        (["--received", "2026-03-02T09:00", "--working-days", "1", "--same-day"], "đúng một"),
        (["--received", "2026-03-02T09:00", "--working-days", "0"], "số nguyên dương"),
        (["--received", "2026-03-02T09:00", "--working-hours", "-2"], "số nguyên dương"),
        (
            ["--received", "2026-03-02T09:00", "--working-days", "1", "--cutoff", "15:00"],
            "--cutoff",
        ),
        (["--received", "2026-03-02T09:00", "--same-day", "--cutoff", "25:00"], "HH:MM"),
        (["--received", "2026-03-02T09:00", "--procedure", "0.000000"], "Thủ tục mã 0.000000"),
        (["--received", "2026-03-02T09:00", "--same-day", "--unit", "99999"], "mã 99999"),
    ],
)
def test_bad_input_is_a_clear_command_error(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_bad_office_hours_are_a_command_error() -> None:
    unit = UnitFactory(office_hours=[["13:00", "17:00"], ["08:00", "12:00"]])
    with pytest.raises(CommandError, match="Giờ làm việc của đơn vị"):
        run("--received", "2026-03-02T09:00", "--same-day", "--unit", unit.code)
