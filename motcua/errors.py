"""The answer to an error no view handled (ROOT_URLCONF's handler500), in Vietnamese (or the
chosen English), instead of Django's bare English "Server Error (500)".

An outage of something the request needed is not a fault of the request: 503 and "try again
in a few minutes", saying which —
- the database cannot be reached or is overloaded (the server down, a connection dropped,
  SQLite's "database is locked" past its busy timeout);
- the file store (MEDIA_ROOT's disk or the S3 bucket) cannot store or read: unreachable,
  silent, missing bucket, disk full or read-only.
The step's transaction has rolled back, so nothing was recorded. Anything else is 500.
Either way the error has been logged with its traceback (django.request) before this runs.
The page renders without the request's context processors, which would read the session from
the very database that may have failed: no user, no menu. Under /api/ the answer is the API's
`{"detail": …}`."""

import errno
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.translation import gettext as _

from common.http import json_detail

# errno values of a file system that cannot store (full, quota, read-only, failing disk).
_STORE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO})
# S3's codes for an object that is not there: a missing file, not a store that is down.
_MISSING_OBJECT_CODES = frozenset({"NoSuchKey", "404", "NotFound"})


def file_store_unavailable(error: BaseException | None) -> bool:
    """Whether `error` says the file store (MEDIA_ROOT's disk or the S3 bucket) cannot be
    written or read now, rather than a fault of the request or of the code."""
    from botocore.exceptions import BotoCoreError, ClientError  # django-storages' S3 client

    if isinstance(error, ClientError):  # the store answered: unless a file is simply missing
        return error.response.get("Error", {}).get("Code") not in _MISSING_OBJECT_CODES
    if isinstance(error, BotoCoreError):  # no answer: unreachable, timed out, refused
        return True
    return isinstance(error, OSError) and error.errno in _STORE_ERRNOS


def database_unavailable(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError | InterfaceError)


def _outage(error: BaseException | None) -> tuple[str, str] | None:
    """(title, message) when `error` says a service the request needed is down."""
    if database_unavailable(error):
        return _("Hệ thống tạm thời gián đoạn"), _(
            "Cơ sở dữ liệu đang không phản hồi. Thao tác chưa được thực hiện; vui lòng thử "
            "lại sau ít phút."
        )
    if file_store_unavailable(error):
        return _("Kho lưu trữ tệp không phản hồi"), _(
            "Không lưu hoặc đọc được tệp: kho lưu trữ tệp đang không phản hồi. Thao tác chưa "
            "được thực hiện; vui lòng thử lại sau ít phút."
        )
    return None


def server_error(request: HttpRequest) -> HttpResponse:
    outage = _outage(sys.exc_info()[1])  # Django calls this while handling the error
    if outage is not None:
        status, (title, message) = 503, outage
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
