from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Nhật ký kiểm toán"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from audit import receivers
        from audit.admin_hooks import audit_all_model_admins

        receivers.connect()
        audit_all_model_admins()
        post_migrate.connect(receivers.head_ensure, sender=self, dispatch_uid="audit_head")
