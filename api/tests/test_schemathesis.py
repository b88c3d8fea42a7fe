"""Schemathesis over the committed OpenAPI schema, every operation, authenticated with a
token, through the WSGI app: no 5xx, no stack trace, responses as the schema says."""

from pathlib import Path

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.tests.conftest import intake_body
from dossiers.tests.factories import received_dossier

schema = schemathesis.openapi.from_path(str(Path(settings.BASE_DIR) / "api" / "openapi.json"))
app = get_wsgi_application()


@schemathesis.check
def no_stack_trace(ctx, response, case):
    body = response.text or ""
    if "Traceback (most recent call last)" in body or 'File "/' in body:
        raise AssertionError("stack trace in the response body")


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    no_stack_trace,
]


@pytest.fixture
def seeded(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.ALLOWED_HOSTS = ["localhost"]  # the host schemathesis' WSGI calls use
    received_dossier(unit=world.unit_a, version=world.version, actor=world.user)
    world.client.post_json("/api/v1/dossiers", intake_body(world))
    # As Django's test client does: a request must not close the test's database connection
    # (it holds the test's transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield world
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_operations(case, seeded):
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {seeded.token}"}
    response = case.call(app=app)
    case.validate_response(response, checks=CHECKS)
