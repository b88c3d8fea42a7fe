from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Thông báo"

    def ready(self) -> None:
        # Connects the dossier_step_recorded receiver and registers the deploy check.
        from notifications import checks, receivers  # noqa: F401
