"""Each transition as POST /dossiers/{code}/actions/{action}, through its service."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import officer
from api.api import api
from api.tests.conftest import ApiClient
from api.tokens import api_token_create
from dossiers.models import Action, DossierEvent
from dossiers.tests.factories import received_dossier
from dossiers.transitions import TRANSITIONS
from workcalendar.calendar import VN_TZ
from workcalendar.selectors import get_work_calendar

pytestmark = pytest.mark.django_db


def url(code: str, action: str) -> str:
    return f"/api/v1/dossiers/{code}/actions/{action}"


def test_every_action_of_the_table_has_an_endpoint():
    paths = set(api.get_openapi_schema(path_prefix="/api/v1/")["paths"])
    expected = {
        f"/api/v1/dossiers/{{code}}/actions/{a.value}"
        for a in TRANSITIONS
        if a not in (Action.RECEIVE, Action.ATTACH)
    }
    assert expected <= paths


def test_full_path_to_returned(world):
    d = received_dossier(unit=world.unit_a, version=world.version, actor=world.user)
    c = world.client
    steps = [
        ("note", {"text": "Gọi điện cho công dân"}, "received"),
        ("assign", {"assignee": world.user.username}, "in_progress"),
        (
            "transfer",
            {
                "agency_name": "Công an xã",
                "task": "Xác minh",
                "deadline": (timezone.now() + timedelta(days=2)).isoformat(),
            },
            "transferred",
        ),
        ("receive_back", {}, "in_progress"),
        ("submit_for_approval", {"note": ""}, "awaiting_approval"),
        ("send_back", {"note": "Bổ sung ý kiến"}, "in_progress"),
        ("submit_for_approval", {}, "awaiting_approval"),
        ("approve", {"result": "Giấy khai sinh số 12"}, "result_ready"),
        ("return_result", {"returned_to": "Trần Thị Bình", "id_checked": True}, "returned"),
    ]
    for action, body, status in steps:
        response = c.post_json(url(d.code, action), body)
        assert response.status_code == 200, (action, response.content)
        assert response.json()["status"] == status, action
    actions = list(DossierEvent.objects.filter(dossier=d).values_list("action", flat=True))
    assert actions == ["receive"] + [a for a, _, _ in steps]


def test_supplement_refuse_withdraw_apologise(world):
    d = received_dossier(unit=world.unit_a, version=world.version, actor=world.user)
    c = world.client
    r = c.post_json(
        url(d.code, "request_supplement"),
        {"missing_papers": ["Giấy chứng sinh"], "reason": "Thiếu giấy"},
    )
    assert r.json()["status"] == "awaiting_supplement"
    assert c.post_json(url(d.code, "resubmit"), {}).json()["status"] == "in_progress"
    again = c.post_json(
        url(d.code, "request_supplement"), {"missing_papers": ["Ảnh"], "reason": "Thiếu"}
    )
    assert again.status_code == 409
    assert "lần thứ hai" in again.json()["detail"]
    day = get_work_calendar().next_working_day(
        timezone.localdate() + timedelta(days=30), include_self=True
    )
    night, later = (datetime.combine(day, time(h), tzinfo=VN_TZ).isoformat() for h in (2, 9))
    apology = c.post_json(
        url(d.code, "apologise"), {"reason": "Chờ xác minh", "new_appointment": night}
    )
    assert apology.status_code in (422, 409)  # 409 when the due date is already today
    apology = c.post_json(
        url(d.code, "apologise"), {"reason": "Chờ xác minh", "new_appointment": later}
    )
    assert apology.status_code in (200, 409)
    assert (
        c.post_json(url(d.code, "refuse"), {"reason": "Không đủ điều kiện"}).json()["status"]
        == "refused"
    )
    d2 = received_dossier(unit=world.unit_a, version=world.version, actor=world.user)
    assert (
        c.post_json(url(d2.code, "withdraw"), {"reason": "Công dân xin rút"}).json()["status"]
        == "withdrawn"
    )


def test_forbidden_transition_is_409_with_the_services_message(world):
    d = received_dossier(unit=world.unit_a, version=world.version, actor=world.user)
    response = world.client.post_json(url(d.code, "approve"), {"result": "x"})
    assert response.status_code == 409
    assert response.json()["detail"] == (
        f"Không thể «Phê duyệt, có kết quả» hồ sơ {d.code} đang ở trạng thái «Đã tiếp nhận»."
    )
    assert DossierEvent.objects.filter(dossier=d).count() == 1


def test_invalid_input_is_422(world):
    d = received_dossier(unit=world.unit_a, version=world.version, actor=world.user)
    r = world.client.post_json(url(d.code, "refuse"), {"reason": "   "})
    assert r.status_code == 422
    assert r.json()["detail"] == "Cần ghi lý do từ chối giải quyết."
    r = world.client.post_json(url(d.code, "assign"), {"assignee": "khong_co_ai"})
    assert r.status_code == 422
    r = world.client.post_json(
        url(d.code, "transfer"),
        {"agency_name": "A", "task": "B", "deadline": "2030-01-01T10:00:00"},
    )
    assert r.status_code == 422
    assert "múi giờ" in r.json()["detail"]
    r = world.client.post_json(url(d.code, "refuse"), {})
    assert r.status_code == 422
    assert r.json()["detail"] == "Dữ liệu gửi lên không hợp lệ."


def test_missing_role_for_the_action_is_403(world):
    d = received_dossier(unit=world.unit_a, version=world.version, actor=world.user)
    desk = officer(world.unit_a, Role.RECEPTION)
    client = ApiClient(api_token_create(user=desk, units=[world.unit_a], name="x").value)
    response = client.post_json(url(d.code, "refuse"), {"reason": "Không đủ điều kiện"})
    assert response.status_code == 403
    assert "không có vai trò" in response.json()["detail"]


def test_no_role_or_outside_the_token_is_404(world):
    on_b = received_dossier(unit=world.unit_b, version=world.version, actor=world.user)
    response = world.client.post_json(url(on_b.code, "note"), {"text": "x"})
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy hồ sơ."}
    # An overseer reads the dossiers below but acts on none: acting answers 404.
    district = world.unit_a.__class__.objects.create(
        code="D1", name="Huyện", level="district", valid_from=world.unit_a.valid_from
    )
    world.unit_a.parent = district
    world.unit_a.save()
    on_a = received_dossier(unit=world.unit_a, version=world.version, actor=world.user)
    overseer = officer(district, Role.OVERSEER)
    client = ApiClient(api_token_create(user=overseer, units=[world.unit_a], name="x").value)
    assert client.get(f"/api/v1/dossiers/{on_a.code}").status_code == 200
    assert client.post_json(url(on_a.code, "note"), {"text": "x"}).status_code == 404
    assert DossierEvent.objects.filter(dossier=on_a, action="note").count() == 0
