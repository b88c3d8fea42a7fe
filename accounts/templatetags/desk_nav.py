from django import template

from accounts.selectors import units_acting

register = template.Library()


@register.filter
def works_at_a_desk(user) -> bool:
    """Whether the header offers "Tiếp nhận hồ sơ": the counter's own rule (units_acting),
    so the link never leads to the counter's 404."""
    return units_acting(user=user).exists()
