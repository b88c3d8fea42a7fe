"""{% fixed_url %} answers as {% url %}, under any script prefix."""

from django.template import engines
from django.urls import set_script_prefix

TEMPLATE = engines["django"].from_string(
    '{% load fixed_url %}{% url "portal:lookup" %}|{% fixed_url "portal:lookup" %}'
)


def test_fixed_url_is_url_under_each_script_prefix():
    try:
        for prefix in ("/", "/motcua/", "/"):
            set_script_prefix(prefix)
            by_url, fixed = TEMPLATE.render({}).split("|")
            assert fixed == by_url == f"{prefix}tra-cuu/"
    finally:
        set_script_prefix("/")
