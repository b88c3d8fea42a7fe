"""Creating, revoking and checking API tokens. The secret is shown once, at creation."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.selectors import ROLES_MEMO, units_visible_to
from api.models import ApiToken
from catalog.models import AdministrativeUnit
from common.stamps import ACCESS, StampedCache, Stamps, stamps_read

SECRET_BYTES = 32
# last_used_at is written at most this often per token, so busy clients do not turn every
# read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    value: str  # "<prefix>.<secret>": give it to the other system; it is not stored


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(*, user: User, units: list[AdministrativeUnit], name: str) -> IssuedToken:
    """A new token for `user`, limited to `units` (at least one)."""
    if not units:
        raise ValueError("Khóa API phải được giới hạn trong ít nhất một đơn vị.")
    if not name.strip():
        raise ValueError("Khóa API cần có tên.")
    visible = set(units_visible_to(user=user).values_list("pk", flat=True))
    outside = [u for u in units if u.pk not in visible]
    if outside:  # such a token could do nothing there: every call would answer "not found"
        names = ", ".join(f"{u.name} ({u.code})" for u in outside)
        raise ValueError(
            f"Người dùng «{user.username}» không có vai trò nào tại: {names}. Khóa API chỉ "
            "dùng được ở đơn vị mà người dùng có vai trò."
        )
    secret = secrets.token_urlsafe(SECRET_BYTES)
    with transaction.atomic():
        token = ApiToken.objects.create(
            name=name.strip(),
            user=user,
            prefix=secrets.token_hex(6),
            secret_sha256=_digest(secret),
        )
        token.units.set(units)
    return IssuedToken(token, f"{token.prefix}.{secret}")


# A token's units are set once, when it is created (api_token_create; to change them, revoke
# the token and create another), so each process remembers them by token id and its random
# prefix (ids of rolled-back rows can come back; prefixes do not).
_unit_ids: dict[tuple[int, str], frozenset[int]] = {}


def api_token_unit_ids(token: ApiToken) -> frozenset[int]:
    """The units `token` is limited to."""
    key = (token.pk, token.prefix)
    found = _unit_ids.get(key)
    if found is None:
        found = _unit_ids[key] = frozenset(token.units.values_list("pk", flat=True))
    return found


def api_token_revoke(*, prefix: str) -> ApiToken:
    token = ApiToken.objects.get(prefix=prefix)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


# Live tokens with their user, by prefix, while no token, user status or role has changed
# (common.stamps): a revoked token, a deactivated user or a removed role takes effect on the
# very next request.
_live: StampedCache[str, ApiToken] = StampedCache(ACCESS)


def _live_token(prefix: str) -> ApiToken | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(prefix=prefix, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is not None:
        # The user object lives as long as this copy, no longer than the roles it may
        # remember (accounts.selectors.user_roles_at).
        setattr(token.user, ROLES_MEMO, {})
    return token


def api_token_check(value: str, stamps: Stamps | None = None) -> ApiToken | None:
    """The live token `value` names, or None (unknown, wrong secret, revoked, user inactive).
    The token and its user may be this process's shared copies: read them, never change
    them. `stamps`: the change stamps if the caller has just read them."""
    prefix, dot, secret = value.strip().partition(".")
    if not dot or not prefix or not secret or len(value) > 200:
        return None
    stamps = stamps_read() if stamps is None else stamps
    token = _live.get(prefix, stamps, lambda: _live_token(prefix))
    if token is None or not hmac.compare_digest(token.secret_sha256, _digest(secret)):
        return None
    now = timezone.now()
    last_used = token.last_used_at
    if last_used is None or now - last_used >= LAST_USED_RESOLUTION:
        token.last_used_at = now  # first, so that other threads of the process skip it
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
