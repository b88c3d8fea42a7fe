"""Intake, reading and listing dossiers through the API; scoping by token units."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import officer
from api.tests.conftest import ApiClient, intake_body
from api.tokens import api_token_create
from catalog.models import ProcedureVersion
from catalog.tests.factories import ProcedureVersionFactory, RequiredPaperFactory
from dossiers.models import Dossier, DossierEvent
from dossiers.tests.factories import received_dossier
from workcalendar.calendar import VN_TZ
from workcalendar.models import AnnouncedDay

pytestmark = pytest.mark.django_db


def test_create_receives_through_the_service(world):
    response = world.client.post_json("/api/v1/dossiers", intake_body(world))
    assert response.status_code == 201, response.content
    data = response.json()
    assert re.fullmatch(rf"{re.escape(world.unit_a.agency_id)}-\d{{6}}-0001", data["code"])
    dossier = Dossier.objects.get(code=data["code"])
    assert dossier.status == "received" and dossier.unit == world.unit_a
    assert data["due_at"] is not None and dossier.due_at > dossier.received_at
    assert data["papers"] == [
        {
            "name": "Tờ khai khai sinh",
            "copy_kind": "original",
            "count": 1,
            "required_paper_id": world.paper.pk,
        }
    ]
    assert DossierEvent.objects.filter(dossier=dossier, action="receive").count() == 1
    assert "assign" in data["allowed_actions"]


def test_json_is_plain_utf8_without_escapes(world):
    response = world.client.post_json("/api/v1/dossiers", intake_body(world, name="Đặng Thị Hương"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    raw = response.content
    assert "Đặng Thị Hương".encode() in raw
    assert b"\\u" not in raw


def test_create_refusals_carry_the_services_vietnamese_message(world):
    future = (timezone.now() + timedelta(days=1)).isoformat()
    response = world.client.post_json("/api/v1/dossiers", intake_body(world, received_at=future))
    assert response.status_code == 422
    assert response.json()["detail"] == "Thời điểm tiếp nhận không được ở tương lai."
    missing = intake_body(world)
    missing["papers"] = []
    response = world.client.post_json("/api/v1/dossiers", missing)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Hồ sơ chưa đủ giấy tờ")
    bad_phone = intake_body(world)
    bad_phone["applicant"]["phone"] = "12"
    assert world.client.post_json("/api/v1/dossiers", bad_phone).status_code == 422
    unknown = intake_body(world, procedure="0.000000")
    assert world.client.post_json("/api/v1/dossiers", unknown).status_code == 422
    assert Dossier.objects.count() == 0


def test_received_at_in_the_past_is_kept(world):
    at = timezone.now() - timedelta(days=3)
    response = world.client.post_json(
        "/api/v1/dossiers", intake_body(world, received_at=at.isoformat())
    )
    assert response.status_code == 201
    code = response.json()["code"]
    assert f"-{timezone.localdate(at):%y%m%d}-" in code


def test_token_cannot_receive_for_a_unit_outside_its_scope(world):
    response = world.client.post_json("/api/v1/dossiers", intake_body(world, unit=world.unit_b))
    assert response.status_code == 404
    assert Dossier.objects.count() == 0


def test_officer_without_the_reception_role_is_refused(world):
    specialist = officer(world.unit_a, Role.SPECIALIST)
    client = ApiClient(api_token_create(user=specialist, units=[world.unit_a], name="x").value)
    response = client.post_json("/api/v1/dossiers", intake_body(world))
    assert response.status_code == 403
    assert "không có vai trò" in response.json()["detail"]


def test_read_and_scope(world):
    mine = received_dossier(unit=world.unit_a, version=world.version, actor=world.user)
    theirs = received_dossier(unit=world.unit_b, version=world.version, actor=world.user)
    response = world.client.get(f"/api/v1/dossiers/{mine.code}")
    assert response.status_code == 200
    assert response.json()["applicant"]["id_number"] == "001190012345"
    # The user holds roles at B, but the token is limited to A: like a dossier that is not.
    hidden = world.client.get(f"/api/v1/dossiers/{theirs.code}")
    missing = world.client.get("/api/v1/dossiers/KHONG-CO-0000")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json() == {"detail": "Không tìm thấy hồ sơ."}
    listed = [d["code"] for d in world.client.get("/api/v1/dossiers").json()["items"]]
    assert listed == [mine.code]


def test_list_filters(world):
    other_version = world.version.__class__.objects.get(pk=world.version.pk)
    a1 = received_dossier(
        unit=world.unit_a, version=world.version, actor=world.user, name="Nguyễn Văn Đức"
    )
    a2 = received_dossier(
        unit=world.unit_a,
        version=world.version,
        actor=world.user,
        name="Lê Thị Mai",
        received_at=timezone.now() - timedelta(days=10),
    )

    def codes(**params):
        response = world.client.get("/api/v1/dossiers", params)
        assert response.status_code == 200, response.content
        return {d["code"] for d in response.json()["items"]}

    assert codes() == {a1.code, a2.code}
    assert codes(q="nguyen van duc") == {a1.code}
    assert codes(q="Đức") == {a1.code}
    assert codes(q=a2.code[-9:]) == {a2.code}
    assert codes(unit=world.unit_a.code) == {a1.code, a2.code}
    assert codes(unit=world.unit_b.code) == set()
    assert codes(procedure=other_version.procedure.code) == {a1.code, a2.code}
    assert codes(procedure="0.0") == set()
    assert codes(status="received") == {a1.code, a2.code}
    assert codes(status="returned") == set()
    today = timezone.localdate(a1.received_at)  # not the clock: a run may cross midnight
    assert codes(received_from=today.isoformat()) == {a1.code}
    assert codes(received_to=(today - timedelta(days=1)).isoformat()) == {a2.code}
    assert codes(due_from=timezone.localdate(a1.due_at).isoformat()) == {a1.code}
    assert codes(due_to=timezone.localdate(a2.due_at).isoformat()) == {a2.code}
    assert world.client.get("/api/v1/dossiers", {"status": "nonsense"}).status_code == 422


def _walk(client, order, limit, between_pages=None):
    seen, cursor, pages = [], None, 0
    while True:
        params = {"order": order, "limit": limit}
        if cursor:
            params["cursor"] = cursor
        page = client.get("/api/v1/dossiers", params).json()
        seen.extend(d["code"] for d in page["items"])
        pages += 1
        cursor = page["next_cursor"]
        if between_pages:
            between_pages(pages)
        if not cursor:
            return seen


@pytest.mark.parametrize("order", ["-received_at", "received_at", "due_at", "-due_at"])
def test_keyset_pages_neither_repeat_nor_miss_while_inserting(world, order):
    base = timezone.now() - timedelta(days=5)
    existing = set()
    for i in range(23):
        # Several dossiers share a received_at (and so a due_at): ties broken by id.
        d = received_dossier(
            unit=world.unit_a,
            version=world.version,
            actor=world.user,
            received_at=base + timedelta(hours=i // 3),
        )
        existing.add(d.code)

    def insert(_page):
        for at in (timezone.now(), base - timedelta(days=1), base + timedelta(hours=2)):
            received_dossier(
                unit=world.unit_a, version=world.version, actor=world.user, received_at=at
            )

    seen = _walk(world.client, order, 5, between_pages=insert)
    assert len(seen) == len(set(seen)), "a dossier appeared twice"
    assert existing <= set(seen), "a dossier that existed all along was skipped"
    key = {"received_at": "received_at", "due_at": "due_at"}[order.lstrip("-")]
    rows = {d.code: (getattr(d, key), d.pk) for d in Dossier.objects.filter(code__in=seen)}
    ordered = sorted(seen, key=rows.__getitem__, reverse=order.startswith("-"))
    assert seen == ordered


def test_bad_cursor_is_422(world):
    for cursor in ("!!!", "eyJ4IjoxfQ", "e30"):
        response = world.client.get("/api/v1/dossiers", {"cursor": cursor})
        assert response.status_code == 422
        assert "cursor" in response.json()["detail"]
    received_dossier(unit=world.unit_a, version=world.version, actor=world.user)
    received_dossier(unit=world.unit_a, version=world.version, actor=world.user)
    page = world.client.get("/api/v1/dossiers", {"limit": 1}).json()
    other_order = world.client.get(
        "/api/v1/dossiers", {"limit": 1, "order": "due_at", "cursor": page["next_cursor"]}
    )
    assert other_order.status_code == 422


@pytest.mark.parametrize(
    "query",
    ["due_from=0001-01-01", "received_to=9999-12-31", "due_to=0001-01-01&due_from=9999-12-31"],
)
def test_date_filters_at_the_edges_of_the_calendar_answer_normally(world, query):
    """Found by schemathesis on PostgreSQL: 0001-01-01 in Vietnam time is no UTC instant."""
    received_dossier(unit=world.unit_a, version=world.version, actor=world.user)
    response = world.client.get(f"/api/v1/dossiers?{query}")
    assert response.status_code == 200


def test_create_answers_exactly_what_a_read_answers(world):
    """The intake builds its reply from what it holds; it must equal a fresh read."""
    created = world.client.post_json("/api/v1/dossiers", intake_body(world, note="ghi chú"))
    assert created.status_code == 201
    read = world.client.get(f"/api/v1/dossiers/{created.json()['code']}")
    assert read.status_code == 200
    assert created.json() == read.json()


def test_intake_query_budget(world, django_assert_max_num_queries):
    """Queries of one intake (the bench's hot path, docs/benchmarks.md): the change stamps,
    then the writes; the token, unit, version and calendar are the process's kept copies.
    The notices are the worker's: the intake only queues their composition (one insert)."""
    world.client.post_json("/api/v1/dossiers", intake_body(world))  # the kept copies filled
    with django_assert_max_num_queries(12):
        response = world.client.post_json("/api/v1/dossiers", intake_body(world))
    assert response.status_code == 201


def test_roles_are_read_again_on_the_next_request(world):
    """The roles an API request remembers last that request only."""
    assert world.client.post_json("/api/v1/dossiers", intake_body(world)).status_code == 201
    world.user.memberships.filter(unit=world.unit_a).delete()
    assert world.client.post_json("/api/v1/dossiers", intake_body(world)).status_code == 404
    assert Dossier.objects.count() == 1


def test_next_intake_follows_an_edit_of_the_announced_days(world):
    """The calendar each process keeps is checked on every intake: a day off announced
    between two intakes moves the second one's due time."""
    received = datetime(2024, 10, 1, 9, 0, tzinfo=VN_TZ)  # a Tuesday; 3 working days
    body = intake_body(world, received_at=received.isoformat())
    first = world.client.post_json("/api/v1/dossiers", body).json()["due_at"]
    assert date.fromisoformat(first[:10]) == date(2024, 10, 4)
    AnnouncedDay.objects.create(
        date=date(2024, 10, 3), kind=AnnouncedDay.Kind.DAY_OFF, name="nghỉ bù", source="thử"
    )
    second = world.client.post_json("/api/v1/dossiers", body).json()["due_at"]
    assert date.fromisoformat(second[:10]) == date(2024, 10, 7)


def test_next_intake_follows_a_version_published_in_the_admin(world, admin_client):
    """The catalogue each process keeps (common.stamps) is dropped by the publication: the
    very next intake is judged by the new version, its time limit and its papers."""
    today = timezone.localdate()
    draft = ProcedureVersionFactory(
        procedure=world.version.procedure,
        version=2,
        status=ProcedureVersion.Status.DRAFT,
        effective_from=today,
        time_rule_amount=10,
    )
    new_paper = RequiredPaperFactory(procedure_version=draft, position=1, name="Tờ khai mới")
    first = world.client.post_json("/api/v1/dossiers", intake_body(world))
    assert first.status_code == 201 and first.json()["procedure"]["version"] == 1
    response = admin_client.post(
        "/admin/catalog/procedureversion/", {"action": "publish", "_selected_action": [draft.pk]}
    )
    assert response.status_code == 302
    refused = world.client.post_json("/api/v1/dossiers", intake_body(world))
    assert refused.status_code == 422  # the old version's paper is not in the new one's list
    assert str(world.paper.pk) in refused.json()["detail"]
    body = intake_body(world)
    body["papers"] = [{"required_paper_id": new_paper.pk}]
    second = world.client.post_json("/api/v1/dossiers", body)
    assert second.status_code == 201
    assert second.json()["procedure"]["version"] == 2
    assert second.json()["due_at"] > first.json()["due_at"]  # 10 working days, not 3


def test_next_intake_follows_an_edit_of_the_unit_in_the_admin(world, admin_client):
    assert world.client.post_json("/api/v1/dossiers", intake_body(world)).status_code == 201
    unit = world.unit_a
    form = {
        "code": unit.code,
        "name": "Xã Phù Lưu Tế Mới",
        "level": unit.level,
        "kind": unit.kind,
        "valid_from": unit.valid_from.isoformat(),
        "agency_id": unit.agency_id,
        "office_hours": "[]",
    }
    change = f"/admin/catalog/administrativeunit/{unit.pk}/change/"
    assert admin_client.post(change, form).status_code == 302
    renamed = world.client.post_json("/api/v1/dossiers", intake_body(world))
    assert renamed.json()["unit"]["name"] == "Xã Phù Lưu Tế Mới"
    yesterday = timezone.localdate() - timedelta(days=1)
    form["valid_from"], form["valid_to"] = "2000-01-01", yesterday.isoformat()
    assert admin_client.post(change, form).status_code == 302
    assert world.client.post_json("/api/v1/dossiers", intake_body(world)).status_code == 404


def test_field_errors_say_in_vietnamese_what_is_wrong_where(world):
    body = intake_body(world, channel="fax", received_at="hôm qua", note="x" * 2001)
    del body["applicant"]["name"]
    body["papers"][0]["count"] = 0
    response = world.client.post_json("/api/v1/dossiers", body)
    assert response.status_code == 422
    errors = {tuple(e["loc"][2:]): (e["type"], e["msg"]) for e in response.json()["errors"]}
    assert errors == {
        ("channel",): (
            "enum",
            "Giá trị không thuộc danh sách cho phép: 'direct', 'online' hoặc 'postal'.",
        ),
        ("applicant", "name"): ("missing", "Thiếu trường bắt buộc."),
        ("papers", 0, "count"): ("greater_than_equal", "Phải lớn hơn hoặc bằng 1."),
        ("received_at",): (
            "datetime_from_date_parsing",
            "Thời điểm không hợp lệ (dạng ISO 8601, có múi giờ).",
        ),
        ("note",): ("string_too_long", "Tối đa 2000 ký tự."),
    }
    assert Dossier.objects.count() == 0


def test_an_unknown_field_or_a_receipt_in_year_0001_is_refused_with_the_reason(world):
    misspelt = intake_body(world, recieved_at="2026-03-02T09:00:00+07:00")
    response = world.client.post_json("/api/v1/dossiers", misspelt)
    assert response.status_code == 422
    assert response.json()["errors"][0]["msg"] == "Trường này không được chấp nhận."
    ancient = intake_body(world, received_at="0001-01-01T10:00:00+07:00")
    response = world.client.post_json("/api/v1/dossiers", ancient)
    assert response.status_code == 422  # not "no such unit on 01/01/1"
    assert response.json()["errors"][0]["msg"] == "Ngày phải trong khoảng 01/01/1900 – 31/12/2099."
    assert Dossier.objects.count() == 0


def test_a_part_that_is_not_an_object_is_refused_in_vietnamese(world):
    for part, value in (("applicant", "Nguyễn Văn An"), ("papers", ["Tờ khai"])):
        response = world.client.post_json("/api/v1/dossiers", intake_body(world, **{part: value}))
        assert response.status_code == 422
        error = response.json()["errors"][0]
        assert error["msg"] == "Phải là một đối tượng JSON."
        assert error["type"] == "model_type"  # pydantic's type for a body model
    assert Dossier.objects.count() == 0


def test_an_unknown_path_or_method_under_the_api_answers_json(world):
    d = received_dossier(unit=world.unit_a, version=world.version, actor=world.user)
    unknown = world.client.post_json(f"/api/v1/dossiers/{d.code}/actions/fly", {})
    assert unknown.status_code == 404
    assert unknown["Content-Type"] == "application/json; charset=utf-8"
    assert unknown.json() == {"detail": "Không tìm thấy."}
    wrong_method = world.client.get(f"/api/v1/dossiers/{d.code}/actions/note")
    assert wrong_method.status_code == 405 and wrong_method["Allow"] == "POST"
    assert wrong_method.json()["detail"].startswith("Thao tác này không nhận phương thức GET")
    page = world.client.get("/khong-co-trang-nay/")  # outside the API: the HTML page as before
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")
