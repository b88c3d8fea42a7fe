"""The answer to an error no view handled (ROOT_URLCONF's handler500), in Vietnamese (or the
chosen English), instead of Django's bare English "Server Error (500)".

An outage of something the request needed is not a fault of the request: 503 with
Retry-After and "try again in a few minutes", saying which —
- the database cannot be reached or is overloaded: the server down or restarting, a dropped
  connection, too many connections, a lock or statement timeout, a deadlock, SQLite busy or
  locked past its timeout, a database file that cannot be opened, a disk full or failing.
  Its other errors (SQLite reports "no such table" and SQL mistakes as OperationalError too)
  are bugs: 500, not "try again";
- the file store (MEDIA_ROOT's disk or the S3 bucket) cannot store or read: unreachable,
  silent, missing bucket, disk full or read-only.
Neither page says nothing was recorded: the error may come after the step committed (the
session's save, a step's on-commit work), so the officer is told to check before redoing it.
Anything else is 500. Either way the error has been logged with its traceback
(django.request) before this runs. The page renders without the request's context
processors, which would read the session from the very database that may have failed: no
user, no menu. Under /api/ the answer is the API's `{"detail": …}`, for 400, 403 and 404
too."""

import errno
import sys

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.urls import get_script_prefix
from django.utils.translation import gettext as _
from django.views import defaults

from api.errors import NOT_FOUND
from common.http import is_api_request, json_detail

RETRY_AFTER_SECONDS = 60

# errno values of a file system that cannot store (full, quota, read-only, failing disk).
_STORE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO})
# S3's codes for an object that is not there: a missing file, not a store that is down.
_MISSING_OBJECT_CODES = frozenset({"NoSuchKey", "404", "NotFound"})


def file_store_unavailable(error: BaseException | None) -> bool:
    """Whether `error` says the file store (MEDIA_ROOT's disk or the S3 bucket) cannot be
    written or read now, rather than a fault of the request or of the code."""
    from botocore.exceptions import BotoCoreError, ClientError  # django-storages' S3 client
    from s3transfer.exceptions import (
        RetriesExceededError,
        S3DownloadFailedError,
        S3UploadFailedError,
    )

    if isinstance(error, RetriesExceededError | S3DownloadFailedError | S3UploadFailedError):
        return True  # the transfer gave up on a store that stalled or failed
    if isinstance(error, ClientError):  # the store answered: unless a file is simply missing
        return error.response.get("Error", {}).get("Code") not in _MISSING_OBJECT_CODES
    if isinstance(error, BotoCoreError):  # no answer: unreachable, timed out, refused
        return True
    return isinstance(error, OSError) and error.errno in _STORE_ERRNOS


# SQLite's primary result codes of an outage: busy, locked, read-only, I/O error, disk
# full, cannot open (https://www.sqlite.org/rescode.html).
_SQLITE_OUTAGE = frozenset({5, 6, 8, 10, 13, 14})
# PostgreSQL's SQLSTATEs of an outage: classes 08 (connection) and 53 (insufficient
# resources); shutting down or starting up, deadlock and serialization failure, lock not
# available, statement timeout.
_PG_OUTAGE_CLASSES = frozenset({"08", "53"})
_PG_OUTAGE_STATES = frozenset({"57P01", "57P02", "57P03", "40001", "40P01", "55P03", "57014"})


def database_unavailable(error: BaseException | None) -> bool:
    """Whether `error` says the database cannot serve now, rather than a bug."""
    # (psycopg reports a closed connection as OperationalError; its InterfaceError, like
    # "the cursor is closed", is a bug)
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__  # the driver's own error, which Django wraps
    code = getattr(cause, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _SQLITE_OUTAGE  # extended codes carry the primary one
    if hasattr(cause, "sqlstate"):  # psycopg
        state = cause.sqlstate
        # None: no server answered (refused, unreachable, authentication never reached)
        return state is None or state[:2] in _PG_OUTAGE_CLASSES or state in _PG_OUTAGE_STATES
    return False


def _outage(error: BaseException | None) -> tuple[str, str] | None:
    """(title, message) when `error` says a service the request needed is down."""
    if database_unavailable(error):
        return _("Hệ thống tạm thời gián đoạn"), _(
            "Cơ sở dữ liệu đang không phản hồi. Vui lòng thử lại sau ít phút; trước khi làm "
            "lại, hãy xem thao tác đã được ghi nhận hay chưa."
        )
    if file_store_unavailable(error):
        return _("Kho lưu trữ tệp không phản hồi"), _(
            "Không lưu hoặc đọc được tệp: kho lưu trữ tệp đang không phản hồi. Vui lòng thử "
            "lại sau ít phút; trước khi làm lại, hãy xem thao tác đã được ghi nhận hay chưa."
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
    if is_api_request(request):
        response: HttpResponse = json_detail(message, status)
    else:
        context = {"title": title, "message": message, "home": get_script_prefix()}
        body = loader.get_template("500.html").render(context)
        response = HttpResponse(body, status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


# A request the API's own router never saw (a host not allowed, an address no endpoint
# has, a refusal raised by middleware) still answers the API's JSON, as its schema says;
# the site's pages get the Vietnamese templates (400.html, 403.html, 404.html).
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return json_detail(_("Yêu cầu không hợp lệ."), 400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return json_detail(_("Không được phép."), 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_request(request):
        return json_detail(NOT_FOUND, 404)  # as the API's own "not found"
    return defaults.page_not_found(request, exception)
