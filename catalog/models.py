"""Administrative units, fields and procedures (TTHC), each with effective dates.

Anything the law sets is data with a validity period: a unit exists from `valid_from` until
the day before `valid_to`; a procedure version applies to dossiers received in its window.
"""

from datetime import date, time, timedelta

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from workcalendar.rules import DEFAULT_SESSIONS, TimeRule, TimeRuleKind


class Level(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")


class UnitQuerySet(models.QuerySet["AdministrativeUnit"]):
    def valid_on(self, day: date) -> "UnitQuerySet":
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day), valid_from__lte=day)

    def receiving(self) -> "UnitQuerySet":
        return self.exclude(agency_id="")


class AdministrativeUnit(models.Model):
    """A province, district or commune as it stood during [valid_from, valid_to)."""

    code = models.CharField(_("mã đơn vị hành chính"), max_length=10)
    name = models.CharField(_("tên"), max_length=200)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("loại"), max_length=40, blank=True, help_text=_("xã, thị trấn…"))
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hết hiệu lực từ"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        verbose_name=_("đơn vị kế thừa"),
    )
    # Receiving units (one-stop desks) carry the agency identifier used in dossier codes.
    agency_id = models.CharField(_("mã định danh cơ quan"), max_length=30, blank=True)
    office_hours = models.JSONField(
        _("giờ làm việc"),
        default=list,
        blank=True,
        help_text=_(
            'Các buổi làm việc, ví dụ [["08:00", "12:00"], ["13:00", "17:00"]]; '
            "để trống dùng giờ mặc định."
        ),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["code", "valid_from"]
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="unit_code_valid_from"),
            models.UniqueConstraint(
                fields=["agency_id"], condition=~Q(agency_id=""), name="unit_agency_id_unique"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="unit_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def dated_name(self) -> str:
        """The name, with its last day for a unit that has ended: pickers list a commune
        merged in 2025 beside the one that took its name and code."""
        if self.valid_to is None:
            return self.name
        last_day = self.valid_to - timedelta(days=1)  # valid_to is the first day without it
        return str(_("%(name)s (đến %(day)s)") % {"name": self.name, "day": f"{last_day:%d/%m/%Y}"})

    @property
    def is_receiving(self) -> bool:
        return bool(self.agency_id)

    def sessions(self) -> tuple[tuple[time, time], ...]:
        if not self.office_hours:
            return DEFAULT_SESSIONS
        return tuple(
            (time.fromisoformat(start), time.fromisoformat(end)) for start, end in self.office_hours
        )


class Field(models.Model):
    """A field of procedures (lĩnh vực), e.g. Hộ tịch, Chứng thực."""

    code = models.CharField(_("mã lĩnh vực"), max_length=40, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """The stable identity of an administrative procedure (mã TTHC); content lives in versions."""

    code = models.CharField(_("mã thủ tục"), max_length=40, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")

    def __str__(self) -> str:
        return self.code


class ProcedureVersion(models.Model):
    """One published text of a procedure. Never edited once published: publish a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        PUBLISHED = "published", _("Đã công bố")

    class FeeKind(models.TextChoices):
        FREE = "free", _("Miễn phí")
        FIXED = "fixed", _("Mức cố định")
        SCHEDULE = "schedule", _("Theo biểu phí")

    class OnlineLevel(models.TextChoices):
        FULL = "full", _("Toàn trình")
        PARTIAL = "partial", _("Một phần")
        NONE = "none", _("Không trực tuyến")

    procedure = models.ForeignKey(
        Procedure, models.PROTECT, related_name="versions", verbose_name=_("thủ tục")
    )
    version = models.PositiveIntegerField(_("phiên bản"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    name = models.CharField(_("tên thủ tục"), max_length=500)
    field = models.ForeignKey(Field, models.PROTECT, related_name="+", verbose_name=_("lĩnh vực"))
    level = models.CharField(_("cấp thực hiện"), max_length=10, choices=Level.choices)
    time_rule_kind = models.CharField(
        _("loại thời hạn"), max_length=16, choices=[(k.value, k.value) for k in TimeRuleKind]
    )
    time_rule_amount = models.PositiveIntegerField(_("số ngày/giờ"), default=0)
    time_rule_cutoff = models.TimeField(_("giờ chốt (trong ngày)"), null=True, blank=True)
    fee_kind = models.CharField(_("phí, lệ phí"), max_length=10, choices=FeeKind.choices)
    fee_amount = models.PositiveIntegerField(_("mức phí (đồng)"), null=True, blank=True)
    fee_schedule = models.TextField(_("biểu phí"), blank=True)
    fee_exemptions = models.TextField(_("miễn, giảm"), blank=True)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    result = models.CharField(_("kết quả"), max_length=500, blank=True)
    where_to_submit = models.CharField(_("nơi nộp"), max_length=500, blank=True)
    online_level = models.CharField(
        _("dịch vụ công trực tuyến"),
        max_length=10,
        choices=OnlineLevel.choices,
        default=OnlineLevel.NONE,
    )
    interconnected = models.BooleanField(_("liên thông"), default=False)
    # How long the applicant's personal data is kept after the dossier is finished (result
    # returned, refused or withdrawn); then `personal_data_anonymise` removes it. Empty: the
    # deployment's default (settings.PERSONAL_DATA_RETENTION_YEARS). Permanent: never
    # (records the archive keeps for ever, e.g. civil status). See docs/personal-data.md.
    retention_years = models.PositiveSmallIntegerField(
        _("thời hạn lưu dữ liệu cá nhân (năm)"), null=True, blank=True
    )
    retention_permanent = models.BooleanField(_("lưu vĩnh viễn"), default=False)
    retention_basis = models.CharField(_("căn cứ thời hạn lưu trữ"), max_length=500, blank=True)
    effective_from = models.DateField(_("áp dụng từ"))
    effective_to = models.DateField(_("hết áp dụng từ"), null=True, blank=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)

    class Meta:
        ordering = ["procedure__code", "version"]
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        constraints = [
            models.UniqueConstraint(fields=["procedure", "version"], name="procedure_version"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.version} — {self.name}"

    @property
    def time_rule(self) -> TimeRule:
        kind = TimeRuleKind(self.time_rule_kind)
        if kind is TimeRuleKind.SAME_DAY:
            return TimeRule(kind, 0, self.time_rule_cutoff)
        return TimeRule(kind, self.time_rule_amount)


class RequiredPaper(models.Model):
    """A paper on a procedure version's checklist (thành phần hồ sơ)."""

    class CopyKind(models.TextChoices):
        ORIGINAL = "original", _("Bản chính")
        CERTIFIED_COPY = "certified_copy", _("Bản sao chứng thực")
        COPY = "copy", _("Bản sao")

    procedure_version = models.ForeignKey(
        ProcedureVersion, models.CASCADE, related_name="papers", verbose_name=_("thủ tục")
    )
    position = models.PositiveIntegerField(_("thứ tự"))
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    copy_kind = models.CharField(_("loại bản"), max_length=16, choices=CopyKind.choices)
    count = models.PositiveIntegerField(_("số lượng"), default=1)
    optional = models.BooleanField(_("không bắt buộc"), default=False)

    class Meta:
        ordering = ["procedure_version", "position"]
        verbose_name = _("giấy tờ phải nộp")
        verbose_name_plural = _("giấy tờ phải nộp")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure_version", "position"], name="paper_position"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def marked_if_any(self) -> bool:
        """Optional, and its official name does not say so already: many end "(nếu có)",
        which a page then need not add a second time."""
        return self.optional and "nếu có" not in self.name.lower()


def procedure_form_path(instance: "ProcedureFormFile", filename: str) -> str:
    # Under MEDIA_ROOT (var/media), served by the public procedure page's download view.
    return f"procedure_forms/{instance.procedure_version_id}/{filename}"


class ProcedureFormFile(models.Model):
    """A downloadable form (mẫu đơn, tờ khai) published with a procedure version."""

    procedure_version = models.ForeignKey(
        ProcedureVersion, models.CASCADE, related_name="form_files", verbose_name=_("thủ tục")
    )
    title = models.CharField(_("tên biểu mẫu"), max_length=300)
    file = models.FileField(_("tệp"), upload_to=procedure_form_path, max_length=300)

    class Meta:
        ordering = ["procedure_version", "title", "pk"]
        verbose_name = _("biểu mẫu tải về")
        verbose_name_plural = _("biểu mẫu tải về")

    def __str__(self) -> str:
        return self.title
