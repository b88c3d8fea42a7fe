"""Forms of the register pages. They only parse and check input; services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import AdministrativeUnit
from common.fields import DayField
from registry.doctypes import ISSUABLE, DocumentType
from registry.models import LetterStatus, Urgency
from registry.services import MAX_REPLY_DAYS

_ANY = [("", _("Tất cả"))]


def _area() -> forms.Textarea:
    return forms.Textarea(attrs={"rows": 3})


def _units_field(required: bool = True) -> forms.ModelChoiceField:
    # The queryset is set per request, to the units the user may read or write.
    return forms.ModelChoiceField(
        AdministrativeUnit.objects.none(), label=_("Đơn vị"), required=required
    )


SUMMARY_MAX = 2000  # a summary is a line or two; a pasted letter body is a mistake


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm (có dấu hoặc không dấu)"), required=False)
    unit = _units_field(required=False)
    doc_type = forms.ChoiceField(
        label=_("Loại văn bản"), required=False, choices=[*_ANY, *DocumentType.choices]
    )
    status = forms.ChoiceField(
        label=_("Tình trạng"), required=False, choices=[*_ANY, *LetterStatus.choices]
    )
    date_from = DayField(label=_("Từ ngày"), required=False)
    date_to = DayField(label=_("Đến ngày"), required=False)

    def clean(self) -> dict:
        return _ordered_days(super().clean() or {})


class OutgoingFilterForm(FilterForm):
    doc_type = forms.ChoiceField(
        label=_("Loại văn bản"), required=False, choices=[*_ANY, *ISSUABLE]
    )
    status = None  # type: ignore[assignment]  # outgoing documents have no status


class LetterFields(forms.Form):
    """What is typed from an incoming letter: at its entry, and again to correct it."""

    sender = forms.CharField(label=_("Nơi gửi (tác giả)"), max_length=300)
    original_number = forms.CharField(label=_("Số, ký hiệu văn bản"), max_length=80, required=False)
    original_date = DayField(label=_("Ngày văn bản"), required=False)
    doc_type = forms.ChoiceField(
        label=_("Loại văn bản"), choices=DocumentType.choices, initial=DocumentType.CONG_VAN
    )
    urgency = forms.ChoiceField(label=_("Độ khẩn"), choices=Urgency.choices)
    summary = forms.CharField(label=_("Trích yếu nội dung"), widget=_area(), max_length=SUMMARY_MAX)


class CorrectionFields(forms.Form):
    reason = forms.CharField(label=_("Lý do sửa"), widget=_area(), max_length=SUMMARY_MAX)
    # The entry's last history row when the form was shown (registry.services._correct).
    seen_event_id = forms.IntegerField(widget=forms.HiddenInput, required=False)


class IncomingCorrectForm(LetterFields, CorrectionFields):
    pass


class IncomingForm(LetterFields):
    field_order = ["unit"]  # first, then the letter's fields
    unit = _units_field()
    reply_days = forms.IntegerField(
        label=_("Thời hạn trả lời (ngày làm việc, để trống nếu không cần trả lời)"),
        min_value=1,
        max_value=MAX_REPLY_DAYS,
        required=False,
    )
    note = forms.CharField(label=_("Ghi chú"), widget=_area(), required=False)


class DocumentFields(forms.Form):
    """What is entered about an issued document: at its issue, and again to correct it."""

    summary = forms.CharField(label=_("Trích yếu nội dung"), widget=_area(), max_length=SUMMARY_MAX)
    signer = forms.CharField(label=_("Người ký"), max_length=200)
    recipients = forms.CharField(label=_("Nơi nhận (mỗi dòng một nơi)"), widget=_area())


class OutgoingCorrectForm(DocumentFields, CorrectionFields):
    pass


class OutgoingForm(DocumentFields):
    field_order = ["unit", "doc_type", "drafting_unit"]  # then the document's fields
    unit = _units_field()
    doc_type = forms.ChoiceField(
        label=_("Loại văn bản"), choices=ISSUABLE, initial=DocumentType.CONG_VAN
    )
    drafting_unit = forms.CharField(
        label=_("Viết tắt đơn vị soạn thảo (công văn, ví dụ VP)"), max_length=20, required=False
    )
    dossier_code = forms.CharField(
        label=_("Mã hồ sơ (nếu văn bản là kết quả của hồ sơ)"), max_length=40, required=False
    )
    reply_to = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(label=_("Ghi chú"), widget=_area(), required=False)


class AssignForm(forms.Form):
    handler = forms.ChoiceField(label=_("Người xử lý"))
    note = forms.CharField(label=_("Ý kiến giao xử lý"), widget=_area(), required=False)


class HandleForm(forms.Form):
    note = forms.CharField(label=_("Kết quả xử lý"), widget=_area(), required=False)


class LinkDossierForm(forms.Form):
    code = forms.CharField(label=_("Mã hồ sơ"), max_length=40)


class ScanForm(forms.Form):
    file = forms.FileField(label=_("Bản quét (PDF, JPEG, PNG)"))


class BookForm(forms.Form):
    register = forms.ChoiceField(
        label=_("Sổ"), choices=[("den", _("Sổ văn bản đến")), ("di", _("Sổ văn bản đi"))]
    )
    unit = _units_field()
    date_from = DayField(label=_("Từ ngày"))
    date_to = DayField(label=_("Đến ngày"))
    format = forms.ChoiceField(label=_("Định dạng"), choices=[("pdf", "PDF"), ("xlsx", "Excel")])

    def clean(self) -> dict:
        return _ordered_days(super().clean() or {})


def _ordered_days(data: dict) -> dict:
    if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
        raise forms.ValidationError(_("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."))
    return data
