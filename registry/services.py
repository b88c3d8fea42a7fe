"""Every write to the registers goes through these functions. Each checks the actor's role
at the unit, locks what it changes, writes, and appends the history in one transaction."""

import re
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import OFFICER_ROLES, user_roles_at
from catalog.models import AdministrativeUnit
from common.text import fold
from dossiers.models import Dossier
from dossiers.validation import clean_line, invisible_characters_error
from registry.doctypes import ABBREVIATIONS, ISSUER, DocumentType, document_symbol
from registry.errors import ActionNotAllowed, InvalidRegistryInput
from registry.history import record, require_worker, snapshot
from registry.models import (
    DOCUMENT_CORRECTABLE,
    LETTER_CORRECTABLE,
    Action,
    IncomingLetter,
    LetterStatus,
    OutgoingDocument,
    RegistryScan,
    Urgency,
)
from registry.numbering import INCOMING, outgoing_series, registry_number_allocate
from registry.scans import scan_check, scan_store
from registry.selectors import last_event_id
from workcalendar.rules import TimeRule, TimeRuleKind
from workcalendar.services import due_for

MAX_REPLY_DAYS = 90
LETTER_ENTRY = (
    "number", "year", "received_at", "sender", "original_number", "original_date", "doc_type",
    "summary", "urgency", "reply_days", "reply_due_at", "status",
)  # fmt: skip
LETTER_STATE = ("status", "handler", "handled_at")
DOCUMENT_ENTRY = (
    "symbol", "number", "year", "doc_type", "issued_at", "signer", "recipients", "summary",
    "reply_to_id", "dossier_id",
)  # fmt: skip
# "VP", "TP-HT", "ĐC": the drafting unit's abbreviation in a công văn's symbol.
DRAFTING_UNIT = re.compile(r"^[A-ZĐ0-9]{1,10}(-[A-ZĐ0-9]{1,10})?$")


# ---------------------------------------------------------------- incoming letters


def incoming_register(
    *,
    actor: User,
    unit: AdministrativeUnit,
    sender: str,
    summary: str,
    doc_type: DocumentType | str,
    original_number: str = "",
    original_date: date | None = None,
    urgency: Urgency | str = Urgency.NORMAL,
    reply_days: int | None = None,
    received_at: datetime | None = None,
    note: str = "",
) -> IncomingLetter:
    """Enter a letter in the unit's incoming register: take its arrival number and, when a
    reply is due, compute the reply deadline in working days from its arrival."""
    now = timezone.now()
    arriving_now = received_at is None
    received_at = received_at or now
    require_worker(actor, unit.pk)
    sender, original_number = _line(sender), _line(original_number)
    errors = _letter_errors(
        sender=sender,
        summary=summary,
        doc_type=doc_type,
        urgency=urgency,
        original_date=original_date,
        received_on=timezone.localdate(received_at),
    )
    errors += _moment_errors(received_at, now)
    if reply_days is not None and not 1 <= reply_days <= MAX_REPLY_DAYS:
        errors.append(
            _("Thời hạn trả lời phải từ 1 đến %(max)s ngày làm việc.") % {"max": MAX_REPLY_DAYS}
        )
    if errors:
        raise InvalidRegistryInput(" ".join(errors))
    year = timezone.localdate(received_at).year
    with transaction.atomic():
        number = registry_number_allocate(unit=unit, year=year, series=INCOMING)
        if arriving_now:
            # Timed under the counter's lock: letters registered at the same moment arrive
            # in the order of their numbers (not across New Year's midnight: the year's
            # number is taken).
            locked_now = timezone.now()
            if timezone.localdate(locked_now).year == year:
                received_at = locked_now
        reply_due_at = None
        if reply_days:
            rule = TimeRule(TimeRuleKind.WORKING_DAYS, reply_days)
            due = due_for(received_at=received_at, rule=rule, sessions=unit.sessions())
            reply_due_at = due.due_at
        letter = IncomingLetter.objects.create(
            unit=unit,
            year=year,
            number=number,
            received_at=received_at,
            sender=sender,
            original_number=original_number,
            original_date=original_date,
            doc_type=doc_type,
            summary=summary.strip(),
            urgency=urgency,
            status=LetterStatus.NEW,
            reply_days=reply_days,
            reply_due_at=reply_due_at,
            registered_by=actor,
            search_folded=_letter_folded(sender, original_number, summary),
        )
        record(
            target=letter,
            action=Action.REGISTER,
            actor=actor,
            at=now,
            before={},
            after=snapshot(letter, LETTER_ENTRY),
            note=note.strip(),
        )
    return letter


