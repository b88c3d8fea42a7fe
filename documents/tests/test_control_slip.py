import pytest
import time_machine

from documents import services
from documents.history import dossier_events, hand_overs
from documents.tests.conftest import Desk, at
from documents.tests.pdf import A5, assert_pages, assert_serif_fonts, pdf_text
from documents.timing import Timeliness
from dossiers import services as dossier_services
from dossiers.tests.factories import DossierFactory, image_bytes

pytestmark = pytest.mark.django_db

DESK = "Bộ phận tiếp nhận và trả kết quả"
LEADER = "Lãnh đạo UBND xã Đồng Tâm"
TAX = "Chi cục Thuế khu vực Mỹ Đức"


def test_one_row_per_hand_over_with_people_and_results(finished):
    rows = hand_overs(finished, dossier_events(finished))
    assert [(r.giver_place, r.receiver_place) for r in rows] == [
        ("Cá nhân, tổ chức", DESK),  # receipt
        (DESK, "Công chức chuyên môn"),  # assignment
        ("Công chức chuyên môn", TAX),  # liên thông
        (TAX, "Công chức chuyên môn"),  # back from liên thông
        ("Công chức chuyên môn", LEADER),  # submitted for approval
        (LEADER, DESK),  # approved: the result goes to the desk
        (DESK, "Cá nhân, tổ chức"),  # returned to the citizen
    ]  # the apology is not a hand-over
    assert [(r.giver, r.receiver) for r in rows] == [
        ("Trần Thị Bình", "Lê Thị Hoa"),
        ("Lê Thị Hoa", "Phạm Văn Minh"),
        ("Phạm Văn Minh", TAX),
        (TAX, "Phạm Văn Minh"),
        ("Phạm Văn Minh", "Nguyễn Văn Hùng"),  # whoever took the next step received it
        ("Nguyễn Văn Hùng", "Lê Thị Hoa"),
        ("Lê Thị Hoa", "Trần Thị Bình"),
    ]
    assert [r.result for r in rows] == [
        None,
        None,
        None,
        Timeliness.EARLY,  # back on 3/3, the tax office's deadline was 4/3 17:00
        None,
        Timeliness.LATE,  # approved 6/3, due 5/3 09:00 (the apology does not move it)
        None,
    ]
    assert rows[0].at == at(2026, 3, 2, 9, 0)
    assert "Thời hạn: 17:00 04/03/2026" in rows[2].note
    assert "Xác định nghĩa vụ tài chính" in rows[2].note


def test_control_slip_pdf(finished):
    pdf = services.control_slip_pdf(dossier=finished)
    assert_pages(pdf, A5)
    assert_serif_fonts(pdf)
    text = pdf_text(pdf)
    for expected in [
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        f"Mã hồ sơ: {finished.code}",
        "Người nộp hồ sơ: Trần Thị Bình",
        "Cơ quan (bộ phận) giải quyết hồ sơ: Ủy ban nhân dân xã Đồng Tâm",
        f"Cơ quan phối hợp giải quyết hồ sơ: {TAX}",
        "Thời gian hẹn trả kết quả: 09 giờ 00 phút, ngày 05/03/2026",
        "hẹn lại: 16:00 06/03/2026",
        "TÊN CƠ QUAN",
        "THỜI GIAN GIAO, NHẬN HỒ SƠ",
        "KẾT QUẢ GIẢI QUYẾT HỒ SƠ",
        "09 giờ 00 phút, ngày 02/03/2026",
        "14 giờ 00 phút, ngày 02/03/2026",
        "16 giờ 00 phút, ngày 03/03/2026",
        "10 giờ 00 phút, ngày 06/03/2026",
        "15 giờ 00 phút, ngày 06/03/2026",
        "Trước hạn",
        "Quá hạn",
        "Người giao",
        "Người nhận",
        "Phạm Văn Minh",
        "Nguyễn Văn Hùng",
    ]:
        assert expected in text, expected


