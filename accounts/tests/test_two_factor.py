"""Two-factor sign-in (TOTP): required for administrators, optional for officers, with real
codes computed from the device's key (T6: 0 routes with the password only)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from accounts.tests.factories import (
    UserFactory,
    officer,
    sign_in_verified,
    totp_code,
    totp_device,
)
from catalog.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-thu-nghiem"
LOGIN = "/tai-khoan/dang-nhap/"
SETUP = "/tai-khoan/xac-thuc-hai-buoc/"
VERIFY = "/tai-khoan/xac-thuc-hai-buoc/nhap-ma/"


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def sign_in(client, user):
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_an_administrator_without_a_device_is_sent_to_enrolment_and_enrols(client, clock):
    admin = UserFactory(is_staff=True, is_superuser=True)
    sign_in(client, admin)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fadmin%2F"

    page = client.get(response["Location"]).content.decode()
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1)
    assert secret.replace(" ", "") == device.config_url.split("secret=")[1].split("&")[0]
    assert 'src="data:image/png;base64,' in page

    refused = client.post(SETUP, {"code": wrong(totp_code(device)), "next": "/admin/"})
    assert "Mã không đúng" in refused.content.decode()
    assert client.get("/admin/").status_code == 302

    clock.shift(timedelta(seconds=5))  # django-otp waits 1 s after a wrong code
    done = client.post(SETUP, {"code": totp_code(device), "next": "/admin/"})
    assert done.status_code == 302 and done["Location"] == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200


def test_with_a_device_the_password_leads_to_the_code_prompt(client, clock):
    admin = UserFactory(is_staff=True, is_superuser=True)
    device = totp_device(admin)
    sign_in(client, admin)
    response = client.get("/admin/")
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    # No second device can be enrolled with the password alone.
    assert client.get(SETUP)["Location"] == VERIFY
    assert TOTPDevice.objects.filter(user=admin).count() == 1

    refused = client.post(VERIFY, {"code": wrong(totp_code(device)), "next": "/admin/"})
    assert refused.status_code == 200 and "Mã không đúng" in refused.content.decode()
    clock.shift(timedelta(seconds=2))
    session_before = client.session.session_key
    done = client.post(VERIFY, {"code": totp_code(device), "next": "/admin/"})
    assert done.status_code == 302 and done["Location"] == "/admin/"
    assert client.session.session_key != session_before  # a new id once fully signed in
    assert client.get("/admin/").status_code == 200


def test_a_code_is_accepted_once(client, clock):
    admin = UserFactory(is_staff=True, is_superuser=True)
    device = totp_device(admin)
    sign_in(client, admin)
    code = totp_code(device)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.logout()

    sign_in(client, admin)
    replay = client.post(VERIFY, {"code": code})
    assert replay.status_code == 200 and "Mã không đúng" in replay.content.decode()
    clock.shift(timedelta(seconds=31))  # the app shows the next code
    assert client.post(VERIFY, {"code": totp_code(device)}).status_code == 302


def test_wrong_codes_slow_down(client, clock):
    admin = UserFactory(is_staff=True, is_superuser=True)
    device = totp_device(admin)
    sign_in(client, admin)
    for _ in range(3):
        client.post(VERIFY, {"code": wrong(totp_code(device))})
    too_fast = client.post(VERIFY, {"code": totp_code(device)})  # right, but within 4 s
    assert too_fast.status_code == 200 and "thử lại sau" in too_fast.content.decode()
    clock.shift(timedelta(seconds=5))
    assert client.post(VERIFY, {"code": totp_code(device)}).status_code == 302


def test_unit_administrators_must_use_it_other_officers_may(client, clock):
    unit = UnitFactory()
    unit_admin = officer(unit, Role.UNIT_ADMIN)
    sign_in(client, unit_admin)
    assert client.get("/can-bo/")["Location"] == f"{SETUP}?next=%2Fcan-bo%2F"
    client.logout()

    reception = officer(unit, Role.RECEPTION)
    sign_in(client, reception)
    assert client.get("/can-bo/").status_code == 200
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=reception)
    assert client.post(SETUP, {"code": totp_code(device)}).status_code == 302
    client.logout()

    clock.shift(timedelta(seconds=31))
    sign_in(client, reception)  # from now on the code is asked for
    assert client.get("/can-bo/")["Location"] == f"{VERIFY}?next=%2Fcan-bo%2F"
    assert client.post(VERIFY, {"code": totp_code(device)}).status_code == 302
    assert client.get("/can-bo/").status_code == 200
    # They may turn it off again; an administrator may not.
    assert client.post("/tai-khoan/xac-thuc-hai-buoc/tat/").status_code == 302
    assert not TOTPDevice.objects.filter(user=reception).exists()
    sign_in_verified(client, unit_admin)
    client.post("/tai-khoan/xac-thuc-hai-buoc/tat/")
    assert TOTPDevice.objects.filter(user=unit_admin, confirmed=True).exists()


def test_the_api_refuses_a_password_only_administrator_session(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    totp_device(admin)
    sign_in(client, admin)
    response = client.get("/api/v1/units")
    assert response.status_code == 401
    assert "xác thực hai bước" in response.json()["detail"]


def concrete_paths() -> list[str]:
    """One path per URL pattern of the site, with a sample value for each parameter."""
    samples = {"int": "1", "slug": "x", "str": "x", "path": "x", "uuid": "0" * 32}
    paths = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = str(pattern.pattern)
            if route.startswith("^"):  # regular expressions (admin app lists): tried below
                route = re.sub(r"\(\?P<\w+>[^)]*\)", "auth", route.strip("^$"))
            route = re.sub(
                r"<(?:(\w+):)?\w+>", lambda m: samples.get(m.group(1) or "str", "x"), route
            )
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern):
                paths.append("/" + prefix + route)

    walk(get_resolver().url_patterns, "")
    resolvable = []
    for path in paths:
        try:
            resolve(path)
        except Exception:  # noqa: S112 - a sample value the converter refuses
            continue
        resolvable.append(path)
    return sorted(set(resolvable))


def test_no_route_answers_an_administrator_with_the_password_only(client):
    """T6: 0 routes reachable with the password only."""
    admin = UserFactory(is_staff=True, is_superuser=True)
    totp_device(admin)
    sign_in(client, admin)
    paths = concrete_paths()
    assert len(paths) > 100 and "/admin/" in paths
    open_paths = {LOGIN, "/tai-khoan/dang-xuat/", "/admin/logout/", "/i18n/setlang/", SETUP, VERIFY}
    reached = []
    for path in paths:
        if path in open_paths:
            continue
        for method in (client.get, client.post):
            response = method(path)
            location = response.get("Location", "")
            gated = (response.status_code == 302 and location.startswith(VERIFY)) or (
                path.startswith("/api/") and response.status_code == 401
            )
            if not gated:
                reached.append(f"{method.__name__.upper()} {path} {response.status_code}")
    assert reached == []
