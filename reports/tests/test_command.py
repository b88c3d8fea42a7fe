"""python manage.py tthc_report: JSON shape and content, CSV, Excel and PDF, errors."""

import csv
import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from catalog.models import Level
from catalog.tests.factories import FieldFactory, ProcedureVersionFactory, UnitFactory
from dossiers.models import Channel, Outcome
from reports.definitions import KEYS
from reports.engine import report
from reports.tests.helpers import at, dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    """Huyện Mỹ Đức with two communes; 10441 is reused by a merged commune from 10/3/2018."""
    province = UnitFactory(code="01", name="Thành phố Hà Nội", level=Level.PROVINCE, agency_id="")
    district = UnitFactory(
        code="282", name="Huyện Mỹ Đức", level=Level.DISTRICT, parent=province, agency_id=""
    )
    old = UnitFactory(
        code="10441", name="Thị trấn Đại Nghĩa", parent=district, valid_to=date(2018, 3, 10)
    )
    new = UnitFactory(
        code="10441", name="Thị trấn Mới", parent=district, valid_from=date(2018, 3, 10)
    )
    other = UnitFactory(code="10444", name="Xã Đồng Tâm", parent=district)
    civil = FieldFactory(code="HOTICH", name="Hộ tịch")
    certify = FieldFactory(code="CHUNGTHUC", name="Chứng thực")
    birth = ProcedureVersionFactory(field=civil, name="Đăng ký khai sinh")
    copy = ProcedureVersionFactory(field=certify, name="Chứng thực bản sao")
    adopt = ProcedureVersionFactory(field=civil, level=Level.DISTRICT, name="Nuôi con nuôi")

    def make(unit, version, received, due, done=None, outcome="", channel=Channel.DIRECT):
        dossier(
            unit=unit,
            procedure_version=version,
            channel=channel,
            received_at=received,
            due_at=due,
            finished_at=done,
            outcome=outcome,
        )

    # Carried over from before 1/3, resolved early on 2/3.
    make(old, birth, at(2018, 2, 27, 9), at(2018, 3, 5, 17), at(2018, 3, 2, 9), Outcome.RESOLVED)
    # New, online, late.
    make(
        old,
        copy,
        at(2018, 3, 5, 9),
        at(2018, 3, 5, 17),
        at(2018, 3, 6, 9),
        Outcome.RESOLVED,
        Channel.ONLINE,
    )
    # At the merged commune: postal, pending, overdue at the end of March.
    make(new, birth, at(2018, 3, 12, 9), at(2018, 3, 15, 17), channel=Channel.POSTAL)
    # At the other commune: a district-level procedure, withdrawn; and one pending in time.
    make(other, adopt, at(2018, 3, 1), at(2018, 3, 20, 17), at(2018, 3, 7, 8), Outcome.WITHDRAWN)
    make(other, copy, at(2018, 3, 30, 9), at(2018, 4, 3, 17))
    return {"old": old, "new": new, "other": other}


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("tthc_report", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


MARCH = ("--from", "2018-03-01", "--to", "2018-03-31")


def test_json_shape_and_content(district):
    text = run(*MARCH, "--format", "json")
    assert "\\u" not in text and "Thị trấn Đại Nghĩa" in text
    data = json.loads(text)
    assert list(data) == ["from", "to", "as_of", "group_by", "rows", "total"]
    assert (data["from"], data["to"], data["group_by"]) == ("2018-03-01", "2018-03-31", "unit")
    assert data["as_of"] == "2018-04-01T00:00:00+07:00"
    assert list(data["total"]) == list(KEYS)
    for row in data["rows"]:
        assert list(row) == ["key", "name", *KEYS]
    # Two units share the code 10441 (a merger): two rows, same key, in valid_from order,
    # the ended one named with its last day.
    assert [(r["key"], r["name"]) for r in data["rows"]] == [
        ("10441", "Thị trấn Đại Nghĩa (đến 09/03/2018)"),
        ("10441", "Thị trấn Mới"),
        ("10444", "Xã Đồng Tâm"),
    ]
    old, new, other = data["rows"]
    assert (old["received_carried_over"], old["received_new"], old["received_online"]) == (1, 1, 1)
    assert (old["resolved_early"], old["resolved_late"], old["pending_total"]) == (1, 1, 0)
    assert (new["received_postal"], new["pending_overdue"]) == (1, 1)
    assert (other["resolved_withdrawn"], other["resolved_on_time"]) == (1, 1)
    assert other["pending_within_time"] == 1
    assert data["total"] == {
        "received_total": 5,
        "received_carried_over": 1,
        "received_new": 4,
        "received_online": 1,
        "received_direct": 2,
        "received_postal": 1,
        "resolved_total": 3,
        "resolved_early": 1,
        "resolved_on_time": 1,
        "resolved_late": 1,
        "resolved_refused": 0,
        "resolved_withdrawn": 1,
        "pending_total": 2,
        "pending_within_time": 1,
        "pending_overdue": 1,
    }


@pytest.mark.parametrize(
    ("group_by", "keys"),
    [
        ("field", ["CHUNGTHUC", "HOTICH"]),
        ("level", ["district", "commune"]),
        ("month", ["2018-02", "2018-03"]),
    ],
)
def test_json_grouped(district, group_by, keys):
    data = json.loads(
        run(
            "--from", "2018-02-20", "--to", "2018-03-31", "--group-by", group_by, "--format", "json"
        )
    )
    assert [row["key"] for row in data["rows"]] == keys


def test_json_by_procedure_uses_procedure_codes(district):
    data = json.loads(run(*MARCH, "--group-by", "procedure", "--format", "json"))
    assert all(row["key"].startswith("9.") for row in data["rows"])
    assert len(data["rows"]) == 3


def test_unit_filter_as_of_and_source(district):
    args = (*MARCH, "--unit", "10444", "--as-of", "2018-03-10T12:00", "--format", "json")
    data = json.loads(run(*args))
    assert data["as_of"] == "2018-03-10T12:00:00+07:00"
    assert [row["key"] for row in data["rows"]] == ["10444"]
    assert data["total"]["received_total"] == 2
    assert json.loads(run(*args, "--source", "direct")) == data
    # A district's code covers its communes.
    assert (
        json.loads(run(*MARCH, "--unit", "282", "--format", "json"))["total"]["received_total"] == 5
    )


def test_csv(district, tmp_path):
    text = run(*MARCH, "--format", "csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["key", "name", *KEYS]
    assert rows[-1][:3] == ["total", "Tổng cộng", "5"]
    assert len(rows) == 5
    target = tmp_path / "bao-cao.csv"
    run(*MARCH, "--format", "csv", "--output", str(target))
    assert target.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "2018-13-01", "--to", "2018-03-31"), "--from: ngày «2018-13-01» không hợp lệ"),
        (("--from", "01/03/2018", "--to", "2018-03-31"), "cần dạng YYYY-MM-DD"),
        (("--from", "2018-04-01", "--to", "2018-03-31"), "Ngày bắt đầu 01/04/2018 sau ngày"),
        ((*MARCH, "--unit", "99999"), "Không có đơn vị hành chính mã «99999»"),
        ((*MARCH, "--as-of", "hôm qua"), "--as-of: thời điểm «hôm qua» không hợp lệ"),
    ],
)
def test_errors_in_vietnamese(district, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args, "--format", "json")


