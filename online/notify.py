"""The one place that talks to the notifications app (e-mail and SMS to citizens)."""

from notifications.services import otp_send


def code_send(*, channel: str, address: str, code: str) -> None:
    """Queue a one-time code through the notification delivery jobs."""
    otp_send(channel=channel, address=address, code=code)
