"""Supervision programmes (chương trình giám sát) of the People's Council or the overseeing
office: their units and sessions, the evidence they look at, samples, findings,
recommendations and their follow-up, and the log of what supervisors read."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeStatus(models.TextChoices):
    PLANNED = "planned", _("Đã lập kế hoạch")
    IN_PROGRESS = "in_progress", _("Đang giám sát")
    CONCLUDED = "concluded", _("Đã kết luận")
    FOLLOW_UP_CLOSED = "follow_up_closed", _("Đã kết thúc theo dõi")


class Programme(models.Model):
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    body = models.CharField(_("cơ quan giám sát"), max_length=300)
    head = models.CharField(_("trưởng đoàn"), max_length=200)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="oversight_programmes", verbose_name=_("thành viên")
    )
    subject = models.TextField(_("nội dung giám sát"))
    period_start = models.DateField(_("kỳ giám sát từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    units = models.ManyToManyField(
        "catalog.AdministrativeUnit", related_name="+", verbose_name=_("đơn vị được giám sát")
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=ProgrammeStatus.choices,
        default=ProgrammeStatus.PLANNED,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("người lập")
    )
    created_at = models.DateTimeField(_("lập lúc"))

    class Meta:
        ordering = ["-decision_date", "-pk"]
        verbose_name = _("chương trình giám sát")
        verbose_name_plural = _("chương trình giám sát")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="programme_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision_number} — {self.subject[:60]}"


class Session(models.Model):
    """A working session of the delegation at one unit."""

    programme = models.ForeignKey(Programme, models.CASCADE, related_name="sessions")
    unit = models.ForeignKey("catalog.AdministrativeUnit", models.PROTECT, related_name="+")
    day = models.DateField(_("ngày làm việc"))
    place = models.CharField(_("địa điểm"), max_length=300)
    attendees = models.TextField(_("thành phần tham dự"), blank=True)

    class Meta:
        verbose_name = _("buổi giám sát")
        verbose_name_plural = _("buổi giám sát")
        ordering = ["day", "pk"]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}"


class ProgrammeEvent(models.Model):
    """Append-only history of everything done to a programme."""

    programme = models.ForeignKey(Programme, models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    at = models.DateTimeField()
    action = models.CharField(max_length=40)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("lịch sử chương trình giám sát")
        verbose_name_plural = _("lịch sử chương trình giám sát")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.action}"


class SelfReport(models.Model):
    """A unit's own II.06a figures (columns 3–13) for the programme's period."""

    programme = models.ForeignKey(Programme, models.CASCADE, related_name="self_reports")
    unit = models.ForeignKey("catalog.AdministrativeUnit", models.PROTECT, related_name="+")
    values = models.JSONField(_("số liệu đơn vị báo cáo"))
    source = models.CharField(max_length=10)  # "typed" or "uploaded"
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    entered_at = models.DateTimeField()

    class Meta:
        verbose_name = _("báo cáo của đơn vị được giám sát")
        verbose_name_plural = _("báo cáo của đơn vị được giám sát")
        constraints = [
            models.UniqueConstraint(fields=["programme", "unit"], name="self_report_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.unit_id}"


class SampleItem(models.Model):
    """A dossier drawn for on-site inspection, with its checklist."""

    programme = models.ForeignKey(Programme, models.CASCADE, related_name="samples")
    unit = models.ForeignKey("catalog.AdministrativeUnit", models.PROTECT, related_name="+")
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        models.PROTECT,
        related_name="+",
        db_constraint=False,  # partitioned table: see dossiers.models.Dossier
    )
    seed = models.CharField(max_length=40)
    position = models.PositiveIntegerField()
    checklist = models.JSONField(default=dict, blank=True)
    note = models.TextField(_("ghi chú kiểm tra"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("hồ sơ chọn mẫu")
        verbose_name_plural = _("hồ sơ chọn mẫu")
        ordering = ["unit", "position"]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.dossier_id}"


class FindingKind(models.TextChoices):
    ACHIEVEMENT = "achievement", _("Kết quả đạt được")
    SHORTCOMING = "shortcoming", _("Tồn tại, hạn chế")
    CAUSE = "cause", _("Nguyên nhân")
    LESSON = "lesson", _("Bài học kinh nghiệm")


class Finding(models.Model):
    programme = models.ForeignKey(Programme, models.CASCADE, related_name="findings")
    unit = models.ForeignKey(
        "catalog.AdministrativeUnit", models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=FindingKind.choices)
    text = models.TextField(_("nội dung"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("kết quả giám sát")
        verbose_name_plural = _("kết quả giám sát")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Đang theo dõi")
    DONE = "done", _("Đã thực hiện")
    PARTLY = "partly", _("Thực hiện một phần")
    NOT_DONE = "not_done", _("Chưa thực hiện")


# Not (wholly) carried out: past its deadline, such a recommendation is overdue. A partly done
# one still owes the rest, so it counts too.
UNFINISHED = (RecommendationStatus.OPEN, RecommendationStatus.PARTLY, RecommendationStatus.NOT_DONE)


class Recommendation(models.Model):
    programme = models.ForeignKey(Programme, models.CASCADE, related_name="recommendations")
    unit = models.ForeignKey(
        "catalog.AdministrativeUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị thực hiện"),
    )
    office = models.CharField(_("cơ quan thực hiện"), max_length=300, blank=True)
    content = models.TextField(_("nội dung kiến nghị"))
    deadline = models.DateField(_("thời hạn"))
    status = models.CharField(
        _("kết quả"),
        max_length=10,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.OPEN,
    )
    answer = models.TextField(_("trả lời của đơn vị"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit__isnull=False) | ~models.Q(office=""),
                name="recommendation_addressed",
            ),
        ]

    def __str__(self) -> str:
        return self.content[:60]

    @property
    def addressee(self) -> str:
        return self.unit.name if self.unit_id and self.unit else self.office

    def is_overdue(self, today: date) -> bool:
        return self.deadline < today and self.status in UNFINISHED


class ReadLog(models.Model):
    """A supervisor read dossiers through the oversight pages: a list or one dossier."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    programme = models.ForeignKey(Programme, models.CASCADE, related_name="reads")
    unit = models.ForeignKey("catalog.AdministrativeUnit", models.PROTECT, related_name="+")
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,  # partitioned table: see dossiers.models.Dossier
    )
    what = models.CharField(max_length=40)  # "dossier" or the list's name
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("nhật ký xem")
        verbose_name_plural = _("nhật ký xem")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.what} {self.at:%Y-%m-%d %H:%M}"
