"""Vietnamese names, in the admin, for the apps installed from PyPI: their own are English
("Axes", "Otp_Totp", "Tasks Database Backend"). Each keeps its app's label, models and
start-up code; INSTALLED_APPS names these classes instead of the apps' defaults."""

from axes.apps import AppConfig as AxesConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TotpConfig
from django_tasks_db.apps import TasksAppConfig


class Axes(AxesConfig):
    verbose_name = _("Khoá đăng nhập sau nhiều lần sai")


class Totp(TotpConfig):
    verbose_name = _("Xác thực hai bước")

    def ready(self) -> None:
        super().ready()
        from django_otp.plugins.otp_totp.models import TOTPDevice

        # Its names are plain English, not marked for translation. Only the names shown
        # change (not Meta's original options): no migration of the app follows from this.
        TOTPDevice._meta.verbose_name = _("thiết bị xác thực hai bước")
        TOTPDevice._meta.verbose_name_plural = _("thiết bị xác thực hai bước")


class TasksDb(TasksAppConfig):
    verbose_name = _("Tác vụ nền")
