"""The only write path of the catalogue. Published procedure versions are never edited in place."""

from collections.abc import Iterable, Sequence
from dataclasses import fields
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from catalog.models import (
    AdministrativeUnit,
    Field,
    Level,
    Procedure,
    ProcedureVersion,
    RequiredPaper,
)
from catalog.specs import PaperSpec, VersionSpec, version_spec_of
from workcalendar.rules import TimeRule, TimeRuleKind

PUBLISHED_IS_FROZEN = "Phiên bản đã công bố không được sửa; hãy tạo phiên bản mới."

# Content fields a draft may change; number, status and publication go through publish.
EDITABLE_FIELDS = frozenset(
    {
        "name", "field", "level", "time_rule_kind", "time_rule_amount", "time_rule_cutoff",
        "fee_kind", "fee_amount", "fee_schedule", "fee_exemptions", "legal_basis", "result",
        "where_to_submit", "online_level", "interconnected", "effective_from", "effective_to",
    }
)  # fmt: skip


class Change(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


# --- Units and fields -------------------------------------------------------------------------


def field_upsert(*, code: str, name: str) -> tuple[Field, Change]:
    field = Field.objects.filter(code=code).first()
    if field is None:
        return Field.objects.create(code=code, name=name), Change.CREATED
    if field.name == name:
        return field, Change.UNCHANGED
    field.name = name
    field.save(update_fields=["name"])
    return field, Change.UPDATED


def unit_upsert(
    *,
    code: str,
    valid_from: date,
    name: str,
    level: Level | str,
    kind: str = "",
    parent: AdministrativeUnit | None = None,
    valid_to: date | None = None,
    agency_id: str = "",
) -> tuple[AdministrativeUnit, Change]:
    """Create or update the unit identified by (code, valid_from); write only what differs.

    `agency_id` is set only on a unit that has none: deployments replace the shipped
    placeholder identifiers with their real ones, and reloading must not undo that.
    """
    unit = AdministrativeUnit.objects.filter(code=code, valid_from=valid_from).first()
    wanted: dict[str, Any] = {
        "name": name, "level": Level(level).value, "kind": kind,
        "parent_id": parent.pk if parent else None, "valid_to": valid_to,
    }  # fmt: skip
    if unit is None:
        unit = AdministrativeUnit(code=code, valid_from=valid_from, agency_id=agency_id, **wanted)
        unit.full_clean()
        unit.save()
        return unit, Change.CREATED
    if not unit.agency_id and agency_id:
        wanted["agency_id"] = agency_id
    changed = [key for key, value in wanted.items() if getattr(unit, key) != value]
    if not changed:
        return unit, Change.UNCHANGED
    for key in changed:
        setattr(unit, key, wanted[key])
    unit.full_clean()
    unit.save(update_fields=["parent" if key == "parent_id" else key for key in changed])
    return unit, Change.UPDATED


def unit_successors_set(
    *, unit: AdministrativeUnit, successors: Iterable[AdministrativeUnit]
) -> bool:
    """Make `successors` exactly the unit's successors; return whether anything changed."""
    wanted = {s.pk for s in successors}
    if set(unit.successors.values_list("pk", flat=True)) == wanted:
        return False
    unit.successors.set(wanted)
    return True


# --- Procedure versions -----------------------------------------------------------------------


def _validate_content(version: ProcedureVersion) -> None:
    """Checks the model cannot express: a usable time rule and a consistent fee."""
    version.full_clean(validate_constraints=False)
    errors: dict[str, str] = {}
    kind = TimeRuleKind(version.time_rule_kind)
    if kind is not TimeRuleKind.SAME_DAY and version.time_rule_cutoff is not None:
        errors["time_rule_cutoff"] = "Giờ chốt chỉ dùng cho thời hạn trong ngày."
    try:
        version.time_rule  # noqa: B018 — building the rule is the validation
    except ValueError as error:
        errors["time_rule_amount"] = str(error)
    fee = ProcedureVersion.FeeKind(version.fee_kind)
    if fee is ProcedureVersion.FeeKind.FIXED and not version.fee_amount:
        errors["fee_amount"] = "Mức phí cố định phải lớn hơn 0 đồng."
    if fee is not ProcedureVersion.FeeKind.FIXED and version.fee_amount is not None:
        errors["fee_amount"] = "Chỉ phí cố định mới có mức phí."
    if fee is ProcedureVersion.FeeKind.SCHEDULE and not version.fee_schedule.strip():
        errors["fee_schedule"] = "Phí theo biểu phí phải có nội dung biểu phí."
    if version.effective_to is not None and version.effective_to <= version.effective_from:
        errors["effective_to"] = "Ngày hết áp dụng phải sau ngày áp dụng."
    if errors:
        raise ValidationError(errors)


def _apply_rule(version: ProcedureVersion, rule: TimeRule) -> None:
    version.time_rule_kind = rule.kind.value
    version.time_rule_amount = rule.amount
    version.time_rule_cutoff = rule.effective_cutoff if rule.kind is TimeRuleKind.SAME_DAY else None


def _field_by_code(code: str) -> Field:
    field = Field.objects.filter(code=code).first()
    if field is None:
        raise ValidationError({"field": f"Không có lĩnh vực mã {code}."})
    return field


def _papers_replace(version: ProcedureVersion, papers: Sequence[PaperSpec]) -> None:
    rows = [
        RequiredPaper(
            procedure_version=version, position=position, name=paper.name,
            copy_kind=paper.copy_kind, count=paper.count, optional=paper.optional,
        )
        for position, paper in enumerate(papers, start=1)
    ]  # fmt: skip
    for row in rows:
        row.full_clean(exclude=["procedure_version"], validate_constraints=False)
    version.papers.all().delete()
    RequiredPaper.objects.bulk_create(rows)


@transaction.atomic
def procedure_version_create(
    *,
    procedure_code: str,
    name: str,
    field_code: str,
    level: Level | str,
    time_rule: TimeRule,
    fee_kind: ProcedureVersion.FeeKind | str,
    effective_from: date,
    effective_to: date | None = None,
    fee_amount: int | None = None,
    fee_schedule: str = "",
    fee_exemptions: str = "",
    legal_basis: str = "",
    result: str = "",
    where_to_submit: str = "",
    online_level: ProcedureVersion.OnlineLevel | str = ProcedureVersion.OnlineLevel.NONE,
    interconnected: bool = False,
    papers: Sequence[PaperSpec] = (),
) -> ProcedureVersion:
    """A new draft version of the procedure (created if new), numbered after the last one."""
    procedure, _ = Procedure.objects.get_or_create(code=procedure_code)
    # Lock the procedure so two concurrent drafts cannot take the same number.
    Procedure.objects.select_for_update().filter(pk=procedure.pk).first()
    last = procedure.versions.aggregate(last=Max("version"))["last"] or 0
    version = ProcedureVersion(
        procedure=procedure, version=last + 1, status=ProcedureVersion.Status.DRAFT, name=name,
        field=_field_by_code(field_code), level=level, fee_kind=fee_kind, fee_amount=fee_amount,
        fee_schedule=fee_schedule, fee_exemptions=fee_exemptions, legal_basis=legal_basis,
        result=result, where_to_submit=where_to_submit, online_level=online_level,
        interconnected=interconnected, effective_from=effective_from, effective_to=effective_to,
    )  # fmt: skip
    _apply_rule(version, time_rule)
    _validate_content(version)
    version.save()
    _papers_replace(version, papers)
    return version


@transaction.atomic
def procedure_version_update(*, version: ProcedureVersion, **changes: Any) -> ProcedureVersion:
    """Change a draft. Besides model fields, accepts `time_rule`, `field_code` and `papers`."""
    current = ProcedureVersion.objects.select_for_update().get(pk=version.pk)
    if current.status == ProcedureVersion.Status.PUBLISHED:
        raise ValidationError(PUBLISHED_IS_FROZEN)
    papers = changes.pop("papers", None)
    if (rule := changes.pop("time_rule", None)) is not None:
        _apply_rule(version, rule)
    if (field_code := changes.pop("field_code", None)) is not None:
        version.field = _field_by_code(field_code)
    if unknown := set(changes) - EDITABLE_FIELDS:
        raise TypeError(f"Fields not editable: {', '.join(sorted(unknown))}")
    for key, value in changes.items():
        setattr(version, key, value)
    _validate_content(version)
    version.save()
    if papers is not None:
        _papers_replace(version, papers)
    return version


def _window(version: ProcedureVersion) -> str:
    end = f"{version.effective_to:%d/%m/%Y}" if version.effective_to else "nay"
    return f"{version.effective_from:%d/%m/%Y} – {end}"


def _overlaps(a: ProcedureVersion, b: ProcedureVersion) -> bool:
    a_before_b_ends = b.effective_to is None or a.effective_from < b.effective_to
    b_before_a_ends = a.effective_to is None or b.effective_from < a.effective_to
    return a_before_b_ends and b_before_a_ends


@transaction.atomic
def procedure_version_publish(
    *, version: ProcedureVersion, published_at: datetime | None = None
) -> ProcedureVersion:
    """Publish a draft. An open-ended earlier version is closed at the new effective_from;
    any other overlap with a published version of the same procedure is refused."""
    Procedure.objects.select_for_update().filter(pk=version.procedure_id).first()
    version.refresh_from_db()
    if version.status == ProcedureVersion.Status.PUBLISHED:
        raise ValidationError("Phiên bản này đã được công bố.")
    _validate_content(version)
    to_close = []
    others = ProcedureVersion.objects.filter(
        procedure_id=version.procedure_id, status=ProcedureVersion.Status.PUBLISHED
    ).exclude(pk=version.pk)
    for other in others:
        if not _overlaps(other, version):
            continue
        supersedes = (
            other.effective_to is None
            and version.effective_to is None
            and other.effective_from < version.effective_from
        )
        if not supersedes:
            raise ValidationError(
                f"Thời gian áp dụng ({_window(version)}) trùng với phiên bản {other.version} "
                f"đã công bố ({_window(other)})."
            )
        to_close.append(other)
    for other in to_close:
        other.effective_to = version.effective_from
        other.save(update_fields=["effective_to"])
    version.status = ProcedureVersion.Status.PUBLISHED
    version.published_at = published_at or timezone.now()
    version.save(update_fields=["status", "published_at"])
    return version


def procedure_version_sync_check(*, spec: VersionSpec) -> Change:
    """What syncing `spec` would do, without writing: raise ValidationError if it cannot.

    UNCHANGED when a published version already has this content; UPDATED when it becomes a
    new version after the latest one; a change that would rewrite history is refused.
    """
    published = list(
        ProcedureVersion.objects.filter(
            procedure__code=spec.procedure_code, status=ProcedureVersion.Status.PUBLISHED
        )
        .select_related("procedure", "field")
        .prefetch_related("papers")
    )
    if not published:
        return Change.CREATED
    if any(version_spec_of(v) == spec for v in published):
        return Change.UNCHANGED
    latest = max(published, key=lambda v: (v.effective_from, v.version))
    if spec.effective_from <= latest.effective_from:
        raise ValidationError(
            f"Thủ tục {spec.procedure_code}: nội dung khác phiên bản {latest.version} đã công bố "
            f"nhưng ngày áp dụng {spec.effective_from:%d/%m/%Y} không sau ngày áp dụng của "
            f"phiên bản đó ({latest.effective_from:%d/%m/%Y}); hãy ghi ngày áp dụng mới."
        )
    if latest.effective_to is not None and latest.effective_to > spec.effective_from:
        raise ValidationError(
            f"Thủ tục {spec.procedure_code}: ngày áp dụng {spec.effective_from:%d/%m/%Y} "
            f"trùng với phiên bản {latest.version} ({_window(latest)})."
        )
    return Change.UPDATED


@transaction.atomic
def procedure_version_sync(*, spec: VersionSpec) -> Change:
    """Make `spec` a published version unless one with this content exists already."""
    change = procedure_version_sync_check(spec=spec)
    if change is Change.UNCHANGED:
        return change
    kwargs = {f.name: getattr(spec, f.name) for f in fields(spec)}
    version = procedure_version_create(**kwargs)
    procedure_version_publish(version=version)
    return change
