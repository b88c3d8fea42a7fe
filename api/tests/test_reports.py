from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from dossiers.tests.factories import received_dossier
from reports.definitions import KEYS
from reports.engine import report
from workcalendar.calendar import VN_TZ

pytestmark = pytest.mark.django_db


def test_report_equals_the_engine_for_the_tokens_units(world):
    now = timezone.now()
    for days in (1, 3, 40):
        received_dossier(
            unit=world.unit_a,
            version=world.version,
            actor=world.user,
            received_at=now - timedelta(days=days),
        )
    received_dossier(unit=world.unit_b, version=world.version, actor=world.user)
    today = timezone.localdate()
    start = today - timedelta(days=30)
    as_of = datetime.combine(today, datetime.min.time(), tzinfo=VN_TZ) + timedelta(hours=12)
    for group_by in ("unit", "procedure", "month"):
        params = {
            "from": start.isoformat(),
            "to": today.isoformat(),
            "group_by": group_by,
            "as_of": as_of.isoformat(),
        }
        response = world.client.get("/api/v1/reports", params)
        assert response.status_code == 200, response.content
        data = response.json()
        assert datetime.fromisoformat(data["as_of"]) <= as_of  # never later than asked
        expected = report(
            date_from=start,
            date_to=today,
            # The moment the API judged at (noon, or now if earlier): a dossier may fall due
            # between this test's clock and the API's.
            as_of=datetime.fromisoformat(data["as_of"]),
            group_by=group_by,
            unit_ids=[world.unit_a.pk],
        )
        assert data["total"] == expected.total.as_dict()
        assert list(data["total"]) == list(KEYS)
        assert [r["key"] for r in data["rows"]] == [r.key for r in expected.rows]
        for row, exp in zip(data["rows"], expected.rows, strict=True):
            assert {k: row[k] for k in KEYS} == exp.counts.as_dict()
    # Unit B's dossier is not counted for a token limited to A.
    assert data["total"]["received_total"] == 3


def test_unit_filter_and_scope(world):
    params = {"from": "2026-01-01", "to": "2026-01-31"}
    ok = world.client.get("/api/v1/reports", {**params, "unit": world.unit_a.code})
    assert ok.status_code == 200
    assert [r["key"] for r in ok.json()["rows"]] == [world.unit_a.code]
    outside = world.client.get("/api/v1/reports", {**params, "unit": world.unit_b.code})
    unknown = world.client.get("/api/v1/reports", {**params, "unit": "99999"})
    assert outside.status_code == unknown.status_code == 404
    reversed_period = world.client.get(
        "/api/v1/reports", {"from": "2026-02-01", "to": "2026-01-01"}
    )
    assert reversed_period.status_code == 422
    assert "sau ngày kết thúc" in reversed_period.json()["detail"]


def test_an_as_of_with_an_unusual_offset_answers_normally(world):
    """Found by schemathesis on PostgreSQL: "-17:19" is valid ISO 8601 but PostgreSQL
    refuses such a displacement; the engine works in Vietnam time."""
    response = world.client.get(
        "/api/v1/reports",
        {"from": "2018-01-01", "to": "2018-08-08", "as_of": "2018-06-20T00:52:56-17:19"},
    )
    assert response.status_code == 200


def test_days_out_of_the_supported_years_are_refused_with_the_reason(world):
    """Years the system does not compute with (0001, 9999) are a 422 naming the range, not
    an overflow answered in English."""
    for params in (
        {"from": "0001-01-01", "to": "9999-12-31"},
        {"from": "2018-01-01", "to": "2018-08-08", "as_of": "1333-06-20T00:52:56+07:00"},
    ):
        response = world.client.get("/api/v1/reports", params)
        assert response.status_code == 422
        messages = {e["msg"] for e in response.json()["errors"]}
        assert messages == {"Ngày phải trong khoảng 01/01/1900 – 31/12/2099."}


def test_row_names_are_vietnamese_whatever_the_callers_language(world):
    """A browser that chose English (its language cookie) still gets the API's Vietnamese."""
    received_dossier(unit=world.unit_a, version=world.version, actor=world.user)
    world.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    first = timezone.localdate().replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)  # a whole month
    params = {"from": first.isoformat(), "to": last.isoformat(), "group_by": "month"}
    rows = world.client.get("/api/v1/reports", params).json()["rows"]
    assert rows[0]["name"] == f"Tháng {first.month}/{first.year}"
