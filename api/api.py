"""The REST API (/api/v1): one NinjaAPI, a router per area, JSON in plain UTF-8."""

import json
from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from ninja import NinjaAPI

from api import errors
from api.endpoints import attachments, catalog, dossiers, lookup, reports
from api.renderers import UnicodeJSONRenderer

if TYPE_CHECKING:
    from ninja.operation import Operation

DESCRIPTION = """API của Một Cửa. Xác thực: khóa API (`Authorization: Bearer <khóa>`, tạo bằng
`manage.py api_token_create`) cho hệ thống khác, hoặc phiên đăng nhập của cán bộ (cookie, kèm
tiêu đề `X-CSRFToken` với yêu cầu ghi). Tra cứu công khai (`POST /lookup`) không cần xác thực.
Lỗi trả về `{"detail": "<thông báo tiếng Việt>"}`."""


class MotCuaAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: "Operation") -> str:
        # Every operation names its own id; fall back to the function's name.
        return operation.view_func.__name__


api = MotCuaAPI(
    title="Một Cửa API",
    version="1",
    description=DESCRIPTION,
    renderer=UnicodeJSONRenderer(),
    urls_namespace="api",
    docs_decorator=login_required,
)
errors.install(api)
# The public look-up first: URL patterns are tried in order, and it is the busiest (#9).
api.add_router("", lookup.router)
api.add_router("", catalog.router)
api.add_router("", dossiers.router)
api.add_router("", attachments.router)
api.add_router("", reports.router)

PATH_PREFIX = "/api/v1/"


def schema_json() -> str:
    """The OpenAPI schema as committed in api/openapi.json: sorted keys, stable, UTF-8."""
    # A round trip turns the status codes (int keys) into strings, so the keys sort.
    schema = json.loads(json.dumps(api.get_openapi_schema(path_prefix=PATH_PREFIX)))
    return json.dumps(schema, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
