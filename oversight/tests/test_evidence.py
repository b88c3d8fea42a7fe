"""The evidence pack's numbers are the report engine's for the unit and period; the
dossiers behind them; the steps; sampling is reproducible by seed."""

from datetime import datetime, timedelta

import pytest

from oversight import services
from oversight.evidence import compare, evidence_pack, share
from oversight.models import SampleItem
from oversight.sampling import sample
from oversight.steps import holding_steps, longest
from oversight.tests.helpers import END, START, scene
from reports.definitions import Period
from reports.engine import report
from reports.exports.ii06a import columns
from reports.tests.helpers import at

PERIOD = Period(START, END)


@pytest.mark.django_db
def test_pack_equals_the_report_engine_for_the_unit_and_period():
    s = scene()
    pack = evidence_pack(unit=s.hong_son.unit, period=PERIOD)
    for source in ("rollup", "direct"):
        expected = report(
            date_from=START, date_to=END, unit_ids=[s.hong_son.unit.pk], source=source
        ).total
        assert pack.counts == expected
    c = pack.counts
    assert (c.received_total, c.received_online, c.resolved_total, c.resolved_late) == (5, 1, 3, 2)
    assert (c.pending_total, c.pending_overdue) == (2, 2)  # both open ones are past due
    assert list(pack.columns.values()) == list(columns(c))
    assert [d.pk for d in pack.overdue] == [s.overdue.pk, s.online.pk]
    assert {d.pk for d in pack.late} == {s.late.pk, s.apologised.pk}
    assert (pack.late_with_apology, pack.late_without_apology) == (1, 3)
    assert pack.online_share == share(1, 5) and pack.on_time_share == share(1, 3)
    assert (pack.fees, pack.fee_dossiers) == (8000, 1)
    assert pack.evaluation is not None and pack.evaluation.resolved == 3


@pytest.mark.django_db
def test_self_reported_figures_beside_the_computed_ones():
    s = scene()
    pack = evidence_pack(unit=s.hong_son.unit, period=PERIOD)
    claimed = {**pack.columns, "resolved_late": 0, "resolved_early": 3}
    rows = {r.key: r for r in compare(pack, claimed)}
    assert {k for k, r in rows.items() if r.differs} == {"resolved_late", "resolved_early"}
    assert not any(r.differs for r in compare(pack, None))


def test_sample_is_reproducible_by_seed():
    ids = list(range(1, 200))
    first = sample(ids, size=10, seed="7-3")
    assert first == sample(list(reversed(ids)), size=10, seed="7-3")
    assert first != sample(ids, size=10, seed="7-4")
    assert len(set(first)) == 10 and set(first) <= set(ids)
    assert sorted(sample([3, 1, 2], size=10, seed="x")) == [1, 2, 3]


@pytest.mark.django_db
def test_sample_draw_service_is_reproducible_and_logged():
    s = scene()
    p = s.programme
    draw = services.sample_draw(
        actor=s.member, programme=p, unit=s.hong_son.unit, size=3, seed="HS-2018"
    )
    again = services.sample_draw(
        actor=s.member, programme=p, unit=s.hong_son.unit, size=3, seed="HS-2018"
    )
    assert [i.dossier_id for i in draw] == [i.dossier_id for i in again]
    assert SampleItem.objects.filter(programme=p).count() == 3
    item = SampleItem.objects.filter(programme=p).first()
    services.sample_check(actor=s.member, item=item, checked=["receipt", "papers"], note="Đủ")
    item.refresh_from_db()
    assert item.checklist["receipt"] and not item.checklist["control_slip"]
    assert p.events.filter(action="sample").count() == 2
    assert p.events.filter(action="sample_check").count() == 1


def test_holding_steps_measure_each_holder():
    t0 = datetime(2018, 3, 1, 9)
    events = [
        ("receive", "Lan", "received", t0),
        ("assign", "Lan", "in_progress", t0 + timedelta(hours=1)),
        ("note", "Minh", "in_progress", t0 + timedelta(hours=2)),
        ("submit_for_approval", "Minh", "awaiting_approval", t0 + timedelta(hours=30)),
    ]
    stops = holding_steps(events, until=t0 + timedelta(hours=33))
    assert [(s.action, s.hours) for s in stops] == [
        ("receive", 1.0),
        ("assign", 29.0),
        ("submit_for_approval", 3.0),
    ]
    assert longest(stops).action == "assign"  # type: ignore[union-attr]
    assert holding_steps([], until=t0) == []


def test_share_rounds_and_handles_zero():
    assert share(1, 3) is not None and str(share(1, 3)) == "33.3"
    assert share(0, 0) is None
    assert at(2018, 1, 1).year == 2018
