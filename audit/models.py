"""The audit trail: one append-only, hash-chained log of who did what, when and from where.

Rows are written only by `audit.services.audit_record` and never changed: a database
trigger refuses UPDATE and DELETE (and TRUNCATE on PostgreSQL), and in production the
application's database role has no UPDATE, DELETE or TRUNCATE privilege on this table
(`manage.py db_app_role`). `manage.py audit_verify` recomputes the chain.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    """The catalogue of audited events (published in docs/audit.md)."""

    DOSSIER_RECEIVE = "dossier.receive", _("Tiếp nhận hồ sơ")
    DOSSIER_TRANSITION = "dossier.transition", _("Thao tác trên hồ sơ")
    DOSSIER_IMPORT = "dossier.import", _("Nhập hồ sơ cũ từ tệp")
    DOSSIER_READ = "dossier.read", _("Xem hồ sơ (dữ liệu cá nhân)")
    DOSSIER_ANONYMISE = "dossier.anonymise", _("Ẩn danh hóa hồ sơ (hết thời hạn lưu)")
    ATTACHMENT_READ = "attachment.read", _("Tải tệp đính kèm")
    SUBMISSION_TRANSITION = "submission.transition", _("Thao tác trên hồ sơ trực tuyến")
    REGISTRY_CHANGE = "registry.change", _("Ghi sổ công văn")
    OVERSIGHT_CHANGE = "oversight.change", _("Thao tác trên chương trình giám sát")
    EXPORT = "export", _("Xuất dữ liệu")
    ADMIN_ADD = "admin.add", _("Quản trị: thêm")
    ADMIN_CHANGE = "admin.change", _("Quản trị: sửa")
    ADMIN_DELETE = "admin.delete", _("Quản trị: xóa")
    AUTH_LOGIN = "auth.login", _("Đăng nhập")
    AUTH_LOGIN_FAILED = "auth.login_failed", _("Đăng nhập thất bại")
    AUTH_LOGOUT = "auth.logout", _("Đăng xuất")


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(_("số thứ tự"), unique=True)
    at = models.DateTimeField(_("thời điểm"))
    # No database constraint and no cascade: deleting a user must not touch the log (an
    # UPDATE here is refused); actor_repr keeps the name.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    actor_repr = models.CharField(_("tên đăng nhập"), max_length=150, blank=True)
    client_ip = models.CharField(_("địa chỉ máy"), max_length=45, blank=True)
    request_id = models.CharField(_("mã yêu cầu"), max_length=64, blank=True)
    event = models.CharField(_("sự kiện"), max_length=32, choices=Event.choices)
    object_type = models.CharField(_("loại đối tượng"), max_length=100, blank=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    object_repr = models.CharField(_("đối tượng"), max_length=200, blank=True)
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    result = models.CharField(_("kết quả"), max_length=16, default="ok")
    prev_hash = models.CharField(_("mã băm trước"), max_length=64)
    hash = models.CharField(_("mã băm"), max_length=64)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("nhật ký kiểm toán")
        verbose_name_plural = _("nhật ký kiểm toán")
        indexes = [
            models.Index(fields=["at"], name="audit_event_at"),
            models.Index(fields=["actor", "at"], name="audit_event_actor_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_event_object"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.event} {self.object_repr}"


class AuditHead(models.Model):
    """The one row (pk 1) holding the last entry's seq and hash. Appends lock it, which keeps
    the chain linear and `seq` gapless; it also lets the verifier see a cut-off tail."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")

    class Meta:
        verbose_name = _("đầu chuỗi nhật ký")

    def __str__(self) -> str:
        return f"{self.seq} {self.hash}"
