"""The register services: who may write, what each write records, links and replies."""

import unicodedata
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.models import Level
from catalog.tests.factories import UnitFactory
from dossiers.tests.factories import received_dossier
from registry import services
from registry.doctypes import DocumentType
from registry.errors import ActionNotAllowed, InvalidRegistryInput
from registry.models import (
    LETTER_CORRECTABLE,
    IncomingLetter,
    LetterStatus,
    OutgoingDocument,
    RegistryEvent,
)
from registry.selectors import last_event_id
from registry.tests.factories import incoming_letter, outgoing_document

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    district = UnitFactory(level=Level.DISTRICT, agency_id="")
    unit = UnitFactory(parent=district)
    return {
        "unit": unit,
        "clerk": officer(unit, Role.RECEPTION, username="vanthu"),
        "specialist": officer(unit, Role.SPECIALIST, username="chuyenvien"),
        "leader": officer(unit, Role.APPROVER, username="lanhdao"),
        "admin": officer(unit, Role.UNIT_ADMIN, username="quantri"),
        "overseer": officer(district, Role.OVERSEER, username="theodoi"),
        "supervisor": officer(district, Role.SUPERVISOR, username="giamsat"),
        "reader_here": officer(unit, Role.OVERSEER, Role.SUPERVISOR, username="chixem"),
        "stranger": officer(UnitFactory(), Role.RECEPTION, Role.SPECIALIST, username="nguoingoai"),
    }


@pytest.mark.parametrize("who", ["clerk", "specialist", "leader", "admin"])
def test_every_officer_role_keeps_the_registers(desk, who):
    actor = desk[who]
    letter = incoming_letter(unit=desk["unit"], actor=actor)
    services.incoming_assign(actor=actor, letter=letter, handler=desk["specialist"])
    document = outgoing_document(unit=desk["unit"], actor=actor, reply_to=letter)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.HANDLED and document.reply_to == letter


@pytest.mark.parametrize("who", ["overseer", "supervisor", "reader_here", "stranger"])
def test_read_only_roles_and_other_units_cannot_write(desk, who):
    actor, unit = desk[who], desk["unit"]
    letter = incoming_letter(unit=unit, actor=desk["clerk"])
    document = outgoing_document(unit=unit, actor=desk["clerk"])
    dossier = received_dossier(unit=unit)
    writes = [
        lambda: incoming_letter(unit=unit, actor=actor),
        lambda: services.incoming_assign(actor=actor, letter=letter, handler=desk["specialist"]),
        lambda: services.incoming_handle(actor=actor, letter=letter),
        lambda: services.incoming_dossier_link(actor=actor, letter=letter, dossier=dossier),
        lambda: services.incoming_scan_add(actor=actor, letter=letter, name="a.pdf", content=PDF),
        lambda: outgoing_document(unit=unit, actor=actor),
        lambda: outgoing_document(unit=unit, actor=actor, reply_to=letter),
        lambda: services.outgoing_dossier_link(actor=actor, document=document, dossier=dossier),
        lambda: services.outgoing_scan_add(
            actor=actor, document=document, name="a.pdf", content=PDF
        ),
        lambda: services.incoming_correct(actor=actor, letter=letter, **corrected(letter)),
        lambda: services.outgoing_correct(
            actor=actor,
            document=document,
            summary="Sửa",
            signer=document.signer,
            recipients=document.recipients,
            seen_event_id=last_event_id(document),
            reason="Gõ nhầm",
        ),
    ]
    events = RegistryEvent.objects.count()
    for write in writes:
        with pytest.raises(ActionNotAllowed, match="không có vai trò"):
            write()
    assert RegistryEvent.objects.count() == events
    assert IncomingLetter.objects.count() == OutgoingDocument.objects.count() == 1
    letter.refresh_from_db()
    assert letter.status == LetterStatus.NEW and not letter.dossiers.exists()


PDF = b"%PDF-1.4\n%test scan\n"


