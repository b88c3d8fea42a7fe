from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeStamp(models.Model):
    """One row per kind of reference data (common.stamps.KINDS). Database triggers on the
    kind's tables set `value` to a fresh random number in every transaction that writes
    them, so a value names one committed state of those tables and processes can keep what
    they derived from it until the value changes."""

    name = models.CharField(max_length=20, primary_key=True)
    value = models.BigIntegerField()

    class Meta:
        verbose_name = _("dấu thay đổi dữ liệu tham chiếu")
        verbose_name_plural = _("dấu thay đổi dữ liệu tham chiếu")

    def __str__(self) -> str:
        return f"{self.name} {self.value}"
