from django.contrib import admin

from portal.models import DossierRating, QueueTicket


@admin.register(DossierRating)
class DossierRatingAdmin(admin.ModelAdmin):
    """Citizens' ratings are evidence: read them, never edit them."""

    list_display = [
        "dossier",
        "channel",
        "time_score",
        "contacts_score",
        "agencies_score",
        "attitude_score",
        "rated_at",
    ]
    list_filter = ["channel"]
    search_fields = ["dossier__code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(QueueTicket)
class QueueTicketAdmin(admin.ModelAdmin):
    list_display = ["day", "unit", "line", "number", "status", "counter_label", "called_at"]
    list_filter = ["status", "day"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
