"""What each notice says, by e-mail and by SMS.

The texts go to citizens in Vietnam and are deliberately Vietnamese only (not wrapped for
translation): they are the agency's notices, like the printed forms. SMS versions drop the
diacritics (see smstext.py) and fit in two parts; the e-mail says everything in full.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from documents.errors import FormNotAvailable
from documents.forms import FormKind
from documents.services import form_filename, public_lookup_url
from documents.wording import clock_vi, sentence, short_vi, unit_names
from dossiers.models import Dossier, DossierEvent
from notifications.models import Kind
from notifications.smstext import sms_fit

SIGNATURE = "Thư này được hệ thống Một Cửa gửi tự động; xin ông/bà không trả lời thư này."


@dataclass(frozen=True)
class Message:
    subject: str
    email_body: str
    sms_text: str
    attachment_name: str = ""  # set when the e-mail carries a form made at send time


def dossier_message(*, kind: Kind, dossier: Dossier, event: DossierEvent) -> Message:
    build = {
        Kind.RECEIPT: _receipt,
        Kind.SUPPLEMENT_REQUEST: _supplement_request,
        Kind.REFUSAL: _refusal,
        Kind.APOLOGY: _apology,
        Kind.RESULT_READY: _result_ready,
    }[kind]
    return build(dossier, event)


def otp_message(*, code: str) -> Message:
    return Message(
        subject="Mã xác nhận tài khoản Một Cửa",
        email_body=(
            f"Mã xác nhận của ông/bà là: {code}\n\n"
            "Không cung cấp mã này cho bất kỳ ai, kể cả cán bộ. Nếu ông/bà không yêu cầu mã, "
            "xin bỏ qua thư này.\n\n" + SIGNATURE
        ),
        sms_text=sms_fit(f"Ma xac nhan Mot Cua: {code}. Khong cung cap ma nay cho bat ky ai."),
    )


def _email(dossier: Dossier, *paragraphs: str) -> str:
    lines = [f"Kính gửi: Ông/Bà {dossier.applicant_name},", "", *paragraphs, "", SIGNATURE]
    return "\n".join(lines)


def _facts(dossier: Dossier) -> str:
    return f"Mã hồ sơ: {dossier.code}\nThủ tục: {dossier.procedure_version.name}"


def _receipt(dossier: Dossier, event: DossierEvent) -> Message:
    names = unit_names(dossier.unit)
    url = public_lookup_url(dossier)
    try:
        attachment = form_filename(
            FormKind.RECEIPT, on=timezone.localdate(dossier.received_at), suffix=dossier.code
        )
        attached = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01) được gửi kèm thư này."
    except FormNotAvailable:  # received before the electronic forms existed (2019)
        attachment, attached = "", ""
    return Message(
        attachment_name=attachment,
        subject=f"Đã tiếp nhận hồ sơ {dossier.code}",
        email_body=_email(
            dossier,
            f"{names.desk} đã tiếp nhận hồ sơ của ông/bà.",
            "",
            _facts(dossier),
            f"Hẹn trả kết quả: {clock_vi(dossier.due_at)}",
            "",
            f"Tra cứu tình trạng hồ sơ: {url}",
            attached,
        ),
        sms_text=sms_fit(
            f"{names.agency_short}: da tiep nhan ho so {dossier.code} (",
            dossier.procedure_version.name,
            f"). Hen tra ket qua {short_vi(dossier.due_at)}. Tra cuu: {url}",
        ),
    )


def _supplement_request(dossier: Dossier, event: DossierEvent) -> Message:
    names = unit_names(dossier.unit)
    papers = [str(p) for p in event.data.get("missing_papers", [])]
    reason = sentence(event.note)
    online = _has_account(dossier)
    where = "trực tuyến tại tài khoản dịch vụ công của ông/bà, hoặc tại " if online else ""
    where_sms = "truc tuyen tai tai khoan dich vu cong hoac " if online else ""
    return Message(
        subject=f"Hồ sơ {dossier.code} cần bổ sung giấy tờ",
        email_body=_email(
            dossier,
            f"Hồ sơ của ông/bà chưa đủ để giải quyết. {names.desk} đề nghị ông/bà bổ sung:",
            *[f"- {paper}" for paper in papers],
            "",
            f"Lý do: {reason}",
            "",
            _facts(dossier),
            "Hồ sơ tạm dừng giải quyết cho đến khi ông/bà nộp đủ giấy tờ bổ sung; thời hạn "
            "giải quyết được tính lại từ khi nhận đủ hồ sơ.",
            f"Nơi nộp bổ sung: {where}{names.desk}.",
        ),
        sms_text=sms_fit(
            f"{names.agency_short}: ho so {dossier.code} can bo sung: ",
            "; ".join(papers) + f". Ly do: {reason}",
            f" Nop {where_sms}tai {names.agency_short}. Chi tiet: {public_lookup_url(dossier)}",
        ),
    )


def _refusal(dossier: Dossier, event: DossierEvent) -> Message:
    names = unit_names(dossier.unit)
    reason = sentence(event.note or dossier.refusal_reason)
    return Message(
        subject=f"Hồ sơ {dossier.code} không được giải quyết",
        email_body=_email(
            dossier,
            f"{names.desk} thông báo hồ sơ của ông/bà bị từ chối giải quyết.",
            "",
            _facts(dossier),
            f"Lý do: {reason}",
            "",
            f"Ông/bà có thể liên hệ {names.desk} để được hướng dẫn và nhận lại hồ sơ.",
        ),
        sms_text=sms_fit(
            f"{names.agency_short}: ho so {dossier.code} bi tu choi giai quyet. Ly do: ",
            reason,
            f" Chi tiet: {public_lookup_url(dossier)}",
        ),
    )


def _apology(dossier: Dossier, event: DossierEvent) -> Message:
    names = unit_names(dossier.unit)
    appointment = _appointment(dossier, event)
    reason = sentence(event.note)
    return Message(
        subject=f"Xin lỗi và hẹn lại ngày trả kết quả hồ sơ {dossier.code}",
        email_body=_email(
            dossier,
            _facts(dossier),
            f"Thời gian hẹn trả kết quả: {clock_vi(dossier.due_at)}",
            "",
            f"{names.agency} chưa trả kết quả giải quyết hồ sơ của ông/bà đúng hạn. "
            f"Lý do: {reason}",
            f"Sự chậm trễ này đã gây phiền hà cho ông/bà. {names.agency} xin lỗi ông/bà và "
            f"sẽ trả kết quả giải quyết hồ sơ vào {clock_vi(appointment)}.",
            "Mong nhận được sự cảm thông của ông/bà.",
            "",
            f"Tra cứu tình trạng hồ sơ: {public_lookup_url(dossier)}",
        ),
        sms_text=sms_fit(
            f"{names.agency_short} xin loi: ho so {dossier.code} chua giai quyet kip hen. "
            f"Hen tra ket qua moi: {short_vi(appointment)}. Ly do: ",
            reason,
        ),
    )


def _result_ready(dossier: Dossier, event: DossierEvent) -> Message:
    names = unit_names(dossier.unit)
    # Through a citizen's account the desk publishes the result there; a paper copy can
    # still be collected. Otherwise the citizen comes to the desk.
    online = _has_account(dossier)
    collect = (
        f"{names.desk} sẽ trả kết quả vào tài khoản dịch vụ công của ông/bà; ông/bà cũng có thể "
        "đến nhận bản giấy"
        if online
        else "Mời ông/bà đến nhận kết quả"
    )
    collect_sms = (
        "Ket qua se duoc tra vao tai khoan dich vu cong; hoac den nhan"
        if online
        else "Moi ong/ba den nhan"
    )
    return Message(
        subject=f"Hồ sơ {dossier.code} đã có kết quả",
        email_body=_email(
            dossier,
            "Hồ sơ của ông/bà đã có kết quả giải quyết.",
            "",
            _facts(dossier),
            "",
            f"{collect} tại {names.desk} trong giờ hành chính, mang theo Giấy tiếp nhận hồ sơ "
            "và hẹn trả kết quả và giấy tờ tùy thân.",
        ),
        sms_text=sms_fit(
            f"{names.agency_short}: ho so {dossier.code} da co ket qua. {collect_sms} "
            f"tai {names.desk} trong gio hanh chinh, mang theo giay hen va giay to tuy than."
        ),
    )


def _has_account(dossier: Dossier) -> bool:
    """Submitted through a citizen's account of the online service, where supplements are
    sent and results published."""
    return hasattr(dossier, "online_submission")


def _appointment(dossier: Dossier, event: DossierEvent) -> datetime:
    value = event.data.get("appointment_at")
    if value:
        return datetime.fromisoformat(value)
    assert dossier.appointment_at is not None  # an apology always sets it  # noqa: S101
    return dossier.appointment_at


def result_online_message(
    *, dossier: Dossier, file_name: str, link: str, handed_over: bool
) -> Message:
    """The desk published a result file to the citizen's account of the online service;
    `handed_over`: that copy is the result itself, nothing is left to collect."""
    names = unit_names(dossier.unit)
    rest = (
        "Hồ sơ đã hoàn thành: ông/bà không cần đến nhận bản giấy."
        if handed_over
        else f"Ông/bà cũng có thể đến nhận bản giấy tại {names.desk}."
    )
    return Message(
        subject=f"Kết quả hồ sơ {dossier.code} đã được trả trực tuyến",
        email_body=_email(
            dossier,
            f"{names.desk} đã trả kết quả giải quyết hồ sơ của ông/bà vào tài khoản dịch vụ "
            f"công: tệp «{file_name}».",
            rest,
            "",
            _facts(dossier),
            "",
            f"Tải kết quả tại: {link}",
        ),
        sms_text=sms_fit(
            f"Ho so {dossier.code} da co ket qua tra truc tuyen. Tai ve tai: {link}",
            " Khong can den nhan ban giay." if handed_over else "",
        ),
    )


def submission_message(
    *,
    kind: Kind,
    reference: str,
    unit_name: str,
    procedure: str,
    papers: list[str],
    reason: str,
    link: str,
) -> Message:
    """An online submission the desk asked to complete (once, completely) or refused
    (Decree 61 art. 17.2): there is no dossier code yet, only the submission's reference."""
    reason = sentence(reason)
    if kind == Kind.SUPPLEMENT_REQUEST:
        return Message(
            subject=f"Hồ sơ trực tuyến {reference} cần bổ sung",
            email_body="\n".join(
                [
                    f"{unit_name} đề nghị ông/bà bổ sung hồ sơ nộp trực tuyến {reference} "
                    f"({procedure}):",
                    *[f"- {paper}" for paper in papers],
                    "",
                    f"Lý do: {reason}",
                    "",
                    f"Ông/bà tải lên giấy tờ bổ sung và nộp lại tại: {link}",
                ]
            ),
            sms_text=sms_fit(
                f"Ho so truc tuyen {reference} can bo sung: ",
                "; ".join(papers) + f". Ly do: {reason}",
                f" Nop lai tai: {link}",
            ),
        )
    return Message(
        subject=f"Hồ sơ trực tuyến {reference} không được tiếp nhận",
        email_body="\n".join(
            [
                f"{unit_name} thông báo không tiếp nhận hồ sơ nộp trực tuyến {reference} "
                f"({procedure}).",
                "",
                f"Lý do: {reason}",
                "",
                f"Chi tiết: {link}",
            ]
        ),
        sms_text=sms_fit(
            f"Ho so truc tuyen {reference} khong duoc tiep nhan. Ly do: ",
            reason,
            f" Chi tiet: {link}",
        ),
    )
