"""SMS backends, chosen by settings.SMS_BACKEND like Django's EMAIL_BACKEND.

A backend's `send` returns when the message was handed over and raises SMSError otherwise;
the delivery job records either outcome and retries.
"""

import json
import os
import sys
import tempfile
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


class SMSError(Exception):
    """The message was not handed over; the text says why (never the token)."""


class BaseSMSBackend:
    def send(self, *, to: str, text: str) -> None:
        raise NotImplementedError


class ConsoleSMSBackend(BaseSMSBackend):
    """Development: prints the message. Not for production (phone numbers end up in logs)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout

    def send(self, *, to: str, text: str) -> None:
        self.stream.write(f"SMS → {to}\n{text}\n{'-' * 40}\n")
        self.stream.flush()


class FileSMSBackend(BaseSMSBackend):
    """One file per message under settings.SMS_FILE_PATH (var/sms/): for demos and tests."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path or settings.SMS_FILE_PATH)

    def send(self, *, to: str, text: str) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        name = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:12]}.txt"
        # Written to a temporary name and renamed: a reader never sees half a message.
        fd, tmp = tempfile.mkstemp(dir=self.path, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(f"To: {to}\n\n{text}\n")
        os.replace(tmp, self.path / name)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirect would replay the bearer token to another address: treat it as a failure.
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        return None


class HTTPGatewaySMSBackend(BaseSMSBackend):
    """POSTs JSON {"to", "text"} with `Authorization: Bearer <token>` to SMS_GATEWAY_URL.
    Any 2xx answer means accepted; anything else, a timeout or no answer is an SMSError."""

    def __init__(
        self, url: str | None = None, token: str | None = None, timeout: float | None = None
    ) -> None:
        self.url = url if url is not None else settings.SMS_GATEWAY_URL
        self.token = token if token is not None else settings.SMS_GATEWAY_TOKEN
        self.timeout = timeout if timeout is not None else settings.SMS_GATEWAY_TIMEOUT

    def send(self, *, to: str, text: str) -> None:
        if not self.url.startswith(("https://", "http://")):
            raise SMSError("SMS_GATEWAY_URL chưa được cấu hình (cần http:// hoặc https://).")
        request = urllib.request.Request(  # noqa: S310 - scheme checked above
            self.url,
            data=json.dumps({"to": to, "text": text}, ensure_ascii=False).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {self.token}",
            },
        )
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=self.timeout) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            detail = error.read(200).decode("utf-8", "replace").strip()
            raise SMSError(f"Cổng SMS trả lời HTTP {error.code}: {detail}") from error
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise SMSError(f"Không gửi được tới cổng SMS: {reason}") from error
        if not 200 <= status < 300:
            raise SMSError(f"Cổng SMS trả lời HTTP {status}.")


def get_sms_backend(path: str | None = None) -> BaseSMSBackend:
    backend: BaseSMSBackend = import_string(path or settings.SMS_BACKEND)()
    return backend
