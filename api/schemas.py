"""Request and response bodies. Field names are English; texts are as stored (Vietnamese)."""

from datetime import date, datetime, time
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils import translation
from ninja import Field, Schema
from pydantic import AfterValidator, BaseModel, ConfigDict

from catalog.models import AdministrativeUnit
from common.fields import supported_day
from dossiers.models import Channel, Status

# ---------------------------------------------------------------- what callers send


def _supported(value: date) -> date:
    """A day or moment in the years the system computes with (1900–2099), as the forms: a
    year mistyped 0001 is a 422 saying so, not a failure further on."""
    try:
        supported_day(value)
    except ValidationError as error:
        with translation.override("vi"):
            raise ValueError(error.messages[0]) from None
    return value


Day = Annotated[date, AfterValidator(_supported)]
Moment = Annotated[datetime, AfterValidator(_supported)]


class In(BaseModel):
    """A request body: a field the operation does not know (a misspelt "recieved_at") is an
    error, not silently dropped. A plain pydantic model, validated in pydantic's core: ninja's
    `Schema` would validate a body that forbids extra fields twice, and read every field
    through Python (an eighth of an API intake's Python, issue #9). The OpenAPI schema is the
    same either way."""

    model_config = ConfigDict(extra="forbid")


class Out(BaseModel):
    """A reply the endpoint composes as a dict (the dossier's): validated in pydantic's core.
    Replies read off model instances (with `resolve_…` methods or attributes) are ninja
    `Schema`s."""


# ---------------------------------------------------------------- catalogue


class UnitOut(Schema):
    code: str
    name: str
    level: str
    kind: str
    parent_code: str | None
    agency_id: str = Field(description="Mã định danh cơ quan (đơn vị tiếp nhận); rỗng nếu không")
    valid_from: date
    valid_to: date | None = Field(description="Hết hiệu lực từ ngày này (không tính)")

    @staticmethod
    def resolve_parent_code(unit: AdministrativeUnit) -> str | None:
        return unit.parent.code if unit.parent is not None else None


class TimeRuleOut(Schema):
    kind: str = Field(description="working_days, working_hours hoặc same_day")
    amount: int
    cutoff: time | None
    description: str


class FieldOut(Schema):
    code: str
    name: str


class PaperOut(Schema):
    id: int
    position: int
    name: str
    copy_kind: str
    count: int
    optional: bool


class ProcedureOut(Schema):
    code: str
    version: int
    name: str
    field: FieldOut
    level: str
    time_rule: TimeRuleOut
    fee_kind: str
    fee_amount: int | None
    online_level: str
    interconnected: bool
    effective_from: date
    effective_to: date | None


class ProcedureDetailOut(ProcedureOut):
    result: str
    legal_basis: str
    papers: list[PaperOut]


# ---------------------------------------------------------------- dossiers


class ApplicantIn(In):
    name: str = Field(max_length=200)
    id_number: str = Field("", max_length=20)
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=300)


class PaperIn(In):
    required_paper_id: int | None = Field(
        None, description="Giấy tờ trong danh mục của thủ tục; tên và loại bản lấy từ danh mục"
    )
    name: str = Field("", max_length=500)
    copy_kind: str = Field("", description="original, certified_copy hoặc copy")
    count: int = Field(1, ge=1, le=1000)


class DossierIn(In):
    unit: str = Field(max_length=10, description="Mã đơn vị hành chính tiếp nhận")
    procedure: str = Field(max_length=40, description="Mã thủ tục hành chính")
    channel: Channel
    applicant: ApplicantIn
    papers: list[PaperIn] = Field(max_length=200)
    received_at: Moment | None = Field(
        None, description="Mặc định: bây giờ; có múi giờ, không ở tương lai"
    )
    note: str = Field("", max_length=2000)
    paid_online: bool = False
    papers_digitised: bool = False
    papers_reused: bool = False


class ApplicantOut(Out):
    name: str
    id_number: str
    phone: str
    email: str
    address: str


class UnitRef(Out):
    code: str
    name: str
    agency_id: str


