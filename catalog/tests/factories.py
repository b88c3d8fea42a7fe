from datetime import date

import factory

from catalog.models import (
    AdministrativeUnit,
    Field,
    Level,
    Procedure,
    ProcedureVersion,
    RequiredPaper,
)
from catalog.specs import PaperSpec, VersionSpec
from workcalendar.rules import TimeRule, TimeRuleKind


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit

    code = factory.Sequence(lambda n: f"{20000 + n}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    level = Level.COMMUNE
    kind = "xã"
    valid_from = date(2000, 1, 1)
    agency_id = factory.Sequence(lambda n: f"000.{n % 100:02d}.{n // 100 % 100:02d}.H26")


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ["code"]

    code = "HT"
    name = "Hộ tịch"


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure

    code = factory.Sequence(lambda n: f"9.{n:06d}")


class ProcedureVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProcedureVersion

    procedure = factory.SubFactory(ProcedureFactory)
    version = 1
    status = ProcedureVersion.Status.PUBLISHED
    name = factory.Sequence(lambda n: f"Thủ tục thử nghiệm {n}")
    field = factory.SubFactory(FieldFactory)
    level = Level.COMMUNE
    time_rule_kind = "working_days"
    time_rule_amount = 3
    fee_kind = ProcedureVersion.FeeKind.FREE
    effective_from = date(2000, 1, 1)


class RequiredPaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequiredPaper

    procedure_version = factory.SubFactory(ProcedureVersionFactory)
    position = factory.Sequence(lambda n: n + 1)
    name = "Tờ khai"
    copy_kind = RequiredPaper.CopyKind.ORIGINAL
    count = 1


class PaperSpecFactory(factory.Factory):
    class Meta:
        model = PaperSpec

    name = factory.Sequence(lambda n: f"Giấy tờ {n}")
    copy_kind = RequiredPaper.CopyKind.ORIGINAL
    count = 1


class VersionSpecFactory(factory.Factory):
    """Content of a procedure version, as loaders and importers hand it to the services."""

    class Meta:
        model = VersionSpec

    procedure_code = factory.Sequence(lambda n: f"8.{n:06d}")
    name = factory.Sequence(lambda n: f"Thủ tục mẫu {n}")
    field_code = factory.LazyAttribute(lambda _: FieldFactory().code)
    level = Level.COMMUNE
    time_rule = TimeRule(TimeRuleKind.WORKING_DAYS, 3)
    fee_kind = ProcedureVersion.FeeKind.FREE
    effective_from = date(2016, 1, 1)
    papers = factory.LazyFunction(lambda: (PaperSpecFactory(),))
