"""Vietnamese text at every boundary (security-and-reliability T11): a name typed decomposed
(NFD) through the counter form, the API or the importer is stored composed (NFC) and found
by search typed any way; invisible characters are refused in names; CCCD/CMND and phone rules
hold through the form and the API."""

import csv
import io
import json
import unicodedata
from datetime import date
from urllib.parse import quote

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import models
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.models import Role
from accounts.tests.factories import officer
from api.tokens import api_token_create
from catalog.tests.factories import (
    ProcedureFactory,
    ProcedureVersionFactory,
    RequiredPaperFactory,
    UnitFactory,
)
from common.text import fold
from dossiers.importing import HEADER
from dossiers.models import Dossier
from dossiers.validation import Applicant, applicant_clean
from motcua.middleware import NormalizeUnicodeMiddleware

pytestmark = pytest.mark.django_db

# Old ("Hòa": the mark on o) and new ("Hoà": on a) tone placement are both NFC, yet differ.
OLD_STYLE, NEW_STYLE = "Hòa", "Hoà"
ZERO_WIDTH, RTL_OVERRIDE = "\u200b", "\u202e"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


@pytest.fixture
def desk():
    unit = UnitFactory(code="10465", agency_id="000.00.65.H26", valid_from=date(2008, 8, 1))
    procedure = ProcedureFactory(code="1.004837")
    version = ProcedureVersionFactory(
        procedure=procedure, name="Đăng ký khai sinh", effective_from=date(2016, 1, 1)
    )
    paper = RequiredPaperFactory(procedure_version=version, position=1, name="Tờ khai")
    user = officer(unit, Role.RECEPTION, Role.SPECIALIST, Role.APPROVER, username="tiepnhan")
    token = api_token_create(user=user, units=[unit], name="Thử").value
    api = Client(headers={"Authorization": f"Bearer {token}"})
    return unit, version, paper, user, api


def counter_post(client, version, paper, **applicant):
    data = {
        "procedure": version.pk,
        "channel": "direct",
        "applicant_name": "Lê Thị Mai",
        "applicant_id_number": "001190099999",
        "applicant_phone": "0987654321",
        f"paper_{paper.pk}": "1",
        **applicant,
    }
    return client.post(reverse("dossiers:counter"), data)


def api_intake(api, unit, version, paper, **applicant):
    body = {
        "unit": unit.code,
        "procedure": version.procedure.code,
        "channel": "direct",
        "applicant": {"name": "Lê Thị Mai", "id_number": "001190012345", **applicant},
        "papers": [{"required_paper_id": paper.pk, "count": 1}],
    }
    return api.post("/api/v1/dossiers", body, content_type="application/json")


def import_rows(tmp_path, *names: str) -> None:
    path = tmp_path / "dossiers.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for number, name in enumerate(names, start=1):
            writer.writerow(
                [
                    f"000.00.65.H26-170103-{number:04d}",
                    "10465",
                    "1.004837",
                    "direct",
                    "2017-01-03T09:00:00",
                    "",
                    "",
                    "",
                    name,
                    "001190012345",
                    "0912345678",
                ]
            )
    call_command("import_dossiers", str(path), "--no-progress")


def queue_codes(client, query: str) -> set[str]:
    page = client.get(reverse("dossiers:queue", args=["unit"]), {"q": query}).content.decode()
    return {d.code for d in Dossier.objects.all() if d.code in page}


def api_codes(api, query: str) -> set[str]:
    response = api.get("/api/v1/dossiers", {"q": query})
    assert response.status_code == 200, response.content
    return {item["code"] for item in response.json()["items"]}


def non_nfc_values() -> list[str]:
    """Every stored string (text columns and strings inside JSON columns) not in NFC."""
    found = []

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for key, item in value.items():
                yield key
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        if not fields:
            continue
        for record in model._default_manager.values_list(*fields):
            for value in record:
                found += [f"{model._meta.label}: {s!r}" for s in strings(value) if not is_nfc(s)]
    return found


# ---------------------------------------------------------------- folding


def test_fold_is_one_key_for_every_way_of_typing_a_name():
    key = fold("Nguyễn Thị Hòa")
    for typed in ("Nguyễn Thị Hoà", nfd("Nguyễn Thị Hòa"), nfd("Nguyễn Thị Hoà"), "nguyen thi hoa"):
        assert fold(typed) == key, typed
    assert fold("Thúy") == fold("Thuý") == fold(nfd("Thuý")) == "thuy"
    assert fold("Đặng") == fold(nfd("ĐẶNG")) == "dang"


# ---------------------------------------------------------------- the three ways in


def test_nfd_names_through_form_api_and_importer_are_stored_nfc_and_found(client, desk, tmp_path):
    unit, version, paper, user, api = desk
    client.force_login(user)
    # name as stored → the same name with the other tone placement
    names = {
        f"Nguyễn Thị {OLD_STYLE}": f"Nguyễn Thị {NEW_STYLE}",  # through the counter form
        f"Trần Văn {NEW_STYLE}": f"Trần Văn {OLD_STYLE}",  # through the API
        "Phạm Thị Thúy": "Phạm Thị Thuý",  # through the importer
    }
    form_name, api_name, import_name = names
    response = counter_post(client, version, paper, applicant_name=nfd(form_name))
    assert response.status_code == 302, response.content.decode()
    response = api_intake(api, unit, version, paper, name=nfd(api_name))
    assert response.status_code == 201, response.content
    assert response.json()["applicant"]["name"] == api_name
    import_rows(tmp_path, nfd(import_name))

    stored = {d.applicant_name: d.code for d in Dossier.objects.all()}
    assert set(stored) == set(names)  # byte for byte NFC
    for name, other_style in names.items():
        for query in (name, nfd(name), fold(name), other_style, nfd(other_style)):
            assert queue_codes(client, query) == {stored[name]}, (name, query)
            assert api_codes(api, query) == {stored[name]}, (name, query)
    assert non_nfc_values() == []


