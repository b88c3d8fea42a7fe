"""Error pages in Vietnamese (English when chosen), not Django's bare English ones: a wrong
address, a refused action, a stale form (CSRF), a bad request, a bug; and 503 "try again"
when the database is down — for real, in a process whose database cannot be reached."""

import sqlite3

import pytest
from django.db import (
    InterfaceError,
    OperationalError,
    ProgrammingError,
    connection,
    transaction,
)
from django.test import Client
from django.urls import set_script_prefix

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.tests.factories import UnitFactory
from motcua.errors import database_unavailable, file_store_unavailable
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


def test_the_api_answers_its_json_even_where_its_router_never_ran(client, settings):
    # Django answers a bad host (middleware) and an address no endpoint has, not the API's
    # router: the answer must still be the `{"detail": …}` the OpenAPI schema documents.
    settings.ALLOWED_HOSTS = ["motcua.example.gov.vn"]
    bad_host = client.get("/api/v1/dossiers/H26-1", HTTP_HOST=">")
    assert bad_host.status_code == 400
    assert bad_host["Content-Type"].startswith("application/json")
    assert bad_host.json() == {"detail": "Yêu cầu không hợp lệ."}

    missing = client.get("/api/v2/khong-co/", HTTP_HOST="motcua.example.gov.vn")
    assert missing.status_code == 404 and missing.json() == {"detail": "Không tìm thấy."}

    page = client.get("/khong-co/", HTTP_HOST="motcua.example.gov.vn")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


@pytest.mark.urls("motcua.tests.error_urls")
def test_a_refused_action_and_a_bug_answer_in_vietnamese(settings):
    client = Client(raise_request_exception=False)
    refused = client.get("/thu-nghiem/cam/")
    assert refused.status_code == 403 and "Không được phép" in _text(refused)

    bug = client.get("/thu-nghiem/loi/")
    assert bug.status_code == 500
    assert "Đã có lỗi trong hệ thống" in _text(bug)
    assert "Server Error (500)" not in _text(bug)

    assert 'href="/"' in _text(bug)  # home, with the site's prefix (none here)
    set_script_prefix("/motcua/")  # served under a sub-path (WSGIHandler sets it per request)
    try:
        under = client.get("/thu-nghiem/loi/")
    finally:
        set_script_prefix("/")
    assert 'href="/motcua/"' in _text(under)

    api = client.get("/api/thu-nghiem/loi/")
    assert api.status_code == 500 and api.json()["detail"].startswith("Hệ thống gặp lỗi")
    api_refused = client.get("/api/thu-nghiem/cam/")
    assert api_refused.status_code == 403 and api_refused.json() == {"detail": "Không được phép."}


DATABASE_DOWN = """
import django; django.setup()
from django.conf import settings
from django.test import Client
from django.urls import set_script_prefix
client = Client(HTTP_HOST="example.gov.vn", raise_request_exception=False)
home = client.get("/", secure=True)
print("home", home.status_code, "tạm thời gián đoạn" in home.content.decode(),
      home["Retry-After"])
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
    lines = result.stdout.split("\n")[:3]
    assert lines == ["home 503 True 60", "officer 503 True", "api 503 True"]
    assert "OperationalError" in result.stderr  # logged with its traceback all the same


# ---------------------------------------------------------------- outage or bug


def _wrapped(driver_error: Exception) -> OperationalError:
    """The driver's error as Django raises it (django.db.utils wraps it, keeping the cause)."""
    try:
        raise OperationalError(str(driver_error)) from driver_error
    except OperationalError as error:
        return error


def _sqlite_error(tmp_path, sql: str, *, locked: bool = False) -> sqlite3.Error:
    path = tmp_path / "motcua.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE IF NOT EXISTS t (x)")
    if locked:
        holder.execute("BEGIN EXCLUSIVE")  # another process writing
    other = sqlite3.connect(path, timeout=0)
    try:
        other.execute(sql)
    except sqlite3.Error as error:
        return error
    finally:
        other.close()
        holder.close()
    raise AssertionError(f"{sql} did not fail")


def test_sqlite_busy_is_an_outage_but_a_missing_table_is_a_bug(tmp_path):
    busy = _sqlite_error(tmp_path, "INSERT INTO t VALUES (1)", locked=True)
    assert busy.sqlite_errorcode & 0xFF == sqlite3.SQLITE_BUSY  # a real lock, not a stand-in
    assert database_unavailable(_wrapped(busy))
    missing = _sqlite_error(tmp_path, "SELECT * FROM khong_co_bang")
    assert "no such table" in str(missing)
    assert not database_unavailable(_wrapped(missing))  # a missing migration: 500, not "later"


def test_postgresql_refused_or_timed_out_is_an_outage_a_wrong_query_is_not():
    import psycopg

    with pytest.raises(psycopg.OperationalError) as refused:
        psycopg.connect("postgresql://motcua@127.0.0.1:1/motcua", connect_timeout=2)
    assert database_unavailable(_wrapped(refused.value))
    if connection.vendor != "postgresql":
        return  # the statement timeout needs the PostgreSQL pass's database
    # each in a savepoint: the test's transaction goes on after the failed statement
    with (
        pytest.raises(OperationalError) as timed_out,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL statement_timeout = 1")
        cursor.execute("SELECT pg_sleep(1)")
    assert database_unavailable(timed_out.value)
    with pytest.raises(ProgrammingError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT * FROM khong_co_bang")  # UndefinedTable: a bug, never an outage
    with connection.cursor() as cursor:
        pass
    with pytest.raises(InterfaceError) as closed_cursor:
        cursor.execute("SELECT 1")  # "the cursor is closed": a bug too
    assert not database_unavailable(closed_cursor.value)


def test_a_silent_or_failed_s3_transfer_is_a_file_store_outage():
    from s3transfer.exceptions import RetriesExceededError

    assert file_store_unavailable(RetriesExceededError(TimeoutError("read timed out")))
    assert not file_store_unavailable(ValueError("a bug"))
