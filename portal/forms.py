from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.indicators import INDICATORS
from portal.services import COMMENT_MAX_CHARS


class CatalogueForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm thủ tục (tên hoặc mã, có dấu hoặc không dấu)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    cap = forms.ChoiceField(label=_("Cấp thực hiện"), required=False)
    linh_vuc = forms.ChoiceField(label=_("Lĩnh vực"), required=False)

    def __init__(self, *args, levels, fields, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["cap"]).choices = [("", _("Tất cả các cấp")), *levels]
        cast(forms.ChoiceField, self.fields["linh_vuc"]).choices = [
            ("", _("Tất cả lĩnh vực")),
            *((f.field.code, f"{f.field.name} ({f.count})") for f in fields),
        ]


class LookupForm(forms.Form):
    code = forms.CharField(
        label=_("Mã hồ sơ"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    digits = forms.CharField(
        label=_("4 chữ số cuối của số CCCD/CMND hoặc số điện thoại người nộp"),
        min_length=4,
        max_length=4,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "pattern": "[0-9]{4}", "autocomplete": "off"}
        ),
    )


class RatingForm(forms.Form):
    """One radio group per citizen-scored indicator, with the official wording."""

    comment = forms.CharField(
        label=_("Ý kiến khác (không bắt buộc)"),
        required=False,
        max_length=COMMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for indicator in INDICATORS:
            self.fields[f"i{indicator.number}"] = forms.TypedChoiceField(
                label=indicator.title,
                choices=[(score, text) for score, text in indicator.choices.items()],
                coerce=int,
                widget=forms.RadioSelect,
            )
        self.order_fields([*(f"i{i.number}" for i in INDICATORS), "comment"])

    def scores(self) -> dict[int, int]:
        return {i.number: self.cleaned_data[f"i{i.number}"] for i in INDICATORS}


class TicketForm(forms.Form):
    line = forms.CharField(max_length=200)


class CallNextForm(forms.Form):
    line = forms.ChoiceField(label=_("Quầy, lĩnh vực"))
    counter_label = forms.CharField(label=_("Tên quầy của bạn (ví dụ Quầy 1)"), max_length=50)

    def __init__(self, *args, lines: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["line"]).choices = [(line, line) for line in lines]
