from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = "Giám sát"
    default_auto_field = "django.db.models.BigAutoField"
