"""The forms of Circular 01/2018/TT-VPCP as PDF (and the book also as Excel).

One function per form; each reads what it needs from the dossier and its history, picks the
template in force on the dossier's receipt date and returns the bytes. Pages call these (or
`form_pdf`) and only decide who may see what.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.utils import timezone

from catalog.models import AdministrativeUnit, ProcedureVersion, RequiredPaper
from documents.book import (
    MAX_PDF_ROWS,
    PDF_WIDTHS,
    book_count,
    book_period,
    book_rows,
    book_xlsx,
)
from documents.errors import DocumentError
from documents.forms import FormKind, form_template_for
from documents.history import (
    book_position,
    dossier_events,
    hand_overs,
    last_event,
    parse_time,
    receiving_officer,
)
from documents.qr import qr_data_uri
from documents.render import render_pdf
from documents.wording import (
    UnitNames,
    clock_vi,
    in_vietnamese,
    long_date_vi,
    money_vi,
    person_name,
    sentence,
    short_vi,
    unit_names,
)
from dossiers.models import Dossier, Outcome
from dossiers.transitions import Action


@dataclass(frozen=True)
class Party:
    """The citizen or organisation a form is addressed to."""

    name: str
    address: str = ""
    phone: str = ""
    email: str = ""


def public_lookup_url(dossier: Dossier) -> str:
    """The citizen's look-up page for the dossier, printed as the receipt's QR code."""
    return settings.PUBLIC_LOOKUP_URL_TEMPLATE.format(code=quote(dossier.code, safe=""))


# ---------------------------------------------------------------- Mẫu 01


@in_vietnamese
def receipt_pdf(*, dossier: Dossier, lookup_url: str) -> bytes:
    events = dossier_events(dossier)
    version = dossier.procedure_version
    volume, sequence = book_position(dossier)
    apology = last_event(events, Action.APOLOGISE)
    papers = [
        {"name": p.name, "kind": _copy_kind_label(p.copy_kind), "count": p.count}
        for p in dossier.papers.order_by("id")
    ]
    return _render(
        FormKind.RECEIPT,
        unit=dossier.unit,
        on=_local_date(dossier.received_at),
        code=dossier.code,
        party=_party(dossier),
        procedure=version.name,
        papers=papers,
        time_rule=version.time_rule.describe_vi(),
        received=clock_vi(dossier.received_at),
        due=clock_vi(dossier.due_at),
        appointment=clock_vi(dossier.appointment_at) if dossier.appointment_at else "",
        apology_date=f"{timezone.localtime(apology.at):%d/%m/%Y}" if apology else "",
        fee=_fee_text(version),
        volume=volume,
        sequence=sequence,
        officer=receiving_officer(events),
        qr=qr_data_uri(lookup_url),
        lookup_url=lookup_url,
    )


def _copy_kind_label(value: str) -> str:
    if value in RequiredPaper.CopyKind.values:
        return str(RequiredPaper.CopyKind(value).label)
    return value


def _fee_text(version: ProcedureVersion) -> str:
    if version.fee_kind == ProcedureVersion.FeeKind.FIXED and version.fee_amount:
        return money_vi(version.fee_amount)
    if version.fee_kind == ProcedureVersion.FeeKind.SCHEDULE:
        return version.fee_schedule or "Theo biểu phí, lệ phí hiện hành"
    return "Không thu phí, lệ phí"


# ---------------------------------------------------------------- Mẫu 02


@in_vietnamese
def supplement_request_pdf(
    *, dossier: Dossier, missing_papers: list[str] | None = None, reason: str | None = None
) -> bytes:
    """From the dossier's request to supplement; `missing_papers` and `reason` override it."""
    event = last_event(dossier_events(dossier), Action.REQUEST_SUPPLEMENT)
    if event is None and (missing_papers is None or reason is None):
        raise DocumentError(f"Hồ sơ {dossier.code} chưa có yêu cầu bổ sung, hoàn thiện hồ sơ.")
    if missing_papers is None and event is not None:
        missing_papers = [str(p) for p in event.data.get("missing_papers", [])]
    return _supplement_request(
        unit=dossier.unit,
        on_form=_local_date(dossier.received_at),
        code=dossier.code,
        party=_party(dossier),
        procedure=dossier.procedure_version.name,
        missing_papers=missing_papers or [],
        reason=reason if reason is not None else (event.note if event else ""),
        officer=person_name(event.actor) if event else "",
        at=event.at if event else timezone.now(),
    )


