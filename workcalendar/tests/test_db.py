"""The AnnouncedDay table: shipped data, the cached calendar, due_for and the admin."""

from datetime import date, datetime

import pytest

from workcalendar.models import AnnouncedDay
from workcalendar.reference import load_announced_days, read_announced_days
from workcalendar.selectors import get_work_calendar
from workcalendar.services import due_for
from workcalendar.tests.support import days, vn

pytestmark = pytest.mark.django_db

CULTURAL_DAY = date(2026, 11, 24)


def test_load_is_idempotent_and_keeps_admin_rows() -> None:
    shipped = len(read_announced_days())
    assert load_announced_days() == (shipped, 0)
    AnnouncedDay.objects.create(
        date=date(2027, 2, 8), kind="day_off", name="Tết Đinh Mùi", source="(thử nghiệm)"
    )
    stamps = dict(AnnouncedDay.objects.values_list("date", "updated_at"))
    assert load_announced_days() == (0, 0)
    assert dict(AnnouncedDay.objects.values_list("date", "updated_at")) == stamps
    AnnouncedDay.objects.filter(date=date(2024, 5, 4)).update(name="sửa tay")
    assert load_announced_days() == (0, 1)  # reported as a local correction, and kept
    assert AnnouncedDay.objects.get(date=date(2024, 5, 4)).name == "sửa tay"
    assert AnnouncedDay.objects.count() == shipped + 1


def test_get_work_calendar_is_cached_and_follows_edits(django_assert_num_queries) -> None:
    load_announced_days()
    calendar = get_work_calendar()
    assert calendar.is_working_day(CULTURAL_DAY) is True
    assert calendar.is_working_day(date(2026, 1, 2)) is False
    with django_assert_num_queries(1):  # only the change stamp
        assert get_work_calendar() is calendar

    day = AnnouncedDay.objects.get(date=CULTURAL_DAY)
    day.kind = AnnouncedDay.Kind.DAY_OFF
    day.save()
    assert get_work_calendar().is_working_day(CULTURAL_DAY) is False

    # queryset.update() does not touch updated_at; the triggers still see it.
    AnnouncedDay.objects.filter(date=CULTURAL_DAY).update(kind=AnnouncedDay.Kind.WORKING_DAY)
    assert get_work_calendar().is_working_day(CULTURAL_DAY) is True

    AnnouncedDay.objects.filter(date=date(2026, 1, 2)).delete()
    assert get_work_calendar().is_working_day(date(2026, 1, 2)) is True  # back to holidays.VN


def test_admin_edit_is_seen_by_due_for(admin_client) -> None:
    load_announced_days()
    received = vn(2026, 11, 23, 10)
    assert due_for(received_at=received, rule=days(1)).due_at == vn(2026, 11, 24, 10)

    day = AnnouncedDay.objects.get(date=CULTURAL_DAY)
    response = admin_client.post(
        f"/admin/workcalendar/announcedday/{day.pk}/change/",
        {"date": "2026-11-24", "kind": "day_off", "name": day.name, "source": "Luật sửa đổi"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert due_for(received_at=received, rule=days(1)).due_at == vn(2026, 11, 25, 10)


def test_due_for_on_an_empty_table_uses_holidays_only() -> None:
    # holidays.VN 0.109 lists 24/11/2026 as a holiday: only the table overrides it.
    assert due_for(received_at=vn(2026, 11, 23, 10), rule=days(1)).due_at == vn(2026, 11, 25, 10)
    with pytest.raises(ValueError, match="timezone-aware"):
        due_for(received_at=datetime(2026, 3, 2, 9), rule=days(1))


@pytest.mark.parametrize(
    "query",
    ["", "?year=2026", "?year=2026&kind=day_off", "?q=T%E1%BA%BFt", "?year=x", "?date__year=2025"],
)
def test_admin_changelist(admin_client, query: str) -> None:
    load_announced_days()
    response = admin_client.get(f"/admin/workcalendar/announcedday/{query}")
    assert response.status_code == 200
    if query == "?year=2026&kind=day_off":
        assert "Thứ Sáu" in response.content.decode()  # Friday 2/1/2026


@pytest.mark.parametrize(
    ("day", "kind", "refusal"),
    [
        ("0001-01-01", "day_off", "Ngày phải trong khoảng 01/01/1900 – 31/12/2099."),
        ("2027-03-01", "working_day", "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật"),  # a Monday
        ("2027-03-06", "working_day", None),  # a Saturday: a make-up day
        ("2027-03-07", "working_day", None),  # a Sunday: rare, but announced in the past
    ],
)
def test_admin_refuses_a_day_out_of_range_or_a_make_up_on_a_weekday(
    admin_client, day, kind, refusal
):
    response = admin_client.post(
        "/admin/workcalendar/announcedday/add/",
        {"date": day, "kind": kind, "name": "Thử", "source": "Thông báo"},
    )
    if refusal:
        assert response.status_code == 200 and refusal in response.content.decode()
        assert not AnnouncedDay.objects.exists()
    else:
        assert response.status_code == 302
        assert AnnouncedDay.objects.get().date.isoformat() == day
