"""Decision 766: each group's formula, and the page on the office's dossiers."""

from decimal import Decimal

import pytest

from reports.decision766 import WEIGHTS, Facts, groups, total
from reports.tests.html import table_rows
from reports.tests.scenario import MARCH, engine, get, office


def scored(facts: Facts) -> dict:
    return {g.key: g for g in groups(facts)}


def test_a_group_is_its_weight_times_the_mean_of_its_shares():
    g = scored(
        Facts(
            received_new=10,
            received_online=4,
            resolved_total=8,
            resolved_in_time=6,
            pending_total=4,
            pending_overdue=1,
            fee_dossiers=5,
            paid_online=1,
            procedures=10,
            procedures_online=5,
            papers_digitised=5,
            papers_reused=2,
            results=8,
            results_digitised=4,
            ratings=2,
            rating_points=12,
        )
    )
    assert g["progress"].score == Decimal("15.0")  # 20 × (6/8 + 3/4) / 2
    assert g["online"].score == Decimal("8.1")  # 22 × (5/10 + 4/10 + 1/5) / 3 = 8.0666…
    assert g["satisfaction"].score == Decimal("13.5")  # 18 × 12/16
    assert g["digitisation"].score == Decimal("8.8")  # 22 × (5/10 + 4/8 + 2/10) / 3
    assert g["publicity"].score is None  # no data
    assert total(list(g.values())) == (Decimal("45.4"), 100 - WEIGHTS["publicity"])


def test_measures_without_a_denominator_are_left_out():
    g = scored(Facts(received_new=4, received_online=1))
    online = g["online"]
    assert [m.key for m in online.available] == ["online_share"]
    assert online.score == Decimal("5.5")  # 22 × 1/4, the only share with data
    assert g["progress"].score is None and g["satisfaction"].score is None
    assert total(list(g.values())) == (Decimal("5.5"), 44)  # online 5.5 + digitisation 0
    assert scored(Facts())["online"].score is None
    assert total(groups(Facts())) == (Decimal(0), 0)


@pytest.mark.django_db
def test_the_page_writes_each_formula_with_the_engines_counts(client):
    o = office()
    ids = [o.hong_son.unit.pk, o.tan_lap.unit.pk]
    html = get(client, o.overseer, "decision766", MARCH).content.decode()
    t = engine(ids).total
    assert (t.received_new, t.received_online, t.resolved_total) == (6, 2, 4)

    def formulas(key):
        rows = table_rows(html, f"table-{key}")
        return {r[0]: r[1:] for r in rows[1:]}

    progress = formulas("progress")
    assert progress["Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn"] == [
        "trước hạn + đúng hạn / đã giải quyết = 3 / 4",
        "75,0%",
    ]
    assert progress["Tỷ lệ hồ sơ đang giải quyết còn trong hạn"][1] == "50,0%"
    online = formulas("online")
    assert online["Tỷ lệ hồ sơ nộp trực tuyến"][0].endswith("= 2 / 6")
    assert online["Tỷ lệ hồ sơ thanh toán trực tuyến"][0].endswith("= 1 / 6")
    assert online["Tỷ lệ thủ tục cung cấp dịch vụ công trực tuyến"][0].endswith("= 1 / 1")
    digitised = formulas("digitisation")
    assert digitised["Tỷ lệ hồ sơ số hóa thành phần khi tiếp nhận"][0].endswith("= 2 / 6")
    assert digitised["Tỷ lệ kết quả được số hóa"][0].endswith("= 1 / 4")
    assert digitised["Tỷ lệ hồ sơ tái sử dụng dữ liệu đã số hóa"][0].endswith("= 1 / 6")
    assert formulas("satisfaction")["Mức độ hài lòng (điểm đánh giá / điểm tối đa)"][0].endswith(
        "= 13 / 16"
    )
    # 20 × (3/4 + 1/2)/2 = 12.5; 22 × (1 + 2/6 + 1/6)/3 = 11.0; 18 × 13/16 = 14.6;
    # 22 × (2/6 + 1/4 + 1/6)/3 = 5.5: 43.6 of the 82 points of the groups with data.
    assert "Tổng điểm: 43,6 / 82" in html
    assert "chưa đối chiếu với Phụ lục" in html  # the weights are a recollection
    assert "Nhóm không có dữ liệu, không tính." in html  # publicity
