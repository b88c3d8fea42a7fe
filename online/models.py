"""Online public service (dịch vụ công trực tuyến): citizen accounts, dossiers submitted
online before the desk receives them, and the files citizens and officers exchange about
received dossiers (post-appraisal supplements, published results).

Files live under MEDIA_ROOT with names of our own and are served only through views that
check who asks.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# ---------------------------------------------------------------- citizen accounts


class CitizenProfile(models.Model):
    """A citizen's account: a User with no Membership, confirmed by a one-time code sent to
    their phone or e-mail address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="citizen_profile",
        verbose_name=_("người dùng"),
    )
    full_name = models.CharField(_("họ và tên"), max_length=200)
    # Stored normalised (phone as 0xxxxxxxxx, e-mail lower-case) so that uniqueness holds.
    phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    id_number = models.CharField(_("số CCCD/CMND"), max_length=12)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    verified_at = models.DateTimeField(_("xác nhận lúc"))
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        verbose_name = _("tài khoản công dân")
        verbose_name_plural = _("tài khoản công dân")
        constraints = [
            models.UniqueConstraint(
                fields=["phone"], condition=~Q(phone=""), name="citizen_phone_unique"
            ),
            models.UniqueConstraint(
                fields=["email"], condition=~Q(email=""), name="citizen_email_unique"
            ),
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""), name="citizen_has_contact"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class CodeChannel(models.TextChoices):
    SMS = "sms", _("Tin nhắn SMS")
    EMAIL = "email", _("Thư điện tử")


class OneTimeCode(models.Model):
    """A 6-digit code sent to an address, stored only as a keyed hash. At most one open code
    per address and purpose: issuing a new one closes the previous one."""

    class Purpose(models.TextChoices):
        REGISTER = "register", _("Đăng ký tài khoản")

    class Closed(models.TextChoices):
        USED = "used", _("Đã dùng")
        REPLACED = "replaced", _("Đã thay bằng mã mới")
        TOO_MANY_TRIES = "too_many_tries", _("Nhập sai quá số lần cho phép")

    purpose = models.CharField(_("mục đích"), max_length=16, choices=Purpose.choices)
    channel = models.CharField(_("kênh gửi"), max_length=5, choices=CodeChannel.choices)
    address = models.CharField(_("gửi tới"), max_length=254)
    code_hash = models.CharField(max_length=64, editable=False)
    # What the citizen entered before the code was sent (registration details); emptied
    # once the account exists.
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    attempts = models.PositiveSmallIntegerField(_("số lần nhập sai"), default=0)
    verified_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    consumed_at = models.DateTimeField(_("tạo tài khoản lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    closed_reason = models.CharField(
        _("lý do đóng"), max_length=16, choices=Closed.choices, blank=True
    )

    class Meta:
        verbose_name = _("mã xác nhận")
        verbose_name_plural = _("mã xác nhận")
        indexes = [models.Index(fields=["address", "created_at"], name="otp_address_created")]
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "address"],
                condition=Q(closed_at__isnull=True),
                name="otp_one_open_per_address",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.channel} {self.created_at:%Y-%m-%d %H:%M}"


class SignInFailure(models.Model):
    """A failed citizen sign-in, keyed by a hash of the identifier (no phone or e-mail in
    clear), to slow down password guessing."""

    key = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("lần đăng nhập sai của công dân")
        verbose_name_plural = _("lần đăng nhập sai của công dân")
        indexes = [models.Index(fields=["key", "at"], name="signin_failure_key_at")]

    def __str__(self) -> str:
        return f"{self.key[:8]} {self.at:%Y-%m-%d %H:%M}"


# ---------------------------------------------------------------- submissions


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp, chờ cán bộ tiếp nhận")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Cần bổ sung giấy tờ")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    REFUSED = "refused", _("Bị từ chối tiếp nhận")
    WITHDRAWN = "withdrawn", _("Đã rút")


class SubmissionAction(models.TextChoices):
    CREATE = "create", _("Tạo hồ sơ nháp")
    EDIT = "edit", _("Sửa thông tin người nộp")
    UPLOAD = "upload", _("Tải lên giấy tờ")
    SUBMIT = "submit", _("Nộp hồ sơ")
    RESUBMIT = "resubmit", _("Nộp lại sau khi bổ sung")
    WITHDRAW = "withdraw", _("Rút hồ sơ")
    ACCEPT = "accept", _("Tiếp nhận hồ sơ")
    REQUEST_SUPPLEMENT = "request_supplement", _("Yêu cầu bổ sung, hoàn thiện")
    REFUSE = "refuse", _("Từ chối tiếp nhận")
    # After receipt, about the dossier the submission became.
    SUPPLEMENT_UPLOAD = "supplement_upload", _("Tải lên giấy tờ bổ sung")
    SUPPLEMENT_SEND = "supplement_send", _("Gửi giấy tờ bổ sung")
    SUPPLEMENT_TAKE = "supplement_take", _("Cán bộ nhận giấy tờ bổ sung")
    RESULT_PUBLISH = "result_publish", _("Trả kết quả trực tuyến")


