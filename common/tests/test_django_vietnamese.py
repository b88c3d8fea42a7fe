"""Django's own texts on Vietnamese pages are Vietnamese: every message of its admin, its
auth app and its core that a user may see has a "vi" translation, from Django's catalogue or
from ours (locale/vi). After an upgrade that adds messages, this test names them."""

import re
from pathlib import Path

import django
import pytest
from django.conf import global_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext, trans_real

from accounts.tests.factories import UserFactory, totp_code, totp_device
from accounts.tests.test_two_factor import VERIFY, sign_in

DJANGO = Path(django.__file__).parent
CATALOGUES = ("contrib/admin/locale", "contrib/auth/locale", "conf/locale")
# Not seen by users of this site: language names (it offers Vietnamese and English), the
# "install worked" page and the link texts of Django's debug pages.
NOT_SHOWN = {str(name) for _code, name in global_settings.LANGUAGES} | {
    "The install worked successfully! Congratulations!",
    "Django Documentation",
    "Topics, references, &amp; how-to’s",
    "Tutorial: A Polling App",
    "Get started with Django",
    "Django Community",
    "Connect, get help, or contribute",
}


def _messages(catalogue: str) -> list[tuple[str, str | None]]:
    """(msgid, msgid_plural) of Django's English catalogue `catalogue`."""
    text = (DJANGO / catalogue / "en/LC_MESSAGES/django.po").read_text()
    found = []
    for block in text.split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if match is None:
            continue
        msgid = "".join(re.findall(r'"(.*)"', match.group(1))).replace('\\"', '"')
        plural = re.search(r'^msgid_plural ((?:".*"\n?)+)', block, re.M)
        many = (
            "".join(re.findall(r'"(.*)"', plural.group(1))).replace('\\"', '"') if plural else None
        )
        if msgid and "msgctxt" not in block:
            found.append((msgid, many))
    return found


@pytest.mark.parametrize("catalogue", CATALOGUES)
def test_every_message_users_may_see_has_a_vietnamese_translation(catalogue):
    vietnamese = trans_real.translation("vi")._catalog  # Django's, the apps' and ours, merged
    untranslated = [
        msgid
        for msgid, plural in _messages(catalogue)
        if msgid not in NOT_SHOWN
        and not msgid.startswith(("View <a href", "You are seeing this page"))
        and not vietnamese.get((msgid, 0) if plural else msgid)
    ]
    assert untranslated == []


def test_the_admin_index_reads_in_vietnamese(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    device = totp_device(admin)
    sign_in(client, admin)
    client.post(VERIFY, {"code": totp_code(device), "next": "/admin/"})
    page = client.get(reverse("admin:index")).content.decode()
    for english in (
        "Axes",
        "Otp_Totp",
        "TOTP devices",
        "Tasks Database Backend",
        "Task Results",
        "Access attempts",
        "Model name",
        "Skip to main content",
    ):
        assert english not in page
    for vietnamese in (
        "Khoá đăng nhập sau nhiều lần sai",
        "Xác thực hai bước",
        "Thiết bị xác thực hai bước",
        "Tác vụ nền",
        "Kết quả tác vụ nền",
        "Lần đăng nhập sai",
        "Bỏ qua, đến nội dung chính",
    ):
        assert vietnamese in page


THIRD_PARTY_SOURCES = ("axes/models.py", "axes/admin.py", "django_tasks_db/models.py")
MARKED = re.compile(r'\b(?:_|gettext_lazy|gettext)\(\s*"([^"]+)"')


def test_the_installed_apps_texts_shown_in_the_admin_have_a_vietnamese_translation():
    """django-axes and django-tasks-db mark their names for translation but carry no
    Vietnamese: ours (locale/vi) covers them, and names any they add."""
    site_packages = DJANGO.parent
    vietnamese = trans_real.translation("vi")._catalog
    texts = {
        text
        for source in THIRD_PARTY_SOURCES
        for text in MARKED.findall((site_packages / source).read_text())
    }
    assert len(texts) > 30  # the sources were read
    assert sorted(t for t in texts if not vietnamese.get(t)) == []
    context, status = "Task", "Successful"  # not literals: makemessages would collect them
    with translation.override("vi"):  # a task's status, with its context
        assert pgettext(context, status) == "Thành công"


def test_admin_pages_offer_no_english(client, db):
    """The user and group forms name permissions in Vietnamese (their stored names are
    English), the two-list picker speaks Vietnamese, and the two-step devices are listed but
    never shown or edited."""
    admin = UserFactory(is_staff=True, is_superuser=True, username="quantri")
    device = totp_device(admin)
    sign_in(client, admin)
    client.post(VERIFY, {"code": totp_code(device), "next": "/admin/"})
    pages = {
        "user": client.get(reverse("admin:accounts_user_change", args=[admin.pk])),
        "group": client.get(reverse("admin:auth_group_add")),
        "devices": client.get(reverse("admin:otp_totp_totpdevice_changelist")),
        "device": client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])),
        "tasks": client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist")),
        "lockouts": client.get(reverse("admin:axes_accessattempt_changelist")),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        html = response.content.decode()
        for english in ("Can add", "Can change", "Attempt Time", "created at", "queue name",
                        "Key", "Tolerance", "Throttling", ">User<", "Identity"):  # fmt: skip
            assert english not in html, (name, english)
    for name in ("user", "group"):
        html = pages[name].content.decode()
        assert "Ngày nghỉ/làm bù đã công bố: sửa" in html, name
        assert "Dấu thay đổi dữ liệu tham chiếu: xem" in html, name  # every model named
    assert "Thời điểm đăng nhập" in pages["lockouts"].content.decode()
    assert "quantri" in pages["devices"].content.decode()
    assert client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
    script = client.get("/admin/jsi18n/").content.decode()
    assert "Ch\\u1ecdn t\\u1ea5t c\\u1ea3 %s" in script or "Chọn tất cả %s" in script
