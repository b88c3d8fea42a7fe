"""Per-client limits on guessable requests (dossier look-ups), counted in Django's cache.

A fixed one-minute window per client address: every attempt counts, found or not, so the
4 digits cannot be guessed by trying. The address is REMOTE_ADDR: behind the reverse proxy
motcua.middleware.TrustedProxyMiddleware sets it from the proxy's X-Real-IP header. With
REDIS_URL set the count is shared by every process and server; without it, each process
counts on its own — and so it does while Redis is down (motcua.cache): the limit then holds
per process instead of failing the look-up."""

import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest

from motcua.cache import UNREACHABLE, ResilientRedisCache
from motcua.middleware import client_address

LOOKUPS_PER_MINUTE = 10
WINDOW_SECONDS = 60


def _client(request: HttpRequest) -> str:
    return client_address(request) or "unknown"


def attempt_allowed(request: HttpRequest, *, scope: str = "lookup") -> bool:
    """Count one attempt of this client; False once it has made more than the limit in the
    current minute."""
    window = int(time.time() // WINDOW_SECONDS)
    count = _count(f"portal:rate:{scope}:{_client(request)}:{window}")
    # A setting only so that the look-up benchmark (bench/lookup.py) can lift the limit: it
    # sends thousands of look-ups a minute from one address.
    return count <= getattr(settings, "PORTAL_LOOKUPS_PER_MINUTE", LOOKUPS_PER_MINUTE)


def _count(key: str) -> int:
    """Add this attempt to the window's counter and return it: one cache operation per
    attempt (one round trip to Redis), not an add and an incr on every attempt."""
    backend = caches["default"]
    if isinstance(backend, ResilientRedisCache):
        if backend.available():
            try:
                return _count_in_redis(backend, key)
            except UNREACHABLE as error:
                backend.unreachable(error)
        return _count_in(_PROCESS_COUNTS, key)
    return _count_in(backend, key)


# This process's own counters, while Redis is down.
_PROCESS_COUNTS = LocMemCache("motcua-ratelimit", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


def _count_in_redis(backend: RedisCache, key: str) -> int:
    # Django's incr asks EXISTS before INCR (two round trips) and refuses a missing key;
    # INCR creates it, and EXPIRE in the same pipeline ends the window's counter.
    key = backend.make_and_validate_key(key)
    # Django's own client of the connection pool: the cache API has no pipeline.
    client = backend._cache.get_client(key, write=True)  # type: ignore[attr-defined]
    pipeline = client.pipeline(transaction=False)
    pipeline.incr(key)
    pipeline.expire(key, WINDOW_SECONDS * 2)
    return int(pipeline.execute()[0])


def _count_in(backend: BaseCache, key: str) -> int:
    try:
        return backend.incr(key)
    except ValueError:  # the window's first attempt (or its counter was evicted)
        if backend.add(key, 1, timeout=WINDOW_SECONDS * 2):
            return 1
        return backend.incr(key)  # another thread or process added it meanwhile


def seconds_to_next_window() -> int:
    return WINDOW_SECONDS - int(time.time()) % WINDOW_SECONDS
