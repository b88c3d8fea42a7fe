from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from workcalendar.models import AnnouncedDay

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


class YearFilter(admin.SimpleListFilter):
    title = _("năm")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        years = AnnouncedDay.objects.dates("date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(date__year=int(value))
        return queryset


@admin.register(AnnouncedDay)
class AnnouncedDayAdmin(admin.ModelAdmin):
    list_display = ("date", "weekday", "kind", "name", "source", "updated_at")
    list_filter = (YearFilter, "kind")
    search_fields = ("name", "source")
    date_hierarchy = "date"
    ordering = ("-date",)
    readonly_fields = ("updated_at",)

    @admin.display(description=_("thứ"), ordering="date")
    def weekday(self, obj: AnnouncedDay) -> str:
        return WEEKDAYS[obj.date.weekday()]
