"""Registers of official correspondence (Decree 30/2020/NĐ-CP): incoming letters (sổ văn bản
đến), outgoing and issued documents (sổ văn bản đi), their scans, their history and the
counters their numbers come from."""

from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registry.doctypes import DocumentType

if TYPE_CHECKING:
    from dossiers.models import Dossier


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Thường")
    URGENT = "urgent", _("Khẩn")
    VERY_URGENT = "very_urgent", _("Thượng khẩn")
    EXPRESS = "express", _("Hỏa tốc")


class LetterStatus(models.TextChoices):
    NEW = "new", _("Mới đến")
    ASSIGNED = "assigned", _("Đã giao xử lý")
    HANDLED = "handled", _("Đã xử lý")


class Action(models.TextChoices):
    REGISTER = "register", _("Vào sổ văn bản đến")
    ASSIGN = "assign", _("Giao xử lý")
    HANDLE = "handle", _("Xác nhận đã xử lý")
    ANSWER = "answer", _("Trả lời bằng văn bản đi")
    ISSUE = "issue", _("Cấp số văn bản đi")
    LINK_DOSSIER = "link_dossier", _("Liên kết hồ sơ")
    ATTACH = "attach", _("Đính kèm bản quét")
    CORRECT = "correct", _("Sửa thông tin vào sổ")


# What a correction may change, in the order of its form: what was typed from the letter.
# Not its number (the register's, gapless), its arrival (the number's order) nor its reply
# deadline (computed once from the arrival).
LETTER_CORRECTABLE = (
    "sender", "original_number", "original_date", "doc_type", "urgency", "summary",
)  # fmt: skip
# Of an issued document. Not the number, the symbol, the type or the day: they are the
# register's, and the document was issued under them.
DOCUMENT_CORRECTABLE = ("summary", "signer", "recipients")


class IncomingLetter(models.Model):
    """A letter entered in a unit's incoming register. `number` (số đến) runs from 1 each
    calendar year, per unit, without gaps; `reply_due_at` is computed once at entry."""

    unit = models.ForeignKey(
        "catalog.AdministrativeUnit",
        models.PROTECT,
        related_name="incoming_letters",
        verbose_name=_("đơn vị"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số đến"))
    received_at = models.DateTimeField(_("thời điểm đến"))
    sender = models.CharField(_("nơi gửi"), max_length=300)
    original_number = models.CharField(_("số, ký hiệu văn bản"), max_length=80, blank=True)
    original_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    doc_type = models.CharField(_("loại văn bản"), max_length=20, choices=DocumentType.choices)
    summary = models.TextField(_("trích yếu"))
    urgency = models.CharField(
        _("độ khẩn"), max_length=12, choices=Urgency.choices, default=Urgency.NORMAL
    )
    status = models.CharField(_("tình trạng"), max_length=10, choices=LetterStatus.choices)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người xử lý"),
    )
    reply_days = models.PositiveSmallIntegerField(
        _("thời hạn trả lời (ngày làm việc)"), null=True, blank=True
    )
    reply_due_at = models.DateTimeField(_("hạn trả lời"), null=True, blank=True)
    handled_at = models.DateTimeField(_("xử lý xong lúc"), null=True, blank=True)
    dossiers: models.ManyToManyField["Dossier", "IncomingLetterDossier"] = models.ManyToManyField(
        "dossiers.Dossier",
        through="IncomingLetterDossier",
        blank=True,
        related_name="incoming_letters",
        verbose_name=_("hồ sơ"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("người vào sổ")
    )
    # Lower-case, without diacritics: "so xay dung" finds "Sở Xây dựng".
    search_folded = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("văn bản đến")
        verbose_name_plural = _("văn bản đến")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "number"], name="incoming_unit_year_number"
            ),
            models.CheckConstraint(
                condition=Q(status="handled", handled_at__isnull=False)
                | (~Q(status="handled") & Q(handled_at__isnull=True)),
                name="incoming_handled_iff_handled_at",
            ),
            models.CheckConstraint(
                condition=Q(reply_days__isnull=True, reply_due_at__isnull=True)
                | Q(reply_days__gt=0, reply_due_at__isnull=False),
                name="incoming_reply_days_iff_due",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "received_at"], name="incoming_unit_received"),
            models.Index(fields=["status", "reply_due_at"], name="incoming_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.year}"


class IncomingLetterDossier(models.Model):
    """The link between a letter and the dossiers it concerns: the table Django created for
    the many-to-many field, made explicit so that only the reference to the (partitioned)
    dossier drops its database constraint; the letter's keeps its own."""

    incomingletter = models.ForeignKey(IncomingLetter, models.CASCADE)
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        models.CASCADE,
        db_constraint=False,  # partitioned table: see dossiers.models.Dossier
    )

    class Meta:
        verbose_name = _("liên kết văn bản đến – hồ sơ")
        verbose_name_plural = _("liên kết văn bản đến – hồ sơ")
        db_table = "registry_incomingletter_dossiers"
        unique_together = [("incomingletter", "dossier")]

    def __str__(self) -> str:
        return f"{self.incomingletter_id} {self.dossier_id}"


