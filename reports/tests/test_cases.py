"""Hand-made cases for every key and boundary of rules.md §5, from both sources.

The period is March 2018: D1 = 1/3 (starts 00:00 1/3), D2 = 31/3 (ends 00:00 1/4)."""

from datetime import date, timedelta

import pytest
import time_machine

from catalog.tests.factories import UnitFactory
from dossiers.models import Channel, Outcome
from reports.definitions import KEYS
from reports.engine import report
from reports.tests.helpers import SOURCES, at, dossier

pytestmark = pytest.mark.django_db

D1, D2 = date(2018, 3, 1), date(2018, 3, 31)
START, END = at(2018, 3, 1), at(2018, 4, 1)
US = timedelta(microseconds=1)


@pytest.fixture(params=SOURCES)
def source(request):
    return request.param


@pytest.fixture
def unit():
    return UnitFactory()


def totals(unit, source, as_of=None, date_from=D1, date_to=D2) -> dict[str, int]:
    result = report(
        date_from=date_from,
        date_to=date_to,
        as_of=as_of or at(2026, 1, 1),
        unit_ids=[unit.pk],
        source=source,
    )
    return result.total.as_dict()


def only(**nonzero: int) -> dict[str, int]:
    return {key: nonzero.get(key, 0) for key in KEYS}


def finished(unit, *, received, due, done, outcome=Outcome.RESOLVED, **fields):
    return dossier(
        unit=unit, received_at=received, due_at=due, finished_at=done, outcome=outcome, **fields
    )


RESOLVED_NEW = {"received_total": 1, "received_new": 1, "received_direct": 1, "resolved_total": 1}


def test_finished_exactly_at_due_time_is_on_time(unit, source):
    due = at(2018, 3, 9, 17)
    finished(unit, received=at(2018, 3, 5, 9), due=due, done=due)
    assert totals(unit, source) == only(**RESOLVED_NEW, resolved_on_time=1)


def test_finished_on_the_due_date_before_due_time_is_on_time(unit, source):
    finished(unit, received=at(2018, 3, 5, 9), due=at(2018, 3, 9, 17), done=at(2018, 3, 9, 0))
    assert totals(unit, source) == only(**RESOLVED_NEW, resolved_on_time=1)


def test_finished_on_the_due_date_after_due_time_is_late(unit, source):
    due = at(2018, 3, 9, 11, 30)
    finished(unit, received=at(2018, 3, 5, 9), due=due, done=due + US)
    assert totals(unit, source) == only(**RESOLVED_NEW, resolved_late=1)


def test_finished_on_an_earlier_date_is_early_even_one_microsecond_before(unit, source):
    finished(unit, received=at(2018, 3, 5, 9), due=at(2018, 3, 9, 0, 0), done=at(2018, 3, 9) - US)
    assert totals(unit, source) == only(**RESOLVED_NEW, resolved_early=1)


def test_withdrawn_counts_as_on_time_even_after_the_due_time(unit, source):
    finished(
        unit,
        received=at(2018, 3, 5, 9),
        due=at(2018, 3, 9, 17),
        done=at(2018, 3, 20, 10),
        outcome=Outcome.WITHDRAWN,
    )
    assert totals(unit, source) == only(**RESOLVED_NEW, resolved_on_time=1, resolved_withdrawn=1)


def test_refused_late_is_late_and_refused(unit, source):
    finished(
        unit,
        received=at(2018, 3, 5, 9),
        due=at(2018, 3, 9, 17),
        done=at(2018, 3, 12, 8),
        outcome=Outcome.REFUSED,
    )
    assert totals(unit, source) == only(**RESOLVED_NEW, resolved_late=1, resolved_refused=1)


def test_refused_early_is_early_and_refused(unit, source):
    finished(
        unit,
        received=at(2018, 3, 5, 9),
        due=at(2018, 3, 9, 17),
        done=at(2018, 3, 6, 8),
        outcome=Outcome.REFUSED,
    )
    assert totals(unit, source) == only(**RESOLVED_NEW, resolved_early=1, resolved_refused=1)


def test_received_exactly_at_midnight_of_d1_is_new_not_carried_over(unit, source):
    dossier(unit=unit, received_at=START, due_at=at(2018, 3, 5, 17), channel=Channel.ONLINE)
    assert totals(unit, source) == only(
        received_total=1,
        received_new=1,
        received_online=1,
        pending_total=1,
        pending_overdue=1,
    )


def test_received_just_before_d1_and_still_open_is_carried_over(unit, source):
    dossier(unit=unit, received_at=START - US, due_at=at(2018, 4, 5, 17), channel=Channel.POSTAL)
    assert totals(unit, source) == only(
        received_total=1, received_carried_over=1, pending_total=1, pending_within_time=1
    )


