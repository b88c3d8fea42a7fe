"""Test-suite wide settings. The suite runs once per database (see bin/test)."""

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=200
)
settings.load_profile("default")


@pytest.fixture(autouse=True)
def _postgres_only(request):
    """Tests marked postgres_only run in the PostgreSQL pass of bin/test and skip on SQLite."""
    if request.node.get_closest_marker("postgres_only"):
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts and ends with an empty cache: the look-up and API rate limits count
    attempts per address in it, and one test's count must not hold back the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _vietnamese_again():
    """A request in English leaves English active in the test's thread (LocaleMiddleware
    activates a language per request and nothing deactivates it), and a later test calling a
    service directly would get English messages: every test ends back on the default."""
    yield
    from django.utils import translation

    translation.deactivate()


# ---------------------------------------------------------------- browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (never `playwright install`). Without it the
    browser tests skip and say why, unless REQUIRE_BROWSER=1 makes that a failure."""
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is not installed (apt-get install chromium); browser tests skipped"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message + " but REQUIRE_BROWSER=1")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; Django's ORM refuses to run
    # next to a running loop unless told that this (test-only) use is safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Every page a browser test opens is watched for Content Security Policy violations (an
# inline style or script the policy blocks): a test that met one fails at teardown.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile}:${e.lineNumber}`);
});
"""


def csp_violations(messages: list[str]) -> list[str]:
    return [m for m in messages if "CSP violation" in m or "Content Security Policy" in m]


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    console: list[str] = []
    context.on("console", lambda message: console.append(message.text))
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.console_messages_seen = console  # type: ignore[attr-defined]
    yield page
    context.close()
    assert csp_violations(console) == [], "the CSP blocked something"  # noqa: S101 - a test


# ---------------------------------------------------------------- accounts


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's admin_client, signed in with the second factor as well (the admin is
    unreachable with the password alone)."""
    from django.test import Client

    from accounts.tests.factories import sign_in_verified

    client = Client()
    sign_in_verified(client, admin_user)
    return client
