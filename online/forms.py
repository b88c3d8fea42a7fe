"""Forms of the online service. They only parse input; services check and decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import RequiredPaper


class RegisterForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    id_number = forms.CharField(
        label=_("Số CCCD/CMND"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    contact = forms.CharField(
        label=_("Số điện thoại di động hoặc thư điện tử"),
        max_length=254,
        help_text=_("Mã xác nhận được gửi tới đây; đây cũng là tên đăng nhập của bạn."),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác nhận (6 chữ số)"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class PasswordForm(forms.Form):
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            raise forms.ValidationError(_("Hai lần nhập mật khẩu không khớp."))
        return data


class SignInForm(forms.Form):
    identifier = forms.CharField(
        label=_("Số điện thoại hoặc thư điện tử"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    id_number = forms.CharField(label=_("Số CCCD/CMND"), max_length=12)
    address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)


class ApplicantForm(forms.Form):
    applicant_name = forms.CharField(label=_("Họ và tên người nộp"), max_length=200)
    applicant_id_number = forms.CharField(label=_("Số CCCD/CMND"), max_length=12, required=False)
    applicant_phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    applicant_email = forms.EmailField(label=_("Thư điện tử"), required=False)
    applicant_address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)


class PublishForm(forms.Form):
    """A result file for the citizen; with `hand_over`, the online copy is the result itself
    and the dossier is returned (no paper copy to collect at the counter)."""

    file = forms.FileField(label=_("Tệp (PDF, JPEG hoặc PNG)"))
    hand_over = forms.BooleanField(
        label=_("Trả kết quả trực tuyến: kết thúc hồ sơ, công dân không cần đến nhận bản giấy"),
        required=False,
    )
    late_reason = forms.CharField(
        label=_("Lý do trễ hạn (khi hồ sơ trễ hạn chưa có phiếu xin lỗi)"),
        required=False,
        max_length=2000,
    )


class SupplementUploadForm(forms.Form):
    label = forms.ChoiceField(label=_("Giấy tờ"))
    file = forms.FileField(label=_("Tệp (PDF, JPEG hoặc PNG)"))

    def __init__(self, *args, papers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label"].choices = [(p, p) for p in papers]  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea)


class SupplementRequestForm(forms.Form):
    papers = forms.MultipleChoiceField(
        label=_("Giấy tờ cần bổ sung, hoàn thiện"), widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label=_("Nội dung, lý do và hướng dẫn (một lần, đầy đủ)"), widget=forms.Textarea
    )

    def __init__(self, *args, papers: list[RequiredPaper], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["papers"].choices = [  # type: ignore[attr-defined]
            (str(p.pk), p.name) for p in papers
        ]
