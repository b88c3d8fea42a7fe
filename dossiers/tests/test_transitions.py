from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.tests.factories import UnitFactory
from dossiers import services
from dossiers.errors import ActionNotAllowed, InvalidDossierInput
from dossiers.models import DossierEvent, DossierTransfer, Outcome, Status
from dossiers.signals import dossier_transitioned
from dossiers.tests.factories import received_dossier
from dossiers.transitions import TRANSITIONS, Action, allowed_actions

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def at(*args) -> datetime:
    return datetime(*args, tzinfo=VN)


@pytest.fixture
def desk():
    """A commune desk with one officer per role and a dossier received Mon 2/3/2026 09:00."""
    unit = UnitFactory()
    people = {
        "reception": officer(unit, Role.RECEPTION),
        "specialist": officer(unit, Role.SPECIALIST),
        "approver": officer(unit, Role.APPROVER),
    }
    with time_machine.travel(at(2026, 3, 2, 9, 0), tick=False):
        dossier = received_dossier(unit=unit, actor=people["reception"])
    return unit, people, dossier


def actions_of(dossier):
    return list(DossierEvent.objects.filter(dossier=dossier).values_list("action", flat=True))


def test_full_lifecycle_writes_every_step(desk):
    _, p, d = desk
    with time_machine.travel(at(2026, 3, 2, 10, 0), tick=False):
        d = services.dossier_assign(actor=p["reception"], dossier=d, assignee=p["specialist"])
    with time_machine.travel(at(2026, 3, 3, 10, 0), tick=False):
        d = services.dossier_submit_for_approval(actor=p["specialist"], dossier=d)
    with time_machine.travel(at(2026, 3, 4, 10, 0), tick=False):
        d = services.dossier_approve(actor=p["approver"], dossier=d, result="Giấy khai sinh")
    with time_machine.travel(at(2026, 3, 5, 8, 30), tick=False):
        d = services.dossier_return_result(
            actor=p["reception"],
            dossier=d,
            returned_to="Trần Thị Bình",
            id_checked=True,
            fee_collected=0,
        )
    d.refresh_from_db()
    assert d.status == Status.RETURNED
    assert d.outcome == Outcome.RESOLVED
    assert d.finished_at == at(2026, 3, 4, 10, 0)
    assert d.returned_at == at(2026, 3, 5, 8, 30)
    assert d.assignee == p["specialist"]
    assert actions_of(d) == ["receive", "assign", "submit_for_approval", "approve", "return_result"]
    events = list(DossierEvent.objects.filter(dossier=d))
    assert [(e.from_status, e.to_status) for e in events] == [
        ("", "received"),
        ("received", "in_progress"),
        ("in_progress", "awaiting_approval"),
        ("awaiting_approval", "result_ready"),
        ("result_ready", "returned"),
    ]
    assert [e.actor for e in events] == [
        p["reception"],
        p["reception"],
        p["specialist"],
        p["approver"],
        p["reception"],
    ]


def test_forbidden_transition_raises_in_vietnamese_and_changes_nothing(desk):
    _, p, d = desk
    with pytest.raises(
        ActionNotAllowed,
        match=r"Không thể «Phê duyệt, có kết quả» hồ sơ .* đang ở trạng thái «Đã tiếp nhận»",
    ):
        services.dossier_approve(actor=p["approver"], dossier=d, result="x")
    d.refresh_from_db()
    assert d.status == Status.RECEIVED and d.finished_at is None
    assert actions_of(d) == ["receive"]


def test_roles_are_checked_for_every_action(desk):
    _, p, d = desk
    services.dossier_assign(actor=p["approver"], dossier=d, assignee=p["specialist"])
    with pytest.raises(ActionNotAllowed, match="không có vai trò"):
        services.dossier_submit_for_approval(actor=p["reception"], dossier=d)
    stranger = officer(UnitFactory(), Role.SPECIALIST)
    with pytest.raises(ActionNotAllowed, match="không có vai trò"):
        services.dossier_submit_for_approval(actor=stranger, dossier=d)
    with pytest.raises(InvalidDossierInput, match="không phải chuyên viên"):
        services.dossier_assign(actor=p["approver"], dossier=d, assignee=p["reception"])


