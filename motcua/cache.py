"""Django's Redis cache, stepping aside while Redis is down (CACHES with REDIS_URL).

Redis holds only what can be rebuilt: the cached copy of each session (the database has the
session itself, motcua.sessions) and the look-up rate limit's counters (portal.ratelimit).
With Django's own backend an outage of Redis made every page with a session cookie fail
(its `cached_db` engine refills the cache after a database read without catching errors) and
every look-up fail. Here, when Redis cannot be reached or does not answer within the socket
timeout, a read is a miss and a write is skipped, and this process leaves Redis alone for
`PAUSE_SECONDS` — so only the first request of each pause waits for the timeout — then
tries again. Errors that are not about reaching Redis (a wrong command, a full memory) are
raised as before. `incr` and `clear` are Django's, unguarded: nothing here calls them on
Redis in a request."""

import logging
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
PAUSE_SECONDS = 10.0

# Per process, per Redis location: until when it is left alone (time.monotonic()). Shared by
# the threads of a process, which each have their own cache object.
_paused_until: dict[str, float] = {}


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict) -> None:
        super().__init__(server, params)
        self._location = server if isinstance(server, str) else ",".join(server)

    def available(self) -> bool:
        """False while this process leaves Redis alone after failing to reach it."""
        return time.monotonic() >= _paused_until.get(self._location, 0.0)

    def unreachable(self, error: Exception) -> None:
        """Note that Redis could not be reached: leave it alone for PAUSE_SECONDS."""
        if self.available():  # log once per pause, not once per request
            logger.warning(
                "Redis unreachable (%s): cache bypassed for %.0f s, sessions read from the "
                "database",
                error,
                PAUSE_SECONDS,
            )
        _paused_until[self._location] = time.monotonic() + PAUSE_SECONDS

    def _guarded(self, fallback: Any, method: Any, *args: Any) -> Any:
        if not self.available():
            return fallback
        try:
            return method(*args)
        except UNREACHABLE as error:
            self.unreachable(error)
            return fallback

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._guarded(default, super().get, key, default, version)

    def get_many(self, keys: Any, version: Any = None) -> Any:
        return self._guarded({}, super().get_many, keys, version)

    def has_key(self, key: Any, version: Any = None) -> Any:
        return self._guarded(False, super().has_key, key, version)

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._guarded(False, super().add, key, value, timeout, version)

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        self._guarded(None, super().set, key, value, timeout, version)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._guarded(list(data), super().set_many, data, timeout, version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._guarded(False, super().touch, key, timeout, version)

    def delete(self, key: Any, version: Any = None) -> Any:
        return self._guarded(False, super().delete, key, version)

    def delete_many(self, keys: Any, version: Any = None) -> None:
        self._guarded(None, super().delete_many, keys, version)