def incoming_correct(
    *,
    actor: User,
    letter: IncomingLetter,
    sender: str,
    summary: str,
    doc_type: DocumentType | str,
    original_number: str,
    original_date: date | None,
    urgency: Urgency | str,
    reason: str,
    seen_event_id: int | None,
) -> IncomingLetter:
    """Correct what was entered wrong from the letter, with the reason; the history keeps
    the values before and after. `seen_event_id`: the letter's last history row when the
    form was shown (None: it had none); refused if the letter has changed since."""
    sender, summary = _line(sender), summary.strip()
    values = {
        "sender": sender,
        "original_number": _line(original_number),
        "original_date": original_date,
        "doc_type": doc_type,
        "summary": summary,
        "urgency": urgency,
    }
    with transaction.atomic():
        locked = _locked_letter(letter, actor)
        errors = _letter_errors(
            sender=sender,
            summary=summary,
            doc_type=doc_type,
            urgency=urgency,
            original_date=original_date,
            received_on=timezone.localdate(locked.received_at),
        )
        _correct(locked, values, reason, errors, actor, seen_event_id)
        locked.search_folded = _letter_folded(locked.sender, locked.original_number, locked.summary)
        locked.save(update_fields=[*LETTER_CORRECTABLE, "search_folded"])
    return locked


def _letter_errors(
    *,
    sender: str,
    summary: str,
    doc_type: str,
    urgency: str,
    original_date: date | None,
    received_on: date,
) -> list[str]:
    """What is wrong in a letter's entry (at registration as at a correction)."""
    errors = []
    if not sender:
        errors.append(_("Chưa nhập nơi gửi văn bản."))
    if error := invisible_characters_error(sender, _("Nơi gửi")):
        errors.append(error)
    if not summary.strip():
        errors.append(_("Chưa nhập trích yếu nội dung."))
    if doc_type not in DocumentType.values:
        errors.append(_("Loại văn bản «%(value)s» không hợp lệ.") % {"value": doc_type})
    if urgency not in Urgency.values:
        errors.append(_("Độ khẩn «%(value)s» không hợp lệ.") % {"value": urgency})
    if original_date is not None and original_date > received_on:
        errors.append(_("Ngày của văn bản không được sau ngày văn bản đến."))
    return errors


def _letter_folded(sender: str, original_number: str, summary: str) -> str:
    return fold(" ".join((sender, original_number, summary)))


def incoming_assign(
    *, actor: User, letter: IncomingLetter, handler: User, note: str = ""
) -> IncomingLetter:
    """Give the letter to an officer of the unit to handle (again, while it is not done)."""
    with transaction.atomic():
        locked = _locked_letter(letter, actor)
        if locked.status == LetterStatus.HANDLED:
            raise ActionNotAllowed(
                _("Văn bản đến số %(number)s đã xử lý xong, không giao xử lý lại.")
                % {"number": locked.number}
            )
        if not user_roles_at(user=handler, unit_id=locked.unit_id) & OFFICER_ROLES:
            raise InvalidRegistryInput(
                _("%(user)s không phải cán bộ của đơn vị, không giao xử lý được.")
                % {"user": handler}
            )
        before = snapshot(locked, LETTER_STATE)
        locked.handler, locked.status = handler, LetterStatus.ASSIGNED
        locked.save(update_fields=["handler", "status"])
        _record_state(locked, Action.ASSIGN, actor, before, note)
    return locked


def incoming_handle(*, actor: User, letter: IncomingLetter, note: str = "") -> IncomingLetter:
    """The letter needs nothing more (answered by telephone, filed, passed on…)."""
    with transaction.atomic():
        locked = _locked_letter(letter, actor)
        if locked.status == LetterStatus.HANDLED:
            raise ActionNotAllowed(
                _("Văn bản đến số %(number)s đã xử lý xong.") % {"number": locked.number}
            )
        before = snapshot(locked, LETTER_STATE)
        locked.status, locked.handled_at = LetterStatus.HANDLED, timezone.now()
        locked.save(update_fields=["status", "handled_at"])
        _record_state(locked, Action.HANDLE, actor, before, note)
    return locked


def incoming_dossier_link(
    *, actor: User, letter: IncomingLetter, dossier: Dossier
) -> IncomingLetter:
    with transaction.atomic():
        locked = _locked_letter(letter, actor)
        _check_same_unit(dossier, locked.unit_id)
        codes = sorted(locked.dossiers.values_list("code", flat=True))
        if dossier.code in codes:
            raise InvalidRegistryInput(
                _("Văn bản đã liên kết với hồ sơ %(code)s.") % {"code": dossier.code}
            )
        locked.dossiers.add(dossier)
        record(
            target=locked,
            action=Action.LINK_DOSSIER,
            actor=actor,
            at=timezone.now(),
            before={"dossiers": codes},
            after={"dossiers": sorted([*codes, dossier.code])},
        )
    return locked


