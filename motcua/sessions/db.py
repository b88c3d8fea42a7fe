"""SESSION_ENGINE without Redis: Django's `db` engine (motcua.sessions)."""

from django.contrib.sessions.backends import db

from motcua.sessions import PreparedRead


class SessionStore(PreparedRead, db.SessionStore):
    pass
