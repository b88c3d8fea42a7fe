from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.fields import supported_day

MAKE_UP_ON_A_WEEKDAY = _(
    "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật: ngày thường đã là ngày làm việc."
)


class AnnouncedDay(models.Model):
    """A day the Government announced as off, or as a make-up working day (làm bù).

    Overlays the statutory holidays computed by the `holidays` package; where they disagree,
    this table wins (rules.md §2).
    """

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ")
        WORKING_DAY = "working_day", _("Ngày làm việc (làm bù)")

    date = models.DateField(_("ngày"), unique=True, validators=[supported_day])
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("tên"), max_length=200)
    source = models.CharField(_("văn bản thông báo"), max_length=300)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("ngày nghỉ/làm bù đã công bố")
        verbose_name_plural = _("ngày nghỉ/làm bù đã công bố")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}: {self.name}"

    def clean(self) -> None:
        # Monday to Friday are working days already: a make-up day there changes nothing,
        # and is most likely a mistyped date.
        if self.kind == self.Kind.WORKING_DAY and self.date and self.date.weekday() < 5:
            raise ValidationError({"date": MAKE_UP_ON_A_WEEKDAY})
