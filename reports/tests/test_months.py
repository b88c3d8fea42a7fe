"""A report by month over years (the dashboard's trend): the rollup reads the months that
ended in two queries, not one per month, and gives the same rows as the direct source."""

import random
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.tests.factories import ProcedureVersionFactory, UnitFactory
from dossiers.models import Outcome
from reports.engine import report
from reports.tests.helpers import at, both, dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def years_of_dossiers():
    """Dossiers over 2016–2019 at two units: finished early, late or never, some overdue
    across month and year boundaries, a refusal."""
    rng = random.Random(5)
    units, version = [UnitFactory(), UnitFactory()], ProcedureVersionFactory()
    for _ in range(60):
        received = at(2016, 1, 4, 9) + timedelta(
            days=rng.randrange(0, 4 * 365), hours=rng.randrange(8)
        )
        due = received + timedelta(days=rng.choice((3, 10, 40)))
        finished = rng.choice(
            (None, due - timedelta(days=1), due + timedelta(days=rng.randrange(1, 90)))
        )
        dossier(
            unit=rng.choice(units),
            procedure_version=version,
            received_at=received,
            due_at=due,
            finished_at=finished,
            outcome=Outcome.RESOLVED if finished else "",
        )
    dossier(
        unit=units[0],
        procedure_version=version,
        received_at=at(2017, 3, 6, 9),
        due_at=at(2017, 3, 9, 17),
        finished_at=at(2017, 3, 8, 9),
        outcome=Outcome.REFUSED,
    )
    return units


@pytest.mark.parametrize(
    ("date_from", "date_to", "as_of"),
    [
        (date(2016, 1, 1), date(2019, 12, 31), None),  # every month ended
        (date(2016, 2, 15), date(2019, 8, 14), None),  # cut months at both ends
        (date(2016, 1, 1), date(2019, 12, 31), at(2018, 5, 20, 10)),  # open May, months to come
    ],
)
def test_by_month_equals_the_direct_source(years_of_dossiers, date_from, date_to, as_of):
    for unit_ids in (None, [years_of_dossiers[1].pk]):
        rolled, direct = both(
            date_from=date_from, date_to=date_to, as_of=as_of, group_by="month", unit_ids=unit_ids
        )
        assert rolled == direct
        assert len(rolled.rows) >= 43
        assert any(row.counts.pending_overdue for row in rolled.rows)
        assert any(row.counts.received_carried_over for row in rolled.rows)


def test_months_that_ended_take_two_queries_whatever_their_number(years_of_dossiers):
    with CaptureQueriesContext(connection) as four_years:
        report(date_from=date(2016, 1, 1), date_to=date(2019, 12, 31), group_by="month")
    with CaptureQueriesContext(connection) as one_year:
        report(date_from=date(2016, 1, 1), date_to=date(2016, 12, 31), group_by="month")
    # the period's total (one query) and the 48 or 12 months (two)
    assert len(four_years) == len(one_year) == 3