class Submission(models.Model):
    """A dossier a citizen prepares and submits online. It becomes a Dossier only when an
    officer of the unit accepts it (dossiers.services.dossier_receive)."""

    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="online_submissions",
        verbose_name=_("công dân"),
    )
    unit = models.ForeignKey(
        "catalog.AdministrativeUnit",
        models.PROTECT,
        related_name="online_submissions",
        verbose_name=_("đơn vị tiếp nhận"),
    )
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion",
        models.PROTECT,
        related_name="online_submissions",
        verbose_name=_("thủ tục"),
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=24,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.DRAFT,
    )
    applicant_name = models.CharField(_("họ và tên người nộp"), max_length=200)
    applicant_id_number = models.CharField(_("số CCCD/CMND"), max_length=12, blank=True)
    applicant_phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=300, blank=True)

    created_at = models.DateTimeField(_("tạo lúc"))
    updated_at = models.DateTimeField(_("cập nhật lúc"))
    first_submitted_at = models.DateTimeField(_("nộp lần đầu lúc"), null=True, blank=True)
    # The last complete submission: the dossier's receipt time when it is accepted.
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    supplement_requested_at = models.DateTimeField(_("yêu cầu bổ sung lúc"), null=True, blank=True)
    supplement_papers = models.JSONField(_("giấy tờ cần bổ sung"), default=list, blank=True)
    supplement_reason = models.TextField(_("lý do yêu cầu bổ sung"), blank=True)
    decided_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cán bộ xử lý"),
    )
    refusal_reason = models.TextField(_("lý do từ chối"), blank=True)
    dossier = models.OneToOneField(
        "dossiers.Dossier",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="online_submission",
        verbose_name=_("hồ sơ"),
        db_constraint=False,  # partitioned table: see dossiers.models.Dossier
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("hồ sơ nộp trực tuyến")
        verbose_name_plural = _("hồ sơ nộp trực tuyến")
        indexes = [
            models.Index(fields=["unit", "status", "submitted_at"], name="submission_unit_status"),
            models.Index(fields=["citizen", "created_at"], name="submission_citizen"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="accepted", dossier__isnull=False)
                | (~Q(status="accepted") & Q(dossier__isnull=True)),
                name="submission_dossier_iff_accepted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.applicant_name}"

    @property
    def reference(self) -> str:
        """The number citizens and officers quote before a dossier code exists."""
        return f"TT-{self.pk:06d}"


def _stored_name(prefix: str) -> str:
    # Names are ours (a random UUID), never the uploader's.
    return f"online/{prefix}/{uuid.uuid4().hex}"


def submission_file_path(instance: "SubmissionFile", filename: str) -> str:
    return _stored_name(f"submissions/{instance.submission_id}")


class SubmissionFile(models.Model):
    """The scan of one paper of the checklist. A newer upload of the same paper supersedes
    the older one, which is kept for the record."""

    submission = models.ForeignKey(Submission, models.CASCADE, related_name="files")
    required_paper = models.ForeignKey(
        "catalog.RequiredPaper", models.PROTECT, related_name="+", verbose_name=_("giấy tờ")
    )
    name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=40)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=submission_file_path, max_length=300)
    uploaded_at = models.DateTimeField(_("tải lên lúc"))
    superseded_at = models.DateTimeField(_("được thay lúc"), null=True, blank=True)

    class Meta:
        ordering = ["required_paper__position", "uploaded_at", "id"]
        verbose_name = _("tệp hồ sơ trực tuyến")
        verbose_name_plural = _("tệp hồ sơ trực tuyến")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "required_paper"],
                condition=Q(superseded_at__isnull=True),
                name="submission_one_file_per_paper",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SubmissionEvent(models.Model):
    """One step of an online dossier's history: who did what, when. Append-only."""

    submission = models.ForeignKey(Submission, models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=24, choices=SubmissionAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    at = models.DateTimeField(_("thời điểm"))
    from_status = models.CharField(_("từ trạng thái"), max_length=24, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=24)
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)

    class Meta:
        ordering = ["submission", "at", "id"]
        verbose_name = _("lịch sử hồ sơ trực tuyến")
        verbose_name_plural = _("lịch sử hồ sơ trực tuyến")

    def __str__(self) -> str:
        return f"{self.submission_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


# ---------------------------------------------------------------- after receipt


def citizen_upload_path(instance: "CitizenUpload", filename: str) -> str:
    return _stored_name(f"supplements/{instance.dossier_id}")


class CitizenUpload(models.Model):
    """A paper the citizen uploads for a received dossier waiting for a supplement (after
    appraisal). Officers see it once sent; it becomes a DossierAttachment when the
    reception officer takes the supplement in."""

    dossier = models.ForeignKey(
        "dossiers.Dossier",
        models.CASCADE,
        related_name="citizen_uploads",
        db_constraint=False,  # partitioned table: see dossiers.models.Dossier
    )
    label = models.CharField(_("giấy tờ"), max_length=500)
    name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=40)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=citizen_upload_path, max_length=300)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("người tải lên")
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"))
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    taken_at = models.DateTimeField(_("cán bộ nhận lúc"), null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("giấy tờ bổ sung của công dân")
        verbose_name_plural = _("giấy tờ bổ sung của công dân")

    def __str__(self) -> str:
        return f"{self.label}: {self.name}"


def published_result_path(instance: "PublishedResult", filename: str) -> str:
    return _stored_name(f"results/{instance.dossier_id}")


class PublishedResult(models.Model):
    """A result file (decision, certificate scan) an officer publishes to the citizen."""

    dossier = models.ForeignKey(
        "dossiers.Dossier",
        models.PROTECT,
        related_name="published_results",
        db_constraint=False,  # partitioned table: see dossiers.models.Dossier
    )
    name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=40)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=published_result_path, max_length=300)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("người trả")
    )
    published_at = models.DateTimeField(_("trả lúc"))

    class Meta:
        ordering = ["published_at", "id"]
        verbose_name = _("kết quả trả trực tuyến")
        verbose_name_plural = _("kết quả trả trực tuyến")

    def __str__(self) -> str:
        return self.name
