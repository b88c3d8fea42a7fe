"""Per-client limits on guessable requests (dossier look-ups), counted in Django's cache.

A fixed one-minute window per client address: every attempt counts, found or not, so the
4 digits cannot be guessed by trying. The address is REMOTE_ADDR: behind the reverse proxy
motcua.middleware.TrustedProxyMiddleware sets it from the proxy's X-Real-IP header. With
REDIS_URL set the count is shared by every process and server; without it, each process
counts on its own."""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from motcua.middleware import client_address

LOOKUPS_PER_MINUTE = 10
WINDOW_SECONDS = 60


def _client(request: HttpRequest) -> str:
    return client_address(request) or "unknown"


def attempt_allowed(request: HttpRequest, *, scope: str = "lookup") -> bool:
    """Count one attempt of this client; False once it has made more than the limit in the
    current minute."""
    window = int(time.time() // WINDOW_SECONDS)
    key = f"portal:rate:{scope}:{_client(request)}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS * 2)
        count = 1
    # A setting only so that the look-up benchmark (bench/lookup.py) can lift the limit: it
    # sends thousands of look-ups a minute from one address.
    return count <= getattr(settings, "PORTAL_LOOKUPS_PER_MINUTE", LOOKUPS_PER_MINUTE)


def seconds_to_next_window() -> int:
    return WINDOW_SECONDS - int(time.time()) % WINDOW_SECONDS