def test_every_write_leaves_a_history_row_with_before_and_after(desk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    unit, clerk, specialist = desk["unit"], desk["clerk"], desk["specialist"]
    dossier = received_dossier(unit=unit)
    letter = incoming_letter(
        unit=unit, actor=clerk, received_at=datetime(2026, 3, 2, 9, tzinfo=VN), reply_days=3
    )
    services.incoming_assign(actor=clerk, letter=letter, handler=specialist, note="Xử lý gấp")
    services.incoming_dossier_link(actor=specialist, letter=letter, dossier=dossier)
    services.incoming_scan_add(actor=clerk, letter=letter, name="cong-van.pdf", content=PDF)
    reply = outgoing_document(unit=unit, actor=specialist, reply_to=letter, dossier=dossier)
    events = list(letter.events.all())
    assert [e.action for e in events] == ["register", "assign", "link_dossier", "attach", "answer"]
    register, assign, link, attach, answer = events
    assert register.actor == clerk and register.before == {}
    assert register.after["number"] == 1 and register.after["reply_due_at"].startswith(
        "2026-03-05T09:00:00+07:00"
    )
    assert assign.before == {"status": "new", "handler": None, "handled_at": None}
    assert assign.after == {"status": "assigned", "handler": "chuyenvien", "handled_at": None}
    assert assign.note == "Xử lý gấp"
    assert link.before == {"dossiers": []} and link.after == {"dossiers": [dossier.code]}
    assert attach.after["name"] == "cong-van.pdf"
    assert answer.actor == specialist and answer.before["status"] == "assigned"
    assert answer.after["status"] == "handled" and answer.after["reply"] == "01/UBND-VP"
    issued = reply.events.get()
    assert issued.action == "issue" and issued.after["symbol"] == "01/UBND-VP"
    assert issued.after["dossier_id"] == dossier.pk and issued.after["reply_to_id"] == letter.pk


def test_history_is_append_only(desk):
    letter = incoming_letter(unit=desk["unit"], actor=desk["clerk"])
    event = letter.events.get()
    event.note = "sửa"
    with pytest.raises(RuntimeError, match="append-only"):
        event.save()
    with pytest.raises(RuntimeError, match="append-only"):
        event.delete()


def test_a_handled_letter_is_not_assigned_or_handled_again(desk):
    clerk = desk["clerk"]
    letter = incoming_letter(unit=desk["unit"], actor=clerk)
    services.incoming_handle(actor=clerk, letter=letter, note="Lưu hồ sơ")
    with pytest.raises(ActionNotAllowed, match="đã xử lý xong"):
        services.incoming_assign(actor=clerk, letter=letter, handler=desk["specialist"])
    with pytest.raises(ActionNotAllowed, match="đã xử lý xong"):
        services.incoming_handle(actor=clerk, letter=letter)
    # A later reply is still recorded on the letter, which stays handled.
    outgoing_document(unit=desk["unit"], actor=clerk, reply_to=letter)
    assert letter.events.last().action == "answer"


def test_handlers_must_work_at_the_unit(desk):
    letter = incoming_letter(unit=desk["unit"], actor=desk["clerk"])
    for outsider in (desk["stranger"], desk["overseer"]):
        with pytest.raises(InvalidRegistryInput, match="không phải cán bộ của đơn vị"):
            services.incoming_assign(actor=desk["clerk"], letter=letter, handler=outsider)


def test_links_and_replies_stay_inside_the_unit(desk):
    unit, clerk = desk["unit"], desk["clerk"]
    elsewhere = received_dossier()
    letter = incoming_letter(unit=unit, actor=clerk)
    with pytest.raises(InvalidRegistryInput, match="không thuộc đơn vị"):
        services.incoming_dossier_link(actor=clerk, letter=letter, dossier=elsewhere)
    with pytest.raises(InvalidRegistryInput, match="không thuộc đơn vị"):
        outgoing_document(unit=unit, actor=clerk, dossier=elsewhere)
    other_letter = incoming_letter()
    with pytest.raises(InvalidRegistryInput, match="không thuộc đơn vị"):
        outgoing_document(unit=unit, actor=clerk, reply_to=other_letter)
    document = outgoing_document(unit=unit, actor=clerk)
    own = received_dossier(unit=unit)
    services.outgoing_dossier_link(actor=clerk, document=document, dossier=own)
    with pytest.raises(InvalidRegistryInput, match="kết quả của một hồ sơ khác"):
        services.outgoing_dossier_link(actor=clerk, document=document, dossier=own)
    assert not OutgoingDocument.objects.filter(reply_to=other_letter).exists()


def test_input_errors_are_vietnamese_and_write_nothing(desk):
    unit, clerk = desk["unit"], desk["clerk"]
    with pytest.raises(InvalidRegistryInput) as error:
        incoming_letter(unit=unit, actor=clerk, sender=" ", summary="")
    assert "Chưa nhập nơi gửi" in error.value.message
    assert "Chưa nhập trích yếu" in error.value.message
    with pytest.raises(InvalidRegistryInput, match="Nơi gửi chứa ký tự ẩn"):
        incoming_letter(unit=unit, actor=clerk, sender="UBND\u202e huyện")
    with pytest.raises(InvalidRegistryInput, match="Người ký chứa ký tự ẩn"):
        outgoing_document(unit=unit, actor=clerk, signer="Lê\u200b Văn A")
    future = datetime(2999, 1, 1, tzinfo=VN)
    with pytest.raises(InvalidRegistryInput, match="tương lai"):
        incoming_letter(unit=unit, actor=clerk, received_at=future)
    with pytest.raises(InvalidRegistryInput, match="người ký"):
        outgoing_document(unit=unit, actor=clerk, doc_type=DocumentType.THONG_BAO, signer="")
    assert not IncomingLetter.objects.exists() and not OutgoingDocument.objects.exists()
    assert not RegistryEvent.objects.exists()


def test_names_are_stored_composed(desk):
    typed = unicodedata.normalize("NFD", "Sở  Tư pháp ")
    letter = incoming_letter(unit=desk["unit"], actor=desk["clerk"], sender=typed)
    assert letter.sender == "Sở Tư pháp"  # NFC, single spaces


def test_scans_are_checked_by_content_and_size(desk, settings, tmp_path):
    settings.MEDIA_ROOT, settings.ATTACHMENT_MAX_BYTES = tmp_path, 100
    letter = incoming_letter(unit=desk["unit"], actor=desk["clerk"])
    scan = lambda content: services.incoming_scan_add(  # noqa: E731
        actor=desk["clerk"], letter=letter, name="x.pdf", content=content
    )
    with pytest.raises(InvalidRegistryInput, match="Chỉ nhận tệp PDF, JPEG hoặc PNG"):
        scan(b"<html>not a scan</html>")
    with pytest.raises(InvalidRegistryInput, match="Tệp quá lớn"):
        scan(PDF + b"\x00" * 200)
    stored = scan(PDF)
    assert stored.content_type == "application/pdf" and stored.file.read() == PDF
    assert str(tmp_path) in stored.file.path and stored.sha256 in stored.file.name


def corrected(letter: IncomingLetter, **changes: object) -> dict:
    """The correction form's values: the letter's as entered, with `changes`."""
    values = {name: getattr(letter, name) for name in LETTER_CORRECTABLE}
    seen = {"seen_event_id": last_event_id(letter)}  # the form shown now
    return {"reason": "Gõ nhầm khi vào sổ", **values, **seen, **changes}


def test_a_letter_is_corrected_with_its_reason_and_the_values_before_and_after(desk):
    letter = incoming_letter(
        unit=desk["unit"],
        actor=desk["clerk"],
        received_at=datetime(2026, 3, 2, 9, tzinfo=VN),
        original_date=datetime(2026, 2, 27).date(),
        reply_days=5,
    )
    entered = IncomingLetter.objects.get(pk=letter.pk)
    fixed = services.incoming_correct(
        actor=desk["specialist"],
        letter=letter,
        **corrected(
            letter,
            sender="  Sở Tài nguyên và Môi trường tỉnh Hà Nam ",
            original_date=datetime(2026, 2, 28).date(),
            doc_type=DocumentType.THONG_BAO,
        ),
    )
    fixed.refresh_from_db()
    assert fixed.sender == "Sở Tài nguyên và Môi trường tỉnh Hà Nam"
    assert fixed.doc_type == DocumentType.THONG_BAO
    # What the register set stays: the number, the arrival, the reply deadline.
    for name in ("number", "year", "received_at", "reply_days", "reply_due_at", "status"):
        assert getattr(fixed, name) == getattr(entered, name)
    assert "tai nguyen va moi truong" in fixed.search_folded  # found by its new sender
    event = fixed.events.get(action="correct")
    assert event.actor == desk["specialist"] and event.note == "Gõ nhầm khi vào sổ"
    assert event.before == {
        "sender": "Sở Xây dựng tỉnh Hà Nam",
        "original_date": "2026-02-27",
        "doc_type": DocumentType.CONG_VAN,
    }
    assert set(event.after) == set(event.before)  # only what changed
    assert event.corrections() == [
        ("nơi gửi", "Sở Xây dựng tỉnh Hà Nam", "Sở Tài nguyên và Môi trường tỉnh Hà Nam"),
        ("ngày văn bản", "27/02/2026", "28/02/2026"),
        ("loại văn bản", "Công văn", "Thông báo"),
    ]


def test_a_correction_without_reason_or_change_or_with_a_wrong_value_writes_nothing(desk):
    letter = incoming_letter(
        unit=desk["unit"], actor=desk["clerk"], received_at=datetime(2026, 3, 2, 9, tzinfo=VN)
    )
    events = RegistryEvent.objects.count()
    with pytest.raises(InvalidRegistryInput, match="Chưa nhập lý do sửa"):
        services.incoming_correct(
            actor=desk["clerk"], letter=letter, **corrected(letter, sender="Khác", reason=" ")
        )
    with pytest.raises(InvalidRegistryInput, match="Không có thông tin nào thay đổi"):
        services.incoming_correct(actor=desk["clerk"], letter=letter, **corrected(letter))
    late = datetime(2026, 3, 3).date()  # after the letter arrived
    with pytest.raises(InvalidRegistryInput, match="không được sau ngày văn bản đến") as refused:
        services.incoming_correct(
            actor=desk["clerk"], letter=letter, **corrected(letter, original_date=late, sender="")
        )
    assert "Chưa nhập nơi gửi" in refused.value.message  # every error at once
    assert RegistryEvent.objects.count() == events
    letter.refresh_from_db()
    assert letter.sender == "Sở Xây dựng tỉnh Hà Nam" and letter.original_date is None


def test_an_issued_document_is_corrected_but_keeps_its_number_and_symbol(desk):
    document = outgoing_document(unit=desk["unit"], actor=desk["clerk"])
    with pytest.raises(InvalidRegistryInput, match="Chưa nhập người ký"):
        services.outgoing_correct(
            actor=desk["clerk"],
            document=document,
            summary=document.summary,
            signer="",
            recipients=document.recipients,
            seen_event_id=last_event_id(document),
            reason="Sai người ký",
        )
    fixed = services.outgoing_correct(
        actor=desk["leader"],
        document=document,
        summary=document.summary,
        signer="Lê Quốc Hùng",
        recipients=document.recipients,
        seen_event_id=last_event_id(document),
        reason="Sai người ký",
    )
    fixed.refresh_from_db()
    assert (fixed.signer, fixed.symbol, fixed.number) == ("Lê Quốc Hùng", "01/UBND-VP", 1)
    assert "le quoc hung" in fixed.search_folded
    event = fixed.events.get(action="correct")
    assert event.corrections() == [("người ký", "Nguyễn Văn Hùng", "Lê Quốc Hùng")]
    assert event.note == "Sai người ký"


def test_a_correction_from_a_form_shown_before_another_write_is_refused(desk):
    """Two officers open the form; the first corrects the sender, the second (still showing
    the old sender) the summary: the second is told to reload rather than put the old
    sender back."""
    letter = incoming_letter(unit=desk["unit"], actor=desk["clerk"])
    shown_to_both = corrected(letter)
    services.incoming_correct(
        actor=desk["clerk"], letter=letter, **{**shown_to_both, "sender": "UBND tỉnh Hà Nam"}
    )
    with pytest.raises(InvalidRegistryInput, match="vừa được người khác cập nhật"):
        services.incoming_correct(
            actor=desk["specialist"], letter=letter, **{**shown_to_both, "summary": "Khác"}
        )
    letter.refresh_from_db()
    assert (letter.sender, letter.summary) == ("UBND tỉnh Hà Nam", shown_to_both["summary"])
    assert letter.events.filter(action="correct").count() == 1
