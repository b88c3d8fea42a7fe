"""The Django admin is in Vietnamese and covers units, procedures, calendar, users and roles."""

import pytest
from django.urls import reverse

from accounts.tests.factories import MembershipFactory, UserFactory, sign_in_verified
from catalog.tests.factories import ProcedureVersionFactory
from workcalendar.models import AnnouncedDay

pytestmark = pytest.mark.django_db

PAGES = [
    ("admin:catalog_administrativeunit_changelist", "đơn vị hành chính"),
    ("admin:catalog_procedureversion_changelist", "phiên bản thủ tục"),
    ("admin:catalog_field_changelist", "lĩnh vực"),
    ("admin:workcalendar_announcedday_changelist", "ngày nghỉ/làm bù"),
    ("admin:accounts_user_changelist", "người dùng"),
]


@pytest.mark.parametrize(("url_name", "words"), PAGES)
def test_admin_pages_are_vietnamese(client, url_name, words):
    sign_in_verified(client, UserFactory(is_staff=True, is_superuser=True))
    MembershipFactory()
    ProcedureVersionFactory()
    AnnouncedDay.objects.create(date="2027-01-01", kind="day_off", name="Tết", source="x")
    body = client.get(reverse(url_name)).content.decode()
    assert words in body.lower()
    assert "Chọn" in body  # Django's own Vietnamese: "Chọn … để thay đổi"


def test_user_page_edits_roles_per_unit(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    member = MembershipFactory()
    sign_in_verified(client, admin)
    body = client.get(reverse("admin:accounts_user_change", args=[member.user.pk])).content
    assert "vai trò tại đơn vị" in body.decode().lower()
