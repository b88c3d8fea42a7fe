from xml.etree import ElementTree

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static

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


@pytest.mark.django_db
def test_every_page_names_its_icon_and_the_icon_is_ours(client):
    body = client.get("/").content.decode()
    assert f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">' in body
    icon = ElementTree.parse(finders.find("favicon.svg")).getroot()  # noqa: S314 - our file
    assert icon.tag == "{http://www.w3.org/2000/svg}svg"