def test_supplement_stops_then_restarts_the_clock_from_zero(desk):
    _, p, d = desk
    with time_machine.travel(at(2026, 3, 2, 14, 0), tick=False):
        d = services.dossier_request_supplement(
            actor=p["reception"],
            dossier=d,
            missing_papers=["Giấy chứng sinh"],
            reason="Thiếu giấy chứng sinh bản chính",
        )
    assert (d.status, d.clock_stopped_at) == (Status.AWAITING_SUPPLEMENT, at(2026, 3, 2, 14, 0))
    with time_machine.travel(at(2026, 3, 10, 15, 0), tick=False):  # Tuesday
        d = services.dossier_resubmit(actor=p["reception"], dossier=d)
    assert (d.status, d.clock_stopped_at) == (Status.IN_PROGRESS, None)
    assert d.effective_start == at(2026, 3, 10, 15, 0)
    assert d.due_at == at(2026, 3, 13, 15, 0)  # full 3 working days again
    event = DossierEvent.objects.get(dossier=d, action="resubmit")
    assert event.data["previous_due_at"] == at(2026, 3, 5, 9, 0).isoformat()
    # Decree 61 art. 5: a second supplement request is a prohibited act.
    with pytest.raises(ActionNotAllowed, match="một lần"):
        services.dossier_request_supplement(
            actor=p["reception"], dossier=d, missing_papers=["Tờ khai"], reason="Thiếu"
        )


def test_supplement_request_needs_the_papers_and_a_reason(desk):
    _, p, d = desk
    with pytest.raises(InvalidDossierInput, match="liệt kê"):
        services.dossier_request_supplement(
            actor=p["reception"], dossier=d, missing_papers=[], reason="x"
        )
    with pytest.raises(InvalidDossierInput, match="lý do"):
        services.dossier_request_supplement(
            actor=p["reception"], dossier=d, missing_papers=["Tờ khai"], reason=" "
        )


def test_refusal_after_appraisal_finishes_the_dossier(desk):
    _, p, d = desk
    services.dossier_assign(actor=p["reception"], dossier=d, assignee=p["specialist"])
    with pytest.raises(InvalidDossierInput):
        services.dossier_refuse(actor=p["specialist"], dossier=d, reason="")
    d = services.dossier_refuse(actor=p["specialist"], dossier=d, reason="Không đủ điều kiện")
    assert (d.status, d.outcome, d.refusal_reason) == (
        Status.REFUSED,
        Outcome.REFUSED,
        "Không đủ điều kiện",
    )
    assert d.finished_at is not None
    assert allowed_actions(Status.REFUSED, set(Role)) == [Action.NOTE, Action.ATTACH]


def test_withdrawal_from_any_open_status(desk):
    _, p, d = desk
    d = services.dossier_withdraw(actor=p["reception"], dossier=d, reason="Công dân xin rút")
    assert (d.status, d.outcome) == (Status.WITHDRAWN, Outcome.WITHDRAWN)


def test_transfer_and_receive_back_record_each_agency_task(desk):
    _, p, d = desk
    services.dossier_assign(actor=p["reception"], dossier=d, assignee=p["specialist"])
    with time_machine.travel(at(2026, 3, 2, 11, 0), tick=False):
        d = services.dossier_transfer(
            actor=p["specialist"],
            dossier=d,
            agency_name="Công an xã",
            task="Đăng ký thường trú",
            deadline=at(2026, 3, 4, 17, 0),
        )
    assert d.status == Status.TRANSFERRED
    with time_machine.travel(at(2026, 3, 4, 16, 0), tick=False):
        d = services.dossier_receive_back(actor=p["reception"], dossier=d)
    transfer = DossierTransfer.objects.get(dossier=d)
    assert (transfer.agency_name, transfer.returned_at) == ("Công an xã", at(2026, 3, 4, 16, 0))
    assert DossierEvent.objects.get(dossier=d, action="receive_back").data["on_time"] is True
    assert d.status == Status.IN_PROGRESS


