"""Django's Redis cache, stepping aside while Redis is down (CACHES with REDIS_URL).

Redis holds only what can be rebuilt: the cached copy of each session (the database has the
session itself, motcua.sessions) and the look-up rate limit's counters (portal.ratelimit).
With Django's own backend an outage of Redis made every page with a session cookie fail
(its `cached_db` engine refills the cache after a database read without catching errors) and
every look-up fail. Here, when Redis cannot be reached or does not answer within the socket
timeout, a read is a miss and a write is skipped, and this process leaves Redis alone for
`PAUSE_SECONDS` — so only the first request of each pause waits for the timeout — then
tries again.

A skipped write leaves Redis with an old copy (Redis may have kept its data: a network cut,
a timeout): a session signed out, or changed, during the outage would be read back from it.
So the keys of skipped writes are remembered, and deleted from Redis by the first call that
reaches it again; the next read takes the database's copy. Only a process that ends before
Redis is back forgets them (docs/deployment.md).

Errors that are not about reaching Redis (a wrong password, a wrong command, a full memory)
are raised as before. `incr` and `clear` are Django's, unguarded: nothing here calls them on
Redis in a request."""

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import AuthenticationError, AuthorizationError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
MISCONFIGURED = (AuthenticationError, AuthorizationError)  # ConnectionErrors, but not outages
PAUSE_SECONDS = 10.0
MAX_STALE_KEYS = 100_000  # far more sessions than a deployment has; beyond, a warning

# Per process, per Redis location: until when it is left alone (time.monotonic()), and the
# keys whose writes were skipped. Shared by the threads of a process, which each have their
# own cache object.
_paused_until: dict[str, float] = {}
_stale: dict[str, set[str]] = {}
_stale_lock = threading.Lock()


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

    def _call(self, fallback: Any, method: Any, *args: Any) -> Any:
        if _stale.get(self._location) and self.available():
            self._forget_stale()  # before reading: the stale copies must not be read first
        if not self.available():
            return fallback
        try:
            return method(*args)
        except MISCONFIGURED:
            raise
        except UNREACHABLE as error:
            self.unreachable(error)
            return fallback

    def _write(self, keys: Any, version: Any, method: Any, *args: Any) -> Any:
        """A write; if it does not reach Redis, its keys are remembered as stale there."""
        done = self.available()
        result = self._call(None, method, *args)
        if not done or not self.available():  # skipped, or failed and now paused
            full = {self.make_and_validate_key(key, version=version) for key in keys}
            with _stale_lock:
                stale = _stale.setdefault(self._location, set())
                if len(stale) + len(full) > MAX_STALE_KEYS:
                    logger.warning("Redis unreachable: too many stale keys to remember")
                else:
                    stale |= full
        return result

    def _forget_stale(self) -> None:
        with _stale_lock:
            keys = _stale.pop(self._location, set())
        if not keys:  # another thread did it
            return
        try:
            self._cache.delete_many(list(keys))  # type: ignore[attr-defined]
        except MISCONFIGURED:
            raise
        except UNREACHABLE as error:
            with _stale_lock:
                _stale.setdefault(self._location, set()).update(keys)
            self.unreachable(error)
            return
        logger.warning("Redis reachable again: %d stale keys deleted", len(keys))

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._call(default, super().get, key, default, version)

    def get_many(self, keys: Any, version: Any = None) -> Any:
        return self._call({}, super().get_many, keys, version)

    def has_key(self, key: Any, version: Any = None) -> Any:
        return self._call(False, super().has_key, key, version)

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call(False, super().add, key, value, timeout, version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call(False, super().touch, key, timeout, version)

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        self._write([key], version, super().set, key, value, timeout, version)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        done = self._write(list(data), version, super().set_many, data, timeout, version)
        return list(data) if done is None else done  # the keys not stored, as Django's

    def delete(self, key: Any, version: Any = None) -> Any:
        return bool(self._write([key], version, super().delete, key, version))

    def delete_many(self, keys: Any, version: Any = None) -> None:
        self._write(list(keys), version, super().delete_many, keys, version)
