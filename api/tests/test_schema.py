"""The committed schema is the generated one (regenerate: manage.py api_schema --output
api/openapi.json), and the served one too."""

import io
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import Client

from api.api import schema_json

COMMITTED = Path(settings.BASE_DIR) / "api" / "openapi.json"


def test_committed_schema_is_up_to_date():
    assert COMMITTED.read_text(encoding="utf-8") == schema_json(), (
        "api/openapi.json is stale: run `python manage.py api_schema --output api/openapi.json`"
    )


def test_command_writes_the_same_schema(tmp_path):
    target = tmp_path / "openapi.json"
    call_command("api_schema", "--output", str(target), stderr=io.StringIO())
    assert target.read_text(encoding="utf-8") == schema_json()


def test_served_schema_is_the_committed_one_in_plain_utf8():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.content.decode("utf-8") == COMMITTED.read_text(encoding="utf-8")
    assert "Không" in response.content.decode("utf-8") or "tiếng Việt" in response.content.decode()
    assert "\\u1" not in response.content.decode("utf-8")
