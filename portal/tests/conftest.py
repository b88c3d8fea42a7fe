import pytest

from portal.tests.factories import desk


@pytest.fixture
def office():
    return desk(name="Xã Hồng Sơn")
