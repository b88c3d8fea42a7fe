import io
from datetime import date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.tests.factories import UnitFactory
from documents import services
from documents.book import COLUMNS, HEADER_ROW, book_period, book_rows
from documents.errors import DocumentError
from documents.tests.conftest import Desk, at
from documents.tests.pdf import A4_LANDSCAPE, assert_pages, assert_serif_fonts, pdf_text
from dossiers.tests.factories import received_dossier

pytestmark = pytest.mark.django_db

# A period across the new year: the book (Quyển số) changes with the year.
FROM, TO = date(2025, 12, 25), date(2026, 1, 31)


@pytest.fixture
def across_new_year(desk: Desk):
    before = desk.receive(at(2025, 12, 20, 9, 0), name="Trước Kỳ")  # in the 2025 book, not shown
    shown = [
        desk.receive(at(2025, 12, 29, 8, 30), name="Lê Văn Tám"),
        desk.receive(at(2025, 12, 31, 16, 30), name="Ngô Thị Chín"),
        desk.receive(at(2026, 1, 5, 9, 0), name="Đỗ Văn Mười"),
        desk.receive(at(2026, 1, 31, 16, 59), name="Trịnh Thị Mười Một"),
    ]
    desk.receive(at(2026, 2, 1, 9, 0), name="Sau Kỳ")  # the day after the period
    with time_machine.travel(at(2026, 1, 6, 9, 0), tick=False):
        received_dossier()  # another unit
    return before, shown


def test_rows_are_numbered_continuously_per_unit_and_year(desk: Desk, across_new_year):
    _, shown = across_new_year
    rows = list(book_rows(book_period(unit=desk.unit, date_from=FROM, date_to=TO)))
    assert [r.code for r in rows] == [d.code for d in shown]
    assert [r.number for r in rows] == [2, 3, 1, 2]  # 2025 book continues; 2026 restarts
    assert rows[0].applicant == "Lê Văn Tám"
    assert rows[0].lead_agency == "UBND xã Đồng Tâm"
    assert rows[0].address_phone == "Thôn Đồng Tâm, xã Đồng Tâm, Mỹ Đức; 0912345678"


def test_book_xlsx(desk: Desk, across_new_year):
    _, shown = across_new_year
    data = services.dossier_book_xlsx(unit=desk.unit, date_from=FROM, date_to=TO)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "UBND XÃ ĐỒNG TÂM"
    assert values[1][0] == "SỔ THEO DÕI HỒ SƠ"
    assert values[2][0] == "Quyển số: 2025–2026"
    assert values[3][0] == "Từ ngày 25/12/2025 đến ngày 31/01/2026"
    assert values[HEADER_ROW - 1] == COLUMNS
    assert len(COLUMNS) == 13
    assert values[HEADER_ROW][12] == "(13)"
    body = values[HEADER_ROW + 1 :]
    assert [row[0] for row in body] == [2, 3, 1, 2]
    assert [row[1] for row in body] == [d.code for d in shown]
    assert [row[4] for row in body] == [d.applicant_name for d in shown]
    assert {row[2] for row in body} == {"Cấp bản sao trích lục hộ tịch"}
    assert {row[3] for row in body} == {1}
    # Times are Vietnam wall-clock times, as real Excel dates.
    assert body[1][7] == datetime(2025, 12, 31, 16, 30)
    assert isinstance(body[1][8], datetime)
    assert body[1][8] == shown[1].due_at.astimezone(at(2026, 1, 1).tzinfo).replace(tzinfo=None)


def test_book_pdf(desk: Desk, across_new_year, finished, refused, awaiting_supplement):
    pdf = services.dossier_book_pdf(unit=desk.unit, date_from=FROM, date_to=date(2026, 3, 31))
    assert_pages(pdf, A4_LANDSCAPE)
    assert_serif_fonts(pdf)
    text = pdf_text(pdf)
    for expected in [
        "UBND XÃ ĐỒNG TÂM",
        "SỔ THEO DÕI HỒ SƠ",
        "Quyển số: 2025–2026",
        "Từ ngày 25/12/2025 đến ngày 31/03/2026",
        "Tên thủ tục hành chính",
        "Cơ quan chủ trì giải quyết",
        "Chuyển hồ sơ đến cơ quan giải quyết",
        "Nhận kết quả từ cơ quan giải quyết",
        "(13)",
        "Chi cục Thuế khu vực Mỹ Đức",
        "Hẹn lại: 16:00 06/03/2026",
        "Quá hạn",
        "Chờ bổ sung hồ sơ",
        "Từ chối: Người yêu cầu không có quyền",
        "Trang 1/1",
    ]:
        assert expected in text, expected
    assert "Sau Kỳ" in text and "Trước Kỳ" not in text
    assert finished.code in text  # on one line, so a PDF viewer finds it


def test_book_queries_do_not_grow_with_the_rows(desk: Desk):
    def queries(count: int) -> int:
        unit = UnitFactory(name="Thị trấn Đại Nghĩa", kind="thị trấn")
        actor = officer(unit, Role.RECEPTION)
        with time_machine.travel(at(2026, 3, 3, 9, 0), tick=False):
            for minute in range(count):
                received_dossier(unit=unit, actor=actor, received_at=at(2026, 3, 2, 9, minute))
        period = book_period(unit=unit, date_from=date(2026, 3, 1), date_to=date(2026, 3, 31))
        with CaptureQueriesContext(connection) as captured:
            assert len(list(book_rows(period))) == count
        return len(captured)

    assert queries(2) == queries(12)


def test_book_of_an_empty_period(desk: Desk):
    text = pdf_text(
        services.dossier_book_pdf(unit=desk.unit, date_from=FROM, date_to=date(2026, 1, 1))
    )
    assert "Không có hồ sơ nào trong kỳ." in text


def test_book_period_must_be_ordered(desk: Desk):
    with pytest.raises(ValueError, match="Ngày bắt đầu"):
        services.dossier_book_xlsx(unit=desk.unit, date_from=TO, date_to=FROM)


def test_book_pdf_refuses_too_many_lines(desk: Desk, across_new_year, monkeypatch):
    monkeypatch.setattr(services, "MAX_PDF_ROWS", 3)
    with pytest.raises(DocumentError, match="có 4 hồ sơ, quá 3 dòng"):
        services.dossier_book_pdf(unit=desk.unit, date_from=FROM, date_to=TO)
    assert services.dossier_book_xlsx(unit=desk.unit, date_from=FROM, date_to=TO)
