import pytest
from django.core.cache import cache

from portal.tests.factories import desk


@pytest.fixture(autouse=True)
def fresh_cache():
    """The look-up limit counts attempts per address in the cache: every test starts at 0."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def office():
    return desk(name="Xã Hồng Sơn")