def test_finished_exactly_at_midnight_of_d1_is_carried_over_and_resolved(unit, source):
    finished(unit, received=at(2018, 2, 26, 9), due=at(2018, 3, 2, 17), done=START)
    assert totals(unit, source) == only(
        received_total=1, received_carried_over=1, resolved_total=1, resolved_early=1
    )


def test_finished_before_d1_counts_nowhere(unit, source):
    finished(unit, received=at(2018, 2, 26, 9), due=at(2018, 3, 2, 17), done=START - US)
    assert totals(unit, source) == only()


def test_received_at_the_end_of_d2_counts_nowhere(unit, source):
    dossier(unit=unit, received_at=END, due_at=at(2018, 4, 5, 17))
    assert totals(unit, source) == only()


def test_finished_exactly_at_the_end_of_d2_is_still_pending(unit, source):
    finished(unit, received=at(2018, 3, 26, 9), due=at(2018, 3, 30, 17), done=END)
    assert totals(unit, source) == only(
        received_total=1,
        received_new=1,
        received_direct=1,
        pending_total=1,
        pending_overdue=1,
    )


def test_finished_just_before_the_end_of_d2_is_resolved(unit, source):
    finished(unit, received=at(2018, 3, 26, 9), due=at(2018, 3, 30, 17), done=END - US)
    assert totals(unit, source) == only(**RESOLVED_NEW, resolved_late=1)


def test_pending_due_exactly_at_the_end_is_within_time(unit, source):
    dossier(unit=unit, received_at=at(2018, 3, 26, 9), due_at=END)
    assert totals(unit, source) == only(
        received_total=1,
        received_new=1,
        received_direct=1,
        pending_total=1,
        pending_within_time=1,
    )


def test_waiting_for_a_supplement_at_as_of_is_within_time(unit, source):
    dossier(
        unit=unit,
        received_at=at(2018, 3, 5, 9),
        due_at=at(2018, 3, 9, 17),
        clock_stopped_at=at(2018, 3, 7, 10),
    )
    assert totals(unit, source)["pending_within_time"] == 1
    # as_of exactly at the moment the clock stopped: already waiting.
    assert totals(unit, source, as_of=at(2018, 3, 7, 10))["pending_within_time"] == 1


def test_clock_stopped_after_as_of_does_not_protect_an_overdue_dossier(unit, source):
    dossier(
        unit=unit,
        received_at=at(2018, 3, 5, 9),
        due_at=at(2018, 3, 9, 17),
        clock_stopped_at=at(2018, 3, 20, 10),
    )
    counts = totals(unit, source, as_of=at(2018, 3, 20, 10) - US)
    assert counts["pending_overdue"] == 1
    assert counts["pending_within_time"] == 0


def test_clock_stopped_at_midnight_of_the_end_protects_at_the_end(unit, source):
    dossier(
        unit=unit, received_at=at(2018, 3, 5, 9), due_at=at(2018, 3, 9, 17), clock_stopped_at=END
    )
    assert totals(unit, source)["pending_within_time"] == 1
    assert totals(unit, source, date_to=date(2018, 3, 30))["pending_overdue"] == 1


def test_as_of_inside_the_period_judges_overdue_at_that_instant(unit, source):
    dossier(unit=unit, received_at=at(2018, 3, 5, 9), due_at=at(2018, 3, 15, 17))
    dossier(unit=unit, received_at=at(2018, 3, 5, 9), due_at=at(2018, 3, 15, 17) + US)
    counts = totals(unit, source, as_of=at(2018, 3, 15, 17) + US)
    assert counts["pending_overdue"] == 1
    assert counts["pending_within_time"] == 1
    # Finished later in the period: resolved, not pending, whatever as_of says.
    finished(unit, received=at(2018, 3, 5, 9), due=at(2018, 3, 6, 17), done=at(2018, 3, 25, 9))
    counts = totals(unit, source, as_of=at(2018, 3, 15, 17) + US)
    assert counts["pending_total"] == 2
    assert counts["resolved_late"] == 1


def test_as_of_after_the_end_is_cut_to_the_end(unit, source):
    result = report(
        date_from=D1, date_to=D2, as_of=at(2030, 1, 1), unit_ids=[unit.pk], source=source
    )
    assert result.as_of == END


def test_as_of_still_to_come_is_cut_to_now(unit, source):
    dossier(unit=unit, received_at=at(2018, 3, 5, 9), due_at=at(2018, 3, 15, 17))
    with time_machine.travel(at(2018, 3, 15, 9), tick=False):
        result = report(
            date_from=D1, date_to=D2, as_of=at(2018, 3, 20), unit_ids=[unit.pk], source=source
        )
    assert result.as_of == at(2018, 3, 15, 9)
    assert result.total.as_dict() == only(
        received_total=1, received_new=1, received_direct=1, pending_total=1, pending_within_time=1
    )


def test_a_dossier_of_another_unit_is_not_counted(unit, source):
    dossier(received_at=at(2018, 3, 5, 9), due_at=at(2018, 3, 9, 17))
    assert totals(unit, source) == only()
