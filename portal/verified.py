"""The dossier codes a browser looked up successfully (code + 4 digits) in the last 30
minutes, so that the result page and the rating form that follow need no second typing.

Kept in a signed cookie of the browser, not in a server session: a citizen's look-up is
then a pure read. With a session, every look-up wrote a session row (on SQLite taking the
one writer's lock that intakes wait for) and every result page read it back (issue #9).
The cookie is signed with SECRET_KEY (a visitor cannot add a code to it or move it between
purposes or officers), HttpOnly, SameSite=Lax and, in production, Secure with the `__Host-`
prefix, like the session cookie. Signed, not encrypted: the codes in it are readable.
Clearing it (kiosk home, next citizen on the tablet) deletes the browser's copy; a value
copied out of the browser before that stays good until its codes' 30 minutes are over
(docs/security.md).
"""

import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

VERIFIED_SECONDS = 30 * 60
MAX_CODES = 20  # a cookie stays small; the oldest look-ups go first

LOOKUP = "lookup"  # the portal's look-up
TABLET = "tablet"  # the counter tablet: one citizen at a time, for the signed-in officer


def _cookie_name(purpose: str) -> str:
    # __Host-: only over HTTPS, for this host and path "/" (as motcua.settings does for the
    # session and CSRF cookies).
    return f"__Host-{purpose}" if settings.SESSION_COOKIE_SECURE else purpose


def _valid(codes: object) -> dict[str, int]:
    if not isinstance(codes, dict):
        return {}
    return {
        code: stamp
        for code, stamp in codes.items()
        if type(stamp) is int  # not a bool, not a float
    }


@dataclass
class VerifiedCodes:
    """`read` from a request, changed, then `write` to the response that answers it.
    `owner` binds the cookie to a signed-in user (the tablet's officer): another user's
    request reads no code from it."""

    purpose: str
    owner: str = ""
    codes: dict[str, int] = field(default_factory=dict)
    changed: bool = False

    @property
    def _salt(self) -> str:
        return f"motcua.portal.verified:{self.purpose}:{self.owner}"

    @classmethod
    def read(cls, request: HttpRequest, purpose: str, *, owner: str = "") -> "VerifiedCodes":
        verified = cls(purpose, owner)
        value = request.COOKIES.get(_cookie_name(purpose))
        if value:
            try:
                codes = signing.loads(value, salt=verified._salt, max_age=VERIFIED_SECONDS)
            except signing.BadSignature:  # forged, altered, of another owner, or expired
                codes = {}
            verified.codes = _valid(codes)
        return verified

    def recently(self, code: str) -> bool:
        stamp = self.codes.get(code)
        # No lower bound: the stamps are this server's own (signed), and servers whose
        # clocks differ a little must not send a citizen back to the form.
        return stamp is not None and time.time() - stamp <= VERIFIED_SECONDS

    def remember(self, code: str) -> None:
        self.codes.pop(code, None)
        self.codes[code] = int(time.time())
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
        response.set_cookie(
            name,
            signing.dumps(dict(kept), salt=self._salt, compress=True),  # URL-safe base64
            max_age=VERIFIED_SECONDS,
            path="/",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response
