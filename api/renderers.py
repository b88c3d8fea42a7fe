"""JSON in plain UTF-8: Vietnamese text reads as itself, not as \\u escapes."""

from collections.abc import Mapping
from typing import Any

from ninja.renderers import JSONRenderer


class UnicodeJSONRenderer(JSONRenderer):
    charset = "utf-8"
    json_dumps_params: Mapping[str, Any] = {"ensure_ascii": False}