@pytest.mark.parametrize("kind", ["xlsx", "pdf"])
def test_xlsx_and_pdf_need_an_output_file(district, kind):
    with pytest.raises(CommandError, match=f"Định dạng {kind} cần --output"):
        run(*MARCH, "--format", kind)
    with pytest.raises(CommandError, match="luôn nhóm theo cấp và lĩnh vực"):
        run(*MARCH, "--format", kind, "--group-by", "unit", "--output", "x")


QUARTER = ("--from", "2017-12-15", "--to", "2018-03-14")


def test_xlsx_in_the_ii06a_layout(district, tmp_path):
    target = tmp_path / "ii06a.xlsx"
    run(*QUARTER, "--format", "xlsx", "--output", str(target), "--receiving-unit", "UBND TP")
    ws = load_workbook(target).active
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A7:A9", "B7:B9", "C7:F7", "G7:J7", "K7:M7", "C8:C9", "D8:F8", "G8:G9"} <= merged
    assert ws["A1"].value == "Biểu số II.06a/VPCP/KSTT"
    assert ws["K1"].value == "Đơn vị báo cáo: Huyện Mỹ Đức"
    assert ws["K2"].value == "Đơn vị nhận báo cáo: UBND TP"
    assert ws["A3"].value == "Kỳ báo cáo: từ ngày 15/12/2017 đến ngày 14/03/2018"
    assert ws["K5"].value == "Đơn vị tính: Số hồ sơ TTHC"
    assert [ws.cell(row=8, column=c).value for c in (3, 4, 7)] == ["Tổng số", "Trong đó", "Tổng số"]
    assert [ws.cell(row=9, column=c).value for c in (4, 5, 6)] == [
        "Trực tuyến",
        "Trực tiếp, dịch vụ bưu chính",
        "Từ kỳ trước",
    ]
    assert [ws.cell(row=10, column=c).value for c in range(1, 14)] == list(range(1, 14))
    lines = [
        [ws.cell(row=r, column=c).value for c in range(1, 14)] for r in range(11, ws.max_row + 1)
    ]
    labels = [(line[0], line[1]) for line in lines]
    assert labels == [
        ("I", "Cấp huyện"),
        ("1", "Hộ tịch"),
        ("II", "Cấp xã"),
        ("1", "Chứng thực"),
        ("2", "Hộ tịch"),
        (None, "Tổng cộng"),  # an empty TT cell reads back as None
    ]
    total = report(date_from=date(2017, 12, 15), date_to=date(2018, 3, 14)).total
    assert lines[-1][2:] == [
        total.received_total,
        total.received_online,
        total.received_direct + total.received_postal,
        total.received_carried_over,
        total.resolved_total,
        total.resolved_early,
        total.resolved_on_time,
        total.resolved_late,
        total.pending_total,
        total.pending_within_time,
        total.pending_overdue,
    ]
    # Received 12/3, due 15/3 17:00: pending and still within time at the end of 14/3.
    assert lines[-1][2:] == [4, 1, 3, 0, 3, 1, 1, 1, 1, 1, 0]
    # Section rows are the sums of their field rows; column 3 = 4 + 5 + 6 = 7 + 11.
    assert lines[2][2:] == [a + b for a, b in zip(lines[3][2:], lines[4][2:], strict=True)]
    for line in lines:
        values = line[2:]
        assert values[0] == values[1] + values[2] + values[3] == values[4] + values[8]


def test_pdf_in_the_ii06a_layout(district, tmp_path):
    target = tmp_path / "ii06a.pdf"
    run(*QUARTER, "--format", "pdf", "--output", str(target))
    reader = PdfReader(target)
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Biểu số II.06a/VPCP/KSTT" in text
    assert "từ ngày 15/12/2017 đến ngày 14/03/2018" in text
    assert "Đơn vị báo cáo: Huyện Mỹ Đức" in text
    assert "Đơn vị nhận báo cáo: Thành phố Hà Nội" in text
    assert "Tổng cộng 4 1 3 0 3 1 1 1 1 1 0" in " ".join(text.split())


def test_standard_output_is_utf8_bytes_whatever_the_locale(district, capsysbinary):
    call_command("tthc_report", *MARCH, "--format", "csv")
    out = capsysbinary.readouterr().out
    assert out.startswith(b"key,name,received_total,")
    assert "Thị trấn Đại Nghĩa".encode() in out
