"""`load_reference` loads units, procedures and the calendar; a second run changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from catalog.tests.dump import catalog_dump

pytestmark = pytest.mark.django_db


def calendar_dump() -> list[dict]:
    from workcalendar.models import AnnouncedDay

    return list(AnnouncedDay.objects.order_by("pk").values("date", "kind", "name", "source"))


def run() -> str:
    out = StringIO()
    call_command("load_reference", stdout=out)
    return out.getvalue()


def test_load_reference_twice_changes_nothing():
    first = run()
    assert "31 đơn vị tạo mới" in first
    assert "21 thủ tục tạo mới" in first
    assert "[3/3]" in first
    before = (catalog_dump(), calendar_dump())
    second = run()
    assert "0 đơn vị tạo mới, 0 cập nhật, 31 không đổi." in second
    assert "0 thủ tục tạo mới, 0 phiên bản mới, 21 không đổi." in second
    assert "0 ngày tạo mới, 0 ngày cập nhật." in second
    assert (catalog_dump(), calendar_dump()) == before
