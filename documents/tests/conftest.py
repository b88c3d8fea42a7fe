"""Dossiers built through the real intake and transition services, at fixed Vietnam times."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import Role, User
from accounts.tests.factories import officer
from catalog.models import AdministrativeUnit, Level, ProcedureVersion
from catalog.tests.factories import ProcedureVersionFactory, RequiredPaperFactory, UnitFactory
from dossiers import services
from dossiers.models import Dossier

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN)


@dataclass
class Desk:
    unit: AdministrativeUnit
    version: ProcedureVersion
    reception: User
    specialist: User
    approver: User

    def receive(self, when: datetime, **applicant: str) -> Dossier:
        papers = [
            services.PaperReceived(
                name=p.name, copy_kind=p.copy_kind, count=p.count, required_paper_id=p.pk
            )
            for p in self.version.papers.all()
        ]
        with time_machine.travel(when, tick=False):
            return services.dossier_receive(
                actor=self.reception,
                unit=self.unit,
                procedure_version=self.version,
                channel="direct",
                applicant=services.Applicant(
                    name=applicant.get("name", "Trần Thị Bình"),
                    id_number="001190012345",
                    phone=applicant.get("phone", "0912345678"),
                    email=applicant.get("email", "binh.tran@example.vn"),
                    address=applicant.get("address", "Thôn Đồng Tâm, xã Đồng Tâm, Mỹ Đức"),
                ),
                papers=papers,
            )

    def assign(self, dossier: Dossier, when: datetime) -> Dossier:
        with time_machine.travel(when, tick=False):
            return services.dossier_assign(
                actor=self.reception, dossier=dossier, assignee=self.specialist
            )


@pytest.fixture
def desk(db) -> Desk:
    district = UnitFactory(name="Huyện Mỹ Đức", level=Level.DISTRICT, kind="huyện", agency_id="")
    unit = UnitFactory(name="Xã Đồng Tâm", kind="xã", parent=district)
    version = ProcedureVersionFactory(
        name="Cấp bản sao trích lục hộ tịch",
        time_rule_amount=3,
        fee_kind=ProcedureVersion.FeeKind.FIXED,
        fee_amount=8000,
        effective_from=date(2016, 1, 1),
    )
    RequiredPaperFactory(procedure_version=version, position=1, name="Tờ khai cấp bản sao")
    RequiredPaperFactory(
        procedure_version=version,
        position=2,
        name="Giấy tờ tùy thân của người yêu cầu",
        copy_kind="copy",
        count=2,
    )
    return Desk(
        unit=unit,
        version=version,
        reception=officer(unit, Role.RECEPTION, first_name="Thị Hoa", last_name="Lê"),
        specialist=officer(unit, Role.SPECIALIST, first_name="Văn Minh", last_name="Phạm"),
        approver=officer(unit, Role.APPROVER, first_name="Văn Hùng", last_name="Nguyễn"),
    )


@pytest.fixture
def finished(desk: Desk) -> Dossier:
    """Received Mon 2/3/2026 09:00 (due Thu 5/3 09:00), sent to the tax office and back
    early, apologised for, approved late on Fri 6/3 and returned the same afternoon."""
    d = desk.receive(at(2026, 3, 2, 9, 0))
    d = desk.assign(d, at(2026, 3, 2, 10, 0))
    with time_machine.travel(at(2026, 3, 2, 14, 0), tick=False):
        d = services.dossier_transfer(
            actor=desk.specialist,
            dossier=d,
            agency_name="Chi cục Thuế khu vực Mỹ Đức",
            task="Xác định nghĩa vụ tài chính",
            deadline=at(2026, 3, 4, 17, 0),
        )
    with time_machine.travel(at(2026, 3, 3, 16, 0), tick=False):
        d = services.dossier_receive_back(actor=desk.specialist, dossier=d)
    with time_machine.travel(at(2026, 3, 3, 16, 30), tick=False):
        d = services.dossier_apologise(
            actor=desk.approver,
            dossier=d,
            reason="Cần xác minh thêm thông tin tại cơ quan thuế",
            new_appointment=at(2026, 3, 6, 16, 0),
        )
    with time_machine.travel(at(2026, 3, 4, 9, 0), tick=False):
        d = services.dossier_submit_for_approval(actor=desk.specialist, dossier=d)
    with time_machine.travel(at(2026, 3, 6, 10, 0), tick=False):
        d = services.dossier_approve(actor=desk.approver, dossier=d, result="Bản sao trích lục")
    with time_machine.travel(at(2026, 3, 6, 15, 0), tick=False):
        d = services.dossier_return_result(
            actor=desk.reception, dossier=d, returned_to="Trần Thị Bình", id_checked=True
        )
    return Dossier.objects.get(pk=d.pk)


MISSING = ["Bản sao Giấy chứng nhận kết hôn của cha, mẹ", "Văn bản ủy quyền có chứng thực"]
SUPPLEMENT_REASON = "Thiếu giấy tờ chứng minh quan hệ cha, mẹ, con"
REFUSAL_REASON = "Người yêu cầu không có quyền yêu cầu cấp bản sao trích lục hộ tịch"


@pytest.fixture
def awaiting_supplement(desk: Desk) -> Dossier:
    d = desk.receive(at(2026, 3, 2, 9, 30), name="Hoàng Đức Thắng")
    d = desk.assign(d, at(2026, 3, 2, 10, 30))
    with time_machine.travel(at(2026, 3, 2, 15, 45), tick=False):
        d = services.dossier_request_supplement(
            actor=desk.specialist, dossier=d, missing_papers=MISSING, reason=SUPPLEMENT_REASON
        )
    return Dossier.objects.get(pk=d.pk)


@pytest.fixture
def refused(desk: Desk) -> Dossier:
    d = desk.receive(at(2026, 3, 2, 10, 15), name="Vũ Thị Ngọc Ánh")
    d = desk.assign(d, at(2026, 3, 2, 11, 0))
    with time_machine.travel(at(2026, 3, 3, 14, 20), tick=False):
        d = services.dossier_refuse(actor=desk.specialist, dossier=d, reason=REFUSAL_REASON)
    return Dossier.objects.get(pk=d.pk)
