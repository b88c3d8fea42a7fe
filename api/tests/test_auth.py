"""Tokens (hashed, scoped, revocable), sessions with CSRF, and 401 on every private
endpoint without credentials."""

import hashlib
import io
import json

import pytest
from django.core.management import call_command
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
from django.test import Client
from django.utils import timezone

from api.api import schema_json
from api.models import ApiToken
from api.tests.conftest import ApiClient, intake_body
from api.tokens import api_token_check, api_token_create, api_token_unit_ids
from catalog.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def private_operations():
    schema = json.loads(schema_json())
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if operation.get("security"):
                yield method, path


def concrete(path: str) -> str:
    return path.replace("{code}", "X-1").replace("{attachment_id}", "1")


def test_every_operation_declares_its_auth():
    schema = json.loads(schema_json())
    public = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if not operation.get("security"):
                public.append((method, path))
    assert public == [("post", "/api/v1/lookup")]


@pytest.mark.parametrize(("method", "path"), list(private_operations()))
def test_no_credentials_is_401_everywhere(world, method, path):
    response = getattr(Client(), method)(concrete(path), content_type="application/json")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Cần xác thực")
    assert response["WWW-Authenticate"] == "Bearer"


def test_revoked_and_forged_tokens_are_401(world):
    assert world.client.get("/api/v1/dossiers").status_code == 200
    prefix = world.token.split(".")[0]
    forged = ApiClient(f"{prefix}.{'A' * 43}")
    assert forged.get("/api/v1/dossiers").status_code == 401
    call_command("api_token_revoke", prefix, stdout=io.StringIO())
    response = world.client.get("/api/v1/dossiers")
    assert response.status_code == 401
    assert response.json() == {"detail": "Khóa API không hợp lệ hoặc đã bị thu hồi."}


def test_inactive_user_token_is_401(world):
    world.user.is_active = False
    world.user.save()
    assert world.client.get("/api/v1/units").status_code == 401


def test_token_is_stored_hashed_and_records_use(world):
    row = ApiToken.objects.get(pk=world.token_row.pk)
    prefix, secret = world.token.split(".")
    assert row.prefix == prefix
    assert row.secret_sha256 == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.values().get(pk=row.pk))
    assert row.last_used_at is None
    assert api_token_check(world.token) is not None
    row.refresh_from_db()
    assert row.last_used_at is not None


def test_create_command_prints_the_secret_once(world):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "api_token_create",
        "--user",
        world.user.username,
        "--unit",
        world.unit_a.code,
        "--unit",
        world.unit_b.code,
        "--name",
        "Cổng DVC tỉnh",
        stdout=out,
        stderr=err,
    )
    value = out.getvalue().strip()
    token = api_token_check(value)
    assert token is not None and token.name == "Cổng DVC tỉnh"
    assert set(token.units.all()) == {world.unit_a, world.unit_b}
    assert value not in err.getvalue()
    assert ApiClient(value).get("/api/v1/units").status_code == 200


def _csrf_token() -> str:
    return _mask_cipher_secret(_get_new_csrf_string())


def test_session_reads_and_writes_with_csrf(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.user)
    listed = browser.get("/api/v1/dossiers")
    assert listed.status_code == 200
    # A write without the CSRF token is refused even with a valid session...
    body = json.dumps(intake_body(world))
    refused = browser.post("/api/v1/dossiers", body, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    # ...and accepted with the cookie and the X-CSRFToken header, as the pages send them.
    token = _csrf_token()
    browser.cookies["csrftoken"] = token
    accepted = browser.post(
        "/api/v1/dossiers", body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert accepted.status_code == 201, accepted.content
    # A session is not limited to a token's units: unit B is the user's too.
    body_b = json.dumps(intake_body(world, unit=world.unit_b))
    other = browser.post(
        "/api/v1/dossiers", body_b, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert other.status_code == 201


def test_docs_page_needs_a_signed_in_officer_and_serves_swagger_locally(world):
    assert Client().get("/api/v1/docs").status_code == 302
    browser = Client()
    browser.force_login(world.user)
    page = browser.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn." not in page


def test_a_tokens_units_are_read_once_per_process(world, django_assert_num_queries):
    token = api_token_check(world.token)
    assert api_token_unit_ids(token) == {world.unit_a.pk}
    with django_assert_num_queries(0):
        assert api_token_unit_ids(token) == {world.unit_a.pk}
    other = api_token_create(user=world.user, units=[world.unit_b], name="khác").token
    assert api_token_unit_ids(other) == {world.unit_b.pk}


def test_a_live_token_is_read_once_and_any_revocation_applies_at_once(
    world, django_assert_num_queries
):
    """Each process keeps live tokens while no token, role or user status changes
    (common.stamps): one query per request, the change stamps, and nothing stale."""
    assert api_token_check(world.token) is not None  # read, and its last use written
    with django_assert_num_queries(1):
        assert api_token_check(world.token) is not None
    prefix = world.token.split(".")[0]
    assert api_token_check(f"{prefix}.{'A' * 43}") is None  # the kept copy checks the secret
    ApiToken.objects.filter(pk=world.token_row.pk).update(revoked_at=timezone.now())
    assert api_token_check(world.token) is None
    assert world.client.get("/api/v1/units").status_code == 401


def test_a_kept_token_of_a_deactivated_user_is_refused_at_once(world):
    assert world.client.get("/api/v1/units").status_code == 200
    type(world.user).objects.filter(pk=world.user.pk).update(is_active=False)
    assert world.client.get("/api/v1/units").status_code == 401


def test_a_token_is_refused_for_a_unit_where_the_user_has_no_role(world):
    elsewhere = UnitFactory(name="Xã Mỹ Đức", code="10441")
    with pytest.raises(ValueError, match=r"không có vai trò nào tại: Xã Mỹ Đức \(10441\)"):
        api_token_create(user=world.user, units=[world.unit_a, elsewhere], name="Sai đơn vị")
    assert ApiToken.objects.count() == 1  # the world's own


def test_revoke_says_when_in_vietnam_time(world):
    out = io.StringIO()
    call_command("api_token_revoke", world.token_row.prefix, stdout=out)
    revoked = ApiToken.objects.get().revoked_at
    assert f"lúc {timezone.localtime(revoked):%H:%M %d/%m/%Y}." in out.getvalue()
    assert "+00:00" not in out.getvalue()
