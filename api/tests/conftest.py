import pytest
from django.test import Client

from accounts.models import Role
from accounts.tests.factories import officer
from api.tokens import api_token_create
from catalog.tests.factories import ProcedureVersionFactory, RequiredPaperFactory, UnitFactory


class ApiClient(Client):
    """The test client with a bearer token and JSON bodies."""

    def __init__(self, token: str | None = None, **kwargs) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        super().__init__(headers=headers, **kwargs)

    def post_json(self, path: str, data: dict, **kwargs):
        return self.post(path, data, content_type="application/json", **kwargs)


@pytest.fixture
def world(db):
    """Two communes; one officer with every desk role at both; a token limited to A."""
    unit_a = UnitFactory(name="Xã Phù Lưu Tế")
    unit_b = UnitFactory(name="Xã Đại Hưng")
    version = ProcedureVersionFactory(name="Đăng ký khai sinh")
    paper = RequiredPaperFactory(procedure_version=version, position=1, name="Tờ khai khai sinh")
    roles = (Role.RECEPTION, Role.SPECIALIST, Role.APPROVER)
    user = officer(unit_a, *roles, username="canbo_a")
    for role in roles:
        user.memberships.create(unit=unit_b, role=role)
    issued = api_token_create(user=user, units=[unit_a], name="Hệ thống thử")

    class World:
        pass

    w = World()
    w.unit_a, w.unit_b, w.version, w.paper, w.user = unit_a, unit_b, version, paper, user
    w.token = issued.value
    w.token_row = issued.token
    w.client = ApiClient(issued.value)
    return w


def intake_body(w, *, unit=None, name="Nguyễn Thị Hằng", **extra) -> dict:
    return {
        "unit": (unit or w.unit_a).code,
        "procedure": w.version.procedure.code,
        "channel": "direct",
        "applicant": {"name": name, "id_number": "001190012345", "phone": "0912345678"},
        "papers": [{"required_paper_id": w.paper.pk, "count": 1}],
        **extra,
    }
