"""Data for the portal's tests: a small catalogue, a desk with its officers, and dossiers
walked through the real services (dossiers.services) to any status."""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.base import ContentFile

from accounts.models import Role, User
from accounts.tests.factories import officer
from catalog.models import AdministrativeUnit, Level, ProcedureFormFile, ProcedureVersion
from catalog.tests.factories import (
    FieldFactory,
    ProcedureFactory,
    ProcedureVersionFactory,
    RequiredPaperFactory,
    UnitFactory,
)
from dossiers import services
from dossiers.models import Channel, Dossier
from dossiers.tests.factories import received_dossier

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN)  # type: ignore[misc]


def catalogue() -> dict[str, ProcedureVersion]:
    """Three procedures in force (two commune Hộ tịch, one district Chứng thực), one that
    stopped applying and one draft."""
    civil = FieldFactory(code="HOTICH", name="Hộ tịch")
    certify = FieldFactory(code="CHUNGTHUC", name="Chứng thực")
    birth = ProcedureVersionFactory(
        procedure=ProcedureFactory(code="1.001193"),
        name="Đăng ký khai sinh",
        field=civil,
        time_rule_kind="same_day",
        time_rule_amount=0,
        time_rule_cutoff=time(15),
        fee_kind=ProcedureVersion.FeeKind.SCHEDULE,
        fee_schedule="Miễn lệ phí khi đăng ký đúng hạn",
        fee_exemptions="Miễn lệ phí cho người thuộc hộ nghèo, người khuyết tật",
        legal_basis="Luật Hộ tịch số 60/2014/QH13",
        where_to_submit="Bộ phận tiếp nhận và trả kết quả UBND cấp xã",
        online_level=ProcedureVersion.OnlineLevel.FULL,
    )
    RequiredPaperFactory(procedure_version=birth, position=1, name="Tờ khai đăng ký khai sinh")
    RequiredPaperFactory(
        procedure_version=birth, position=2, name="Giấy chứng sinh", count=2, optional=False
    )
    RequiredPaperFactory(
        procedure_version=birth, position=3, name="Văn bản ủy quyền", optional=True
    )
    RequiredPaperFactory(  # its official name says "(nếu có)" already
        procedure_version=birth,
        position=4,
        name="Giấy tờ chứng minh nơi cư trú (nếu có)",
        optional=True,
    )
    marriage = ProcedureVersionFactory(
        procedure=ProcedureFactory(code="1.000894"),
        name="Đăng ký kết hôn",
        field=civil,
        time_rule_amount=5,
        fee_kind=ProcedureVersion.FeeKind.FIXED,
        fee_amount=30000,
        online_level=ProcedureVersion.OnlineLevel.PARTIAL,
    )
    RequiredPaperFactory(procedure_version=marriage, position=1, name="Tờ khai đăng ký kết hôn")
    copy = ProcedureVersionFactory(
        procedure=ProcedureFactory(code="2.000815"),
        name="Chứng thực bản sao từ bản chính",
        field=certify,
        level=Level.DISTRICT,
        time_rule_kind="working_hours",
        time_rule_amount=4,
    )
    old = ProcedureVersionFactory(
        procedure=ProcedureFactory(code="1.000001"),
        name="Đăng ký khai sinh lưu động (cũ)",
        field=civil,
        effective_to=date(2010, 1, 1),
    )
    draft = ProcedureVersionFactory(
        procedure=ProcedureFactory(code="1.000002"),
        name="Đăng ký khai sinh có yếu tố nước ngoài (dự thảo)",
        field=civil,
        status=ProcedureVersion.Status.DRAFT,
    )
    return {"birth": birth, "marriage": marriage, "copy": copy, "old": old, "draft": draft}


def form_file(version: ProcedureVersion, title: str, content: bytes) -> ProcedureFormFile:
    made = ProcedureFormFile(procedure_version=version, title=title)
    made.file.save("to-khai.docx", ContentFile(content), save=True)
    return made


@dataclass
class Desk:
    unit: AdministrativeUnit
    version: ProcedureVersion
    reception: User
    specialist: User
    approver: User

    def receive(
        self,
        when: datetime,
        *,
        name: str = "Nguyễn Viết An",
        id_number: str = "001190012345",
        phone: str = "0912345678",
        channel: str = Channel.DIRECT,
    ) -> Dossier:
        with time_machine.travel(when, tick=False):
            return received_dossier(
                unit=self.unit,
                version=self.version,
                actor=self.reception,
                received_at=when,
                channel=channel,
                name=name,
                id_number=id_number,
                phone=phone,
            )

    def approve(self, dossier: Dossier, when: datetime) -> Dossier:
        """Assign, submit and approve at `when`: the dossier is finished then."""
        with time_machine.travel(when, tick=False):
            dossier = services.dossier_assign(
                actor=self.reception, dossier=dossier, assignee=self.specialist
            )
            dossier = services.dossier_submit_for_approval(actor=self.specialist, dossier=dossier)
            return services.dossier_approve(
                actor=self.approver, dossier=dossier, result="Giấy chứng nhận kết hôn"
            )

    def return_result(self, dossier: Dossier, when: datetime) -> Dossier:
        with time_machine.travel(when, tick=False):
            return services.dossier_return_result(
                actor=self.reception,
                dossier=dossier,
                returned_to="Nguyễn Viết An",
                id_checked=True,
                late_reason="Chờ xác minh" if dossier.finished_at > dossier.due_at else "",
            )

    def returned(self, received: datetime, finished: datetime, returned: datetime, **kw):
        dossier = self.receive(received, **kw)
        dossier = self.approve(dossier, finished)
        return self.return_result(dossier, returned)


def desk(**unit_fields) -> Desk:
    unit = UnitFactory(**unit_fields)
    version = ProcedureVersionFactory(name="Đăng ký kết hôn", time_rule_amount=3)
    RequiredPaperFactory(procedure_version=version, position=1, name="Tờ khai đăng ký kết hôn")
    return Desk(
        unit=unit,
        version=version,
        reception=officer(unit, Role.RECEPTION, first_name="Thị Lan", last_name="Phạm"),
        specialist=officer(unit, Role.SPECIALIST, first_name="Văn Minh", last_name="Trần"),
        approver=officer(unit, Role.APPROVER, first_name="Quốc Hùng", last_name="Lê"),
    )
