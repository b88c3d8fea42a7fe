"""A query compiled once gives what the ORM gives, with the values of each call."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.prepared import PreparedQuery
from dossiers.models import Dossier, DossierEvent
from dossiers.tests.factories import received_dossier

pytestmark = pytest.mark.django_db


def test_the_rows_are_the_orms_with_the_values_of_each_call():
    first, second = received_dossier(), received_dossier(name="Lê Văn Cường")

    def build(code, unit_id):
        return (
            Dossier.objects.order_by()
            .filter(code=code, unit_id=unit_id, status__in=["received", "in_progress"])
            .values_list("code", "applicant_name", "received_at", "unit__name")
        )

    query = PreparedQuery(build, {"code": "text", "unit_id": "number"})
    for d in (first, second, first):
        expected = list(build(d.code, d.unit_id))
        assert [
            tuple(row) for row in query.rows({"code": d.code, "unit_id": d.unit_id})
        ] == expected
        assert expected[0][2].tzinfo is not None  # converted as the ORM does (aware datetimes)
    assert query.rows({"code": first.code, "unit_id": second.unit_id}) == []
    with CaptureQueriesContext(connection) as queries:
        query.rows({"code": first.code, "unit_id": first.unit_id})
    assert len(queries) == 1


def test_json_is_decoded():
    d = received_dossier()
    query = PreparedQuery(
        lambda dossier_id: (
            DossierEvent.objects.filter(dossier_id=dossier_id).order_by("id").values_list("data")
        ),
        {"dossier_id": "number"},
    )
    expected = list(DossierEvent.objects.filter(dossier=d).order_by("id").values_list("data"))
    assert isinstance(expected[0][0], dict)
    assert [tuple(row) for row in query.rows({"dossier_id": d.pk})] == expected


def test_a_parameter_the_query_does_not_use_as_given_is_refused():
    # `contains` wraps the value in % signs: the placeholder is no longer found
    query = PreparedQuery(
        lambda name: Dossier.objects.filter(applicant_name__contains=name).values_list("code"),
        {"name": "text"},
    )
    with pytest.raises(ValueError, match="each parameter"):
        query.rows({"name": "Bình"})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="server-side prepare: PostgreSQL")
def test_on_postgresql_the_statement_is_prepared_once_per_connection():
    d = received_dossier()
    query = PreparedQuery(
        lambda code: Dossier.objects.filter(code=code).values_list("applicant_name"),
        {"code": "text"},
    )
    for _ in range(3):
        assert query.rows({"code": d.code}) == [("Trần Thị Bình",)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%"applicant_name"%FROM "dossiers_dossier"%'],
        )
        assert cursor.fetchone()[0] == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="server-side binding: PostgreSQL")
def test_on_postgresql_the_orms_own_statements_are_prepared_from_their_sixth_run():
    """motcua.settings binds every parameter on the server (server_side_binding) so that
    psycopg prepares a statement a connection keeps running (prepare_threshold 5: five runs
    before it is prepared, at the sixth)."""
    d = received_dossier()

    def prepared() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                ['%"applicant_phone"%FROM "dossiers_dossier"%$1%'],
            )
            return cursor.fetchone()[0]

    def run() -> None:
        found = Dossier.objects.filter(pk=d.pk).values_list("applicant_phone", flat=True)
        assert list(found) == [d.applicant_phone]

    for _ in range(5):
        run()
    assert prepared() == 0
    run()
    assert prepared() == 1
