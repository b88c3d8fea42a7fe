"""The dossier codes a browser looked up successfully (code + 4 digits) in the last 30
minutes, so that the result page and the rating form that follow need no second typing.

Kept in a signed cookie of the browser, not in a server session: a citizen's look-up is
then a pure read. With a session, every look-up wrote a session row (on SQLite taking the
one writer's lock that intakes wait for) and every result page read it back (issue #9).
The cookie is signed with SECRET_KEY (a visitor cannot add a code to it), HttpOnly,
SameSite=Lax and, in production, Secure with the `__Host-` prefix, like the session cookie.
"""

import json
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest, HttpResponse

VERIFIED_SECONDS = 30 * 60
MAX_CODES = 20  # a cookie stays small; the oldest look-ups go first

LOOKUP = "lookup"  # the portal's look-up
TABLET = "tablet"  # the counter tablet: one citizen at a time


def _cookie_name(purpose: str) -> str:
    # __Host-: only over HTTPS, for this host and path "/" (as motcua.settings does for the
    # session and CSRF cookies).
    return f"__Host-{purpose}" if settings.SESSION_COOKIE_SECURE else purpose


def _valid(codes: object) -> dict[str, float]:
    if not isinstance(codes, dict):
        return {}
    return {
        code: float(stamp)
        for code, stamp in codes.items()
        if isinstance(code, str) and isinstance(stamp, int | float)
    }


@dataclass
class VerifiedCodes:
    """`read` from a request, changed, then `write` to the response that answers it."""

    purpose: str
    codes: dict[str, float] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def read(cls, request: HttpRequest, purpose: str) -> "VerifiedCodes":
        name = _cookie_name(purpose)
        raw = request.get_signed_cookie(name, default=None, salt=name, max_age=VERIFIED_SECONDS)
        try:
            codes = _valid(json.loads(raw)) if raw else {}
        except ValueError:
            codes = {}
        return cls(purpose, codes)

    def recently(self, code: str) -> bool:
        stamp = self.codes.get(code)
        return stamp is not None and 0 <= time.time() - stamp <= VERIFIED_SECONDS

    def remember(self, code: str) -> None:
        self.codes.pop(code, None)
        self.codes[code] = time.time()
        self.changed = True

    def forget(self, code: str) -> None:
        self.changed |= self.codes.pop(code, None) is not None

    def clear(self) -> None:
        self.changed |= bool(self.codes)
        self.codes = {}

    def write(self, response: HttpResponse) -> HttpResponse:
        """Put the codes in `response`'s cookie (or delete it when none is left)."""
        if not self.changed:
            return response
        name = _cookie_name(self.purpose)
        kept = [(c, s) for c, s in self.codes.items() if self.recently(c)][-MAX_CODES:]
        if not kept:
            response.delete_cookie(name, path="/", samesite="Lax")
            return response
        response.set_signed_cookie(
            name,
            json.dumps(dict(kept), separators=(",", ":")),
            salt=name,
            max_age=VERIFIED_SECONDS,
            path="/",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response
