"""Fixtures of the production profile's tests."""

import uuid

import pytest
from django.test import override_settings

from motcua.settings import caches_from_url

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_cache():
    """The Django cache on the machine's Redis under a key prefix of this test alone."""
    import redis

    raw = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        raw.ping()
    except redis.ConnectionError:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: the Redis cache tests are skipped")
    prefix = f"motcua-test-{uuid.uuid4().hex}"
    with override_settings(CACHES=caches_from_url(REDIS_URL, key_prefix=prefix)):
        yield raw, prefix
    keys = list(raw.scan_iter(f"{prefix}:*"))
    if keys:
        raw.delete(*keys)
    raw.close()
