import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.models import ProcedureVersion
from catalog.tests.factories import ProcedureVersionFactory, RequiredPaperFactory, UnitFactory
from dossiers.errors import ActionNotAllowed, DossierError, InvalidDossierInput
from dossiers.models import Dossier, DossierCounter, DossierEvent, Status
from dossiers.services import Applicant, PaperReceived, dossier_receive
from dossiers.tests.factories import received_dossier

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def at(*args) -> datetime:
    return datetime(*args, tzinfo=VN)


def test_receive_issues_code_stores_due_time_and_history():
    unit = UnitFactory(agency_id="000.00.14.H26")
    dossier = received_dossier(unit=unit, received_at=at(2026, 3, 2, 9, 30))  # a Monday

    assert dossier.code == "000.00.14.H26-260302-0001"
    assert dossier.status == Status.RECEIVED
    assert dossier.effective_start == at(2026, 3, 2, 9, 30)
    # 3 working days = 24 working hours from Mon 09:30 → Thu 09:30
    assert dossier.due_at == at(2026, 3, 5, 9, 30)
    event = DossierEvent.objects.get(dossier=dossier)
    assert (event.action, event.from_status, event.to_status) == ("receive", "", "received")
    assert dossier.papers.count() == 1


def test_night_online_receipt_starts_the_clock_next_working_morning():
    dossier = received_dossier(received_at=at(2026, 2, 13, 22, 0), channel="online")  # Fri
    # Tết Bính Ngọ: 14/2–22/2/2026 off → clock starts Mon 23/2 08:00
    assert dossier.effective_start == at(2026, 2, 23, 8, 0)
    assert dossier.due_at == at(2026, 2, 25, 17, 0)


def test_sequence_restarts_each_day_and_per_unit():
    unit_a, unit_b = UnitFactory(), UnitFactory()
    codes = [
        received_dossier(unit=unit_a, received_at=at(2026, 3, 2, 9)).code,
        received_dossier(unit=unit_a, received_at=at(2026, 3, 2, 10)).code,
        received_dossier(unit=unit_a, received_at=at(2026, 3, 3, 9)).code,
        received_dossier(unit=unit_b, received_at=at(2026, 3, 2, 9)).code,
    ]
    assert [c[-11:] for c in codes] == ["260302-0001", "260302-0002", "260303-0001", "260302-0001"]
    assert re.fullmatch(rf"{re.escape(unit_b.agency_id)}-\d{{6}}-\d{{4}}", codes[3])


def test_ten_thousandth_intake_of_a_day_gets_a_clear_error():
    unit = UnitFactory()
    received_dossier(unit=unit, received_at=at(2026, 3, 2, 9))
    DossierCounter.objects.filter(unit=unit).update(last=9999)
    with pytest.raises(DossierError, match="đã cấp đủ 9999 mã hồ sơ"):
        received_dossier(unit=unit, received_at=at(2026, 3, 2, 10))
    assert Dossier.objects.filter(unit=unit).count() == 1


def test_counter_continues_after_imported_codes_of_the_same_day():
    unit = UnitFactory(agency_id="000.00.99.H26")
    first = received_dossier(unit=unit, received_at=at(2026, 3, 2, 9))
    Dossier.objects.filter(pk=first.pk).update(code="000.00.99.H26-260303-0041", imported=True)
    assert received_dossier(unit=unit, received_at=at(2026, 3, 3, 9)).code.endswith("-0042")


def test_missing_papers_receive_nothing():
    unit = UnitFactory()
    version = ProcedureVersionFactory()
    RequiredPaperFactory(procedure_version=version, position=1, name="Tờ khai", count=1)
    RequiredPaperFactory(procedure_version=version, position=2, name="Giấy chứng sinh", count=1)
    actor = officer(unit, Role.RECEPTION)
    first = version.papers.get(position=1)
    with pytest.raises(InvalidDossierInput, match="Giấy chứng sinh"):
        dossier_receive(
            actor=actor,
            unit=unit,
            procedure_version=version,
            channel="direct",
            applicant=Applicant(name="Phạm Văn Dũng"),
            papers=[
                PaperReceived(name=first.name, copy_kind="original", required_paper_id=first.pk)
            ],
        )
    assert not Dossier.objects.exists()
    assert not DossierCounter.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"id_number": "12345"}, "CCCD/CMND"),
        ({"id_number": "00119001234X"}, "CCCD/CMND"),
        ({"phone": "12345"}, "Số điện thoại"),
        ({"name": "   "}, "họ và tên"),
    ],
)
def test_bad_applicant_fields_are_refused_in_vietnamese(fields, message):
    with pytest.raises(InvalidDossierInput, match=message):
        received_dossier(received_at=at(2026, 3, 2, 9), **fields)
    assert not Dossier.objects.exists()


def test_nine_digit_cmnd_and_international_phone_are_accepted():
    dossier = received_dossier(
        received_at=at(2026, 3, 2, 9), id_number="012345678", phone="+84 912 345 678"
    )
    assert (dossier.applicant_id_number, dossier.applicant_phone) == ("012345678", "0912345678")


def test_only_reception_officers_of_the_unit_receive():
    unit = UnitFactory()
    other_unit_officer = officer(UnitFactory(), Role.RECEPTION)
    with pytest.raises(ActionNotAllowed, match="không có vai trò"):
        received_dossier(unit=unit, actor=other_unit_officer, received_at=at(2026, 3, 2, 9))
    specialist = officer(unit, Role.SPECIALIST)
    with pytest.raises(ActionNotAllowed):
        received_dossier(unit=unit, actor=specialist, received_at=at(2026, 3, 2, 9))


def test_draft_or_out_of_window_procedure_versions_are_refused():
    draft = ProcedureVersionFactory(status=ProcedureVersion.Status.DRAFT)
    with pytest.raises(InvalidDossierInput, match="chưa được công bố"):
        received_dossier(version=draft, received_at=at(2026, 3, 2, 9))
    old = ProcedureVersionFactory(effective_to=datetime(2025, 7, 1).date())
    with pytest.raises(InvalidDossierInput, match="không áp dụng"):
        received_dossier(version=old, received_at=at(2026, 3, 2, 9))


def test_units_that_receive_nothing_or_no_longer_exist_are_refused():
    with pytest.raises(InvalidDossierInput, match="không phải là đơn vị tiếp nhận"):
        received_dossier(unit=UnitFactory(agency_id=""), received_at=at(2026, 3, 2, 9))
    gone = UnitFactory(valid_to=datetime(2025, 7, 1).date())
    with pytest.raises(InvalidDossierInput, match="không còn hiệu lực"):
        received_dossier(unit=gone, received_at=at(2026, 3, 2, 9))


def test_future_receipt_time_is_refused():
    with pytest.raises(InvalidDossierInput, match="tương lai"):
        received_dossier(received_at=at(2099, 1, 5, 9))
