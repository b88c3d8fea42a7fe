from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from common.stamps import triggers_ensure

        # After every migrate (and flush): a migration that rebuilt a watched table (SQLite
        # copies a table to alter it) dropped its triggers.
        post_migrate.connect(triggers_ensure, sender=self, dispatch_uid="common_stamp_triggers")
