"""The HTTP SMS gateway adapter against a real HTTP server on 127.0.0.1, with backoff."""

import itertools
import socket
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from notifications.delivery import notification_attempt
from notifications.models import Notification, Status
from notifications.sms import HTTPGatewaySMSBackend, SMSError
from notifications.tests.conftest import START, drain_queue
from notifications.tests.jobs import compose_queued_notices

pytestmark = pytest.mark.django_db(transaction=True)


def sms_notification() -> Notification:
    return Notification.objects.get(channel="sms")


def test_two_failures_then_success_with_increasing_backoff(desk, gateway, clock):
    gateway.statuses = [500, 500, 200]
    dossier = desk.receive(email="")
    drain_queue()
    n = sms_notification()
    assert (n.status, n.attempts) == (Status.PENDING, 1)
    first_retry = n.next_attempt_at
    assert first_retry == START + timedelta(seconds=60)

    drain_queue()  # nothing is due yet: the retry waits for its time
    assert len(gateway.requests) == 1

    clock.move_to(first_retry)
    drain_queue()
    n.refresh_from_db()
    assert (n.status, n.attempts) == (Status.PENDING, 2)
    second_retry = n.next_attempt_at

    clock.move_to(second_retry)
    drain_queue()
    n.refresh_from_db()
    assert (n.status, n.attempts) == (Status.SENT, 3)

    attempts = list(n.delivery_attempts.all())
    assert [a.ok for a in attempts] == [False, False, True]
    assert all("HTTP 500" in a.error and "gateway busy" in a.error for a in attempts[:2])
    waits = [later.at - earlier.at for earlier, later in itertools.pairwise(attempts)]
    assert waits == [timedelta(seconds=60), timedelta(seconds=120)]  # base 60 s, doubling

    assert len(gateway.requests) == 3
    request = gateway.requests[-1]
    assert request["headers"]["Authorization"] == "Bearer token-for-tests"
    assert request["headers"]["Content-Type"] == "application/json; charset=utf-8"
    assert request["json"]["to"] == "0912345678"
    assert request["json"]["text"] == n.body
    assert dossier.code in request["json"]["text"]


def test_a_gateway_that_always_fails_gives_up_after_max_attempts(desk, gateway, clock, settings):
    gateway.statuses = [503]
    desk.receive(email="")
    drain_queue()
    n = sms_notification()
    while n.status == Status.PENDING:
        clock.move_to(n.next_attempt_at)
        drain_queue()
        n.refresh_from_db()

    assert settings.NOTIFICATION_MAX_ATTEMPTS == 5
    assert (n.status, n.attempts) == (Status.FAILED, 5)
    attempts = list(n.delivery_attempts.all())
    assert [a.ok for a in attempts] == [False] * 5
    gaps = [(b.at - a.at).total_seconds() for a, b in itertools.pairwise(attempts)]
    assert gaps == [60, 120, 240, 480]
    assert n.next_attempt_at is None and n.sent_at is None
    assert len(gateway.requests) == 5

    clock.shift(timedelta(days=1))
    drain_queue()  # nothing left to run
    assert len(gateway.requests) == 5
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_a_second_run_while_the_first_is_sending_does_not_send_again(desk, gateway):
    gateway.delay = 1.0  # the first run stays inside the gateway for a second
    desk.receive(email="")
    compose_queued_notices()
    n = sms_notification()
    results: dict[str, object] = {}

    def run(name: str, wait_for_first: bool) -> None:
        try:
            if wait_for_first:  # start only once the first run is talking to the gateway
                assert gateway.arrived.wait(5)
            results[name] = notification_attempt(notification_id=n.pk)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=("first", False)),
        threading.Thread(target=run, args=("second", True)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert len(gateway.requests) == 1
    assert results["second"] is None  # it found the notice claimed and left it alone
    n.refresh_from_db()
    assert (n.status, n.attempts) == (Status.SENT, 1)


def test_gateway_errors_are_sms_errors(gateway):
    gateway.statuses = [302]
    with pytest.raises(SMSError, match="HTTP 302"):  # a redirect would replay the token
        HTTPGatewaySMSBackend().send(to="0912345678", text="Thu")
    assert [r["path"] for r in gateway.requests] == ["/sms"]

    gateway.statuses, gateway.delay = [200], 1.0
    with pytest.raises(SMSError, match="timed out"):
        HTTPGatewaySMSBackend(timeout=0.2).send(to="0912345678", text="Thu")

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    with pytest.raises(SMSError, match="Không gửi được tới cổng SMS"):
        HTTPGatewaySMSBackend(url=f"http://127.0.0.1:{closed}/sms").send(to="09", text="x")

    with pytest.raises(SMSError, match="chưa được cấu hình"):
        HTTPGatewaySMSBackend(url="").send(to="0912345678", text="Thu")
