from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = "Giám sát"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from dossiers.signals import dossier_viewed
        from oversight.receivers import on_dossier_viewed

        dossier_viewed.connect(on_dossier_viewed, dispatch_uid="oversight_reads")