def test_resubmission_restarts_the_due_time_the_steps_are_judged_by(desk: Desk):
    d = desk.receive(at(2026, 3, 2, 9, 0))  # due Thu 5/3 09:00
    d = desk.assign(d, at(2026, 3, 2, 10, 0))
    with time_machine.travel(at(2026, 3, 2, 11, 0), tick=False):
        d = dossier_services.dossier_request_supplement(
            actor=desk.specialist, dossier=d, missing_papers=["Tờ khai"], reason="Thiếu chữ ký"
        )
    with time_machine.travel(at(2026, 3, 9, 9, 0), tick=False):  # back a week later
        d = dossier_services.dossier_resubmit(actor=desk.reception, dossier=d)
    with time_machine.travel(at(2026, 3, 10, 9, 0), tick=False):
        d = dossier_services.dossier_submit_for_approval(actor=desk.specialist, dossier=d)
    with time_machine.travel(at(2026, 3, 12, 9, 0), tick=False):  # new due Thu 12/3 09:00
        d = dossier_services.dossier_approve(actor=desk.approver, dossier=d, result="Bản sao")
    rows = hand_overs(d, dossier_events(d))
    assert rows[2].receiver_place == "Cá nhân, tổ chức"  # asked to supplement
    assert rows[2].receiver == "Trần Thị Bình"
    assert "Tờ khai" in rows[2].note and "Thiếu chữ ký" in rows[2].note
    assert rows[3].giver == "Trần Thị Bình" and rows[3].receiver == "Lê Thị Hoa"
    assert "Hạn mới: 09:00 12/03/2026" in rows[3].note
    # After the original due time, but within the restarted one: not late.
    assert rows[4].result is None
    assert rows[5].result is Timeliness.ON_TIME


def test_a_step_after_the_due_time_is_late(desk: Desk):
    d = desk.receive(at(2026, 3, 2, 9, 0))
    d = desk.assign(d, at(2026, 3, 2, 10, 0))
    with time_machine.travel(at(2026, 3, 6, 9, 0), tick=False):
        d = dossier_services.dossier_submit_for_approval(actor=desk.specialist, dossier=d)
    with time_machine.travel(at(2026, 3, 6, 10, 0), tick=False):
        d = dossier_services.dossier_send_back(actor=desk.approver, dossier=d, note="Sửa lại")
    rows = hand_overs(d, dossier_events(d))
    assert rows[2].result is Timeliness.LATE
    assert (rows[3].giver, rows[3].receiver) == ("Nguyễn Văn Hùng", "Phạm Văn Minh")
    assert rows[3].receiver_place == "Công chức chuyên môn"


def test_a_dossier_without_history_still_has_its_forms(desk: Desk):
    """Imported dossiers may come without events: the forms leave the unknowns blank."""
    dossier = DossierFactory(
        unit=desk.unit,
        procedure_version=desk.version,
        applicant_name="Lý Thị Mai",
        received_at=at(2024, 5, 6, 8, 0),
    )
    assert hand_overs(dossier, dossier_events(dossier)) == []
    slip = pdf_text(services.control_slip_pdf(dossier=dossier))
    assert "Người nộp hồ sơ: Lý Thị Mai" in slip
    receipt = pdf_text(services.receipt_pdf(dossier=dossier, lookup_url="http://x"))
    assert "08 giờ 00 phút, ngày 06/05/2024" in receipt
    assert "Quyển số: 2024 Số thứ tự: 1" in receipt


def test_notes_and_scans_are_not_hand_overs(desk: Desk):
    """A scan or an internal note leaves the dossier in the same hands: no row of its own
    (it had none to name as receiver), and the receiver of the step before is still whoever
    took the next real step."""
    d = desk.receive(at(2026, 3, 2, 9, 0))
    with time_machine.travel(at(2026, 3, 2, 9, 5), tick=False):
        dossier_services.dossier_attachment_add(
            actor=desk.reception, dossier=d, name="to-khai.png", content=image_bytes("PNG")
        )
    d = desk.assign(d, at(2026, 3, 2, 10, 0))
    with time_machine.travel(at(2026, 3, 2, 11, 0), tick=False):
        d = dossier_services.dossier_note_add(actor=desk.specialist, dossier=d, text="Đã gọi")
    with time_machine.travel(at(2026, 3, 3, 9, 0), tick=False):
        d = dossier_services.dossier_submit_for_approval(actor=desk.specialist, dossier=d)
    with time_machine.travel(at(2026, 3, 3, 9, 30), tick=False):  # the last event: a scan
        dossier_services.dossier_attachment_add(
            actor=desk.reception, dossier=d, name="ban-quet.png", content=image_bytes("PNG")
        )
    rows = hand_overs(d, dossier_events(d))
    assert [(r.giver, r.receiver) for r in rows] == [
        ("Trần Thị Bình", "Lê Thị Hoa"),  # received
        ("Lê Thị Hoa", "Phạm Văn Minh"),  # assigned
        ("Phạm Văn Minh", ""),  # submitted: the leader has not acted yet, the desk's scan
    ]  # does not make the desk its receiver
    slip = pdf_text(services.control_slip_pdf(dossier=d))
    assert "Đính kèm bản quét" not in slip and "Đã gọi" not in slip
