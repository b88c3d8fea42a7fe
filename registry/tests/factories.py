"""Factories for the registers: letters and documents go through the real services."""

from datetime import datetime

from accounts.models import Role
from accounts.tests.factories import officer
from catalog.tests.factories import UnitFactory
from registry.doctypes import DocumentType
from registry.models import IncomingLetter, OutgoingDocument
from registry.services import incoming_register, outgoing_issue


def incoming_letter(
    *,
    unit=None,
    actor=None,
    received_at: datetime | None = None,
    sender: str = "Sở Xây dựng tỉnh Hà Nam",
    summary: str = "V/v rà soát hiện trạng đất đai khu dân cư",
    doc_type: str = DocumentType.CONG_VAN,
    reply_days: int | None = None,
    **fields,
) -> IncomingLetter:
    unit = unit or UnitFactory()
    actor = actor or officer(unit, Role.RECEPTION)
    return incoming_register(
        actor=actor,
        unit=unit,
        sender=sender,
        summary=summary,
        doc_type=doc_type,
        original_number=fields.pop("original_number", "123/SXD-QLN"),
        original_date=fields.pop("original_date", None),
        reply_days=reply_days,
        received_at=received_at,
        **fields,
    )


def outgoing_document(
    *,
    unit=None,
    actor=None,
    doc_type: str = DocumentType.CONG_VAN,
    drafting_unit: str = "VP",
    issued_at: datetime | None = None,
    summary: str = "V/v báo cáo kết quả rà soát đất đai",
    **fields,
) -> OutgoingDocument:
    unit = unit or UnitFactory()
    actor = actor or officer(unit, Role.SPECIALIST)
    return outgoing_issue(
        actor=actor,
        unit=unit,
        doc_type=doc_type,
        drafting_unit=drafting_unit,
        summary=summary,
        signer=fields.pop("signer", "Nguyễn Văn Hùng"),
        recipients=fields.pop("recipients", "Sở Xây dựng tỉnh Hà Nam;\nLưu: VT."),
        issued_at=issued_at,
        **fields,
    )
