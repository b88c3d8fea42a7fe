"""Sign-in lockout (django-axes): per user name and address, with a cool-off, on the officers',
the admin's and the citizens' sign-in pages (T6)."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.signals import user_login_failed
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-thu-nghiem"
LOCKED = "Đăng nhập sai quá 5 lần nên tài khoản tạm bị khóa"
LOGIN = "/tai-khoan/dang-nhap/"


def sign_in(client, username, password, url=LOGIN):
    return client.post(url, {"username": username, "password": password})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_lock_out_even_the_right_one_with_a_message(client):
    UserFactory(username="tiepnhan")
    for _ in range(4):
        response = sign_in(client, "tiepnhan", "sai-mat-khau")
        assert response.status_code == 200 and LOCKED not in response.content.decode()
    fifth = sign_in(client, "tiepnhan", "sai-mat-khau")
    assert fifth.status_code == 429 and LOCKED in fifth.content.decode()
    right = sign_in(client, "tiepnhan", PASSWORD)
    page = right.content.decode()
    assert right.status_code == 429 and LOCKED in page and "thử lại sau 15 phút" in page
    assert 'name="username"' in page  # the sign-in page itself, not a bare error page
    assert not signed_in(client)


def test_the_lockout_ends_after_the_cool_off(client):
    UserFactory(username="tiepnhan")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(5):
            sign_in(client, "tiepnhan", "sai-mat-khau")
        clock.shift(timedelta(minutes=14))
        assert sign_in(client, "tiepnhan", PASSWORD).status_code == 429
        clock.shift(timedelta(minutes=1, seconds=1))
        assert sign_in(client, "tiepnhan", PASSWORD).status_code == 302
        assert signed_in(client)


def test_a_success_resets_the_count(client):
    UserFactory(username="tiepnhan")
    for _ in range(4):
        sign_in(client, "tiepnhan", "sai-mat-khau")
    assert sign_in(client, "tiepnhan", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert sign_in(client, "tiepnhan", "sai-mat-khau").status_code == 200
    assert sign_in(client, "tiepnhan", PASSWORD).status_code == 302


def test_the_lockout_is_per_address_a_guesser_elsewhere_does_not_lock_the_victim():
    UserFactory(username="tiepnhan")
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        sign_in(guesser, "tiepnhan", "sai-mat-khau")
    assert sign_in(guesser, "tiepnhan", PASSWORD).status_code == 429
    victim = Client(REMOTE_ADDR="10.1.2.3")
    assert sign_in(victim, "tiepnhan", PASSWORD).status_code == 302


def test_the_limit_comes_from_the_settings(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    UserFactory(username="tiepnhan")
    sign_in(client, "tiepnhan", "sai-mat-khau")
    response = sign_in(client, "tiepnhan", "sai-mat-khau")
    assert response.status_code == 429 and "Đăng nhập sai quá 2 lần" in response.content.decode()


def test_refused_sign_ins_still_send_user_login_failed(client):
    """The audit log listens to Django's signal: a locked-out try is a failure too."""
    UserFactory(username="tiepnhan")
    seen = []

    def record(sender, credentials, request=None, **kwargs):
        seen.append(credentials["username"])

    user_login_failed.connect(record)
    try:
        for _ in range(5):
            sign_in(client, "tiepnhan", "sai-mat-khau")
        sign_in(client, "tiepnhan", PASSWORD)  # locked out
    finally:
        user_login_failed.disconnect(record)
    assert seen == ["tiepnhan"] * 6


def test_the_admin_sign_in_is_covered(client):
    UserFactory(username="quantri", is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    for _ in range(5):
        sign_in(client, "quantri", "sai-mat-khau", url)
    response = sign_in(client, "quantri", PASSWORD, url)
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert not signed_in(client)


def test_the_citizen_sign_in_is_covered(client):
    from online.tests.factories import PASSWORD as CITIZEN_PASSWORD
    from online.tests.factories import citizen

    citizen(phone="0987654321")
    url = reverse("online:sign_in")
    for _ in range(5):
        client.post(url, {"identifier": "0987654321", "password": "sai-mat-khau"})
    response = client.post(url, {"identifier": "0987654321", "password": CITIZEN_PASSWORD})
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert 'name="identifier"' in response.content.decode()
    assert not signed_in(client)
    other_address = Client(REMOTE_ADDR="10.9.9.9")
    response = other_address.post(url, {"identifier": "0987654321", "password": CITIZEN_PASSWORD})
    assert response.status_code == 302


def test_unknown_citizen_identifiers_are_not_locked_out_before_registered_ones(client):
    """Else a guesser could tell registered phone numbers from others by the lockout."""
    from online.tests.factories import citizen

    citizen(phone="0987654321")
    url = reverse("online:sign_in")
    for n in range(6):
        client.post(url, {"identifier": f"091234567{n}", "password": "sai-mat-khau"})
    unknown = client.post(url, {"identifier": "0912345679", "password": "sai-mat-khau"})
    known = client.post(url, {"identifier": "0987654321", "password": "sai-mat-khau"})
    assert unknown.status_code == known.status_code == 200
    assert LOCKED not in unknown.content.decode() + known.content.decode()
