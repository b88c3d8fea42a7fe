"""Words for a procedure's time limit and for amounts of money, in the active language: the
citizen's pages and the officers' counter say them the same way."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from workcalendar.rules import TimeRule, TimeRuleKind


def time_limit_words(rule: TimeRule) -> str:
    """The time limit in words; in Vietnamese it reads exactly as TimeRule.describe_vi()."""
    if rule.kind is TimeRuleKind.WORKING_DAYS:
        return ngettext("%(count)s ngày làm việc", "%(count)s ngày làm việc", rule.amount) % {
            "count": rule.amount
        }
    if rule.kind is TimeRuleKind.WORKING_HOURS:
        return ngettext("%(count)s giờ làm việc", "%(count)s giờ làm việc", rule.amount) % {
            "count": rule.amount
        }
    return _("Trong ngày (nhận sau %(cutoff)s trả ngày làm việc tiếp theo)") % {
        "cutoff": f"{rule.effective_cutoff:%H:%M}"
    }


def money(amount: int) -> str:
    """ "50.000 đồng": Vietnamese groups thousands with dots."""
    return _("%(amount)s đồng") % {"amount": f"{amount:,}".replace(",", ".")}
