"""Deployment gate (T12): `check --deploy` is clean under the production settings, and the
security headers are on real responses."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.tests.factories import UnitFactory

ROOT = Path(__file__).resolve().parents[2]
LOGIN = "/tai-khoan/dang-nhap/"


def production(tmp_path, code: list[str], **env: str) -> subprocess.CompletedProcess:
    """Run `code` with the production settings and exactly these variables."""
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    return subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, *code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={
            **keep,
            "DJANGO_SETTINGS_MODULE": "motcua.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "example.gov.vn",
            "MOTCUA_VAR_DIR": str(tmp_path),
            # A deployment sends SMS through its gateway (notifications.W001 otherwise).
            "SMS_BACKEND": "notifications.sms.HTTPGatewaySMSBackend",
            "SMS_GATEWAY_URL": "https://sms.example.gov.vn/send",
            **env,
        },
    )


def test_check_deploy_reports_nothing_under_production_settings(tmp_path):
    result = production(tmp_path, ["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


RESPONSES = """
import django; django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="example.gov.vn")
plain = client.get("/tai-khoan/dang-nhap/")
print("plain", plain.status_code, plain.get("Location", "-"))
proxied = client.get("/tai-khoan/dang-nhap/", HTTP_X_FORWARDED_PROTO="https")
print("proxied", proxied.status_code)
secure = client.get("/tai-khoan/dang-nhap/", secure=True)
print("secure", secure.status_code)
for name in ["Strict-Transport-Security", "Content-Security-Policy", "X-Frame-Options",
             "X-Content-Type-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy",
             "Permissions-Policy"]:
    print("header", name, "=", secure.get(name, "-"))
csrf = secure.cookies[settings.CSRF_COOKIE_NAME]
print("csrf", settings.CSRF_COOKIE_NAME, bool(csrf["secure"]), bool(csrf["httponly"]))
print("session", settings.SESSION_COOKIE_NAME, settings.SESSION_COOKIE_SECURE,
      settings.SESSION_COOKIE_HTTPONLY, settings.SESSION_COOKIE_SAMESITE)
"""


def test_production_responses_carry_the_security_headers(tmp_path):
    result = production(tmp_path, ["-c", RESPONSES])
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "plain 301 https://example.gov.vn/tai-khoan/dang-nhap/" in out  # HTTPS only
    # Without TLS_PROXY=1 a client's X-Forwarded-Proto is not believed.
    assert "proxied 301" in out
    assert "secure 200" in out
    assert "header Strict-Transport-Security = max-age=31536000; includeSubDomains\n" in out
    assert "header X-Frame-Options = DENY" in out
    assert "header X-Content-Type-Options = nosniff" in out
    assert "header Referrer-Policy = same-origin" in out
    assert "header Cross-Origin-Opener-Policy = same-origin" in out
    assert "header Permissions-Policy = camera=(), microphone=(), geolocation=()" in out
    csp = next(line for line in out.splitlines() if "Content-Security-Policy" in line)
    for directive in [
        "default-src 'self'",
        "script-src 'self';",
        "style-src 'self';",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]:
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "csrf __Host-csrftoken True True" in out
    assert "session __Host-sessionid True True Lax" in out


def test_behind_a_tls_proxy_its_header_counts(tmp_path):
    result = production(tmp_path, ["-c", RESPONSES], TLS_PROXY="1")
    assert result.returncode == 0, result.stderr
    assert "proxied 200" in result.stdout and "plain 301" in result.stdout


def test_hsts_preload_is_opt_in(tmp_path):
    """Silenced with the reason given in settings; turned on, the check is not silenced."""
    assert settings.SECURE_HSTS_PRELOAD is False
    assert settings.SILENCED_SYSTEM_CHECKS == ["security.W021"]
    code = "import django; django.setup(); from django.conf import settings as s; "
    code += "print(s.SECURE_HSTS_PRELOAD, s.SILENCED_SYSTEM_CHECKS)"
    opted = production(tmp_path, ["-c", code], SECURE_HSTS_PRELOAD="1")
    assert opted.stdout.strip() == "True []"


@pytest.mark.django_db
def test_signed_in_pages_are_not_stored_and_every_page_has_the_policy(client):
    anonymous = client.get("/thu-tuc/")
    assert "no-store" not in anonymous.get("Cache-Control", "")
    assert "frame-ancestors 'none'" in anonymous["Content-Security-Policy"]
    assert anonymous["X-Frame-Options"] == "DENY"
    refused = client.get("/thu-tuc/", {"q": "\x00"})  # answered by an early middleware
    assert refused.status_code == 400 and "Content-Security-Policy" in refused
    client.force_login(officer(UnitFactory(), Role.RECEPTION))
    for url in ["/can-bo/", "/can-bo/tiep-nhan/", "/thu-tuc/", "/tai-khoan/doi-mat-khau/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "no-store", url
        assert response["Content-Security-Policy"] == settings_csp(), url


def settings_csp() -> str:
    from motcua.headers import csp_header

    return csp_header(settings.SECURE_CSP)
