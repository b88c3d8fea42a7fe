"""The production profile (deploy/, docs/deployment.md): settings wiring for Redis and S3, the
client's address behind nginx, the rate limit shared through Redis, and the nginx and systemd
files themselves. bench/production_profile.py runs the whole profile; these are the parts
cheap enough for every CI run."""

import configparser
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.core.management import get_commands
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from motcua.middleware import TrustedProxyMiddleware
from motcua.settings import storage_from_env
from motcua.tests.test_settings import load_settings
from portal.ratelimit import LOOKUPS_PER_MINUTE, WINDOW_SECONDS, attempt_allowed

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"

SHOW_CACHE = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.CACHES['default']['BACKEND'], s.CACHES['default'].get('LOCATION'), "
    "s.CACHES['default'].get('KEY_PREFIX'), s.SESSION_ENGINE)"
)


def test_without_redis_each_process_has_a_memory_cache_and_sessions_in_the_database(tmp_path):
    result = load_settings({"SECRET_KEY": "x" * 50, "MOTCUA_VAR_DIR": str(tmp_path)}, SHOW_CACHE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.locmem.LocMemCache",
        "None",
        "None",
        "motcua.sessions.db",
    ]


def test_redis_url_selects_the_shared_redis_cache_and_cached_sessions(tmp_path):
    env = {
        "SECRET_KEY": "x" * 50,
        "MOTCUA_VAR_DIR": str(tmp_path),
        "REDIS_URL": "redis://cache.example:6379/2",
        "CACHE_KEY_PREFIX": "xa-a",
    }
    result = load_settings(env, SHOW_CACHE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "motcua.cache.ResilientRedisCache",
        "redis://cache.example:6379/2",
        "xa-a",
        "motcua.sessions.cached_db",
    ]


def test_s3_storage_is_configured_from_the_environment(tmp_path):
    """The S3 wiring down to django-storages' own storage object (no S3 server runs here:
    nothing is sent; docs/deployment.md says S3 was not exercised against a server)."""
    show = (
        "import django; django.setup(); from django.core.files.storage import storages;"
        "d = storages['default']; print(type(d).__name__, d.bucket_name, d.endpoint_url, "
        "d.location, d.file_overwrite, d.default_acl, d.querystring_auth, d.access_key)"
    )
    env = {
        "SECRET_KEY": "x" * 50,
        "MOTCUA_VAR_DIR": str(tmp_path),
        "STORAGE": "s3",
        "S3_BUCKET": "motcua-files",
        "S3_ENDPOINT_URL": "https://s3.example.gov.vn",
        "S3_ACCESS_KEY_ID": "AKIAEXAMPLE",
        "S3_SECRET_ACCESS_KEY": "secret",
        "S3_PREFIX": "xa-a",
    }
    result = load_settings(env, show)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "S3Storage",
        "motcua-files",
        "https://s3.example.gov.vn",
        "xa-a",
        "False",
        "None",
        "True",
        "AKIAEXAMPLE",
    ]


def test_storage_setting_fails_closed():
    assert storage_from_env({})["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    with pytest.raises(ImproperlyConfigured, match="S3_BUCKET"):
        storage_from_env({"STORAGE": "s3"})
    with pytest.raises(ImproperlyConfigured, match="filesystem"):
        storage_from_env({"STORAGE": "ftp"})


# ---------------------------------------------------------------- Redis, for real


def test_a_value_goes_through_redis(redis_cache):
    raw, prefix = redis_cache
    cache = caches["default"]
    cache.set("round-trip", {"mã": "H26.01-250101-0001"}, timeout=30)
    assert caches.create_connection("default").get("round-trip") == {"mã": "H26.01-250101-0001"}
    assert raw.exists(f"{prefix}:1:round-trip")


def test_the_look_up_limit_is_counted_once_for_two_processes(redis_cache):
    """Two cache clients with their own connections, as two gunicorn processes have: the
    client's 11th look-up in the minute is refused whichever process gets it."""
    first, second = caches.create_connection("default"), caches.create_connection("default")
    request = RequestFactory().post("/api/v1/lookup", REMOTE_ADDR="203.0.113.7")
    other = RequestFactory().post("/api/v1/lookup", REMOTE_ADDR="203.0.113.8")
    allowed = []
    for i in range(LOOKUPS_PER_MINUTE + 2):
        caches["default"] = first if i % 2 else second
        allowed.append(attempt_allowed(request))
    assert allowed == [True] * LOOKUPS_PER_MINUTE + [False, False]
    assert attempt_allowed(other)


def test_the_look_up_counter_is_one_redis_key_that_ends_with_its_window(redis_cache):
    raw, prefix = redis_cache
    request = RequestFactory().post("/api/v1/lookup", REMOTE_ADDR="203.0.113.9")
    assert attempt_allowed(request) and attempt_allowed(request)
    (key,) = raw.scan_iter(f"{prefix}:*:portal:rate:lookup:203.0.113.9:*")
    assert int(raw.get(key)) == 2
    assert 0 < raw.ttl(key) <= 2 * WINDOW_SECONDS


# ---------------------------------------------------------------- behind the proxy


def _address_seen(request) -> str:
    seen = {}

    def view(r):
        seen["addr"] = r.META["REMOTE_ADDR"]
        return HttpResponse()

    TrustedProxyMiddleware(view)(request)
    return seen["addr"]


@override_settings(TRUSTED_PROXIES=["127.0.0.1", "::1"])
def test_the_proxys_x_real_ip_is_believed_only_from_the_proxy():
    factory = RequestFactory()
    via_proxy = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="198.51.100.4")
    assert _address_seen(via_proxy) == "198.51.100.4"
    direct = factory.get("/", REMOTE_ADDR="198.51.100.9", HTTP_X_REAL_IP="10.0.0.1")
    assert _address_seen(direct) == "198.51.100.9"
    garbage = factory.get("/", REMOTE_ADDR="::1", HTTP_X_REAL_IP="1.2.3.4, 5.6.7.8")
    assert _address_seen(garbage) == "::1"


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="198.51.100.4")
    assert _address_seen(request) == "127.0.0.1"


