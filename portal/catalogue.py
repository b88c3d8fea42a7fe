"""Reads of the public procedure catalogue: the procedures in force today, by level, field
and words typed with or without diacritics."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.http import Http404
from django.utils.translation import gettext as _

from catalog.models import Field, Level, ProcedureFormFile, ProcedureVersion
from catalog.selectors import (
    NotFound,
    procedure_search,
    procedure_version_in_force,
    procedure_versions_in_force,
)

# A desk's catalogue is a few hundred procedures: searching returns them all, pages cut.
SEARCH_LIMIT = 10_000


@dataclass(frozen=True)
class FieldCount:
    field: Field
    count: int


def procedures_browse(
    *, on: date, query: str = "", level: str = "", field_code: str = ""
) -> list[ProcedureVersion]:
    """Procedures in force on `on`, narrowed by level and field, matching `query` by code
    prefix or by every word of the name (catalog.selectors.procedure_search)."""
    if query.strip():
        found = procedure_search(query, on, limit=SEARCH_LIMIT)
    else:
        found = list(procedure_versions_in_force(on).order_by("name"))
    return [
        version
        for version in found
        if (not level or version.level == level)
        and (not field_code or version.field.code == field_code)
    ]


def fields_in_force(*, on: date, level: str = "") -> list[FieldCount]:
    """The fields that have procedures in force (at `level`, if given), with how many."""
    versions = procedure_versions_in_force(on)
    if level:
        versions = versions.filter(level=level)
    counts = Counter(versions.values_list("field_id", flat=True))
    fields = Field.objects.filter(pk__in=counts).order_by("name")
    return [FieldCount(field, counts[field.pk]) for field in fields]


def levels() -> list[tuple[str, str]]:
    return [(level.value, str(level.label)) for level in Level]


def procedure_public_get(*, code: str, on: date) -> ProcedureVersion:
    """The version of procedure `code` in force on `on`, or 404."""
    try:
        return procedure_version_in_force(code, on)
    except NotFound:
        raise Http404(_("Không tìm thấy thủ tục đang áp dụng.")) from None


def procedure_form_file_get(*, code: str, form_id: int, on: date) -> ProcedureFormFile:
    """A downloadable form of the version of `code` in force on `on`, or 404."""
    version = procedure_public_get(code=code, on=on)
    try:
        return version.form_files.get(pk=form_id)
    except ProcedureFormFile.DoesNotExist:
        raise Http404(_("Không tìm thấy biểu mẫu.")) from None
