"""{% load wording %}: catalog.wording for templates, in the page's language."""

from django import template

from catalog.models import ProcedureVersion
from catalog.wording import money, time_limit_words

register = template.Library()


@register.filter
def time_limit(version: ProcedureVersion) -> str:
    """The procedure's time limit in words."""
    return time_limit_words(version.time_rule)


@register.filter(name="money")
def money_filter(amount: int | None) -> str:
    """ "20.000 đồng" (thousands grouped with dots)."""
    return "" if amount is None else money(amount)