# ---------------------------------------------------------------- nginx


@pytest.mark.skipif(not Path("/usr/sbin/nginx").exists(), reason="nginx is not installed")
@pytest.mark.parametrize("tls", [False, True], ids=["loopback", "https"])
def test_nginx_accepts_the_configuration(tmp_path, tls):
    from bench.production_profile import nginx_config, nginx_test

    certificate = None
    if tls:
        if not shutil.which("openssl"):
            pytest.skip("openssl is not installed (for a throwaway certificate)")
        certificate = (tmp_path / "cert.pem", tmp_path / "key.pem")
        openssl = shutil.which("openssl") or "openssl"
        subprocess.run(  # noqa: S603 - fixed arguments
            [
                *(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
                *("-subj", "/CN=localhost", "-out", str(certificate[0])),
                *("-keyout", str(certificate[1])),
            ],
            check=True,
            capture_output=True,
        )
    (tmp_path / "static").mkdir()
    conf = nginx_config(
        tmp=tmp_path,
        port=8080,
        app_ports=[8001, 8002],
        static_root=tmp_path / "static",
        tls=tls,
        certificate=certificate,
    )
    result = nginx_test(conf)
    assert result.returncode == 0, result.stderr


def test_nginx_takes_uploads_as_large_as_the_application():
    from django.conf import settings

    app = (DEPLOY / "nginx" / "motcua-app.conf").read_text()
    limit = re.search(r"client_max_body_size (\d+)m;", app)
    assert limit, "client_max_body_size is set in megabytes"
    assert int(limit.group(1)) * 1024 * 1024 >= settings.ATTACHMENT_MAX_BYTES + 1024 * 1024 // 2


# ---------------------------------------------------------------- systemd


UNITS = sorted((DEPLOY / "systemd").iterdir())


def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser


def test_units_name_existing_commands_and_timers_existing_services():
    commands = get_commands()
    names = {p.name for p in UNITS}
    for path in UNITS:
        unit = _unit(path)
        if path.suffix == ".service":
            start = unit["Service"]["ExecStart"]
            if " manage.py " in start:
                assert start.split(" manage.py ")[1].split()[0] in commands, path.name
            assert unit["Service"]["EnvironmentFile"] == "/etc/motcua/motcua.env"
        if path.suffix == ".timer":
            assert unit["Timer"]["Unit"] in names, path.name
            assert "OnCalendar" in unit["Timer"] or "OnUnitActiveSec" in unit["Timer"]


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
def test_systemd_accepts_the_units(tmp_path):
    """`systemd-analyze verify` on copies whose programs point at this checkout's."""
    venv = Path(sys.executable).parent
    for path in UNITS:
        text = path.read_text().replace("/srv/motcua/.venv/bin/", f"{venv}/")
        name = path.name.replace("@.service", "@8001.service")
        (tmp_path / name).write_text(text)
    units = sorted(str(p) for p in tmp_path.iterdir())
    analyze = shutil.which("systemd-analyze") or "systemd-analyze"
    result = subprocess.run(  # noqa: S603 - our own unit files
        [analyze, "verify", "--man=no", *units],
        capture_output=True,
        text=True,
        check=False,
    )
    complaints = [line for line in result.stderr.splitlines() if str(tmp_path) in line]
    assert result.returncode == 0 and not complaints, result.stderr


# ---------------------------------------------------------------- env.example


def test_every_environment_variable_is_documented_in_env_example():
    read = set()
    for source in (ROOT / "motcua" / "settings.py", DEPLOY / "gunicorn.conf.py"):
        read |= set(
            re.findall(
                r"""(?:env_bool|env_list|environ\.get|environ\[)\(?\s*["']([A-Z0-9_]+)["']""",
                source.read_text(),
            )
        )
    assert {"SECRET_KEY", "REDIS_URL", "S3_BUCKET", "GUNICORN_WORKERS"} <= read
    documented = set(re.findall(r"^#? ?([A-Z0-9_]+)=", (DEPLOY / "env.example").read_text(), re.M))
    documented |= {"GUNICORN_BIND"}  # set by the systemd unit, explained in env.example
    assert read - documented == set()
