"""Forms of the officer pages. They only parse and check input; services decide."""

from typing import Any

from django import forms
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from catalog.models import Field, Procedure, ProcedureVersion
from common.fields import DayField, MomentField
from dossiers.models import Channel, DossierAttachment, Status


class ProcedureChoiceField(forms.ModelChoiceField):
    """Procedures by code and name (the name of their latest version, read in the same query):
    a bare code tells an officer nothing."""

    def __init__(self, **kwargs: Any) -> None:
        latest = ProcedureVersion.objects.filter(procedure=OuterRef("pk")).order_by("-version")
        named = Procedure.objects.annotate(latest_name=Subquery(latest.values("name")[:1]))
        super().__init__(named, **kwargs)

    def label_from_instance(self, obj: Procedure) -> str:  # type: ignore[override]
        name = getattr(obj, "latest_name", None)
        return f"{obj.code} — {name}" if name else obj.code


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Mã hồ sơ hoặc tên người nộp"), required=False)
    procedure = ProcedureChoiceField(label=_("Thủ tục"), required=False)
    field = forms.ModelChoiceField(Field.objects.all(), label=_("Lĩnh vực"), required=False)
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Mọi hồ sơ đang giải quyết")), *Status.choices],
    )
    received_from = DayField(label=_("Nhận từ ngày"), required=False)
    received_to = DayField(label=_("Nhận đến ngày"), required=False)
    due_from = DayField(label=_("Hạn từ ngày"), required=False)
    due_to = DayField(label=_("Hạn đến ngày"), required=False)


class ApplicantForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("Kênh nộp"), choices=Channel.choices, initial=Channel.DIRECT
    )
    applicant_name = forms.CharField(label=_("Họ và tên người nộp"), max_length=200)
    applicant_id_number = forms.CharField(label=_("Số CCCD/CMND"), max_length=12, required=False)
    applicant_phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    applicant_email = forms.EmailField(label=_("Thư điện tử"), required=False)
    applicant_address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    papers_digitised = forms.BooleanField(label=_("Đã số hóa thành phần hồ sơ"), required=False)
    papers_reused = forms.BooleanField(label=_("Tái sử dụng dữ liệu đã số hóa"), required=False)
    paid_online = forms.BooleanField(label=_("Đã thanh toán trực tuyến"), required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea, required=False)


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Chuyên viên xử lý"))
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea)


class SendBackForm(forms.Form):
    note = forms.CharField(label=_("Lý do trả lại"), widget=forms.Textarea)


class ApproveForm(forms.Form):
    result = forms.CharField(label=_("Kết quả giải quyết"), max_length=500)
    result_digitised = forms.BooleanField(label=_("Kết quả đã được số hóa"), required=False)
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea, required=False)


class SupplementForm(forms.Form):
    missing_papers = forms.CharField(
        label=_("Giấy tờ cần bổ sung (mỗi dòng một loại)"), widget=forms.Textarea
    )
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea)


class TransferForm(forms.Form):
    agency_name = forms.CharField(label=_("Cơ quan nhận"), max_length=300)
    task = forms.CharField(label=_("Nhiệm vụ của cơ quan nhận"), widget=forms.Textarea)
    deadline = MomentField(
        label=_("Thời hạn của cơ quan nhận"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
    )


class ApologyForm(forms.Form):
    reason = forms.CharField(label=_("Lý do chậm trễ"), widget=forms.Textarea)
    new_appointment = MomentField(
        label=_("Ngày hẹn trả mới"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M"],
    )


class ReturnForm(forms.Form):
    returned_to = forms.CharField(label=_("Người nhận kết quả"), max_length=200)
    id_checked = forms.BooleanField(label=_("Đã kiểm tra giấy tờ tùy thân"), required=False)
    fee_collected = forms.IntegerField(
        label=_("Phí, lệ phí đã thu (đồng)"), min_value=0, required=False
    )
    late_reason = forms.CharField(
        label=_("Lý do trễ hạn (nếu trễ và chưa có phiếu xin lỗi)"),
        widget=forms.Textarea,
        required=False,
    )


class NoteAddForm(forms.Form):
    text = forms.CharField(label=_("Ghi chú nội bộ"), widget=forms.Textarea)


class AttachForm(forms.Form):
    file = forms.FileField(label=_("Bản quét (PDF, JPEG, PNG)"))
    kind = forms.ChoiceField(
        label=_("Loại giấy tờ"),
        choices=DossierAttachment.Kind.choices,
        initial=DossierAttachment.Kind.PAPER,
        required=False,
    )

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or DossierAttachment.Kind.PAPER
