"""The report rollup: per unit, procedure version and local day, the counters a report
needs, so that a report reads O(units × days) rows instead of every dossier.

Each dossier adds fixed deltas to a few days (see `reports.rollup.contributions`):
- received_<channel>: +1 on its receipt date;
- resolved_<timeliness>, resolved_refused, resolved_withdrawn: +1 on its finish date;
- overdue: +1 on the first day D whose end finds it overdue, −1 on the first day after
  that when it no longer is (finished or waiting for a supplement).
Sums over a range of days give the received and resolved columns; sums over all days
before a date give what is still open then (received − resolved: carried over, pending)
and what is overdue at the end of a day.

The same deltas are also added to a month row (day = 1st of the month) and a year row
(day = 1 January) of the same unit and version, so that a long range or "all days before
D1" reads a few coarse rows plus at most two partial months of day rows.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

COUNTERS = (
    "received_online",
    "received_direct",
    "received_postal",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "resolved_refused",
    "resolved_withdrawn",
    "overdue",
)


class Grain(models.IntegerChoices):
    DAY = 0, _("ngày")
    MONTH = 1, _("tháng")
    YEAR = 2, _("năm")


class DailyCounter(models.Model):
    grain = models.PositiveSmallIntegerField(_("mức gộp"), choices=Grain.choices)
    day = models.DateField(_("ngày (đầu tháng, đầu năm)"))
    # No foreign-key indexes: every query leads with (grain, day); fewer indexes to update.
    unit = models.ForeignKey(
        "catalog.AdministrativeUnit", models.CASCADE, related_name="+", db_index=False
    )
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion", models.CASCADE, related_name="+", db_index=False
    )
    received_online = models.IntegerField(default=0)
    received_direct = models.IntegerField(default=0)
    received_postal = models.IntegerField(default=0)
    resolved_early = models.IntegerField(default=0)
    resolved_on_time = models.IntegerField(default=0)
    resolved_late = models.IntegerField(default=0)
    resolved_refused = models.IntegerField(default=0)
    resolved_withdrawn = models.IntegerField(default=0)
    overdue = models.IntegerField(default=0)  # a delta: can be negative

    class Meta:
        verbose_name = _("số liệu tổng hợp theo ngày")
        verbose_name_plural = _("số liệu tổng hợp theo ngày")
        constraints = [
            models.UniqueConstraint(
                fields=["grain", "day", "unit", "procedure_version"], name="rollup_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_grain_display()} {self.day} {self.unit_id}/{self.procedure_version_id}"
