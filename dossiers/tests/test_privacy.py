"""Personal data on officer pages (dossiers.privacy): masking in lists and for readers who
are not officers of the unit, and identity-document scans readable only by the roles that
handle the dossier."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from accounts.tests.factories import UserFactory, officer, sign_in_verified
from api.tests.conftest import ApiClient
from api.tokens import api_token_create
from catalog.models import Level
from catalog.tests.factories import ProcedureVersionFactory, RequiredPaperFactory, UnitFactory
from dossiers import services
from dossiers.models import DossierAttachment
from dossiers.privacy import mask_email, mask_id_number, mask_name, mask_phone
from dossiers.tests.factories import image_bytes, received_dossier
from oversight.services import programme_create
from oversight.tests.helpers import programme_input

NAME, CCCD, PHONE = "Hoàng Thị Mận", "079188001234", "0987123456"
PNG = image_bytes()
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def office():
    district = UnitFactory(level=Level.DISTRICT, agency_id="")
    unit = UnitFactory(parent=district)
    version = ProcedureVersionFactory(name="Chứng thực bản sao")
    RequiredPaperFactory(procedure_version=version, position=1)
    people = {
        "reception": officer(unit, Role.RECEPTION),
        "specialist": officer(unit, Role.SPECIALIST),
        "approver": officer(unit, Role.APPROVER),
        "unit_admin": officer(unit, Role.UNIT_ADMIN),
        "overseer": officer(district, Role.OVERSEER),
        "supervisor": officer(district, Role.SUPERVISOR),
        "stranger": officer(UnitFactory(), Role.RECEPTION, Role.SPECIALIST, Role.APPROVER),
        "admin": UserFactory(is_superuser=True, is_staff=True),
    }
    programme_create(
        actor=people["overseer"],
        data=programme_input(),
        units=[unit],
        members=[people["supervisor"]],
    )
    dossier = received_dossier(
        unit=unit,
        version=version,
        actor=people["reception"],
        name=NAME,
        id_number=CCCD,
        phone=PHONE,
    )
    identity = services.dossier_attachment_add(
        actor=people["reception"],
        dossier=dossier,
        name="cccd-mat-truoc.png",
        content=PNG,
        kind=DossierAttachment.Kind.IDENTITY,
    )
    paper = services.dossier_attachment_add(
        actor=people["reception"], dossier=dossier, name="to-khai.png", content=PNG
    )
    return unit, people, dossier, identity, paper


def test_masks():
    assert mask_name("Hoàng Thị Mận") == "Hoàng T** M**"
    assert mask_id_number("079188001234") == "••••••••1234"
    assert mask_phone("0987123456") == "09•••••456"
    assert mask_email("man.hoang@example.com") == "ma•••@example.com"
    assert mask_id_number("") == mask_phone("") == mask_email("") == ""


QUEUE_URLS = [reverse("dossiers:home"), reverse("dossiers:queue", args=["unit"])]


@pytest.mark.parametrize("url", QUEUE_URLS)
@pytest.mark.parametrize("role", ["reception", "specialist", "approver", "unit_admin"])
def test_unit_officers_lists_have_the_name_but_never_cccd_or_phone(client, office, url, role):
    _, people, dossier, _, _ = office
    sign_in_verified(client, people[role])
    page = client.get(url).content.decode()
    assert dossier.code in page and NAME in page
    assert CCCD not in page and PHONE not in page


@pytest.mark.parametrize("url", QUEUE_URLS)
@pytest.mark.parametrize("role", ["overseer", "supervisor", "admin"])
def test_other_readers_lists_show_a_masked_name(client, office, url, role):
    _, people, dossier, _, _ = office
    sign_in_verified(client, people[role])
    page = client.get(url).content.decode()
    assert dossier.code in page and mask_name(NAME) in page
    assert NAME not in page and CCCD not in page and PHONE not in page


def test_search_by_name_still_works_and_shows_the_masked_name_to_an_overseer(client, office):
    _, people, dossier, _, _ = office
    sign_in_verified(client, people["overseer"])
    page = client.get(reverse("dossiers:queue", args=["unit"]), {"q": "hoang thi man"})
    assert dossier.code in page.content.decode() and NAME not in page.content.decode()


def test_dossier_page_is_full_for_the_unit_and_masked_for_others(client, office):
    _, people, dossier, _, _ = office
    url = reverse("dossiers:detail", args=[dossier.code])
    sign_in_verified(client, people["specialist"])
    page = client.get(url).content.decode()
    assert NAME in page and CCCD in page and PHONE in page
    for role in ("overseer", "supervisor", "admin"):
        sign_in_verified(client, people[role])
        page = client.get(url).content.decode()
        assert mask_name(NAME) in page and mask_id_number(CCCD) in page
        assert mask_phone(PHONE) in page
        assert NAME not in page and CCCD not in page and PHONE not in page


def test_forms_print_full_data_so_only_the_units_officers_get_them(client, office):
    _, people, dossier, _, _ = office
    receipt = reverse("dossiers:form", args=[dossier.code, "mau01"])
    page_url = reverse("dossiers:detail", args=[dossier.code])
    sign_in_verified(client, people["reception"])
    assert f'href="{receipt}"' in client.get(page_url).content.decode()
    answer = client.get(receipt)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    for role in ("overseer", "supervisor", "admin"):
        sign_in_verified(client, people[role])
        assert f'href="{receipt}"' not in client.get(page_url).content.decode()
        assert client.get(receipt).status_code == 404


@pytest.mark.parametrize("role", ["reception", "specialist", "approver"])
def test_handling_roles_read_identity_scans(client, office, role):
    _, people, dossier, identity, _ = office
    sign_in_verified(client, people[role])
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    link = reverse("dossiers:attachment", args=[dossier.code, identity.pk])
    assert f'href="{link}"' in page and "Giấy tờ tùy thân" in page
    assert b"".join(client.get(link).streaming_content) == PNG


@pytest.mark.parametrize("role", ["unit_admin", "overseer", "supervisor", "admin", "stranger"])
def test_identity_scans_do_not_exist_for_other_roles(client, office, role):
    _, people, dossier, identity, paper = office
    sign_in_verified(client, people[role])
    link = reverse("dossiers:attachment", args=[dossier.code, identity.pk])
    assert client.get(link).status_code == 404
    if role == "stranger":
        return  # the whole dossier is not found for another unit
    page = client.get(reverse("dossiers:detail", args=[dossier.code])).content.decode()
    assert f'href="{link}"' not in page
    # Ordinary papers stay readable for those who may read the dossier.
    paper_link = reverse("dossiers:attachment", args=[dossier.code, paper.pk])
    assert f'href="{paper_link}"' in page
    assert client.get(paper_link).status_code == 200


def test_officer_form_marks_an_identity_scan(client, office):
    _, people, dossier, _, _ = office
    sign_in_verified(client, people["reception"])
    client.post(
        reverse("dossiers:act", args=[dossier.code, "attach"]),
        {
            "attach-file": SimpleUploadedFile("cccd-mat-sau.png", PNG, content_type="image/png"),
            "attach-kind": "identity",
        },
    )
    scan = dossier.attachments.get(name="cccd-mat-sau.png")
    assert scan.kind == DossierAttachment.Kind.IDENTITY


def test_api_tokens_never_see_identity_scans(office):
    unit, people, dossier, identity, paper = office
    issued = api_token_create(user=people["reception"], units=[unit], name="Hệ thống thử")
    api = ApiClient(issued.value)
    listed = api.get(f"/api/v1/dossiers/{dossier.code}/attachments").json()
    assert [(s["id"], s["kind"]) for s in listed] == [(paper.pk, "paper")]
    got = api.get(f"/api/v1/dossiers/{dossier.code}/attachments/{identity.pk}")
    assert got.status_code == 404
    made = api.post(
        f"/api/v1/dossiers/{dossier.code}/attachments",
        {"file": SimpleUploadedFile("cccd.png", PNG), "kind": "identity"},
    )
    assert made.status_code == 201 and made.json()["kind"] == "identity"
    assert (
        api.get(f"/api/v1/dossiers/{dossier.code}/attachments/{made.json()['id']}").status_code
        == 404
    )


def test_api_masks_the_applicant_for_an_overseer(client, office):
    _, people, dossier, _, _ = office
    sign_in_verified(client, people["overseer"])
    data = client.get(f"/api/v1/dossiers/{dossier.code}").json()
    assert data["applicant"]["name"] == mask_name(NAME)
    assert CCCD not in str(data) and PHONE not in str(data)
    listed = client.get("/api/v1/dossiers").json()
    assert [d["applicant_name"] for d in listed["items"]] == [mask_name(NAME)]


def _book_text(client, unit) -> str:
    response = client.get(
        reverse("dossiers:book"),
        {"unit": unit.pk, "date_from": "2000-01-01", "date_to": "2099-12-31", "format": "xlsx"},
    )
    assert response.status_code == 200, response.content[:500]
    sheet = load_workbook(BytesIO(response.content)).active
    return "\n".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)


def test_the_book_is_full_for_the_unit_and_masked_for_an_overseer(client, office):
    unit, people, dossier, _, _ = office
    sign_in_verified(client, people["reception"])
    text = _book_text(client, unit)
    assert dossier.code in text and NAME in text and PHONE in text
    sign_in_verified(client, people["overseer"])
    text = _book_text(client, unit)
    assert dossier.code in text and mask_name(NAME) in text and mask_phone(PHONE) in text
    assert NAME not in text and PHONE not in text and CCCD not in text