@in_vietnamese
def counter_supplement_request_pdf(
    *,
    unit: AdministrativeUnit,
    procedure_version: ProcedureVersion,
    applicant_name: str,
    applicant_address: str = "",
    applicant_phone: str = "",
    applicant_email: str = "",
    missing_papers: list[str],
    reason: str,
    officer_name: str,
    at: datetime,
) -> bytes:
    """At the counter, before anything is received: no dossier and no code yet."""
    return _supplement_request(
        unit=unit,
        on_form=_local_date(at),
        code="",
        party=Party(applicant_name, applicant_address, applicant_phone, applicant_email),
        procedure=procedure_version.name,
        missing_papers=missing_papers,
        reason=reason,
        officer=officer_name,
        at=at,
    )


def _supplement_request(
    *,
    unit: AdministrativeUnit,
    on_form: date,
    code: str,
    party: Party,
    procedure: str,
    missing_papers: list[str],
    reason: str,
    officer: str,
    at: datetime,
) -> bytes:
    return _render(
        FormKind.SUPPLEMENT_REQUEST,
        unit=unit,
        on=on_form,
        signed_on=_local_date(at),
        code=code,
        party=party,
        procedure=procedure,
        missing_papers=[p.strip() for p in missing_papers if p.strip()],
        reason=sentence(reason),
        officer=officer,
    )


# ---------------------------------------------------------------- Mẫu 03


@in_vietnamese
def refusal_pdf(*, dossier: Dossier) -> bytes:
    """For a dossier refused after appraisal, with the reason recorded then."""
    events = dossier_events(dossier)
    event = last_event(events, Action.REFUSE)
    if event is None and dossier.outcome != Outcome.REFUSED:
        raise DocumentError(f"Hồ sơ {dossier.code} không bị từ chối giải quyết.")
    return _refusal(
        unit=dossier.unit,
        on_form=_local_date(dossier.received_at),
        code=dossier.code,
        party=_party(dossier),
        procedure=dossier.procedure_version.name,
        reason=dossier.refusal_reason or (event.note if event else ""),
        officer=receiving_officer(events),
        at=event.at if event else dossier.finished_at or timezone.now(),
        at_counter=False,
    )


@in_vietnamese
def counter_refusal_pdf(
    *,
    unit: AdministrativeUnit,
    procedure_version: ProcedureVersion,
    applicant_name: str,
    applicant_address: str = "",
    applicant_phone: str = "",
    applicant_email: str = "",
    reason: str,
    officer_name: str,
    at: datetime,
) -> bytes:
    """At the counter, for a request that cannot be received: signed by both sides."""
    return _refusal(
        unit=unit,
        on_form=_local_date(at),
        code="",
        party=Party(applicant_name, applicant_address, applicant_phone, applicant_email),
        procedure=procedure_version.name,
        reason=reason,
        officer=officer_name,
        at=at,
        at_counter=True,
    )


def _refusal(
    *,
    unit: AdministrativeUnit,
    on_form: date,
    code: str,
    party: Party,
    procedure: str,
    reason: str,
    officer: str,
    at: datetime,
    at_counter: bool,
) -> bytes:
    return _render(
        FormKind.REFUSAL,
        unit=unit,
        on=on_form,
        signed_on=_local_date(at),
        code=code,
        party=party,
        procedure=procedure,
        reason=sentence(reason),
        officer=officer,
        at_counter=at_counter,
    )


# ---------------------------------------------------------------- Mẫu 04


@in_vietnamese
def apology_pdf(*, dossier: Dossier) -> bytes:
    """Signed by the head of the agency: the approver who recorded the apology."""
    event = last_event(dossier_events(dossier), Action.APOLOGISE)
    if event is None:
        raise DocumentError(f"Hồ sơ {dossier.code} chưa có phiếu xin lỗi và hẹn lại.")
    appointment = parse_time(event.data.get("appointment_at")) or dossier.appointment_at
    if appointment is None:
        raise DocumentError(f"Hồ sơ {dossier.code} chưa có ngày hẹn lại.")
    return _render(
        FormKind.APOLOGY,
        unit=dossier.unit,
        on=_local_date(dossier.received_at),
        signed_on=_local_date(event.at),
        code=dossier.code,
        party=_party(dossier),
        procedure=dossier.procedure_version.name,
        received_on=long_date_vi(_local_date(dossier.received_at)),
        due=clock_vi(dossier.due_at),
        new_appointment=long_date_vi(_local_date(appointment)),
        new_appointment_time=clock_vi(appointment),
        reason=sentence(event.note),
        head=person_name(event.actor),
    )


# ---------------------------------------------------------------- Mẫu 05


