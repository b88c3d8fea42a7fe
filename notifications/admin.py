from django.contrib import admin

from notifications.models import DeliveryAttempt, Notification


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = ["at", "ok", "error", "duration_ms"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: notices are written by the services and the worker, never by hand."""

    list_display = ["created_at", "kind", "channel", "recipient", "status", "attempts", "unit"]
    list_filter = ["status", "kind", "channel"]
    search_fields = ["recipient", "dossier__code"]
    exclude = ["body"]  # may hold a one-time code
    inlines = [DeliveryAttemptInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
