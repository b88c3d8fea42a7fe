from django import template

from oversight.selectors import sees_oversight

register = template.Library()


@register.filter
def sees_oversight_pages(user) -> bool:
    return bool(user.is_authenticated) and sees_oversight(user=user)
