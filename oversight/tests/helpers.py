"""A supervision scene built through the real services under time_machine: a district with
two communes (Hồng Sơn under review, Tân Lập outside the programme), their desks, a
supervisor who is a member, one who is not, and dossiers in March 2018."""

from dataclasses import dataclass
from datetime import date, timedelta

import time_machine

from accounts.models import Role, User
from accounts.tests.factories import officer
from catalog.models import AdministrativeUnit, Level
from catalog.tests.factories import ProcedureVersionFactory, RequiredPaperFactory, UnitFactory
from dossiers import services as ds
from dossiers.models import Channel, Dossier
from oversight.models import Programme
from oversight.services import ProgrammeInput, programme_create
from reports.tests.helpers import at
from reports.tests.scenario import Desk, desk

START, END = date(2017, 1, 1), date(2018, 3, 31)


@dataclass
class Scene:
    district: AdministrativeUnit
    hong_son: Desk
    tan_lap: Desk
    overseer: User
    member: User
    outsider: User
    programme: Programme
    early: Dossier
    late: Dossier
    apologised: Dossier
    overdue: Dossier
    online: Dossier


def programme_input(**changes) -> ProgrammeInput:
    values = {
        "decision_number": "12/QĐ-HĐND",
        "decision_date": date(2018, 4, 20),
        "body": "Ban Pháp chế HĐND huyện",
        "head": "Phạm Quang Lộ",
        "subject": "Giám sát kết quả hoạt động của Bộ phận tiếp nhận và trả kết quả TTHC",
        "period_start": START,
        "period_end": END,
        **changes,
    }
    return ProgrammeInput(**values)


def scene() -> Scene:
    district = UnitFactory(name="Huyện Mỹ Đức", level=Level.DISTRICT, agency_id="")
    version = ProcedureVersionFactory(name="Đăng ký khai sinh", time_rule_amount=3)
    RequiredPaperFactory(procedure_version=version, position=1, name="Tờ khai")
    hong_son = desk(UnitFactory(name="Xã Hồng Sơn", parent=district), version, "hongson")
    tan_lap = desk(UnitFactory(name="Xã Tân Lập", parent=district), version, "tanlap")
    overseer = officer(district, Role.OVERSEER, username="vanphong")
    member = officer(district, Role.SUPERVISOR, username="daibieu", first_name="Quang Lộ")
    outsider = officer(district, Role.SUPERVISOR, username="daibieukhac")

    early = hong_son.receive(at(2018, 3, 1, 9))
    early = hong_son.finish(early, at(2018, 3, 2, 10), returned=False)
    with time_machine.travel(at(2018, 3, 2, 11), tick=False):
        ds.dossier_return_result(
            actor=hong_son.reception,
            dossier=early,
            returned_to="Nguyễn Viết An",
            id_checked=True,
            fee_collected=8000,
        )
    late = hong_son.receive(at(2018, 3, 1, 10))
    hong_son.finish(late, at(2018, 3, 9, 10))
    apologised = hong_son.receive(at(2018, 3, 5, 9))
    with time_machine.travel(at(2018, 3, 6, 9), tick=False):
        ds.dossier_apologise(
            actor=hong_son.approver,
            dossier=apologised,
            reason="Chờ xác minh",
            new_appointment=apologised.due_at + timedelta(days=4),
        )
    hong_son.finish(apologised, at(2018, 3, 12, 10))
    overdue = hong_son.receive(at(2018, 3, 2, 9))
    online = hong_son.receive(at(2018, 3, 20, 9), channel=Channel.ONLINE)
    tan_lap.finish(tan_lap.receive(at(2018, 3, 1, 9)), at(2018, 3, 2, 9))
    with time_machine.travel(at(2018, 4, 20, 9), tick=False):
        programme = programme_create(
            actor=overseer,
            data=programme_input(),
            units=[hong_son.unit],
            members=[member],
        )
    return Scene(
        district,
        hong_son,
        tan_lap,
        overseer,
        member,
        outsider,
        programme,
        *(Dossier.objects.get(pk=d.pk) for d in (early, late, apologised, overdue, online)),
    )
