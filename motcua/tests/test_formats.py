from datetime import date, datetime

import pytest
from django import forms
from django.utils import formats, translation


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_are_read_and_shown_day_first_in_every_language(language):
    """Officers who choose English still type and read dates day first, as the papers do."""

    class Form(forms.Form):
        day = forms.DateField()
        moment = forms.DateTimeField()

    with translation.override(language):
        form = Form({"day": "11/10/2027", "moment": "05/03/2025 14:30"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == date(2027, 10, 11)
        assert form.cleaned_data["moment"].replace(tzinfo=None) == datetime(2025, 3, 5, 14, 30)
        assert not Form({"day": "10/31/2027", "moment": "x"}).is_valid()  # never month first
        assert formats.date_format(date(2025, 3, 5)) == "05/03/2025"
