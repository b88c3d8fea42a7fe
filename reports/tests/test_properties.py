"""Random dossiers, periods and as_of: every identity holds for every row and the total,
and the rollup, the direct SQL and the Python reference (`counts_of`) agree on every key
for every grouping."""

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from functools import reduce

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.models import Level
from catalog.tests.factories import (
    FieldFactory,
    ProcedureFactory,
    ProcedureVersionFactory,
    UnitFactory,
)
from dossiers.models import Dossier
from reports.definitions import Counts, DossierFacts, Period, counts_of
from reports.engine import GROUPINGS, report
from reports.rollup import rollup_apply
from reports.rollup_read import cover
from reports.tests.helpers import dossier
from workcalendar.calendar import VN_TZ

pytestmark = pytest.mark.django_db

ORIGIN = date(2017, 12, 10)
DAYS = 80  # to the end of February 2018: across a year's and two months' boundaries
US = timedelta(microseconds=1)


@st.composite
def instants(draw, *, after: datetime | None = None, max_days: int = DAYS) -> datetime:
    """Often exactly midnight or a microsecond before it: the boundaries that matter."""
    base = after.astimezone(VN_TZ).date() if after else ORIGIN
    # Half of the days crowd around New Year, so events often share a day with as_of.
    crowded = st.integers(0, 3) if after else st.integers(20, 23)
    day = base + timedelta(days=draw(st.integers(0, max_days) | crowded))
    kind = draw(st.sampled_from(["midnight", "midnight", "last", "any", "any"]))
    if kind == "midnight":
        moment = datetime.combine(day, time(0), tzinfo=VN_TZ)
    elif kind == "last":
        moment = datetime.combine(day, time(23, 59, 59, 999999), tzinfo=VN_TZ)
    else:
        seconds = draw(st.integers(0, 86399))
        moment = datetime.combine(day, time(0), tzinfo=VN_TZ) + timedelta(seconds=seconds)
    if after is not None and moment < after:
        return after
    return moment


@st.composite
def facts(draw) -> dict:
    received = draw(instants())
    due = draw(instants(after=received - timedelta(days=2), max_days=12))
    done = draw(
        st.none() | st.none() | st.just(max(due, received)) | instants(after=received, max_days=20)
    )
    stopped = draw(st.none() | instants(after=received, max_days=15))
    return {
        "unit": draw(st.integers(0, 2)),
        "version": draw(st.integers(0, 2)),
        "channel": draw(st.sampled_from(["online", "direct", "postal"])),
        "received_at": received,
        "due_at": due,
        "finished_at": done,
        "outcome": draw(st.sampled_from(["resolved", "refused", "withdrawn"])) if done else "",
        "clock_stopped_at": stopped,
    }


def periods(draw, rows: list[dict]) -> tuple[Period, datetime | None]:
    """Periods and as_of, often on the very instants (± 1 µs) and days of the dossiers, and
    often with as_of inside the period (the current period: overdue at an exact instant)."""
    moments = [
        row[k]
        for row in rows
        for k in ("received_at", "due_at", "due_at", "finished_at", "clock_stopped_at")
    ]
    moments = [m for m in moments if m is not None]
    near = st.sampled_from(moments).flatmap(lambda m: st.sampled_from([m - US, m, m + US]))
    pick = (near | near | instants()) if moments else instants()
    as_of = draw(st.none() | pick)
    if as_of is not None and draw(st.booleans()):
        end = as_of.astimezone(VN_TZ).date() + timedelta(days=draw(st.integers(0, 5)))
    else:
        end = draw(pick).astimezone(VN_TZ).date() - timedelta(days=draw(st.integers(0, 1)))
    start = end - timedelta(days=draw(st.integers(0, 45)))
    return Period(start, end), as_of