def test_dang_is_found_by_dang(client, desk):
    _unit, version, paper, user, api = desk
    client.force_login(user)
    counter_post(client, version, paper, applicant_name="Đặng Thị Hương")
    code = Dossier.objects.get().code
    assert queue_codes(client, "dang") == {code}
    assert api_codes(api, "DANG thi huong") == {code}
    assert queue_codes(client, "duong") == set()


def test_the_middleware_composes_query_strings_forms_and_json():
    seen = {}

    def view(request):
        seen.update(get=request.GET.get("q"), post=request.POST.get("name"))
        if request.content_type == "application/json":
            seen["body"] = request.body
        return HttpResponse("ok")

    middleware = NormalizeUnicodeMiddleware(view)
    factory = RequestFactory()
    middleware(factory.post(f"/x/?q={quote(nfd('Hoà'))}", {"name": nfd("Thuý")}))
    assert (seen["get"], seen["post"]) == ("Hoà", "Thuý")
    middleware(factory.post("/x/", {"name": nfd("Thuý"), "file": io.BytesIO(b"x")}))
    assert seen["post"] == "Thuý"  # multipart
    sent = {"a": [nfd("Đặng"), {nfd("khóa"): 1.5}], "b": None}
    middleware(factory.post("/x/", json.dumps(sent), content_type="application/json"))
    assert json.loads(seen["body"]) == {"a": ["Đặng", {"khóa": 1.5}], "b": None}  # \u escapes
    raw = json.dumps(sent, ensure_ascii=False).encode()
    middleware(factory.post("/x/", raw, content_type="application/json"))
    assert seen["body"].decode() == '{"a": ["Đặng", {"khóa": 1.5}], "b": null}'
    surrogate = b'{"a": "\\ud800 Ho\\u0300a"}'  # lone surrogate: left for the API
    deep = ("[" * 100_000 + '"Hoa\u0300"' + "]" * 100_000).encode()
    for untouched in (b'{"a": "plain"}', nfd("{not json Hoà").encode(), surrogate, deep):
        middleware(factory.post("/x/", untouched, content_type="application/json"))
        assert seen["body"] == untouched


# ---------------------------------------------------------------- invisible characters


@pytest.mark.parametrize("bad", [f"Nguyễn{ZERO_WIDTH} Văn An", f"Lê {RTL_OVERRIDE}naM", "An\u2066"])
def test_names_with_invisible_characters_are_refused_everywhere(client, desk, tmp_path, bad):
    unit, version, paper, user, api = desk
    client.force_login(user)
    page = counter_post(client, version, paper, applicant_name=bad).content.decode()
    assert "chứa ký tự ẩn hoặc ký tự điều khiển hướng chữ" in page
    response = api_intake(api, unit, version, paper, name=bad)
    assert response.status_code == 422
    assert "ký tự ẩn" in response.json()["detail"]
    with pytest.raises(CommandError):
        import_rows(tmp_path, bad)
    assert not Dossier.objects.exists()


def test_applicant_clean_names_the_invisible_characters():
    _, errors = applicant_clean(Applicant(name=f"An{ZERO_WIDTH}", address=f"Xóm {RTL_OVERRIDE}1"))
    assert len(errors) == 2
    assert "U+200B" in errors[0] and errors[0].startswith("Họ và tên")
    assert "U+202E" in errors[1] and errors[1].startswith("Địa chỉ")
    clean, errors = applicant_clean(Applicant(name=nfd("  Đặng   Thị  Hoà ")))
    assert (clean.name, errors) == ("Đặng Thị Hoà", [])


# ---------------------------------------------------------------- CCCD/CMND and phone


@pytest.mark.parametrize(
    ("id_number", "phone", "stored_phone"),
    [
        ("001190012345", "0912345678", "0912345678"),  # CCCD, mobile
        ("123456789", "+84 912 345 678", "0912345678"),  # old CMND, +84 form
        ("001190012345", "024.3825.1234", "02438251234"),  # landline with area code
        ("", "", ""),
    ],
)
def test_good_id_numbers_and_phones_through_form_and_api(
    client, desk, id_number, phone, stored_phone
):
    unit, version, paper, user, api = desk
    client.force_login(user)
    response = counter_post(
        client, version, paper, applicant_id_number=id_number, applicant_phone=phone
    )
    assert response.status_code == 302, response.content.decode()
    response = api_intake(api, unit, version, paper, id_number=id_number, phone=phone)
    assert response.status_code == 201, response.content
    assert set(Dossier.objects.values_list("applicant_phone", flat=True)) == {stored_phone}


@pytest.mark.parametrize(
    ("id_number", "phone", "message"),
    [
        ("0011900123", "", "CCCD có 12 chữ số"),  # 10 digits: neither
        ("00119001234X", "", "CCCD có 12 chữ số"),
        ("", "912345678", "bắt đầu bằng 0"),  # 9 digits without the 0
        ("", "+1 202 555 0100", "bắt đầu bằng 0"),
        ("", "09123456789012", "bắt đầu bằng 0"),
    ],
)
def test_bad_id_numbers_and_phones_are_refused_through_form_and_api(
    client, desk, id_number, phone, message
):
    unit, version, paper, user, api = desk
    client.force_login(user)
    page = counter_post(
        client, version, paper, applicant_id_number=id_number, applicant_phone=phone
    ).content.decode()
    assert message in page
    response = api_intake(api, unit, version, paper, id_number=id_number, phone=phone)
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert not Dossier.objects.exists()
