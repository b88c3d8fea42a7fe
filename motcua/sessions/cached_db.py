"""SESSION_ENGINE with Redis: Django's `cached_db` engine (motcua.sessions)."""

from django.contrib.sessions.backends import cached_db

from motcua.sessions import PreparedRead


class SessionStore(PreparedRead, cached_db.SessionStore):
    pass