def test_apology_once_at_least_a_day_before_the_due_date(desk):
    _, p, d = desk  # due Thu 5/3/2026 09:00
    new_date = at(2026, 3, 9, 17, 0)
    with time_machine.travel(at(2026, 3, 4, 16, 0), tick=False):
        with pytest.raises(InvalidDossierInput, match="sau hạn"):
            services.dossier_apologise(
                actor=p["approver"],
                dossier=d,
                reason="Chờ xác minh",
                new_appointment=at(2026, 3, 5, 8, 0),
            )
        d = services.dossier_apologise(
            actor=p["approver"], dossier=d, reason="Chờ xác minh", new_appointment=new_date
        )
        assert (d.appointment_at, d.due_at) == (new_date, at(2026, 3, 5, 9, 0))
        with pytest.raises(ActionNotAllowed, match="một lần"):
            services.dossier_apologise(
                actor=p["approver"], dossier=d, reason="Lần hai", new_appointment=new_date
            )


def test_the_new_appointment_is_when_the_desk_is_open(desk):
    _, p, d = desk  # due Thu 5/3/2026 09:00
    with time_machine.travel(at(2026, 3, 4, 16, 0), tick=False):
        for closed in (at(2026, 3, 7, 9, 0), at(2026, 3, 9, 2, 0), at(2026, 3, 9, 12, 30)):
            with pytest.raises(InvalidDossierInput, match="giờ làm việc") as refused:
                services.dossier_apologise(
                    actor=p["approver"], dossier=d, reason="Chậm", new_appointment=closed
                )
        assert "08:00–12:00, 13:00–17:00" in str(refused.value)  # the unit's sessions
    d.refresh_from_db()
    assert d.apology_at is None and d.appointment_at is None  # nothing half-done


def test_apology_on_the_due_date_is_too_late(desk):
    _, p, d = desk
    too_late = pytest.raises(ActionNotAllowed, match="01 ngày trước hạn")
    with time_machine.travel(at(2026, 3, 5, 7, 0), tick=False), too_late:
        services.dossier_apologise(
            actor=p["approver"], dossier=d, reason="Chậm", new_appointment=at(2026, 3, 9, 17, 0)
        )


def test_listeners_hear_only_after_commit(desk, django_capture_on_commit_callbacks):
    _, p, d = desk
    heard = []

    def listener(sender, dossier_id, action, event_id, **kwargs):
        heard.append((dossier_id, action))

    dossier_transitioned.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.dossier_assign(actor=p["reception"], dossier=d, assignee=p["specialist"])
        assert heard == []
        assert len(callbacks) == 1
        callbacks[0]()
        assert heard == [(d.pk, Action.ASSIGN)]
    finally:
        dossier_transitioned.disconnect(listener)


def test_every_action_of_the_table_has_roles_and_a_known_target():
    for action, transition in TRANSITIONS.items():
        assert transition.roles, action
        assert action is Action.RECEIVE or transition.sources, action


def test_allowed_actions_depend_on_status_and_roles():
    notes = [Action.NOTE, Action.ATTACH]
    assert allowed_actions(Status.AWAITING_APPROVAL, {Role.APPROVER}) == [
        Action.SEND_BACK,
        Action.APPROVE,
        Action.REFUSE,
        Action.APOLOGISE,
        *notes,
    ]
    assert allowed_actions(Status.AWAITING_APPROVAL, {Role.RECEPTION}) == [Action.WITHDRAW, *notes]
    assert allowed_actions(Status.RESULT_READY, {Role.RECEPTION}) == [Action.RETURN_RESULT, *notes]
    assert allowed_actions(Status.RECEIVED, {Role.OVERSEER, Role.SUPERVISOR}) == []


def test_lock_and_recheck_refuse_a_stale_second_action(desk):
    _, p, d = desk
    stale_copy = type(d).objects.get(pk=d.pk)
    services.dossier_withdraw(actor=p["reception"], dossier=d, reason="Rút")
    with pytest.raises(ActionNotAllowed, match="Công dân rút hồ sơ"):
        services.dossier_assign(actor=p["reception"], dossier=stale_copy, assignee=p["specialist"])
