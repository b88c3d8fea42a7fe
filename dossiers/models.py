"""Dossiers (hồ sơ), their papers, transfers, history and the per-day code counter."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    DIRECT = "direct", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POSTAL = "postal", _("Bưu chính")


class Status(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    AWAITING_APPROVAL = "awaiting_approval", _("Chờ phê duyệt")
    AWAITING_SUPPLEMENT = "awaiting_supplement", _("Chờ bổ sung")
    TRANSFERRED = "transferred", _("Đang chuyển liên thông")
    RESULT_READY = "result_ready", _("Có kết quả, chờ trả")
    RETURNED = "returned", _("Đã trả kết quả")
    REFUSED = "refused", _("Từ chối giải quyết")
    WITHDRAWN = "withdrawn", _("Công dân rút hồ sơ")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Đã giải quyết")
    REFUSED = "refused", _("Từ chối")
    WITHDRAWN = "withdrawn", _("Rút hồ sơ")


class Action(models.TextChoices):
    RECEIVE = "receive", _("Tiếp nhận")
    ASSIGN = "assign", _("Phân công xử lý")
    SUBMIT_FOR_APPROVAL = "submit_for_approval", _("Trình phê duyệt")
    SEND_BACK = "send_back", _("Trả lại chuyên viên")
    APPROVE = "approve", _("Phê duyệt, có kết quả")
    REQUEST_SUPPLEMENT = "request_supplement", _("Yêu cầu bổ sung hồ sơ")
    RESUBMIT = "resubmit", _("Nhận hồ sơ bổ sung")
    REFUSE = "refuse", _("Từ chối giải quyết")
    WITHDRAW = "withdraw", _("Rút hồ sơ")
    TRANSFER = "transfer", _("Chuyển liên thông")
    RECEIVE_BACK = "receive_back", _("Nhận lại từ liên thông")
    APOLOGISE = "apologise", _("Xin lỗi, hẹn lại ngày trả")
    RETURN_RESULT = "return_result", _("Trả kết quả")
    NOTE = "note", _("Ghi chú nội bộ")
    ATTACH = "attach", _("Đính kèm bản quét")
    IMPORT = "import", _("Nhập từ hệ thống cũ")


class Dossier(models.Model):
    """A dossier received at a one-stop desk under one procedure version.

    `effective_start` and `due_at` are computed once at receipt (and again only when the
    clock restarts after a supplement) and stored: reports never recompute them.
    `finished_at` is when the agency finished: result ready, refusal or withdrawal.

    On PostgreSQL this table and DossierEvent are partitioned by year (docs/partitioning.md):
    their primary key is (id, received_at) / (id, at), so no foreign key can reference `id`
    alone. Every relation to them is declared `db_constraint=False`
    (dossiers/tests/test_partitioning.py checks it); Django's on_delete still applies, and
    dossiers are never deleted, only anonymised (dossiers.retention).
    """

    code = models.CharField(_("mã hồ sơ"), max_length=40, unique=True)
    unit = models.ForeignKey(
        "catalog.AdministrativeUnit",
        models.PROTECT,
        related_name="dossiers",
        verbose_name=_("đơn vị tiếp nhận"),
    )
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion",
        models.PROTECT,
        related_name="dossiers",
        verbose_name=_("thủ tục"),
    )
    channel = models.CharField(_("kênh nộp"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("trạng thái"), max_length=24, choices=Status.choices)

    applicant_name = models.CharField(_("họ và tên người nộp"), max_length=200)
    # Lower-case, without diacritics: searching "nguyen van an" finds "Nguyễn Văn An".
    applicant_name_folded = models.CharField(max_length=200, blank=True, editable=False)
    applicant_id_number = models.CharField(_("số CCCD/CMND"), max_length=12, blank=True)
    applicant_phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=300, blank=True)

    received_at = models.DateTimeField(_("thời điểm tiếp nhận"))
    effective_start = models.DateTimeField(_("thời điểm bắt đầu tính hạn"))
    due_at = models.DateTimeField(_("hạn trả kết quả"))
    appointment_at = models.DateTimeField(_("ngày hẹn lại (sau xin lỗi)"), null=True, blank=True)
    apology_at = models.DateTimeField(_("thời điểm xin lỗi"), null=True, blank=True)
    # Set while the dossier waits for the citizen's supplement (the clock is stopped, and the
    # dossier counts as within time); cleared when the complete dossier comes back.
    clock_stopped_at = models.DateTimeField(
        _("dừng tính hạn từ (chờ bổ sung)"), null=True, blank=True
    )
    # Set when the retention period ended and personal data was removed
    # (dossiers.anonymise); the dossier's dates, statuses and outcome stay for reports.
    anonymised_at = models.DateTimeField(_("ẩn danh hóa lúc"), null=True, blank=True)

    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_dossiers",
        verbose_name=_("cán bộ được giao"),
    )
    finished_at = models.DateTimeField(_("thời điểm hoàn thành"), null=True, blank=True)
    outcome = models.CharField(
        _("kết quả giải quyết"), max_length=10, choices=Outcome.choices, blank=True
    )
    result = models.TextField(_("kết quả"), blank=True)
    refusal_reason = models.TextField(_("lý do từ chối"), blank=True)
    fee_collected = models.PositiveIntegerField(_("phí đã thu (đồng)"), null=True, blank=True)
    returned_at = models.DateTimeField(_("thời điểm trả kết quả"), null=True, blank=True)
    returned_to = models.CharField(_("người nhận kết quả"), max_length=200, blank=True)
    return_id_checked = models.BooleanField(_("đã kiểm tra giấy tờ tùy thân"), default=False)
    imported = models.BooleanField(_("nhập từ hệ thống cũ"), default=False)
    # Facts Decision 766/QĐ-TTg scores need (online service and payment, digitisation).
    paid_online = models.BooleanField(_("thanh toán trực tuyến"), default=False)
    papers_digitised = models.BooleanField(
        _("số hóa thành phần hồ sơ khi tiếp nhận"), default=False
    )
    papers_reused = models.BooleanField(_("tái sử dụng dữ liệu đã số hóa"), default=False)
    result_digitised = models.BooleanField(_("kết quả được số hóa"), default=False)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        indexes = [
            models.Index(fields=["unit", "received_at"], name="dossier_unit_received"),
            models.Index(fields=["unit", "finished_at"], name="dossier_unit_finished"),
            models.Index(fields=["status", "due_at"], name="dossier_status_due"),
            # The officers' queues: one unit's open dossiers by due time (and their count).
            models.Index(fields=["unit", "status", "due_at"], name="dossier_unit_status_due"),
            # The report of the current period: dossiers whose overdue state changed since
            # midnight (reports.rollup_read._changed_since). Partial, so they hold only the
            # pending and the stopped dossiers, not ten years of finished ones.
            models.Index(
                fields=["unit", "due_at"],
                condition=Q(finished_at__isnull=True),
                name="dossier_unit_pending_due",
            ),
            models.Index(
                fields=["unit", "clock_stopped_at"],
                condition=Q(clock_stopped_at__isnull=False),
                name="dossier_unit_stopped",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=models.F("received_at")),
                name="dossier_finished_after_received",
            ),
            models.CheckConstraint(
                condition=(Q(outcome="") & Q(finished_at__isnull=True))
                | (~Q(outcome="") & Q(finished_at__isnull=False)),
                name="dossier_outcome_iff_finished",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class DossierPaper(models.Model):
    """A paper received with the dossier, from the procedure's checklist."""

    dossier = models.ForeignKey(
        Dossier,
        models.CASCADE,
        related_name="papers",
        db_constraint=False,  # see Dossier
    )
    required_paper = models.ForeignKey(
        "catalog.RequiredPaper", models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    copy_kind = models.CharField(
        _("loại bản"),
        max_length=16,
        choices=[
            ("original", _("Bản chính")),
            ("certified_copy", _("Bản sao chứng thực")),
            ("copy", _("Bản sao")),
        ],
    )
    count = models.PositiveIntegerField(_("số lượng"), default=1)

    class Meta:
        verbose_name = _("giấy tờ đã nhận")
        verbose_name_plural = _("giấy tờ đã nhận")

    def __str__(self) -> str:
        return f"{self.name} × {self.count}"


class DossierTransfer(models.Model):
    """A hand-over to another agency under liên thông: its task and its own deadline."""

    dossier = models.ForeignKey(
        Dossier,
        models.CASCADE,
        related_name="transfers",
        db_constraint=False,  # see Dossier
    )
    agency_name = models.CharField(_("cơ quan nhận"), max_length=300)
    task = models.TextField(_("nhiệm vụ"))
    deadline = models.DateTimeField(_("thời hạn của cơ quan"))
    sent_at = models.DateTimeField(_("gửi lúc"))
    returned_at = models.DateTimeField(_("nhận lại lúc"), null=True, blank=True)

    class Meta:
        ordering = ["sent_at"]
        verbose_name = _("chuyển liên thông")
        verbose_name_plural = _("chuyển liên thông")

    def __str__(self) -> str:
        return f"{self.dossier.code} → {self.agency_name}"


class DossierEvent(models.Model):
    """One step of a dossier's history: who did what, when, from which status to which.

    Append-only; the process control slip (Mẫu 05) and supervision evidence read it.
    """

    dossier = models.ForeignKey(
        Dossier,
        models.CASCADE,
        related_name="events",
        db_constraint=False,  # see Dossier
    )
    action = models.CharField(_("thao tác"), max_length=24, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    at = models.DateTimeField(_("thời điểm"))
    from_status = models.CharField(_("từ trạng thái"), max_length=24, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=24)
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)

    class Meta:
        ordering = ["dossier", "at", "id"]
        verbose_name = _("lịch sử hồ sơ")
        verbose_name_plural = _("lịch sử hồ sơ")

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class DossierCounter(models.Model):
    """The last sequence number issued for a unit on a day (rules.md §4).

    Incremented under a row lock inside the intake transaction, so codes are gapless: a
    failed intake rolls its number back with it.
    """

    unit = models.ForeignKey("catalog.AdministrativeUnit", models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm số hồ sơ")
        verbose_name_plural = _("bộ đếm số hồ sơ")
        constraints = [
            models.UniqueConstraint(fields=["unit", "day"], name="dossier_counter_unit_day"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day} {self.last}"


def attachment_path(instance: "DossierAttachment", filename: str) -> str:
    # Under MEDIA_ROOT (var/media), never served directly: only through a view that checks
    # that the requester may see the dossier. The stored name is ours, not the uploader's.
    return f"attachments/{instance.dossier.unit_id}/{instance.dossier.code}/{instance.sha256}"


class DossierAttachment(models.Model):
    """A scan (PDF, JPEG or PNG) of a paper of the dossier or of its result.

    Scans of identity documents are sensitive personal data (Decree 356/2025 Art. 4.1(i)):
    only the roles in dossiers.privacy.IDENTITY_SCAN_ROLES may read them."""

    class Kind(models.TextChoices):
        PAPER = "paper", _("Giấy tờ trong hồ sơ")
        IDENTITY = "identity", _("Giấy tờ tùy thân (CCCD, hộ chiếu…)")
        RESULT = "result", _("Kết quả giải quyết")

    dossier = models.ForeignKey(
        Dossier,
        models.CASCADE,
        related_name="attachments",
        db_constraint=False,  # see Dossier
    )
    kind = models.CharField(_("loại giấy tờ"), max_length=10, choices=Kind, default=Kind.PAPER)
    name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=40)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=attachment_path, max_length=300)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("người tải lên")
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"))

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")

    def __str__(self) -> str:
        return self.name
