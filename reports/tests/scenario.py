"""An office for the report pages' tests, built through the real services under
time_machine: a district with two communes (Hồng Sơn, Tân Lập) and a commune elsewhere,
their officers, an overseer at the district, and dossiers in March 2026."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import time_machine
from django.urls import reverse

from accounts.models import Role, User
from accounts.tests.factories import officer
from catalog.models import AdministrativeUnit, Level, ProcedureVersion
from catalog.tests.factories import ProcedureVersionFactory, RequiredPaperFactory, UnitFactory
from dossiers import services
from dossiers.models import Channel, Dossier
from dossiers.services import Applicant, Digitisation, PaperReceived
from portal.services import dossier_rating_submit
from reports.engine import Report, report
from reports.tests.helpers import at

NOW = at(2026, 3, 25, 10)  # the pages are opened then
MARCH = {"date_from": "2026-03-01", "date_to": "2026-03-31"}


@dataclass
class Desk:
    unit: AdministrativeUnit
    version: ProcedureVersion
    reception: User
    specialist: User
    approver: User
    made: list[Dossier] = field(default_factory=list)

    def receive(
        self, when: datetime, *, channel: str = Channel.DIRECT, **digitisation: bool
    ) -> Dossier:
        papers = [
            PaperReceived(name=p.name, copy_kind=p.copy_kind, count=p.count, required_paper_id=p.pk)
            for p in self.version.papers.all()
        ]
        with time_machine.travel(when, tick=False):
            dossier = services.dossier_receive(
                actor=self.reception,
                unit=self.unit,
                procedure_version=self.version,
                channel=channel,
                applicant=Applicant(name="Nguyễn Viết An", id_number="001190012345"),
                papers=papers,
                digitisation=Digitisation(**digitisation),
            )
        self.made.append(dossier)
        return dossier

    def finish(
        self, dossier: Dossier, when: datetime, *, digitised: bool = False, returned: bool = True
    ) -> Dossier:
        with time_machine.travel(when, tick=False):
            dossier = services.dossier_assign(
                actor=self.reception, dossier=dossier, assignee=self.specialist
            )
            dossier = services.dossier_submit_for_approval(actor=self.specialist, dossier=dossier)
            dossier = services.dossier_approve(
                actor=self.approver, dossier=dossier, result="Bản sao", result_digitised=digitised
            )
            if returned:
                dossier = services.dossier_return_result(
                    actor=self.reception,
                    dossier=dossier,
                    returned_to="Nguyễn Viết An",
                    id_checked=True,
                    late_reason="Chờ xác minh" if dossier.finished_at > dossier.due_at else "",
                )
        return dossier

    def rate(self, dossier: Dossier, when: datetime, scores: dict[int, int]) -> None:
        with time_machine.travel(when, tick=False):
            dossier_rating_submit(dossier=dossier, scores=scores, comment="", channel="lookup")


def desk(unit: AdministrativeUnit, version: ProcedureVersion, prefix: str) -> Desk:
    return Desk(
        unit=unit,
        version=version,
        reception=officer(unit, Role.RECEPTION, username=f"{prefix}-tiepnhan"),
        specialist=officer(
            unit, Role.SPECIALIST, username=f"{prefix}-chuyenvien", first_name=prefix.title()
        ),
        approver=officer(unit, Role.APPROVER, username=f"{prefix}-lanhdao"),
    )


@dataclass
class Office:
    district: AdministrativeUnit
    hong_son: Desk
    tan_lap: Desk
    elsewhere: Desk
    overseer: User
    overdue: Dossier  # Hồng Sơn's dossier overdue on NOW


def due_minus(dossier: Dossier, minutes: int = 1) -> datetime:
    return dossier.due_at - timedelta(minutes=minutes)


def office() -> Office:
    """Hồng Sơn: early (rated 2/2/2/2), on time (online, paid, digitised), late, overdue,
    one waiting. Tân Lập: one early. Elsewhere: one late (must never show)."""
    district = UnitFactory(name="Huyện Lâm Thao", level=Level.DISTRICT, agency_id="")
    version = ProcedureVersionFactory(
        name="Đăng ký kết hôn",
        time_rule_amount=3,
        online_level=ProcedureVersion.OnlineLevel.FULL,
        fee_kind=ProcedureVersion.FeeKind.FIXED,
        fee_amount=30000,
    )
    RequiredPaperFactory(procedure_version=version, position=1, name="Tờ khai")
    hong_son = desk(UnitFactory(name="Xã Hồng Sơn", parent=district), version, "hongson")
    tan_lap = desk(UnitFactory(name="Xã Tân Lập", parent=district), version, "tanlap")
    elsewhere = desk(UnitFactory(name="Xã Nơi Khác"), version, "noikhac")
    overseer = officer(district, Role.OVERSEER, username="theodoi")

    early = hong_son.receive(at(2026, 3, 2, 9), papers_digitised=True, papers_reused=True)
    hong_son.finish(early, at(2026, 3, 3, 9), digitised=True)
    hong_son.rate(early, at(2026, 3, 3, 10), {1: 2, 3: 2, 4: 2, 7: 2})
    on_time = hong_son.receive(
        at(2026, 3, 2, 10), channel=Channel.ONLINE, paid_online=True, papers_digitised=True
    )
    hong_son.finish(on_time, due_minus(on_time))
    hong_son.rate(on_time, due_minus(on_time, -60), {1: 1, 3: 2, 4: 1, 7: 1})
    late = hong_son.receive(at(2026, 3, 3, 9))
    hong_son.finish(late, at(2026, 3, 20, 9))
    overdue = hong_son.receive(at(2026, 3, 4, 9))
    waiting = hong_son.receive(at(2026, 3, 16, 9))
    with time_machine.travel(at(2026, 3, 16, 10), tick=False):
        services.dossier_request_supplement(
            actor=hong_son.reception, dossier=waiting, missing_papers=["Tờ khai"], reason="Thiếu"
        )
    tan_lap_early = tan_lap.receive(at(2026, 3, 9, 9), channel=Channel.ONLINE)
    tan_lap.finish(tan_lap_early, at(2026, 3, 9, 15))
    far = elsewhere.receive(at(2026, 3, 2, 9))
    elsewhere.finish(far, at(2026, 3, 24, 9))
    return Office(district, hong_son, tan_lap, elsewhere, overseer, overdue)


# ---------------------------------------------------------------- pages and the engine


def get(client, user, name, data=None, **kwargs):
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        return client.get(reverse(f"reports:{name}", kwargs=kwargs or None), data or {})


def engine(unit_ids, group_by="unit", **period) -> Report:
    with time_machine.travel(NOW, tick=False):
        return report(
            date_from=date.fromisoformat(period.get("date_from", MARCH["date_from"])),
            date_to=date.fromisoformat(period.get("date_to", MARCH["date_to"])),
            group_by=group_by,
            unit_ids=unit_ids,
        )
