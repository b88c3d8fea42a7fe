"""Error pages in Vietnamese (English when chosen), not Django's bare English ones: a wrong
address, a refused action, a stale form (CSRF), a bad request, a bug; and 503 "try again"
when the database is down — for real, in a process whose database cannot be reached."""

import pytest
from django.test import Client

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.tests.factories import UnitFactory
from motcua.tests.test_security import production

pytestmark = pytest.mark.django_db

ENGLISH = {"django_language": "en"}


def _text(response) -> str:
    return response.content.decode()


def test_a_wrong_address_answers_in_vietnamese_then_in_english(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = _text(response)
    assert '<html lang="vi">' in page and "Không tìm thấy trang" in page
    assert 'href="/tra-cuu/"' in page  # a way on: the look-up, the procedures, home
    assert "Not Found</h1>" not in page

    client.cookies.load(ENGLISH)
    english = _text(client.get("/khong-co-trang-nay/"))
    assert '<html lang="en">' in english and "Page not found" in english


def test_a_signed_in_officer_keeps_the_site_header_on_a_wrong_address(client):
    user = officer(UnitFactory(), Role.RECEPTION)
    client.force_login(user)
    page = _text(client.get("/can-bo/khong-co/"))
    assert "Không tìm thấy trang" in page and str(user) in page


def test_a_stale_form_says_so_and_that_nothing_was_recorded():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/tai-khoan/dang-nhap/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    page = _text(response)
    assert "Biểu mẫu đã cũ" in page and "Chưa có gì được ghi lại" in page
    assert "CSRF verification failed" not in page


def test_a_bad_host_is_a_bad_request_in_vietnamese(client, settings):
    settings.ALLOWED_HOSTS = ["motcua.example.gov.vn"]
    response = client.get("/", HTTP_HOST="ke-gian.example")
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in _text(response)


@pytest.mark.urls("motcua.tests.error_urls")
def test_a_refused_action_and_a_bug_answer_in_vietnamese(settings):
    client = Client(raise_request_exception=False)
    refused = client.get("/thu-nghiem/cam/")
    assert refused.status_code == 403 and "Không được phép" in _text(refused)

    bug = client.get("/thu-nghiem/loi/")
    assert bug.status_code == 500
    assert "Đã có lỗi trong hệ thống" in _text(bug)
    assert "Server Error (500)" not in _text(bug)

    api = client.get("/api/thu-nghiem/loi/")
    assert api.status_code == 500 and api.json()["detail"].startswith("Hệ thống gặp lỗi")


DATABASE_DOWN = """
import django; django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="example.gov.vn", raise_request_exception=False)
home = client.get("/", secure=True)
print("home", home.status_code, "tạm thời gián đoạn" in home.content.decode())
signed_in = Client(HTTP_HOST="example.gov.vn", raise_request_exception=False)
signed_in.cookies[settings.SESSION_COOKIE_NAME] = "x" * 32
page = signed_in.get("/can-bo/", secure=True)  # the session is read before any view
print("officer", page.status_code, "không phản hồi" in page.content.decode())
api = client.post("/api/v1/lookup", {"code": "H26-1", "digits": "1234"},
                  content_type="application/json", secure=True)
print("api", api.status_code, api.json()["detail"].startswith("Cơ sở dữ liệu"))
"""


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_a_database_that_cannot_be_reached_answers_503_try_again(tmp_path, engine):
    url = {
        "sqlite": f"sqlite:///{tmp_path}/khong-co/thu-muc/motcua.sqlite3",  # cannot be opened
        "postgresql": "postgres://motcua@127.0.0.1:1/motcua",  # nothing listens on port 1
    }[engine]
    result = production(tmp_path, ["-c", DATABASE_DOWN], DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == ["home 503 True", "officer 503 True", "api 503 True"]
    assert "OperationalError" in result.stderr  # logged with its traceback all the same
