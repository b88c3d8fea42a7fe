"""Redis down (the production profile's cache, motcua.cache): officers keep working on their
sessions from the database, citizens keep looking up with the limit counted per process, and
only the first request of each pause waits for Redis. Against real addresses on loopback: a
port nobody listens on (refused) and one that takes connections and never answers (silent),
and the machine's Redis (motcua/tests/conftest.py) for coming back."""

import socket
import time
import uuid
from collections.abc import Iterator

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import RequestFactory, override_settings
from redis import exceptions as redis_errors

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.tests.factories import UnitFactory
from motcua import cache as resilient
from motcua.settings import caches_from_url
from portal.ratelimit import LOOKUPS_PER_MINUTE, attempt_allowed

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-thu-nghiem"
LOGIN = "/tai-khoan/dang-nhap/"
HOME = "/can-bo/"


@pytest.fixture(autouse=True)
def no_pause_carried_over() -> Iterator[None]:
    resilient._paused_until.clear()
    resilient._stale.clear()
    yield
    resilient._paused_until.clear()
    resilient._stale.clear()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_refused() -> Iterator[None]:
    url = f"redis://127.0.0.1:{_closed_port()}/0"
    with override_settings(CACHES=caches_from_url(url), SESSION_ENGINE="motcua.sessions.cached_db"):
        yield


@pytest.fixture
def silent_redis() -> Iterator[socket.socket]:
    """A Redis address that takes connections (the kernel's backlog) and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        url = f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
        with override_settings(CACHES=caches_from_url(url)):
            yield listener


def _connections_made(listener: socket.socket) -> int:
    listener.setblocking(False)
    made = 0
    while True:
        try:
            conn, _ = listener.accept()
        except BlockingIOError:
            return made
        conn.close()
        made += 1


def test_an_officer_signs_in_works_and_signs_out_while_redis_is_down(client, redis_refused):
    user = officer(UnitFactory(), Role.RECEPTION)
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302 and not response["Location"].startswith(LOGIN)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()  # the database holds it

    page = client.get(HOME)
    assert page.status_code == 200
    assert str(user) in page.content.decode()  # signed in: the session read from the database

    assert client.post("/tai-khoan/dang-xuat/").status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(HOME)["Location"].startswith(LOGIN)  # signed out for good


def test_the_look_up_limit_holds_in_each_process_while_redis_is_down(redis_refused):
    request = RequestFactory().post("/api/v1/lookup", REMOTE_ADDR="203.0.113.9")
    scope = f"down-{uuid.uuid4().hex}"
    allowed = [attempt_allowed(request, scope=scope) for _ in range(LOOKUPS_PER_MINUTE + 1)]
    assert allowed == [True] * LOOKUPS_PER_MINUTE + [False]


def test_a_silent_redis_is_waited_for_once_per_pause(silent_redis):
    cache = caches["default"]
    started = time.monotonic()
    assert cache.get("phiên", "trượt") == "trượt"  # a miss, after the socket timeout
    cache.set("phiên", 1)
    assert ("phiên" in cache) is False
    assert cache.get("phiên") is None
    # one connection tried, then left alone: redis-py's own 5 s timeouts would have made each
    # of the four calls wait
    assert _connections_made(silent_redis) == 1
    assert time.monotonic() - started < 4


def test_redis_is_used_again_after_the_pause(redis_cache, monkeypatch):
    cache = caches["default"]
    cache.set("mã", "H26.01-250101-0001", timeout=30)
    cache.unreachable(ConnectionError("as after a failed call"))
    assert not cache.available()
    assert cache.get("mã") is None  # paused: not asked
    monkeypatch.setattr(resilient, "PAUSE_SECONDS", 0.0)
    cache.unreachable(ConnectionError("again, with no pause"))
    assert cache.available()
    assert cache.get("mã") == "H26.01-250101-0001"


def test_errors_that_are_not_about_reaching_redis_are_raised(redis_cache):
    import redis

    cache = caches["default"]
    raw, prefix = redis_cache
    raw.lpush(f"{prefix}:1:danh-sach", "x")  # a list where the cache expects a string
    with pytest.raises(redis.ResponseError, match="WRONGTYPE"):
        cache.get("danh-sach")
    assert cache.available()  # a wrong command is not an outage


def test_a_session_ended_during_the_outage_is_not_read_back_when_redis_returns(redis_cache):
    """Redis kept its data (a network cut, a timeout): the session's cached copy must not
    sign its cookie in again once Redis answers."""
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX

    from motcua.sessions.cached_db import SessionStore

    raw, prefix = redis_cache
    session = SessionStore()
    session["_auth_user_id"] = "7"
    session.save()  # cached in Redis, written to the database
    key = session.session_key
    cache = caches["default"]
    cached = f"{prefix}:1:{KEY_PREFIX}{key}"
    assert raw.exists(cached)

    cache.unreachable(ConnectionError("a network cut"))  # as after a failed call
    session.flush()  # signed out: the database row goes, the cache delete is skipped
    assert raw.exists(cached)  # Redis still holds the copy

    resilient._paused_until.clear()  # Redis answers again
    assert SessionStore(session_key=key).load() == {}  # not the signed-in copy
    assert not raw.exists(cached)  # deleted by the first call that reached Redis


def test_a_wrong_redis_password_is_an_error_not_an_outage(redis_cache):
    with override_settings(CACHES=caches_from_url("redis://sai:mat-khau@127.0.0.1:6379/0")):
        cache = caches["default"]
        with pytest.raises(redis_errors.AuthenticationError):
            cache.get("khóa")
        assert cache.available()
