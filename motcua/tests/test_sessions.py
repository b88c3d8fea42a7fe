"""The session engines read the row with a prepared query and answer as Django's do."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from motcua.sessions import cached_db, db

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("engine", [db, cached_db])
def test_a_saved_session_is_read_back_and_an_expired_or_unknown_one_is_empty(engine):
    store = engine.SessionStore()
    store["portal_lookup"] = {"000.00.14.H26-261126-0001": 1.5}
    store.save()
    key = store.session_key

    read = db.SessionStore(session_key=key)  # from the database, not from a cache
    assert read["portal_lookup"] == {"000.00.14.H26-261126-0001": 1.5}

    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(1))
    expired = db.SessionStore(session_key=key)
    assert dict(expired.items()) == {}
    assert expired.session_key is None  # forgotten: a new one is made when written

    unknown = db.SessionStore(session_key="x" * 32)
    assert dict(unknown.items()) == {} and unknown.session_key is None
