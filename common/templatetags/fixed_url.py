"""`{% fixed_url "name" %}`: `{% url "name" %}` for a URL without arguments, reversed once per
process. The navigation of every page reverses the same few names on every request, at
~30 µs each (issue #9: the public look-up page had seven)."""

from functools import cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

register = template.Library()


@cache
def _reversed(name: str, prefix: str, urlconf: str | None, language: str | None) -> str:
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def fixed_url(name: str) -> str:
    # The script prefix, URLconf and language are the key: the answer is reverse()'s for
    # them (the language, should URLs ever carry it through i18n_patterns).
    return _reversed(name, get_script_prefix(), get_urlconf(), get_language())
