from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction

from audit.models import Event as AuditEvent
from audit.services import audit_record
from catalog.models import (
    AdministrativeUnit,
    Field,
    Procedure,
    ProcedureFormFile,
    ProcedureVersion,
    RequiredPaper,
)
from catalog.services import procedure_version_publish


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "valid_from", "valid_to", "agency_id"]
    list_filter = ["level"]
    search_fields = ["code", "name", "agency_id"]


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class RequiredPaperInline(admin.TabularInline):
    model = RequiredPaper
    extra = 0


class ProcedureFormFileInline(admin.TabularInline):
    """Forms citizens download from the public procedure page (portal)."""

    model = ProcedureFormFile
    extra = 0


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(admin.ModelAdmin):
    list_display = ["procedure", "version", "name", "level", "status", "effective_from"]
    list_filter = ["status", "level", "field"]
    search_fields = ["procedure__code", "name"]
    inlines = [RequiredPaperInline, ProcedureFormFileInline]
    # Publishing goes through the service, which checks the time rule and the windows.
    readonly_fields = ["status", "published_at"]
    actions = ["publish"]

    @admin.action(description="Công bố các phiên bản đã chọn")
    def publish(self, request, queryset):
        for version in queryset.filter(status=ProcedureVersion.Status.DRAFT):
            try:
                with transaction.atomic():
                    procedure_version_publish(version=version)
                    audit_record(
                        event=AuditEvent.ADMIN_CHANGE,
                        actor=getattr(request, "user", None),
                        obj=version,
                        before={"status": ProcedureVersion.Status.DRAFT},
                        after={"status": ProcedureVersion.Status.PUBLISHED},
                        reason="admin action: publish",
                    )
            except ValidationError as error:
                self.message_user(
                    request, f"{version}: {'; '.join(error.messages)}", messages.ERROR
                )
            else:
                self.message_user(request, f"Đã công bố {version}.", messages.SUCCESS)

    def has_change_permission(self, request, obj=None):
        # A published version is never edited in place (publish a new version instead).
        if obj is not None and obj.status == ProcedureVersion.Status.PUBLISHED:
            return False
        return super().has_change_permission(request, obj)


admin.site.register(Procedure)
