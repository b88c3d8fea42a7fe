"""Plain values describing catalogue content, so loaders and importers compare before writing."""

from dataclasses import dataclass
from datetime import date

from catalog.models import Level, ProcedureVersion, RequiredPaper
from workcalendar.rules import TimeRule, TimeRuleKind


@dataclass(frozen=True)
class PaperSpec:
    name: str
    copy_kind: str = RequiredPaper.CopyKind.ORIGINAL
    count: int = 1
    optional: bool = False


@dataclass(frozen=True)
class VersionSpec:
    """The content of one procedure version: everything but its number, status and end date."""

    procedure_code: str
    name: str
    field_code: str
    level: str
    time_rule: TimeRule
    fee_kind: str
    effective_from: date
    fee_amount: int | None = None
    fee_schedule: str = ""
    fee_exemptions: str = ""
    legal_basis: str = ""
    result: str = ""
    where_to_submit: str = ""
    online_level: str = ProcedureVersion.OnlineLevel.NONE
    interconnected: bool = False
    papers: tuple[PaperSpec, ...] = ()

    def __post_init__(self) -> None:
        # One spelling per rule, so a stored 15:00 and an implied default compare equal.
        object.__setattr__(self, "time_rule", normalized_rule(self.time_rule))
        object.__setattr__(self, "level", Level(self.level).value)

    def version_fields(self) -> dict[str, object]:
        """Model field values for a ProcedureVersion (the field is looked up by the caller)."""
        rule = self.time_rule
        return {
            "name": self.name,
            "level": self.level,
            "time_rule_kind": rule.kind.value,
            "time_rule_amount": rule.amount,
            "time_rule_cutoff": rule.cutoff,
            "fee_kind": self.fee_kind,
            "fee_amount": self.fee_amount,
            "fee_schedule": self.fee_schedule,
            "fee_exemptions": self.fee_exemptions,
            "legal_basis": self.legal_basis,
            "result": self.result,
            "where_to_submit": self.where_to_submit,
            "online_level": self.online_level,
            "interconnected": self.interconnected,
            "effective_from": self.effective_from,
        }


def normalized_rule(rule: TimeRule) -> TimeRule:
    if rule.kind is TimeRuleKind.SAME_DAY:
        return TimeRule(rule.kind, 0, rule.effective_cutoff)
    return TimeRule(rule.kind, rule.amount)


def version_spec_of(version: ProcedureVersion) -> VersionSpec:
    """The content of a stored version, comparable with a spec read from a file."""
    return VersionSpec(
        procedure_code=version.procedure.code,
        name=version.name,
        field_code=version.field.code,
        level=version.level,
        time_rule=version.time_rule,
        fee_kind=version.fee_kind,
        effective_from=version.effective_from,
        fee_amount=version.fee_amount,
        fee_schedule=version.fee_schedule,
        fee_exemptions=version.fee_exemptions,
        legal_basis=version.legal_basis,
        result=version.result,
        where_to_submit=version.where_to_submit,
        online_level=version.online_level,
        interconnected=version.interconnected,
        papers=tuple(
            PaperSpec(name=p.name, copy_kind=p.copy_kind, count=p.count, optional=p.optional)
            for p in version.papers.all()
        ),
    )
