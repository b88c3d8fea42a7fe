from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only, superusers only: the log is written by the application alone."""

    list_display = ["seq", "at", "event", "actor_repr", "object_repr", "client_ip", "result"]
    list_filter = ["event", "result"]
    search_fields = ["actor_repr", "object_repr", "object_id", "request_id", "client_ip"]
    date_hierarchy = "at"
    ordering = ["-seq"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