def incoming_scan_add(
    *, actor: User, letter: IncomingLetter, name: str, content: bytes
) -> RegistryScan:
    content_type = scan_check(content)
    with transaction.atomic():
        locked = _locked_letter(letter, actor)
        return _scan(locked, actor, name, content, content_type)


def _locked_letter(letter: IncomingLetter, actor: User) -> IncomingLetter:
    locked = (
        IncomingLetter.objects.select_for_update(of=("self",))
        .select_related("unit", "handler")
        .get(pk=letter.pk)
    )
    require_worker(actor, locked.unit_id)
    return locked


def _record_state(
    letter: IncomingLetter, action: Action, actor: User, before: dict, note: str
) -> None:
    after = snapshot(letter, LETTER_STATE)
    record(
        target=letter,
        action=action,
        actor=actor,
        at=timezone.now(),
        before=before,
        after=after,
        note=note.strip(),
    )


# ---------------------------------------------------------------- outgoing documents


def outgoing_issue(
    *,
    actor: User,
    unit: AdministrativeUnit,
    doc_type: DocumentType | str,
    summary: str,
    signer: str,
    recipients: str,
    drafting_unit: str = "",
    reply_to: IncomingLetter | None = None,
    dossier: Dossier | None = None,
    issued_at: datetime | None = None,
    note: str = "",
) -> OutgoingDocument:
    """Take the next number of the unit's year and document type and enter the document in
    the outgoing register. A reply closes the letter it answers."""
    now = timezone.now()
    issued_at = issued_at or now
    require_worker(actor, unit.pk)
    signer = _line(signer)
    drafting_unit = _line(drafting_unit).upper()
    errors = []
    if doc_type not in ABBREVIATIONS:
        errors.append(_("Không cấp số được cho loại văn bản «%(value)s».") % {"value": doc_type})
    elif not ABBREVIATIONS[doc_type]:
        if not DRAFTING_UNIT.match(drafting_unit):
            errors.append(
                _(
                    "Công văn cần chữ viết tắt của đơn vị soạn thảo (chữ in hoa, ví dụ VP), "
                    "để ghi ký hiệu dạng số/UBND-VP."
                )
            )
    else:
        drafting_unit = ""  # a typed document's symbol names the type and the issuer only
    errors += _document_errors(summary=summary, signer=signer, recipients=recipients)
    errors += _moment_errors(issued_at, now)
    if errors:
        raise InvalidRegistryInput(" ".join(errors))
    if dossier is not None:
        _check_same_unit(dossier, unit.pk)
    if reply_to is not None and reply_to.unit_id != unit.pk:
        raise InvalidRegistryInput(_("Văn bản đến được trả lời không thuộc đơn vị này."))
    year = timezone.localdate(issued_at).year
    with transaction.atomic():
        # The letter is locked before the counter: every writer takes them in this order.
        letter = _locked_letter(reply_to, actor) if reply_to is not None else None
        number = registry_number_allocate(unit=unit, year=year, series=outgoing_series(doc_type))
        symbol = document_symbol(
            number=number, doc_type=doc_type, issuer=ISSUER, drafting_unit=drafting_unit
        )
        document = OutgoingDocument.objects.create(
            unit=unit,
            year=year,
            doc_type=doc_type,
            number=number,
            issuer=ISSUER,
            drafting_unit=drafting_unit,
            symbol=symbol,
            issued_at=issued_at,
            signer=signer,
            recipients=recipients.strip(),
            summary=summary.strip(),
            reply_to=letter,
            dossier=dossier,
            issued_by=actor,
            search_folded=_document_folded(symbol, summary, signer, recipients),
        )
        record(
            target=document,
            action=Action.ISSUE,
            actor=actor,
            at=now,
            before={},
            after=snapshot(document, DOCUMENT_ENTRY),
            note=note.strip(),
        )
        if letter is not None:
            _answer(letter, document, actor, now)
    return document


def outgoing_correct(
    *,
    actor: User,
    document: OutgoingDocument,
    summary: str,
    signer: str,
    recipients: str,
    reason: str,
    seen_event_id: int | None,
) -> OutgoingDocument:
    """Correct what was entered wrong about an issued document, with the reason; the
    history keeps the values before and after. `seen_event_id` as for incoming_correct."""
    values = {"signer": _line(signer), "recipients": recipients.strip(), "summary": summary.strip()}
    with transaction.atomic():
        locked = _locked_document(document, actor)
        errors = _document_errors(**values)
        _correct(locked, values, reason, errors, actor, seen_event_id)
        locked.search_folded = _document_folded(
            locked.symbol, locked.summary, locked.signer, locked.recipients
        )
        locked.save(update_fields=[*DOCUMENT_CORRECTABLE, "search_folded"])
    return locked


