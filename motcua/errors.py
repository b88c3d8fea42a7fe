"""The answer to an error no view handled (ROOT_URLCONF's handler500), in Vietnamese (or the
chosen English), instead of Django's bare English "Server Error (500)".

A database that cannot be reached or is overloaded (the server down, a connection dropped,
SQLite's "database is locked" past its busy timeout) is an outage, not a fault of the
request: 503 and "try again in a few minutes". Anything else is 500. Either way the error
has been logged with its traceback (django.request) before this runs. The page renders
without the request's context processors, which would read the session from the very
database that failed: no user, no menu. Under /api/ the answer is the API's `{"detail": …}`."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.translation import gettext as _

from common.http import json_detail


def database_unavailable(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError | InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    if database_unavailable(sys.exc_info()[1]):  # Django calls this while handling the error
        status = 503
        title = _("Hệ thống tạm thời gián đoạn")
        message = _(
            "Cơ sở dữ liệu đang không phản hồi. Thao tác chưa được thực hiện; vui lòng thử "
            "lại sau ít phút."
        )
    else:
        status = 500
        title = _("Đã có lỗi trong hệ thống")
        message = _(
            "Hệ thống gặp lỗi khi xử lý yêu cầu này; lỗi đã được ghi lại để quản trị viên "
            "kiểm tra. Trước khi làm lại, hãy xem thao tác đã được ghi nhận hay chưa."
        )
    if request.path_info.startswith("/api/"):
        return json_detail(message, status)
    body = loader.get_template("500.html").render({"title": title, "message": message})
    return HttpResponse(body, status=status)
