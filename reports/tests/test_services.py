"""The rollup kept current by the real services equals one rebuilt from the dossiers."""

from datetime import date

import pytest
import time_machine

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.tests.factories import ProcedureVersionFactory, RequiredPaperFactory, UnitFactory
from dossiers import services
from dossiers.bulk import NewDossier, dossiers_bulk_create
from dossiers.models import Channel, Outcome, Status
from dossiers.tests.factories import received_dossier
from reports.engine import GROUPINGS, report
from reports.maintenance import rollup_check, rollup_rebuild
from reports.models import COUNTERS, DailyCounter
from reports.tests.helpers import at

pytestmark = pytest.mark.django_db


def stored_rollup() -> set[tuple]:
    rows = DailyCounter.objects.values_list(
        "grain", "day", "unit_id", "procedure_version_id", *COUNTERS
    )
    return {row for row in rows if any(row[4:])}


def travel(*args):
    return time_machine.travel(at(*args), tick=False)


def test_every_service_keeps_the_rollup_exact():
    unit = UnitFactory()
    version = ProcedureVersionFactory()
    RequiredPaperFactory(procedure_version=version, position=1)
    staff = officer(unit, Role.RECEPTION, Role.SPECIALIST, Role.APPROVER)

    def receive(*moment, channel=Channel.DIRECT):
        with travel(*moment):
            return received_dossier(unit=unit, version=version, actor=staff, channel=channel)

    resolved = receive(2018, 3, 5, 9)
    supplemented = receive(2018, 3, 5, 10, channel=Channel.ONLINE)
    withdrawn = receive(2018, 3, 6, 9, channel=Channel.POSTAL)
    waiting = receive(2018, 3, 6, 10)
    late = receive(2018, 3, 7, 9)
    assert stored_rollup() != set()

    with travel(2018, 3, 6, 14):
        services.dossier_assign(actor=staff, dossier=resolved, assignee=staff)
        services.dossier_submit_for_approval(actor=staff, dossier=resolved)
        services.dossier_approve(actor=staff, dossier=resolved, result="Bản sao")
        services.dossier_request_supplement(
            actor=staff, dossier=supplemented, missing_papers=["Tờ khai"], reason="Thiếu"
        )
        services.dossier_withdraw(actor=staff, dossier=withdrawn, reason="Công dân rút")
        services.dossier_request_supplement(
            actor=staff, dossier=waiting, missing_papers=["Tờ khai"], reason="Thiếu"
        )
    with travel(2018, 3, 7, 9):
        services.dossier_return_result(
            actor=staff, dossier=resolved, returned_to="Trần Thị Bình", id_checked=True
        )
    with travel(2018, 3, 9, 8):
        services.dossier_resubmit(actor=staff, dossier=supplemented)
    with travel(2018, 3, 20, 8):
        services.dossier_refuse(actor=staff, dossier=supplemented, reason="Không đủ điều kiện")
        services.dossier_assign(actor=staff, dossier=late, assignee=staff)
        services.dossier_submit_for_approval(actor=staff, dossier=late)
        services.dossier_approve(actor=staff, dossier=late, result="Bản sao")

    # The historical import and the demo seeding write through dossiers.bulk.
    with travel(2018, 4, 2, 8):
        dossiers_bulk_create(
            [
                NewDossier(
                    code=f"IMPORT-{n}",
                    unit=unit,
                    procedure_version=version,
                    channel=Channel.ONLINE,
                    status=Status.RETURNED if n % 2 else Status.IN_PROGRESS,
                    applicant_name="Lê Văn Cường",
                    received_at=at(2018, 2, 20 + n, 9),
                    effective_start=at(2018, 2, 20 + n, 9),
                    due_at=at(2018, 2, 23 + n, 17),
                    finished_at=at(2018, 3, 1 + n, 10) if n % 2 else None,
                    outcome=Outcome.RESOLVED if n % 2 else "",
                )
                for n in range(6)
            ],
            imported=True,
        )

    assert rollup_check() == []
    kept = stored_rollup()
    rollup_rebuild()
    assert stored_rollup() == kept

    # And the reports agree, including the carried over, the late and the waiting one.
    march = {"date_from": date(2018, 3, 1), "date_to": date(2018, 3, 31)}
    for group_by in GROUPINGS:
        rolled = report(source="rollup", group_by=group_by, **march)
        assert rolled == report(source="direct", group_by=group_by, **march)
    total = report(**march).total
    assert total.received_carried_over == 6  # imported, received in February, open on 1/3
    assert total.received_new == 5
    assert (total.resolved_withdrawn, total.resolved_refused) == (1, 1)
    # Refused after the restarted due time, approved late, three imported ones late.
    assert (total.resolved_early, total.resolved_on_time, total.resolved_late) == (1, 1, 5)
    assert total.pending_total == 4  # the waiting one, and three imported still open
    assert total.pending_within_time == 1  # waiting for a supplement

    # A period ending the day the papers were asked for.
    day = {"date_from": date(2018, 3, 6), "date_to": date(2018, 3, 6)}
    assert report(**day) == report(source="direct", **day)


def test_a_rejected_transition_leaves_the_rollup_alone():
    unit = UnitFactory()
    staff = officer(unit, Role.RECEPTION, Role.SPECIALIST, Role.APPROVER)
    with travel(2018, 3, 5, 9):
        dossier = received_dossier(unit=unit, actor=staff)
    kept = stored_rollup()
    with travel(2018, 3, 6, 9), pytest.raises(Exception, match="Không thể"):
        services.dossier_approve(actor=staff, dossier=dossier, result="x")
    assert stored_rollup() == kept
    assert rollup_check() == []