def _document_errors(*, summary: str, signer: str, recipients: str) -> list[str]:
    """What is wrong in a document's entry (at its issue as at a correction)."""
    errors = []
    if not summary.strip():
        errors.append(_("Chưa nhập trích yếu nội dung."))
    if not signer:
        errors.append(_("Chưa nhập người ký."))
    if error := invisible_characters_error(signer, _("Người ký")):
        errors.append(error)
    if not recipients.strip():
        errors.append(_("Chưa nhập nơi nhận."))
    return errors


def _document_folded(symbol: str, summary: str, signer: str, recipients: str) -> str:
    return fold(" ".join((symbol, summary, signer, recipients)))


def _answer(letter: IncomingLetter, document: OutgoingDocument, actor: User, now: datetime) -> None:
    before = snapshot(letter, LETTER_STATE)
    if letter.status != LetterStatus.HANDLED:
        letter.status, letter.handled_at = LetterStatus.HANDLED, now
        letter.save(update_fields=["status", "handled_at"])
    record(
        target=letter,
        action=Action.ANSWER,
        actor=actor,
        at=now,
        before=before,
        after={**snapshot(letter, LETTER_STATE), "reply": document.symbol},
    )


def outgoing_dossier_link(
    *, actor: User, document: OutgoingDocument, dossier: Dossier
) -> OutgoingDocument:
    """Mark the document as the result of a dossier (one dossier per document)."""
    with transaction.atomic():
        locked = _locked_document(document, actor)
        _check_same_unit(dossier, locked.unit_id)
        if locked.dossier_id is not None:
            raise InvalidRegistryInput(
                _("Văn bản %(symbol)s đã là kết quả của một hồ sơ khác.")
                % {"symbol": locked.symbol}
            )
        locked.dossier = dossier
        locked.save(update_fields=["dossier"])
        record(
            target=locked,
            action=Action.LINK_DOSSIER,
            actor=actor,
            at=timezone.now(),
            before={"dossier": None},
            after={"dossier": dossier.code},
        )
    return locked


def outgoing_scan_add(
    *, actor: User, document: OutgoingDocument, name: str, content: bytes
) -> RegistryScan:
    content_type = scan_check(content)
    with transaction.atomic():
        locked = _locked_document(document, actor)
        return _scan(locked, actor, name, content, content_type)


def _locked_document(document: OutgoingDocument, actor: User) -> OutgoingDocument:
    locked = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
    require_worker(actor, locked.unit_id)
    return locked


# ---------------------------------------------------------------- shared


def _scan(
    owner: IncomingLetter | OutgoingDocument,
    actor: User,
    name: str,
    content: bytes,
    content_type: str,
) -> RegistryScan:
    now = timezone.now()
    scan = scan_store(
        owner=owner, actor=actor, name=name, content=content, content_type=content_type, at=now
    )
    record(
        target=owner,
        action=Action.ATTACH,
        actor=actor,
        at=now,
        before={},
        after={"scan_id": scan.pk, "name": scan.name, "sha256": scan.sha256},
    )
    return scan


def _correct(
    target: IncomingLetter | OutgoingDocument,
    values: dict,
    reason: str,
    errors: list[str],
    actor: User,
    seen_event_id: int | None,
) -> None:
    """Set the changed `values` on the locked `target` (the caller saves it) and record them,
    before and after, with the `reason`; or refuse with every error at once."""
    # The form sends every field back: a form shown before another officer's write would
    # silently put back what they changed.
    if last_event_id(target) != seen_event_id:
        raise InvalidRegistryInput(
            _(
                "Văn bản vừa được người khác cập nhật sau khi bạn mở trang. Vui lòng tải lại "
                "trang, xem thông tin mới rồi sửa lại."
            )
        )
    if not reason.strip():
        errors.append(_("Chưa nhập lý do sửa."))
    changed = [name for name, value in values.items() if getattr(target, name) != value]
    if not errors and not changed:
        errors.append(_("Không có thông tin nào thay đổi."))
    if errors:
        raise InvalidRegistryInput(" ".join(errors))
    before = snapshot(target, tuple(changed))
    for name in changed:
        setattr(target, name, values[name])
    record(
        target=target,
        action=Action.CORRECT,
        actor=actor,
        at=timezone.now(),
        before=before,
        after=snapshot(target, tuple(changed)),
        note=reason.strip(),
    )


def _check_same_unit(dossier: Dossier, unit_id: int) -> None:
    if dossier.unit_id != unit_id:
        raise InvalidRegistryInput(
            _("Hồ sơ %(code)s không thuộc đơn vị giữ sổ này.") % {"code": dossier.code}
        )


def _moment_errors(moment: datetime, now: datetime) -> list[str]:
    if timezone.is_naive(moment):
        return [_("Thời điểm phải có múi giờ.")]
    if moment > now:
        return [_("Thời điểm không được ở tương lai.")]
    return []


def _line(value: str) -> str:
    return clean_line(value)
