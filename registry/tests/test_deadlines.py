"""Reply deadlines: working days on the official calendar from the arrival, stored once; the
list of replies overdue or due within two working days."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.tests.factories import UnitFactory
from registry.errors import InvalidRegistryInput
from registry.selectors import replies_due
from registry.services import incoming_handle
from registry.tests.factories import incoming_letter
from workcalendar.models import AnnouncedDay
from workcalendar.reference import load_announced_days

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def calendar():
    load_announced_days()  # Tết Bính Ngọ: 16–20/02/2026 off


def test_a_letter_arriving_before_tet_is_due_after_it():
    # Friday 13/02/2026 10:00; Tết and two weekends follow: 5 working days end Fri 27/02 10:00.
    letter = incoming_letter(received_at=datetime(2026, 2, 13, 10, tzinfo=VN), reply_days=5)
    assert letter.reply_due_at == datetime(2026, 2, 27, 10, tzinfo=VN)
    one_day = incoming_letter(received_at=datetime(2026, 2, 13, 10, tzinfo=VN), reply_days=1)
    assert one_day.reply_due_at == datetime(2026, 2, 23, 10, tzinfo=VN)


def test_a_letter_arriving_on_a_saturday_counts_from_monday_morning():
    letter = incoming_letter(received_at=datetime(2026, 3, 7, 10, tzinfo=VN), reply_days=2)
    assert letter.reply_due_at == datetime(2026, 3, 10, 17, tzinfo=VN)


def test_the_deadline_is_stored_and_not_recomputed_when_the_calendar_changes():
    letter = incoming_letter(received_at=datetime(2026, 3, 2, 9, tzinfo=VN), reply_days=3)
    AnnouncedDay.objects.create(
        date=datetime(2026, 3, 3).date(), kind="day_off", name="x", source="x"
    )
    letter.refresh_from_db()
    assert letter.reply_due_at == datetime(2026, 3, 5, 9, tzinfo=VN)


def test_no_reply_asked_means_no_deadline_and_bad_days_are_refused():
    assert incoming_letter(reply_days=None).reply_due_at is None
    with pytest.raises(InvalidRegistryInput, match="từ 1 đến 90"):
        incoming_letter(reply_days=0)


def test_overdue_and_due_soon_list(client):
    unit = UnitFactory()
    clerk = officer(unit, Role.RECEPTION)
    made = lambda day, days: incoming_letter(  # noqa: E731
        unit=unit, actor=clerk, received_at=datetime(2026, 3, day, 9, tzinfo=VN), reply_days=days
    )
    with time_machine.travel(datetime(2026, 3, 4, 10, tzinfo=VN), tick=False):
        soon = made(2, 3)  # due Thu 05/03 09:00
        later = made(2, 10)  # due Mon 16/03 09:00
        overdue = made(2, 1)  # due Tue 03/03 09:00
        handled = incoming_handle(actor=clerk, letter=made(2, 1), note="Đã trả lời qua điện thoại")
        incoming_letter(unit=unit, actor=clerk)  # no reply asked
        assert list(replies_due(user=clerk)) == [overdue, soon]
        client.force_login(clerk)
        page = client.get(reverse("registry:due")).content.decode()
        assert "Quá hạn trả lời" in page and "Sắp đến hạn trả lời" in page
        assert reverse("registry:incoming_detail", args=[handled.pk]) not in page
        assert reverse("registry:incoming_detail", args=[later.pk]) not in page
    # Friday 13/03: two working days ahead run over the weekend to Tuesday 17/03.
    with time_machine.travel(datetime(2026, 3, 13, 10, tzinfo=VN), tick=False):
        assert later in replies_due(user=clerk)
    stranger = officer(UnitFactory(), Role.RECEPTION)
    assert not replies_due(user=stranger).exists()