class OutgoingDocument(models.Model):
    """A document the unit issued (văn bản đi). `number` runs from 1 each calendar year per
    unit and document type, without gaps; `symbol` is the official "05/QĐ-UBND" form."""

    unit = models.ForeignKey(
        "catalog.AdministrativeUnit",
        models.PROTECT,
        related_name="outgoing_documents",
        verbose_name=_("đơn vị"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    doc_type = models.CharField(_("loại văn bản"), max_length=20, choices=DocumentType.choices)
    number = models.PositiveIntegerField(_("số"))
    issuer = models.CharField(_("viết tắt cơ quan ban hành"), max_length=20)
    drafting_unit = models.CharField(_("viết tắt đơn vị soạn thảo"), max_length=20, blank=True)
    symbol = models.CharField(_("số, ký hiệu"), max_length=60)
    issued_at = models.DateTimeField(_("ngày ban hành"))
    signer = models.CharField(_("người ký"), max_length=200)
    recipients = models.TextField(_("nơi nhận"))
    summary = models.TextField(_("trích yếu"))
    reply_to = models.ForeignKey(
        IncomingLetter,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("trả lời văn bản đến"),
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="result_documents",
        verbose_name=_("kết quả của hồ sơ"),
        db_constraint=False,  # partitioned table: see dossiers.models.Dossier
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("người vào sổ")
    )
    search_folded = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("văn bản đi")
        verbose_name_plural = _("văn bản đi")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "doc_type", "number"], name="outgoing_unit_year_type_number"
            ),
            models.UniqueConstraint(
                fields=["unit", "year", "symbol"], name="outgoing_unit_year_symbol"
            ),
        ]
        indexes = [models.Index(fields=["unit", "issued_at"], name="outgoing_unit_issued")]

    def __str__(self) -> str:
        return self.symbol


class RegistryEvent(models.Model):
    """One write to a register: who, what, when, the fields before and after. Append-only:
    a saved row is never changed or deleted."""

    incoming = models.ForeignKey(
        IncomingLetter, models.PROTECT, null=True, blank=True, related_name="events"
    )
    outgoing = models.ForeignKey(
        OutgoingDocument, models.PROTECT, null=True, blank=True, related_name="events"
    )
    action = models.CharField(_("thao tác"), max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    at = models.DateTimeField(_("thời điểm"))
    before = models.JSONField(_("trước"), default=dict, blank=True)
    after = models.JSONField(_("sau"), default=dict, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("lịch sử công văn")
        verbose_name_plural = _("lịch sử công văn")
        constraints = [
            models.CheckConstraint(
                condition=Q(incoming__isnull=False, outgoing__isnull=True)
                | Q(incoming__isnull=True, outgoing__isnull=False),
                name="registry_event_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise RuntimeError("registry history is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("registry history is append-only")

    def corrections(self) -> list[tuple[str, str, str]]:
        """(field's label, value before, value after) of a correction, as shown to people;
        none for any other write."""
        if self.action != Action.CORRECT:
            return []
        model, names = (
            (IncomingLetter, LETTER_CORRECTABLE)
            if self.incoming_id
            else (OutgoingDocument, DOCUMENT_CORRECTABLE)
        )
        shown = []
        for name in names:  # the form's order: PostgreSQL's jsonb keeps no key order
            if name not in self.after:
                continue
            field = model._meta.get_field(name)
            assert isinstance(field, models.Field)  # noqa: S101 (a column, never a relation)
            before, after = self.before.get(name), self.after[name]
            shown.append((str(field.verbose_name), _shown(field, before), _shown(field, after)))
        return shown


def _shown(field: models.Field, value: object) -> str:
    """A value of the history's JSON as a register shows it: a choice by its label, a day
    as 31/12/2026, nothing as a dash."""
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if type(field) is models.DateField and isinstance(value, str):
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    return str(value)


def scan_path(instance: "RegistryScan", filename: str) -> str:
    # Under MEDIA_ROOT, never served directly: only through views that check the register.
    owner = instance.incoming or instance.outgoing
    assert owner is not None  # noqa: S101 (the check constraint guarantees it)
    kind = "den" if instance.incoming_id else "di"
    return f"registry/{owner.unit_id}/{owner.year}/{kind}/{instance.sha256}"


class RegistryScan(models.Model):
    """A scan (PDF, JPEG or PNG) of an incoming letter or of an issued document."""

    incoming = models.ForeignKey(
        IncomingLetter, models.PROTECT, null=True, blank=True, related_name="scans"
    )
    outgoing = models.ForeignKey(
        OutgoingDocument, models.PROTECT, null=True, blank=True, related_name="scans"
    )
    name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=40)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=scan_path, max_length=300)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("người tải lên")
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"))

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("bản quét công văn")
        verbose_name_plural = _("bản quét công văn")
        constraints = [
            models.CheckConstraint(
                condition=Q(incoming__isnull=False, outgoing__isnull=True)
                | Q(incoming__isnull=True, outgoing__isnull=False),
                name="registry_scan_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RegistryCounter(models.Model):
    """The last number a unit's register took in a year: `series` is "incoming", or
    "outgoing:<type>" (outgoing numbers run per document type). Incremented under a row lock
    inside the writing transaction, so numbers are gapless."""

    unit = models.ForeignKey("catalog.AdministrativeUnit", models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=40)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("bộ đếm số công văn")
        verbose_name_plural = _("bộ đếm số công văn")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "series"], name="registry_counter_unit_year_series"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.series} {self.last}"
