"""Spreadsheet cell parsers: what officials type, and the Vietnamese errors they get."""

from datetime import date, datetime, time

import pytest

from catalog.imports import cells
from catalog.specs import PaperSpec
from workcalendar.rules import TimeRule, TimeRuleKind

DAYS, HOURS, SAME_DAY = TimeRuleKind.WORKING_DAYS, TimeRuleKind.WORKING_HOURS, TimeRuleKind.SAME_DAY


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("3 ngày làm việc", TimeRule(DAYS, 3)),
        ("03 Ngày làm việc", TimeRule(DAYS, 3)),
        ("8 giờ làm việc", TimeRule(HOURS, 8)),
        ("Trong ngày", TimeRule(SAME_DAY)),
        ("Trong ngày (15:00)", TimeRule(SAME_DAY, 0, time(15))),
        ("trong ngay (16h30)", TimeRule(SAME_DAY, 0, time(16, 30))),
        ("Trong ngày (15 giờ)", TimeRule(SAME_DAY, 0, time(15))),
    ],
)
def test_time_rules(text, rule):
    assert cells.time_rule(text) == rule


@pytest.mark.parametrize("text", ["", "ba ngày", "0 ngày làm việc", "Trong ngày (25:00)"])
def test_bad_time_rules(text):
    with pytest.raises(ValueError, match=r"không hợp lệ|lớn hơn 0"):
        cells.time_rule(text)


@pytest.mark.parametrize(
    ("value", "fee"),
    [
        ("Miễn phí", ("free", None, "")),
        ("Miễn lệ phí", ("free", None, "")),
        ("50.000", ("fixed", 50000, "")),
        ("50.000 đồng", ("fixed", 50000, "")),
        ("8000", ("fixed", 8000, "")),
        (10000, ("fixed", 10000, "")),
        (0, ("free", None, "")),
        ("Theo Nghị quyết của HĐND tỉnh", ("schedule", None, "Theo Nghị quyết của HĐND tỉnh")),
        ("2.000 đồng/trang", ("schedule", None, "2.000 đồng/trang")),
    ],
)
def test_fees(value, fee):
    assert cells.fee(value) == fee


def test_a_missing_fee_is_an_error():
    with pytest.raises(ValueError, match="thiếu phí"):
        cells.fee("")


@pytest.mark.parametrize(
    ("value", "digits", "code"),
    [("01", 2, "01"), (1, 2, "01"), (282, 3, "282"), (688, 5, "00688"), (10441.0, 5, "10441")],
)
def test_codes(value, digits, code):
    assert cells.code(value, digits=digits, label="xã") == code


@pytest.mark.parametrize(
    ("value", "message"),
    [("1", "đúng 2 chữ số"), ("0A", "chỉ gồm chữ số"), ("", "thiếu mã"), (123, "đúng 2 chữ số")],
)
def test_bad_codes(value, message):
    with pytest.raises(ValueError, match=message):
        cells.code(value, digits=2, label="tỉnh")


def test_dates_levels_and_flags():
    assert cells.parse_date("01/07/2025") == date(2025, 7, 1)
    assert cells.parse_date("2025-07-01") == date(2025, 7, 1)
    assert cells.parse_date(datetime(2025, 7, 1)) == date(2025, 7, 1)
    assert cells.level("Cấp xã") == "commune" and cells.level("tỉnh") == "province"
    assert cells.commune_kind("Thị trấn") == "thị trấn" and cells.commune_kind("ĐẶC KHU")
    assert cells.online_level("Toàn trình") == "full" and cells.online_level("") == "none"
    assert cells.yes_no("Có", label="liên thông") is True
    with pytest.raises(ValueError, match="Có hoặc Không"):
        cells.yes_no("x", label="liên thông")


def test_papers_split_by_lines_or_semicolons():
    expected = (
        PaperSpec("Tờ khai", "original", 1),
        PaperSpec("Giấy chứng sinh; hoặc văn bản thay thế", "copy", 2, optional=True),
    )
    assert cells.papers("Tờ khai | Bản chính\r\nGiấy chứng sinh; hoặc văn bản thay thế | "
                        "Bản sao | 2 | Không bắt buộc") == expected  # fmt: skip
    assert cells.papers("A | Bản sao có chứng thực | 1; B | Bản chính | 3") == (
        PaperSpec("A", "certified_copy", 1),
        PaperSpec("B", "original", 3),
    )
    assert cells.papers(None) == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Tờ khai", "phải có dạng"),
        ("Tờ khai | Bản photo", "loại bản"),
        ("Tờ khai | Bản chính | 0", "số nguyên dương"),
        ("Tờ khai | Bản chính | 1 | có lẽ", "Không bắt buộc"),
    ],
)
def test_bad_papers(text, message):
    with pytest.raises(ValueError, match=message):
        cells.papers(text)
