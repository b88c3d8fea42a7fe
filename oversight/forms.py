from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from catalog.models import AdministrativeUnit
from common.fields import DayField
from oversight.evidence import COLUMN_KEYS
from oversight.models import FindingKind, ProgrammeStatus, RecommendationStatus
from oversight.sampling import CHECKLIST

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: AdministrativeUnit) -> str:  # type: ignore[override]
        return obj.dated_name


class ProgrammeForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decision_date = DayField(label=_("Ngày quyết định"), widget=DATE)
    body = forms.CharField(label=_("Cơ quan giám sát"), max_length=300)
    head = forms.CharField(label=_("Trưởng đoàn"), max_length=200)
    subject = forms.CharField(
        label=_("Nội dung giám sát"), widget=forms.Textarea(attrs={"rows": 2})
    )
    period_start = DayField(label=_("Kỳ giám sát từ ngày"), widget=DATE)
    period_end = DayField(label=_("Đến ngày"), widget=DATE)
    units = UnitsField(
        label=_("Đơn vị được giám sát"),
        queryset=AdministrativeUnit.objects.receiving().order_by("name", "valid_from"),
        widget=forms.CheckboxSelectMultiple,
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Thành viên (đại biểu giám sát)"),
        queryset=User.objects.filter(memberships__role=Role.SUPERVISOR).distinct(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"), choices=ProgrammeStatus.choices)


class SessionForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int)
    day = DayField(label=_("Ngày làm việc"), widget=DATE)
    place = forms.CharField(label=_("Địa điểm"), max_length=300)
    attendees = forms.CharField(
        label=_("Thành phần tham dự"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class FindingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=FindingKind.choices)
    unit = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int, required=False, empty_value=None)
    text = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}))


class RecommendationForm(forms.Form):
    unit = forms.TypedChoiceField(
        label=_("Đơn vị thực hiện"), coerce=int, required=False, empty_value=None
    )
    office = forms.CharField(label=_("Hoặc cơ quan thực hiện"), max_length=300, required=False)
    content = forms.CharField(
        label=_("Nội dung kiến nghị"), widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = DayField(label=_("Thời hạn"), widget=DATE)


class MarkForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Kết quả"),
        choices=[c for c in RecommendationStatus.choices if c[0] != RecommendationStatus.OPEN],
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Trả lời của đơn vị"), widget=forms.Textarea(attrs={"rows": 4})
    )


class SampleForm(forms.Form):
    size = forms.IntegerField(label=_("Cỡ mẫu"), min_value=1, max_value=100, initial=5)
    seed = forms.CharField(label=_("Hạt giống ngẫu nhiên"), max_length=40)


class CheckForm(forms.Form):
    checked = forms.MultipleChoiceField(
        label=_("Nội dung kiểm tra đạt"),
        choices=list(CHECKLIST.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=1000)


class SelfReportForm(forms.Form):
    """The unit's own II.06a columns 3–13, or its spreadsheet."""

    upload = forms.FileField(label=_("Hoặc tải lên Biểu II.06a (.xlsx)"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for number, key in enumerate(COLUMN_KEYS, start=3):
            self.fields[key] = forms.IntegerField(
                label=_("Cột %(n)s") % {"n": number}, min_value=0, required=False
            )
