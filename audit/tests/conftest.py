import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _postgres_only(request):
    """Tests marked postgres_only run in the PostgreSQL pass of bin/test and skip on SQLite."""
    if request.node.get_closest_marker("postgres_only") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
