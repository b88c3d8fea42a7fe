"""Messages to citizens (e-mail, SMS) and every attempt to deliver them.

A row is written before anything is sent, so nothing is lost when the queue or the gateway
fails: the worker sends it, `notifications_retry` re-queues what is stuck, and officers see
what failed.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    RECEIPT = "receipt", _("Tiếp nhận hồ sơ")
    SUPPLEMENT_REQUEST = "supplement_request", _("Yêu cầu bổ sung hồ sơ")
    REFUSAL = "refusal", _("Từ chối giải quyết")
    APOLOGY = "apology", _("Xin lỗi, hẹn lại ngày trả")
    RESULT_READY = "result_ready", _("Có kết quả")
    RESULT_ONLINE = "result_online", _("Trả kết quả trực tuyến")
    OTP = "otp", _("Mã xác nhận")


class Channel(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    SMS = "sms", _("Tin nhắn SMS")


class Status(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi")


class Attachment(models.TextChoices):
    """A file produced when the message is sent, from the dossier as it is then: stored
    rows carry no copy of the citizen's papers."""

    NONE = "", _("Không có")
    RECEIPT_PDF = "receipt_pdf", _("Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)")


class Notification(models.Model):
    unit = models.ForeignKey(
        "catalog.AdministrativeUnit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị"),
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("hồ sơ"),
        db_constraint=False,  # partitioned table: see dossiers.models.Dossier
    )
    # The history step that caused it: one notification per step and channel, even if the
    # signal were heard twice.
    event = models.ForeignKey(
        "dossiers.DossierEvent",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,  # partitioned table: see dossiers.models.Dossier
    )
    kind = models.CharField(_("loại thông báo"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("kênh gửi"), max_length=5, choices=Channel.choices)
    recipient = models.CharField(_("người nhận"), max_length=254)
    subject = models.CharField(_("tiêu đề"), max_length=255, blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    attachment = models.CharField(
        _("tệp đính kèm"), max_length=20, choices=Attachment.choices, blank=True
    )
    attachment_name = models.CharField(_("tên tệp đính kèm"), max_length=120, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("số lần đã gửi"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("số lần gửi tối đa"))
    next_attempt_at = models.DateTimeField(_("gửi lần tới lúc"), null=True, blank=True)
    # Set while a worker is sending, so a second run of the task does not send it again.
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"))
    sent_at = models.DateTimeField(_("gửi được lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notification_status_next"),
            models.Index(fields=["unit", "status", "created_at"], name="notification_unit_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "channel"],
                condition=Q(event__isnull=False),
                name="notification_event_channel",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.channel} → {self.recipient}"


class DeliveryAttempt(models.Model):
    notification = models.ForeignKey(Notification, models.CASCADE, related_name="delivery_attempts")
    at = models.DateTimeField(_("thời điểm"))
    ok = models.BooleanField(_("thành công"))
    error = models.TextField(_("lỗi"), blank=True)
    duration_ms = models.PositiveIntegerField(_("thời gian (ms)"))

    class Meta:
        ordering = ["notification", "at", "id"]
        verbose_name = _("lần gửi")
        verbose_name_plural = _("lần gửi")

    def __str__(self) -> str:
        return f"{self.notification_id} {self.at:%Y-%m-%d %H:%M:%S} {'ok' if self.ok else 'lỗi'}"
