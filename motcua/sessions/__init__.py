"""Django's database session engines (`db`, and `cached_db` with Redis), reading the session
row with a query compiled once (common.prepared). Every request that carries a session cookie
reads it first, and building that query through the ORM cost more than the database took to
answer it by its key (issue #9). Everything else, writes included, is Django's."""

from typing import Any

from django.contrib.sessions.models import Session
from django.utils import timezone

from common.prepared import PreparedQuery

_BY_KEY = PreparedQuery(
    lambda key: Session.objects.filter(session_key=key).values_list("session_data", "expire_date"),
    {"key": "text"},
)


class PreparedRead:
    """The session row as Django's `_get_session_from_db` reads it: None (and the key
    forgotten) when there is none or it has expired."""

    session_key: str | None
    _session_key: str | None

    def _get_session_from_db(self) -> Any:
        rows = _BY_KEY.rows({"key": self.session_key}) if self.session_key else []
        if rows and rows[0][1] > timezone.now():
            data, expires = rows[0]
            return Session(session_key=self.session_key, session_data=data, expire_date=expires)
        self._session_key = None
        return None
