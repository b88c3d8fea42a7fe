from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def sms_backend_check(app_configs: Any, **kwargs: Any) -> list[Warning]:
    """The console SMS backend is the development default: in production it would send
    nothing and print citizens' phone numbers into the logs."""
    if settings.SMS_BACKEND == "notifications.sms.ConsoleSMSBackend":
        return [
            Warning(
                "SMS_BACKEND is the console backend: SMS are printed, not sent.",
                hint="Set SMS_BACKEND=notifications.sms.HTTPGatewaySMSBackend and "
                "SMS_GATEWAY_URL / SMS_GATEWAY_TOKEN.",
                id="notifications.W001",
            )
        ]
    return []
