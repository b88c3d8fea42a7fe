"""Form fields for the days and moments people type: limited to the years the system computes
with, so that a mistyped year (0001, 9999) is a form error, not a period whose end
overflows the calendar."""

from datetime import date, datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2099, 12, 31)


def supported_day(value: date | datetime) -> None:
    day = value.date() if isinstance(value, datetime) else value
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError(
            _("Ngày phải trong khoảng %(first)s – %(last)s."),
            code="out_of_range",
            params={"first": f"{FIRST_DAY:%d/%m/%Y}", "last": f"{LAST_DAY:%d/%m/%Y}"},
        )


class DayField(forms.DateField):
    default_validators = [supported_day]

    def widget_attrs(self, widget: forms.Widget) -> dict:
        attrs = super().widget_attrs(widget)
        if getattr(widget, "input_type", "") == "date":  # the browser's picker keeps to it too
            attrs.update(min=FIRST_DAY.isoformat(), max=LAST_DAY.isoformat())
        return attrs


class MomentField(forms.DateTimeField):
    default_validators = [supported_day]

    def widget_attrs(self, widget: forms.Widget) -> dict:
        attrs = super().widget_attrs(widget)
        if getattr(widget, "input_type", "") == "datetime-local":
            attrs.update(min=f"{FIRST_DAY.isoformat()}T00:00", max=f"{LAST_DAY.isoformat()}T23:59")
        return attrs
