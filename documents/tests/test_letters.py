"""Mẫu 02, 03 and 04: for a dossier in the system and, for 02 and 03, at the counter."""

import pytest

from documents import services
from documents.errors import DocumentError
from documents.tests.conftest import MISSING, REFUSAL_REASON, SUPPLEMENT_REASON, Desk, at
from documents.tests.pdf import A5, assert_pages, assert_serif_fonts, pdf_text, reader

pytestmark = pytest.mark.django_db


def test_supplement_request_reads_the_request_from_history(awaiting_supplement):
    pdf = services.supplement_request_pdf(dossier=awaiting_supplement)
    assert_pages(pdf, A5)
    assert len(reader(pdf).pages) == 1
    assert_serif_fonts(pdf)
    text = pdf_text(pdf)
    for expected in [
        "UBND XÃ ĐỒNG TÂM",
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        f"Mã hồ sơ: {awaiting_supplement.code}",
        "Đồng Tâm, ngày 02 tháng 3 năm 2026",
        "tiếp nhận hồ sơ của: Ông/Bà Hoàng Đức Thắng",
        "Nội dung yêu cầu giải quyết: Cấp bản sao trích lục hộ tịch",
        MISSING[0],
        MISSING[1],
        f"Lý do: {SUPPLEMENT_REASON}.",
        "liên hệ với công chức Phạm Văn Minh",
        "NGƯỜI HƯỚNG DẪN",
    ]:
        assert expected in text, expected
    assert text.index(MISSING[0]) < text.index(MISSING[1])


def test_supplement_request_arguments_override_the_history(awaiting_supplement):
    text = pdf_text(
        services.supplement_request_pdf(
            dossier=awaiting_supplement,
            missing_papers=["Sơ đồ vị trí thửa đất"],
            reason="Bản vẽ không rõ",
        )
    )
    assert "Sơ đồ vị trí thửa đất" in text
    assert "Lý do: Bản vẽ không rõ." in text
    assert MISSING[0] not in text


def test_supplement_request_needs_a_request(desk: Desk):
    dossier = desk.receive(at(2026, 3, 2, 9, 0))
    with pytest.raises(DocumentError, match="chưa có yêu cầu bổ sung"):
        services.supplement_request_pdf(dossier=dossier)


def test_supplement_request_at_the_counter_has_no_code(desk: Desk):
    pdf = services.counter_supplement_request_pdf(
        unit=desk.unit,
        procedure_version=desk.version,
        applicant_name="Đặng Quốc Việt",
        applicant_address="Xóm Chùa, xã Đồng Tâm",
        applicant_phone="0987654321",
        applicant_email="",
        missing_papers=["Tờ khai có xác nhận của trưởng thôn"],
        reason="Tờ khai chưa có xác nhận",
        officer_name="Lê Thị Hoa",
        at=at(2026, 3, 9, 8, 15),
    )
    assert_pages(pdf, A5)
    text = pdf_text(pdf)
    for expected in [
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "Đồng Tâm, ngày 09 tháng 3 năm 2026",
        "Ông/Bà Đặng Quốc Việt",
        "Địa chỉ: Xóm Chùa, xã Đồng Tâm",
        "Số điện thoại: 0987654321",
        "Tờ khai có xác nhận của trưởng thôn",
        "Lý do: Tờ khai chưa có xác nhận.",
        "Lê Thị Hoa",
    ]:
        assert expected in text, expected
    assert "Mã hồ sơ" not in text


def test_refusal_of_a_refused_dossier(refused):
    pdf = services.refusal_pdf(dossier=refused)
    assert_pages(pdf, A5)
    assert len(reader(pdf).pages) == 1
    text = pdf_text(pdf)
    for expected in [
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        f"Mã hồ sơ: {refused.code}",
        "Đồng Tâm, ngày 03 tháng 3 năm 2026",  # the day it was refused
        "Ông/Bà Vũ Thị Ngọc Ánh",
        "Cấp bản sao trích lục hộ tịch",
        "thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:",
        REFUSAL_REASON,
        "Xin thông báo cho Ông/Bà được biết và thực hiện./.",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "Lê Thị Hoa",
    ]:
        assert expected in text, expected
    assert "NGƯỜI NỘP HỒ SƠ" not in text


def test_refusal_needs_a_refused_dossier(awaiting_supplement):
    with pytest.raises(DocumentError, match="không bị từ chối"):
        services.refusal_pdf(dossier=awaiting_supplement)


def test_refusal_at_the_counter_is_signed_by_both(desk: Desk):
    text = pdf_text(
        services.counter_refusal_pdf(
            unit=desk.unit,
            procedure_version=desk.version,
            applicant_name="Bùi Thị Lụa",
            applicant_address="",
            applicant_phone="",
            applicant_email="",
            reason="Yêu cầu không thuộc thẩm quyền giải quyết của Ủy ban nhân dân xã",
            officer_name="Lê Thị Hoa",
            at=at(2026, 1, 15, 16, 40),
        )
    )
    for expected in [
        "Đồng Tâm, ngày 15 tháng 01 năm 2026",
        "Ông/Bà Bùi Thị Lụa",
        "Yêu cầu không thuộc thẩm quyền giải quyết của Ủy ban nhân dân xã.",
        "NGƯỜI NỘP HỒ SƠ",
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
    ]:
        assert expected in text, expected
    assert "Mã hồ sơ" not in text


def test_apology_from_the_apologise_event(finished):
    pdf = services.apology_pdf(dossier=finished)
    assert_pages(pdf, A5)
    assert len(reader(pdf).pages) == 1
    text = pdf_text(pdf)
    for expected in [
        "ỦY BAN NHÂN DÂN XÃ ĐỒNG TÂM",
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        "Đồng Tâm, ngày 03 tháng 3 năm 2026",  # the day of the apology
        "Kính gửi: Ông/Bà Trần Thị Bình",
        "Ngày 02 tháng 3 năm 2026, Ủy ban nhân dân xã Đồng Tâm tiếp nhận giải quyết hồ sơ",
        "Cấp bản sao trích lục hộ tịch",
        f"Mã hồ sơ: {finished.code}",
        "Thời gian hẹn trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 05/03/2026",
        "Lý do: Cần xác minh thêm thông tin tại cơ quan thuế.",
        "vào ngày 06 tháng 3 năm 2026 (16 giờ 00 phút, ngày 06/03/2026)",
        "Mong nhận được sự cảm thông của Ông/Bà./.",
        "THỦ TRƯỞNG CƠ QUAN",
        "Nguyễn Văn Hùng",  # the approver who recorded the apology
    ]:
        assert expected in text, expected


def test_apology_needs_an_apology(refused):
    with pytest.raises(DocumentError, match="chưa có phiếu xin lỗi"):
        services.apology_pdf(dossier=refused)
