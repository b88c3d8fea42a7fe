"""Sessions: a new id at sign-in, idle and absolute timeouts, sign-out and deactivation end
them on the server (T6, ASVS 7.2.4, 7.3.1-7.3.2, 7.4.1-7.4.2), CSRF on signed-in forms."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-thu-nghiem"
LOGIN = "/tai-khoan/dang-nhap/"
HOME = "/can-bo/"


@pytest.fixture
def reception():
    return officer(UnitFactory(), Role.RECEPTION, username="tiepnhan")


def sign_in(client, user):
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def is_sent_to_sign_in(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_the_session_id_changes_at_sign_in(client, reception):
    session = client.session
    session["language_hint"] = "vi"
    session.save()
    before = session.session_key
    sign_in(client, reception)
    after = client.session.session_key
    assert before and after and before != after
    assert not Session.objects.filter(session_key=before).exists()


def test_idle_timeout(client, reception):
    assert settings.SESSION_IDLE_MINUTES == 30
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        sign_in(client, reception)
        clock.shift(timedelta(minutes=29))
        assert client.get(HOME).status_code == 200  # activity moves the idle limit
        clock.shift(timedelta(minutes=29))
        assert client.get(HOME).status_code == 200
        clock.shift(timedelta(minutes=30, seconds=1))
        response = client.get(HOME)
        assert is_sent_to_sign_in(response)
        page = client.get(response["Location"]).content.decode()
        assert "Phiên làm việc đã hết hạn" in page
        assert client.get(HOME).status_code == 302  # signed out for good


def test_absolute_lifetime_even_when_active(client, reception):
    assert settings.SESSION_MAX_HOURS == 12
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        sign_in(client, reception)
        for _ in range(35):  # a request every 20 minutes: 11 h 40 min
            clock.shift(timedelta(minutes=20))
            assert client.get(HOME).status_code == 200
        clock.shift(timedelta(minutes=20, seconds=1))  # 12 h and a second
        assert is_sent_to_sign_in(client.get(HOME))


def test_timeouts_come_from_the_settings(client, reception, settings):
    settings.SESSION_IDLE_MINUTES = 5
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        sign_in(client, reception)
        clock.shift(timedelta(minutes=5, seconds=1))
        assert is_sent_to_sign_in(client.get(HOME))


def test_sign_out_deletes_the_session_on_the_server(client, reception):
    sign_in(client, reception)
    stolen = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.post("/tai-khoan/dang-xuat/").status_code == 302
    assert not Session.objects.filter(session_key=stolen).exists()
    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = stolen
    assert is_sent_to_sign_in(thief.get(HOME))


def test_deactivating_a_user_ends_their_sessions(client, reception):
    sign_in(client, reception)
    assert client.get(HOME).status_code == 200
    reception.is_active = False
    reception.save(update_fields=["is_active"])
    assert is_sent_to_sign_in(client.get(HOME))


def test_a_post_without_the_csrf_token_is_refused_on_a_signed_in_form(reception):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reception)
    response = client.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": PASSWORD, "new_password1": "Mat-khau-moi-2026!", "new_password2": "x"},
    )
    assert response.status_code == 403
    reception.refresh_from_db()
    assert reception.check_password(PASSWORD)
