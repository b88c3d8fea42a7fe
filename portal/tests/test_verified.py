"""The codes a browser looked up are kept in a signed cookie (portal.verified), not in a
server session: a look-up writes nothing, the cookie cannot be forged or moved between
purposes and officers, and each code ends after 30 minutes."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import signing
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import officer
from portal.tests.factories import at
from portal.verified import LOOKUP, MAX_CODES, VERIFIED_SECONDS, VerifiedCodes

pytestmark = pytest.mark.django_db


def codes_in(value: str) -> dict:
    """The codes of a look-up cookie's value, read the way the views read it."""
    request = RequestFactory().get("/")
    request.COOKIES["lookup"] = value
    return VerifiedCodes.read(request, LOOKUP).codes


def look_up(client, code, digits="2345"):
    return client.post(reverse("portal:lookup"), {"code": code, "digits": digits})


def result(client, code):
    return client.get(reverse("portal:lookup_result", args=[code]))


def test_a_look_up_writes_nothing_and_starts_no_session(client, office):
    dossier = office.receive(at(2026, 3, 2, 9))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("portal:lookup")).status_code == 200
        assert look_up(client, dossier.code).status_code == 302
        assert result(client, dossier.code).status_code == 200
    verbs = {q["sql"].split()[0].upper() for q in queries.captured_queries}
    assert verbs == {"SELECT"}, queries.captured_queries
    assert not Session.objects.exists()
    assert settings.SESSION_COOKIE_NAME not in client.cookies


def test_the_cookie_is_signed_http_only_and_lax(client, office):
    dossier = office.receive(at(2026, 3, 2, 9))
    cookie = look_up(client, dossier.code).cookies["lookup"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/"
    assert int(cookie["max-age"]) == VERIFIED_SECONDS
    assert list(codes_in(cookie.value)) == [dossier.code]
    assert '"' not in cookie.OutputString()  # a plain cookie value, no quoting


@override_settings(SESSION_COOKIE_SECURE=True)
def test_over_https_the_cookie_is_secure_and_host_only(client, office):
    dossier = office.receive(at(2026, 3, 2, 9))
    response = look_up(client, dossier.code)
    assert response.cookies["__Host-lookup"]["secure"] and "lookup" not in response.cookies
    assert result(client, dossier.code).status_code == 200
    home = client.get(reverse("portal:kiosk", args=[office.unit.code]))  # kiosk: next citizen
    assert home.cookies["__Host-lookup"]["max-age"] == 0
    assert result(client, dossier.code).status_code == 302


def test_a_forged_altered_or_borrowed_cookie_opens_nothing(client, office):
    dossier = office.receive(at(2026, 3, 2, 9))
    other = office.returned(at(2026, 3, 2, 10), at(2026, 3, 3, 10), at(2026, 3, 4, 9))
    look_up(client, dossier.code)
    genuine = client.cookies["lookup"].value
    # the readable part changed to hold another code, the signature kept
    _payload, stamp, signature = genuine.rsplit(":", 2)
    codes = {other.code: int(codes_in(genuine)[dossier.code])}
    altered = f"{signing.b64_encode(json.dumps(codes).encode()).decode()}:{stamp}:{signature}"
    # signed with another key; and the counter tablet's cookie of this very code
    forged = signing.dumps(codes, key="not-the-secret-key", compress=True)
    client.force_login(office.reception)
    client.post(
        reverse("portal:tablet", args=[office.unit.code]), {"code": other.code, "digits": "2345"}
    )
    tablets = client.cookies["tablet"].value
    assert result(client, dossier.code).status_code == 200  # the genuine one still works
    for value in (altered, forged, tablets, json.dumps(codes), "garbage"):
        client.cookies["lookup"] = value
        assert result(client, other.code).status_code == 302, value
        assert result(client, dossier.code).status_code == 302, value


def test_each_code_is_open_for_30_minutes_from_its_own_look_up(client, office):
    first = office.receive(at(2026, 3, 2, 9))
    second = office.receive(at(2026, 3, 2, 10))
    start = at(2026, 11, 26, 10)
    with time_machine.travel(start, tick=False):
        look_up(client, first.code)
    with time_machine.travel(start + timedelta(minutes=20), tick=False):
        look_up(client, second.code)  # the cookie is written again, first's stamp kept
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert result(client, first.code).status_code == 200
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert result(client, first.code).status_code == 302
        assert result(client, second.code).status_code == 200
    with time_machine.travel(start + timedelta(minutes=51), tick=False):
        assert result(client, second.code).status_code == 302


def test_only_the_latest_looked_up_codes_are_kept(client, office):
    dossiers = [
        office.receive(at(2026, 3, 2, 8 + i // 4, i % 4 * 10)) for i in range(MAX_CODES + 1)
    ]
    for dossier in dossiers:
        cache.clear()  # the look-up limit
        assert look_up(client, dossier.code).status_code == 302
    assert result(client, dossiers[0].code).status_code == 302
    for dossier in dossiers[1:]:
        assert result(client, dossier.code).status_code == 200


def test_the_counter_tablet_holds_one_citizen_for_its_officer(client, office):
    first = office.returned(at(2026, 3, 2, 9), at(2026, 3, 3, 10), at(2026, 3, 4, 9))
    second = office.returned(at(2026, 3, 2, 10), at(2026, 3, 3, 10), at(2026, 3, 4, 9))
    tablet = reverse("portal:tablet", args=[office.unit.code])

    def rate(dossier):
        return client.get(reverse("portal:tablet_rate", args=[office.unit.code, dossier.code]))

    client.force_login(office.reception)
    client.post(tablet, {"code": first.code, "digits": "2345"})
    client.post(tablet, {"code": second.code, "digits": "2345"})
    assert rate(first)["Location"] == tablet and rate(second).status_code == 200
    client.get(tablet)  # the form for the next citizen: Back does not reopen the last one
    assert rate(second)["Location"] == tablet
    client.post(tablet, {"code": second.code, "digits": "2345"})
    assert rate(second).status_code == 200
    # another officer signing in on this tablet does not inherit the citizen
    client.force_login(officer(office.unit, Role.RECEPTION))
    assert rate(second)["Location"] == tablet
