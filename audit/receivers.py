"""Signal receivers: sign-ins, sign-outs and reads of dossiers."""

from typing import Any

from django.contrib.auth import signals as auth_signals
from django.http import HttpRequest

from audit.models import AuditHead, Event
from audit.services import HEAD_PK, audit_record
from motcua.middleware import client_address


def _ip(request: HttpRequest | None) -> str | None:
    """The request's address if the signal brought one (None: from the context)."""
    return client_address(request) if isinstance(request, HttpRequest) else None


def on_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit_record(event=Event.AUTH_LOGIN, actor=user, obj=user, client_ip=_ip(request))


def on_logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None:  # signing out without being signed in
        return
    audit_record(event=Event.AUTH_LOGOUT, actor=user, obj=user, client_ip=_ip(request))


def on_login_failed(
    sender: Any, credentials: dict, request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """The username tried, never the password (Django has already blanked it anyway)."""
    username = str(credentials.get("username", ""))[:150]
    if username.startswith("?"):  # the citizen sign-in's key for an unknown phone or e-mail
        username = "?"  # (accounts.lockout): not a user name, and personal data: not kept
    login_failed_record(username=username, request=request, reason="bad_credentials")


def login_failed_record(*, username: str, request: HttpRequest | None, reason: str) -> None:
    audit_record(
        event=Event.AUTH_LOGIN_FAILED,
        actor=None,
        object_type="auth.user",
        object_repr=username[:200],
        reason=reason,
        result="failed",
        client_ip=_ip(request),
    )


def on_dossier_viewed(sender: Any, dossier: Any, user: Any, **kwargs: Any) -> None:
    audit_record(event=Event.DOSSIER_READ, actor=user, obj=dossier)


def head_ensure(**kwargs: Any) -> None:
    """After migrate and flush: the head row exists (the chain starts empty)."""
    AuditHead.objects.using(kwargs.get("using", "default")).get_or_create(pk=HEAD_PK)


def connect() -> None:
    from dossiers.signals import dossier_viewed

    auth_signals.user_logged_in.connect(on_logged_in, dispatch_uid="audit_login")
    auth_signals.user_logged_out.connect(on_logged_out, dispatch_uid="audit_logout")
    auth_signals.user_login_failed.connect(on_login_failed, dispatch_uid="audit_login_failed")
    dossier_viewed.connect(on_dossier_viewed, dispatch_uid="audit_dossier_read")
