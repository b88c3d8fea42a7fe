"""Read-mostly admin views of the online service: history and files are never edited here."""

from django.contrib import admin

from online.models import CitizenProfile, PublishedResult, Submission, SubmissionEvent


@admin.register(CitizenProfile)
class CitizenProfileAdmin(admin.ModelAdmin):
    list_display = ["full_name", "phone", "email", "verified_at"]
    search_fields = ["full_name", "phone", "email"]
    readonly_fields = ["user", "phone", "email", "verified_at", "created_at"]


class SubmissionEventInline(admin.TabularInline):
    model = SubmissionEvent
    extra = 0
    can_delete = False
    readonly_fields = ["action", "actor", "at", "from_status", "to_status", "note", "data"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["reference", "applicant_name", "unit", "status", "submitted_at"]
    list_filter = ["status"]
    inlines = [SubmissionEventInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PublishedResult)
class PublishedResultAdmin(admin.ModelAdmin):
    list_display = ["dossier", "name", "published_by", "published_at"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False
