"""The public side: citizens' ratings of returned dossiers and the desk's queue tickets."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.indicators import SCORE_FIELDS


class RatingChannel(models.TextChoices):
    LOOKUP = "lookup", _("Trang tra cứu hồ sơ")
    ACCOUNT = "account", _("Tài khoản công dân")
    TABLET = "tablet", _("Máy tính bảng tại quầy")


SCORE_CHOICES = [(2, "2"), (1, "1"), (0, "0")]


def _score_field(verbose_name):
    return models.PositiveSmallIntegerField(verbose_name, choices=SCORE_CHOICES)


class DossierRating(models.Model):
    """The citizen's evaluation of one returned dossier (Circular 01/2018 art. 13, indicators
    1, 3, 4 and 7 each scored 0–2). One per dossier, kept by a unique constraint."""

    dossier = models.ForeignKey(
        "dossiers.Dossier",
        models.PROTECT,
        related_name="+",
        verbose_name=_("hồ sơ"),
        db_constraint=False,  # partitioned table: see dossiers.models.Dossier
    )
    channel = models.CharField(_("kênh đánh giá"), max_length=10, choices=RatingChannel.choices)
    time_score = _score_field(_("chỉ số 1: thời gian giải quyết"))
    contacts_score = _score_field(_("chỉ số 3: số lần liên hệ"))
    agencies_score = _score_field(_("chỉ số 4: số cơ quan phải liên hệ"))
    attitude_score = _score_field(_("chỉ số 7: thái độ cán bộ"))
    comment = models.TextField(_("ý kiến khác"), blank=True)
    rated_at = models.DateTimeField(_("đánh giá lúc"))

    class Meta:
        ordering = ["-rated_at"]
        verbose_name = _("đánh giá của công dân")
        verbose_name_plural = _("đánh giá của công dân")
        indexes = [models.Index(fields=["rated_at"], name="rating_rated_at")]
        constraints = [
            models.UniqueConstraint(fields=["dossier"], name="rating_one_per_dossier"),
            *(
                models.CheckConstraint(condition=Q(**{f"{name}__lte": 2}), name=f"rating_{name}")
                for name in SCORE_FIELDS
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.rated_at:%Y-%m-%d}"


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("Đang chờ")
    CALLED = "called", _("Đang được gọi")
    SERVED = "served", _("Đã phục vụ")


class QueueTicket(models.Model):
    """A number taken at the kiosk for one service line (a field or a counter) of a unit.

    Numbers run 1, 2, 3… per unit, line and day without gaps (QueueCounter)."""

    unit = models.ForeignKey(
        "catalog.AdministrativeUnit", models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    line = models.CharField(_("quầy, lĩnh vực"), max_length=200)
    day = models.DateField(_("ngày"))
    number = models.PositiveIntegerField(_("số thứ tự"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=TicketStatus.choices, default=TicketStatus.WAITING
    )
    taken_at = models.DateTimeField(_("lấy số lúc"))
    called_at = models.DateTimeField(_("gọi lúc"), null=True, blank=True)
    counter_label = models.CharField(_("quầy gọi"), max_length=50, blank=True)

    class Meta:
        ordering = ["day", "line", "number"]
        verbose_name = _("số thứ tự")
        verbose_name_plural = _("số thứ tự")
        indexes = [
            models.Index(fields=["unit", "day", "status"], name="ticket_unit_day_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "line", "day", "number"], name="ticket_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line} {self.number:03d} ({self.day})"


class QueueCounter(models.Model):
    """The last ticket number issued for a unit's line on a day; locked while a number is
    taken or called, like dossiers.models.DossierCounter."""

    unit = models.ForeignKey("catalog.AdministrativeUnit", models.CASCADE, related_name="+")
    line = models.CharField(max_length=200)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm số thứ tự")
        verbose_name_plural = _("bộ đếm số thứ tự")
        constraints = [
            models.UniqueConstraint(fields=["unit", "line", "day"], name="queue_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.line} {self.day} {self.last}"