class ProcedureRef(Out):
    code: str
    version: int
    name: str


class PaperReceivedOut(Out):
    name: str
    copy_kind: str
    count: int
    required_paper_id: int | None


class DossierSummaryOut(Out):
    code: str
    unit_code: str
    procedure_code: str
    procedure_name: str
    channel: str
    status: str
    applicant_name: str
    received_at: datetime
    due_at: datetime
    finished_at: datetime | None
    assignee: str | None


class DossierOut(Out):
    code: str
    unit: UnitRef
    procedure: ProcedureRef
    channel: str
    status: str
    status_label: str
    applicant: ApplicantOut
    received_at: datetime
    effective_start: datetime
    due_at: datetime
    clock_stopped_at: datetime | None
    apology_at: datetime | None
    appointment_at: datetime | None
    assignee: str | None
    finished_at: datetime | None
    outcome: str
    result: str
    refusal_reason: str
    returned_at: datetime | None
    returned_to: str
    fee_collected: int | None
    papers: list[PaperReceivedOut]
    allowed_actions: list[str] = Field(
        description="Thao tác người gọi được làm với hồ sơ ở trạng thái hiện tại"
    )


class DossierPageOut(Out):
    items: list[DossierSummaryOut]
    next_cursor: str | None = Field(description="Truyền lại làm tham số cursor; null: hết")


STATUS_VALUES = [s.value for s in Status]


# ---------------------------------------------------------------- actions


class NoteOptionalIn(In):
    note: str = Field("", max_length=2000)


class AssignIn(In):
    assignee: str = Field(max_length=150, description="Tên đăng nhập của chuyên viên")
    note: str = Field("", max_length=2000)


class SendBackIn(In):
    note: str = Field(max_length=2000)


class ApproveIn(In):
    result: str = Field(max_length=5000)
    note: str = Field("", max_length=2000)
    result_digitised: bool = False


class RequestSupplementIn(In):
    missing_papers: list[str] = Field(max_length=100)
    reason: str = Field(max_length=2000)


class ReasonIn(In):
    reason: str = Field(max_length=2000)


class TransferIn(In):
    agency_name: str = Field(max_length=300)
    task: str = Field(max_length=2000)
    deadline: Moment


class ApologiseIn(In):
    reason: str = Field(max_length=2000)
    new_appointment: Moment


class ReturnResultIn(In):
    returned_to: str = Field(max_length=200)
    id_checked: bool
    fee_collected: int | None = Field(None, ge=0, le=2_000_000_000)
    late_reason: str = Field("", max_length=2000)
    note: str = Field("", max_length=2000)


class NoteIn(In):
    text: str = Field(max_length=5000)


# ---------------------------------------------------------------- attachments


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str = Field(
        description="paper (giấy tờ), identity (giấy tờ tùy thân: không bao giờ trả qua khóa "
        "API), result (kết quả)"
    )
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    uploaded_by: str


# ---------------------------------------------------------------- reports


class CountsOut(Schema):
    received_total: int
    received_carried_over: int
    received_new: int
    received_online: int
    received_direct: int
    received_postal: int
    resolved_total: int
    resolved_early: int
    resolved_on_time: int
    resolved_late: int
    resolved_refused: int
    resolved_withdrawn: int
    pending_total: int
    pending_within_time: int
    pending_overdue: int


class ReportRowOut(CountsOut):
    key: str
    name: str
    section: str


class ReportOut(Schema):
    date_from: date
    date_to: date
    as_of: datetime
    group_by: str
    rows: list[ReportRowOut]
    total: CountsOut


# ---------------------------------------------------------------- public look-up


class LookupIn(In):
    code: str = Field(max_length=60, description="Mã hồ sơ trên giấy tiếp nhận")
    digits: str = Field(
        max_length=10, description="4 chữ số cuối của số CCCD/CMND hoặc số điện thoại"
    )


class LookupOut(Schema):
    code: str
    masked_name: str
    procedure: str
    procedure_code: str
    unit: str
    status: str
    received_at: datetime
    due_at: datetime
    appointment_at: datetime | None
