from datetime import date

from django import forms
from django.utils import translation


def test_vietnamese_dates_are_read_day_first():
    class Form(forms.Form):
        day = forms.DateField()

    with translation.override("vi"):
        form = Form({"day": "11/10/2027"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == date(2027, 10, 11)
        assert not Form({"day": "10/31/2027"}).is_valid()  # no month-first reading
