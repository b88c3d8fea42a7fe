"""The form sets the law prescribes, as versioned templates (rules.md §6).

A form is looked up by its kind (what it is for), not by its number: the numbering changes
between circulars (the 2025 set puts the control slip at Mẫu 06 and the book at Mẫu 07), while
the pages that print "the receipt" or "the refusal" do not. A dossier's forms come from the set
in force on its receipt date.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from documents.errors import FormNotAvailable


class FormKind(StrEnum):
    RECEIPT = "receipt"
    SUPPLEMENT_REQUEST = "supplement_request"
    REFUSAL = "refusal"
    APOLOGY = "apology"
    CONTROL_SLIP = "control_slip"
    BOOK = "book"


# CSS @page sizes.
A5 = "A5"
A4_LANDSCAPE = "A4 landscape"


@dataclass(frozen=True)
class FormTemplate:
    kind: FormKind
    code: str  # the form's number in its circular: "mau01"
    title: str
    template: str
    paper: str
    circular: str
    valid_from: date
    valid_to: date | None = None  # the first day it no longer applies
    one_page: bool = True  # a slip handed over as one sheet; lists and books run on

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


TT01_2018 = "Thông tư số 01/2018/TT-VPCP"
TT01_2018_FROM = date(2019, 1, 6)  # in force 06/01/2019 (Điều 24)


def _tt01(
    kind: FormKind, number: int, title: str, paper: str = A5, one_page: bool = True
) -> FormTemplate:
    return FormTemplate(
        kind=kind,
        code=f"mau{number:02d}",
        title=title,
        template=f"documents/tt01_2018/mau{number:02d}.html",
        paper=paper,
        circular=TT01_2018,
        valid_from=TT01_2018_FROM,
        one_page=one_page,
    )


FORM_TEMPLATES: tuple[FormTemplate, ...] = (
    _tt01(FormKind.RECEIPT, 1, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"),
    _tt01(FormKind.SUPPLEMENT_REQUEST, 2, "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"),
    _tt01(FormKind.REFUSAL, 3, "Phiếu từ chối tiếp nhận giải quyết hồ sơ"),
    _tt01(FormKind.APOLOGY, 4, "Phiếu xin lỗi và hẹn lại ngày trả kết quả"),
    _tt01(FormKind.CONTROL_SLIP, 5, "Phiếu kiểm soát quá trình giải quyết hồ sơ", one_page=False),
    _tt01(FormKind.BOOK, 6, "Sổ theo dõi hồ sơ", A4_LANDSCAPE, one_page=False),
)


def form_template_for(
    kind: FormKind | str, on: date, templates: tuple[FormTemplate, ...] = FORM_TEMPLATES
) -> FormTemplate:
    """The form of `kind` in force on `on`."""
    kind = FormKind(kind)
    for template in templates:
        if template.kind is kind and template.in_force_on(on):
            return template
    raise FormNotAvailable(
        f"Chưa có biểu mẫu «{_KIND_LABELS[kind]}» áp dụng cho ngày {on:%d/%m/%Y}."
    )


_KIND_LABELS = {
    FormKind.RECEIPT: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    FormKind.SUPPLEMENT_REQUEST: "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    FormKind.REFUSAL: "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    FormKind.APOLOGY: "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
    FormKind.CONTROL_SLIP: "Phiếu kiểm soát quá trình giải quyết hồ sơ",
    FormKind.BOOK: "Sổ theo dõi hồ sơ",
}
