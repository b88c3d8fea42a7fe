import pytest

from catalog.tests.factories import ProcedureVersionFactory, UnitFactory
from dossiers.tests.factories import DossierFactory


@pytest.mark.django_db
def test_home_page_shows_what_the_deployment_holds(client):
    unit = UnitFactory()
    UnitFactory(agency_id="")  # receives nothing: not counted
    DossierFactory(unit=unit, procedure_version=ProcedureVersionFactory())
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Một Cửa" in body and "/admin/" in body
    cells = [line.strip() for line in body.splitlines() if "<td>" in line]
    assert "<tr><td>Đơn vị tiếp nhận đang hoạt động</td><td>1</td></tr>" in cells
    assert "<tr><td>Hồ sơ</td><td>1</td></tr>" in cells
