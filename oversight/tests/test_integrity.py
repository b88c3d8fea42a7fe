"""Each integrity check flags exactly the crafted cases and nothing in clean data built
through the real services. Crafted cases are written straight to the history or the row,
as an edit behind the services' back or an import would leave them."""

from datetime import timedelta

import pytest
import time_machine

from dossiers import services as ds
from dossiers.models import Action, Dossier, DossierEvent, Status
from dossiers.tests.factories import received_dossier
from oversight.evidence import period_dossiers, trails
from oversight.integrity import CHECKS, run_checks
from oversight.tests.helpers import END, START, scene
from reports.definitions import Period
from reports.tests.helpers import at

pytestmark = pytest.mark.django_db
PERIOD = Period(START, END)


def flagged(unit) -> dict[str, set[int]]:
    found = run_checks(trails(period_dossiers(unit_id=unit.pk, period=PERIOD)))
    assert set(found) == set(CHECKS)
    return {name: set(ids) for name, ids in found.items()}


def test_clean_data_flags_nothing():
    s = scene()
    assert period_dossiers(unit_id=s.hong_son.unit.pk, period=PERIOD).count() == 5
    assert all(ids == set() for ids in flagged(s.hong_son.unit).values())


def test_event_dated_before_the_receive_event_is_finished_before_received():
    s = scene()
    receive = s.late.events.get(action=Action.RECEIVE)
    DossierEvent.objects.filter(dossier=s.late, action=Action.APPROVE).update(
        at=receive.at - timedelta(hours=1)
    )
    assert flagged(s.hong_son.unit)["finished_before_received"] == {s.late.pk}


def test_finishing_event_before_the_stored_receipt_time():
    s = scene()
    DossierEvent.objects.filter(dossier=s.early, action=Action.APPROVE).update(
        at=s.early.received_at - timedelta(minutes=5)
    )
    # the receive event itself was recorded at intake; only the approve moved before it
    assert flagged(s.hong_son.unit)["finished_before_received"] == {s.early.pk}


def test_returned_without_approval():
    s = scene()
    DossierEvent.objects.filter(dossier=s.late, action=Action.APPROVE).delete()
    found = flagged(s.hong_son.unit)
    assert found["returned_without_approval"] == {s.late.pk}
    assert found["history_gaps"] == {s.late.pk}  # the chain broke too


def test_history_gap_when_a_step_is_missing_or_the_status_disagrees():
    s = scene()
    DossierEvent.objects.filter(dossier=s.apologised, action=Action.ASSIGN).delete()
    Dossier.objects.filter(pk=s.overdue.pk).update(status=Status.AWAITING_APPROVAL)
    assert flagged(s.hong_son.unit)["history_gaps"] == {s.apologised.pk, s.overdue.pk}


def test_due_time_edited_after_the_fact():
    s = scene()
    Dossier.objects.filter(pk=s.overdue.pk).update(due_at=s.overdue.due_at - timedelta(hours=2))
    found = flagged(s.hong_son.unit)
    assert found["times_edited"] == {s.overdue.pk}
    assert found["due_moved_without_apology"] == set()  # moved earlier, not later


def test_receipt_time_edited_to_another_day():
    s = scene()
    Dossier.objects.filter(pk=s.online.pk).update(
        received_at=s.online.received_at - timedelta(days=1)
    )
    assert flagged(s.hong_son.unit)["times_edited"] == {s.online.pk}


def test_event_carrying_a_due_time_outside_receive_and_resubmit():
    s = scene()
    DossierEvent.objects.create(
        dossier=s.early,
        action=Action.NOTE,
        at=s.early.returned_at,
        from_status=Status.RETURNED,
        to_status=Status.RETURNED,
        data={"due_at": s.early.due_at.isoformat()},
    )
    assert flagged(s.hong_son.unit)["times_edited"] == {s.early.pk}


def test_due_moved_later_without_apology():
    s = scene()
    Dossier.objects.filter(pk=s.overdue.pk).update(due_at=s.overdue.due_at + timedelta(days=2))
    Dossier.objects.filter(pk=s.online.pk).update(appointment_at=s.online.due_at + timedelta(1))
    found = flagged(s.hong_son.unit)
    assert found["due_moved_without_apology"] == {s.overdue.pk, s.online.pk}
    assert s.apologised.pk not in found["due_moved_without_apology"]


def test_returned_without_record():
    s = scene()
    Dossier.objects.filter(pk=s.overdue.pk).update(status=Status.RETURNED)
    Dossier.objects.filter(pk=s.early.pk).update(returned_at=None)
    assert flagged(s.hong_son.unit)["returned_without_record"] == {s.overdue.pk, s.early.pk}


def _finished_in_one_minute(desk, minute):
    with time_machine.travel(minute, tick=False):
        dossier = received_dossier(unit=desk.unit, version=desk.version, actor=desk.reception)
    with time_machine.travel(minute + timedelta(seconds=40), tick=False):
        dossier = ds.dossier_assign(actor=desk.reception, dossier=dossier, assignee=desk.specialist)
        dossier = ds.dossier_submit_for_approval(actor=desk.specialist, dossier=dossier)
        dossier = ds.dossier_approve(actor=desk.approver, dossier=dossier, result="Giấy khai sinh")
    return dossier


def test_burst_of_three_in_one_minute_but_not_two():
    s = scene()
    burst = [_finished_in_one_minute(s.hong_son, at(2018, 3, 15, 14, 30)) for _ in range(3)]
    pair = [_finished_in_one_minute(s.hong_son, at(2018, 3, 16, 14, 30)) for _ in range(2)]
    found = flagged(s.hong_son.unit)
    assert found["same_minute_bursts"] == {d.pk for d in burst}
    assert not {d.pk for d in pair} & found["same_minute_bursts"]
    assert all(not ids for name, ids in found.items() if name != "same_minute_bursts")
