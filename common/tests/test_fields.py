"""Days and moments people type stay within the years the system computes with."""

import pytest
from django import forms

from common.fields import DayField, MomentField


class Form(forms.Form):
    day = DayField(widget=forms.DateInput(attrs={"type": "date"}))
    moment = MomentField(required=False)


@pytest.mark.parametrize("day", ["1900-01-01", "2026-11-26", "2099-12-31"])
def test_days_within_the_range_pass(day):
    assert Form({"day": day}).is_valid()


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2100-01-01", "9999-12-31"])
def test_days_outside_are_a_form_error_in_vietnamese(day):
    form = Form({"day": day, "moment": day + "T08:00"})
    assert not form.is_valid()
    expected = ["Ngày phải trong khoảng 01/01/1900 – 31/12/2099."]
    assert form.errors["day"] == expected
    assert form.errors["moment"] == expected


def test_the_browsers_picker_is_limited_too():
    html = str(Form()["day"])
    assert 'min="1900-01-01"' in html and 'max="2099-12-31"' in html
