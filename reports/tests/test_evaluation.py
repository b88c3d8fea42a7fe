"""Circular 01/2018 art. 13–15: each indicator, the means, the class boundaries; and the
evaluation page on the office's dossiers."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog.models import AdministrativeUnit
from catalog.tests.factories import UnitFactory
from reports import evaluation as ev
from reports.tests.helpers import at
from reports.tests.html import table_rows
from reports.tests.scenario import get, office

DUE = at(2026, 3, 9, 17)
H = timedelta(hours=1)


def dossier(finished=DUE, *, outcome="resolved", transfers=(), rating=None, **kw):
    fields = {
        "code": "X",
        "unit_id": 1,
        "assignee_id": 1,
        "procedure_id": 1,
        "channel": "direct",
        "due_at": DUE,
        "finished_at": finished,
        "outcome": outcome,
        "transfers": tuple(transfers),
        "rating": rating,
    }
    return ev.DossierInput(**{**fields, **kw})


def test_indicator_1_early_on_time_late():
    assert ev.indicator_1(dossier(DUE - timedelta(days=1))) == 2
    assert ev.indicator_1(dossier(DUE - 8 * H)) == 1  # same date, before the due time
    assert ev.indicator_1(dossier(DUE)) == 1
    assert ev.indicator_1(dossier(DUE + timedelta(seconds=1))) == 0
    assert ev.indicator_1(dossier(DUE + timedelta(days=3), outcome="withdrawn")) == 1


def test_indicator_2_is_the_worst_agency():
    early = DUE - timedelta(days=2)
    assert ev.indicator_2(dossier(early)) == 2  # no transfer: the unit's own time
    on_time_transfer = ev.Transfer(deadline=at(2026, 3, 5, 17), returned_at=at(2026, 3, 5, 9))
    assert ev.indicator_2(dossier(early, transfers=[on_time_transfer])) == 1
    late_transfer = ev.Transfer(deadline=at(2026, 3, 5, 17), returned_at=at(2026, 3, 6, 9))
    assert ev.indicator_2(dossier(early, transfers=[on_time_transfer, late_transfer])) == 0
    never_back = ev.Transfer(deadline=at(2026, 3, 5, 17), returned_at=None)
    assert ev.indicator_2(dossier(early, transfers=[never_back])) == 0  # judged at the finish
    assert ev.indicator_2(dossier(DUE + H, transfers=[])) == 0


def test_indicators_3_4_7_come_from_the_rating_or_are_left_out():
    rated = dossier(rating=ev.Rating(time=2, contacts=1, agencies=0, attitude=2))
    assert (ev.indicator_3(rated), ev.indicator_4(rated), ev.indicator_7(rated)) == (1, 0, 2)
    assert ev.dossier_scores(dossier()) == {1: 1, 2: 1, 3: None, 4: None, 7: None}


def test_indicator_5_rule():
    assert ev.indicator_5(level="commune", procedures=4, at_one_stop=4) == 2
    assert ev.indicator_5(level="commune", procedures=4, at_one_stop=3) == 1
    assert ev.indicator_5(level="district", procedures=4, at_one_stop=2) == 2
    assert ev.indicator_5(level="district", procedures=5, at_one_stop=2) == 1
    assert ev.indicator_5(level="commune", procedures=0, at_one_stop=0) is None
    assert ev.indicator_5(level="province", procedures=3, at_one_stop=3) is None


def test_indicator_9_thresholds():
    base = {"eligible": 10, "offered": 2, "received": 100, "online": 30, "online_late": 0}
    assert ev.indicator_9(**base) == 2
    assert ev.indicator_9(**{**base, "online_late": 1}) == 0
    assert ev.indicator_9(**{**base, "offered": 1}) == 1  # 10% offered: the 1-point floor
    assert ev.indicator_9(**{**base, "online": 29}) == 1
    assert ev.indicator_9(**{**base, "online": 15}) == 1
    assert ev.indicator_9(**{**base, "online": 14}) == 0
    assert ev.indicator_9(**{**base, "eligible": 0}) == 1
    assert ev.indicator_9(**{**base, "received": 0, "online": 0}) is None


@given(
    st.integers(1, 1000),
    st.integers(0, 1000),
    st.integers(0, 1000),
    st.integers(0, 1000),
)
def test_indicator_9_matches_the_percentages(received, online, eligible, offered):
    online, offered = min(online, received), min(offered, eligible)
    share = Decimal(online) / received * 100
    offer = Decimal(offered) / eligible * 100 if eligible else Decimal(0)
    expected = 2 if offer >= 20 and share >= 30 else 1 if share >= 15 else 0
    got = ev.indicator_9(
        eligible=eligible, offered=offered, received=received, online=online, online_late=0
    )
    assert got == expected


@given(st.lists(st.sampled_from([0, 1, 2]), min_size=1, max_size=200))
def test_the_indicator_score_is_the_mean_rounded_to_one_decimal(scores):
    means = ev.indicator_means({n: s for n in ev.PER_DOSSIER} for s in scores)
    exact = Decimal(sum(scores)) / len(scores)
    for n in ev.PER_DOSSIER:
        assert abs(means[n] - exact) <= Decimal("0.05")
        assert means[n] == means[n].quantize(Decimal("0.1"))


def test_means_leave_out_indicators_without_data():
    means = ev.indicator_means([{1: 2, 2: 2, 3: None, 4: None, 7: None}, {1: 0, 2: 1}])
    assert means == {1: Decimal("1.0"), 2: Decimal("1.5"), 3: None, 4: None, 7: None}
    assert ev.total({**means, 5: 2, 6: None}) == Decimal("4.5")


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ("18", ev.UnitClass.EXCELLENT),
        ("15", ev.UnitClass.EXCELLENT),
        ("14.9", ev.UnitClass.GOOD),
        ("12", ev.UnitClass.GOOD),
        ("11.9", ev.UnitClass.FAIR),
        ("9", ev.UnitClass.FAIR),
        ("8.9", ev.UnitClass.AVERAGE),
        ("6", ev.UnitClass.AVERAGE),
        ("5.9", ev.UnitClass.WEAK),
        ("0", ev.UnitClass.WEAK),
    ],
)
def test_unit_class_boundaries(points, expected):
    assert ev.unit_class(Decimal(points)) is expected


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ("10", ev.StaffClass.FULL),
        ("5", ev.StaffClass.FULL),
        ("4.9", ev.StaffClass.MOSTLY),
        ("3.5", ev.StaffClass.MOSTLY),
        ("3.4", ev.StaffClass.BELOW),
    ],
)
def test_staff_class_boundaries(points, expected):
    assert ev.staff_class(Decimal(points)) is expected


def test_class_labels_are_the_circulars_words():
    assert [c.label for c in ev.UnitClass] == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]


@pytest.mark.django_db
def test_the_page_scores_units_officers_and_dossiers(client):
    o = office()
    year = {"kind": "year", "year": 2026}  # 15/12/2025–14/12/2026
    html = get(client, o.overseer, "evaluation", year).content.decode()
    rows = {r[0]: r for r in table_rows(html, "table-units")[1:]}
    # Hồng Sơn: early (rated 2/2/2/2), on time (rated 1/2/1/1), late (not rated).
    # 1: (2+1+0)/3, 2: the same (no transfer), 3: (2+2)/2, 4: (2+1)/2, 7: (2+1)/2,
    # 5: commune, its one procedure wholly at the desk, 9: 1 of 5 received online (20%).
    assert rows["Xã Hồng Sơn"][1:] == [
        "3", "1,0", "1,0", "2,0", "1,5", "2", "—", "1,5", "—", "1", "10,0", "Khá"
    ]  # fmt: skip
    # Tân Lập: one early online dossier, not rated; 1 of 1 online, the procedure is online.
    assert rows["Xã Tân Lập"][1:] == [
        "1", "2,0", "2,0", "—", "—", "2", "—", "—", "—", "2", "8,0", "Trung bình"
    ]  # fmt: skip
    officers = {r[0]: r for r in table_rows(html, "table-officers")[1:]}
    assert officers["Nguyễn Hongson"][1:] == [
        "3", "1,0", "1,0", "2,0", "1,5", "1,5", "7,0", "Hoàn thành 100% nhiệm vụ"
    ]  # fmt: skip
    assert len(table_rows(html, "table-dossiers")) == 1 + 4
    assert "Chỉ số 6" in html and "Chỉ số 8" in html and "không tính" in html
    assert "Nơi Khác" not in html
    # A commune officer sees only theirs.
    own = get(client, o.tan_lap.approver, "evaluation", year).content.decode()
    assert [r[0] for r in table_rows(own, "table-units")[1:]] == ["Xã Tân Lập"]


@pytest.mark.django_db
def test_a_code_shared_with_an_earlier_unit_is_one_row_named_by_the_unit_in_force(client):
    """2025's reform gave merged communes the code of one they absorbed: the earlier unit
    keeps its row in the catalogue, and must neither show nor borrow the new one's figures."""
    o = office()
    AdministrativeUnit.objects.filter(pk=o.hong_son.unit.pk).update(valid_from=date(2025, 7, 1))
    UnitFactory(
        name="Thị trấn Cũ",
        code=o.hong_son.unit.code,
        parent=o.district,
        valid_from=date(2008, 8, 1),
        valid_to=date(2025, 7, 1),
    )
    year = {"kind": "year", "year": 2026}
    html = get(client, o.overseer, "evaluation", year).content.decode()
    names = [r[0] for r in table_rows(html, "table-units")[1:]]
    assert sorted(names) == ["Xã Hồng Sơn", "Xã Tân Lập"]
    hong_son = next(r for r in table_rows(html, "table-units") if r[0] == "Xã Hồng Sơn")
    assert hong_son[1] == "3" and hong_son[-1] == "Khá"  # as without the earlier unit