def catalogue():
    """Three units (two share a code: a merger) and three versions: two fields, two levels,
    and one procedure with two versions."""
    units = [UnitFactory(code="10459"), UnitFactory(code="10459", valid_from=date(2018, 1, 1))]
    units.append(UnitFactory())
    civil, certify = FieldFactory(code="HT", name="Hộ tịch"), FieldFactory(code="CT", name="C")
    shared = ProcedureFactory()
    versions = [
        ProcedureVersionFactory(procedure=shared, field=civil),
        ProcedureVersionFactory(procedure=shared, version=2, field=certify),
        ProcedureVersionFactory(field=certify, level=Level.DISTRICT),
    ]
    return units, versions


def reference(all_facts: list[DossierFacts], period: Period, as_of: datetime) -> Counts:
    return reduce(
        Counts.__add__, (counts_of(f, period=period, as_of=as_of) for f in all_facts), Counts()
    )


@settings(max_examples=150)
@given(rows=st.lists(facts(), max_size=25), changes=st.lists(facts(), max_size=5), data=st.data())
def test_rollup_equals_direct_equals_reference(rows, changes, data):
    period, as_of = periods(data.draw, rows + changes)
    with transaction.atomic():
        units, versions = catalogue()
        made = []
        for row in rows:
            unit, version = units[row.pop("unit")], versions[row.pop("version")]
            made.append(dossier(unit=unit, procedure_version=version, **row))
        # Some dossiers change afterwards, as transitions do: old contribution out, new in.
        for target, change in zip(made, changes, strict=False):
            before = DossierFacts.of(target)
            fields = {k: v for k, v in change.items() if k not in ("unit", "version", "channel")}
            fields["received_at"] = target.received_at
            if fields["finished_at"] is not None:
                fields["finished_at"] = max(fields["finished_at"], target.received_at)
            Dossier.objects.filter(pk=target.pk).update(**fields)
            target.refresh_from_db()
            rollup_apply(before=before, after=DossierFacts.of(target))

        all_facts = [DossierFacts.of(d) for d in Dossier.objects.all()]
        for group_by in GROUPINGS:
            kwargs = {"date_from": period.start, "date_to": period.end, "group_by": group_by}
            if as_of is not None:
                kwargs["as_of"] = as_of
            rolled = report(source="rollup", **kwargs)
            direct = report(source="direct", **kwargs)
            assert rolled == direct, group_by
            moment = rolled.as_of
            assert rolled.total == reference(all_facts, period, moment)
            for counts in [row.counts for row in rolled.rows] + [rolled.total]:
                assert counts.broken_identities() == [], (group_by, counts)
            if group_by == "month":
                for row, part in zip(rolled.rows, period.months(), strict=True):
                    assert row.counts == reference(all_facts, part, part.as_of(moment))
            else:
                assert reduce(Counts.__add__, (r.counts for r in rolled.rows), Counts()) == (
                    rolled.total
                )
        transaction.set_rollback(True)


@given(first=st.dates(date(2015, 1, 1), date(2030, 1, 1)), length=st.integers(0, 2000))
def test_cover_is_an_exact_partition_of_the_days(first, length):
    stop = first + timedelta(days=length)
    days = []
    for grain, lo, hi in cover(first, stop):
        if grain == 0:
            days += [lo + timedelta(days=i) for i in range((hi - lo).days)]
        else:
            block = lo
            while block < hi:
                following = (
                    date(block.year + block.month // 12, block.month % 12 + 1, 1)
                    if grain == 1
                    else date(block.year + 1, 1, 1)
                )
                assert block.day == 1 and (grain == 1 or block.month == 1)
                days += [block + timedelta(days=i) for i in range((following - block).days)]
                block = following
    assert days == [first + timedelta(days=i) for i in range(length)]


def test_identities_catch_a_broken_row():
    assert Counts(received_total=1).broken_identities() != []
    assert Counts().broken_identities() == []
    assert replace(Counts(), pending_overdue=-1).broken_identities() != []