@in_vietnamese
def control_slip_pdf(*, dossier: Dossier) -> bytes:
    events = dossier_events(dossier)
    apology = last_event(events, Action.APOLOGISE)
    rows = [
        {
            "giver_place": row.giver_place,
            "receiver_place": row.receiver_place,
            "at": clock_vi(row.at),
            "giver": row.giver,
            "receiver": row.receiver,
            "result": row.result.value if row.result else "",
            "note": row.note,
        }
        for row in hand_overs(dossier, events)
    ]
    partners = sorted({t.agency_name for t in dossier.transfers.all()})
    return _render(
        FormKind.CONTROL_SLIP,
        unit=dossier.unit,
        on=_local_date(dossier.received_at),
        code=dossier.code,
        party=_party(dossier),
        procedure=dossier.procedure_version.name,
        received=clock_vi(dossier.received_at),
        due=clock_vi(dossier.due_at),
        appointment=short_vi(dossier.appointment_at) if dossier.appointment_at else "",
        apology_date=f"{timezone.localtime(apology.at):%d/%m/%Y}" if apology else "",
        partners=", ".join(partners),
        rows=rows,
    )


# ---------------------------------------------------------------- Mẫu 06


@in_vietnamese
def dossier_book_pdf(
    *, unit: AdministrativeUnit, date_from: date, date_to: date, masked: bool = False
) -> bytes:
    """The book of the period, A4 landscape, up to MAX_PDF_ROWS lines; beyond that the
    Excel book (`dossier_book_xlsx`) has no such limit."""
    period = book_period(unit=unit, date_from=date_from, date_to=date_to, masked=masked)
    count = book_count(period)
    if count > MAX_PDF_ROWS:
        raise DocumentError(
            f"Kỳ đã chọn có {count} hồ sơ, quá {MAX_PDF_ROWS} dòng của bản PDF: "
            "hãy chọn kỳ ngắn hơn hoặc tải sổ dạng Excel."
        )
    return _render(
        FormKind.BOOK,
        unit=unit,
        on=date_from,
        signed_on=None,  # a book has no date line
        period=period,
        rows=list(book_rows(period)),
        widths=PDF_WIDTHS,
    )


@in_vietnamese
def dossier_book_xlsx(
    *, unit: AdministrativeUnit, date_from: date, date_to: date, masked: bool = False
) -> bytes:
    return book_xlsx(book_period(unit=unit, date_from=date_from, date_to=date_to, masked=masked))


# ---------------------------------------------------------------- one entry point


_BY_KIND: dict[FormKind, Callable[..., bytes]] = {
    FormKind.RECEIPT: receipt_pdf,
    FormKind.SUPPLEMENT_REQUEST: supplement_request_pdf,
    FormKind.REFUSAL: refusal_pdf,
    FormKind.APOLOGY: apology_pdf,
    FormKind.CONTROL_SLIP: control_slip_pdf,
    FormKind.BOOK: dossier_book_pdf,
}
_AT_COUNTER: dict[FormKind, Callable[..., bytes]] = {
    FormKind.SUPPLEMENT_REQUEST: counter_supplement_request_pdf,
    FormKind.REFUSAL: counter_refusal_pdf,
}


def form_pdf(kind: FormKind | str, **kwargs: Any) -> bytes:
    """The PDF of form `kind` with the keyword arguments of its function above. A supplement
    request or refusal without a `dossier` is the counter variant."""
    kind = FormKind(kind)
    if kind in _AT_COUNTER and "dossier" not in kwargs:
        return _AT_COUNTER[kind](**kwargs)
    return _BY_KIND[kind](**kwargs)


def form_filename(kind: FormKind | str, *, on: date, suffix: str) -> str:
    """A download name such as mau01-000.01.82.H26-260302-0001.pdf: the form's number in
    its circular and a suffix (the dossier code, or the period of a book)."""
    return f"{form_template_for(kind, on).code}-{suffix}.pdf"


# ---------------------------------------------------------------- shared


def _render(kind: FormKind, *, unit: AdministrativeUnit, on: date, **context: Any) -> bytes:
    """`on` picks the form set; `signed_on` (default `on`) is the date written on the form."""
    form = form_template_for(kind, on)
    names: UnitNames = unit_names(unit)
    signed_on = context.pop("signed_on", on)
    place_date = f"{names.place}, {long_date_vi(signed_on)}" if signed_on else ""
    return render_pdf(form=form, context={**context, "names": names, "place_date": place_date})


def _party(dossier: Dossier) -> Party:
    return Party(
        dossier.applicant_name,
        dossier.applicant_address,
        dossier.applicant_phone,
        dossier.applicant_email,
    )


def _local_date(moment: datetime) -> date:
    return timezone.localdate(moment)
