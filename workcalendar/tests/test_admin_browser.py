"""An administrator announces a day off in the admin, in a real browser, and due dates
computed afterwards skip it."""

from datetime import date

import pytest

from accounts.tests.factories import UserFactory, totp_code, totp_device
from workcalendar.models import AnnouncedDay
from workcalendar.selectors import get_work_calendar


@pytest.mark.django_db(transaction=True)
def test_administrator_announces_a_day_off_in_the_browser(live_server, page):
    device = totp_device(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    assert get_work_calendar().is_working_day(date(2027, 10, 11)) is True  # a Monday

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "quantri")
    page.fill("#id_password", "mat-khau-thu-nghiem")
    page.click("input[type=submit]")
    page.fill("#id_code", totp_code(device))  # administrators give a second factor
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/workcalendar/announcedday/add/")
    page.fill("#id_date", "11/10/2027")
    page.select_option("#id_kind", "day_off")
    page.fill("#id_name", "Nghỉ hoán đổi (thử nghiệm)")
    page.fill("#id_source", "Thông báo thử nghiệm")
    page.click("input[name=_save]")

    assert "thành công" in page.locator(".messagelist").inner_text()
    assert AnnouncedDay.objects.get(date=date(2027, 10, 11)).kind == "day_off"
    assert get_work_calendar().is_working_day(date(2027, 10, 11)) is False
