"""Import a procedure catalogue spreadsheet, one row per procedure (catalog/data/README.md).

A row whose content already exists as a published version changes nothing; a changed row
becomes a new published version from its “Áp dụng từ” date, never an in-place edit.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from catalog.imports import cells
from catalog.imports.errors import ImportFailed, RowErrors, at_line
from catalog.imports.table import Row, read_table
from catalog.reference import LoadResult
from catalog.services import field_upsert, procedure_version_sync, procedure_version_sync_check
from catalog.specs import VersionSpec
from common.progress import progress_factory

CODE, NAME = "Mã thủ tục", "Tên thủ tục"
FIELD_CODE, FIELD_NAME = "Mã lĩnh vực", "Tên lĩnh vực"
LEVEL, TIME_LIMIT, FEE, EFFECTIVE_FROM = "Cấp", "Thời hạn", "Phí", "Áp dụng từ"
EXEMPTIONS, LEGAL_BASIS, RESULT, WHERE = "Miễn giảm", "Căn cứ pháp lý", "Kết quả", "Nơi nộp"
ONLINE, INTERCONNECTED, PAPERS = "Trực tuyến", "Liên thông", "Thành phần hồ sơ"

REQUIRED = [CODE, NAME, FIELD_CODE, FIELD_NAME, LEVEL, TIME_LIMIT, FEE, EFFECTIVE_FROM]
OPTIONAL = [EXEMPTIONS, LEGAL_BASIS, RESULT, WHERE, ONLINE, INTERCONNECTED, PAPERS]

LAYOUT_HELP = f"""Bố cục tệp (.xlsx hoặc .csv UTF-8), dòng đầu là tiêu đề, mỗi dòng một thủ tục.
Cột bắt buộc: {", ".join(REQUIRED)}.
Cột tùy chọn: {", ".join(OPTIONAL)}.
- Cấp: tỉnh, huyện hoặc xã.
- Thời hạn: “3 ngày làm việc”, “8 giờ làm việc”, “Trong ngày” (chốt 15:00) hoặc
  “Trong ngày (15:00)”.
- Phí: “Miễn phí”, một số tiền bằng đồng (“50.000”) hoặc nội dung biểu phí
  (“Theo Nghị quyết của HĐND tỉnh”).
- Trực tuyến: Toàn trình, Một phần hoặc Không (mặc định Không). Liên thông: Có hoặc Không.
- Áp dụng từ: dd/mm/yyyy hoặc yyyy-mm-dd.
- Thành phần hồ sơ: mỗi giấy tờ một dòng trong ô (hoặc ngăn cách bằng “;”), dạng
  “Tên giấy tờ | Bản chính | 1”; loại bản: Bản chính, Bản sao chứng thực, Bản sao;
  thêm “| Không bắt buộc” nếu không bắt buộc."""


@dataclass(frozen=True)
class ProcedureLine:
    line: int
    field_name: str
    spec: VersionSpec


def _optional_text(max_length: int) -> Callable[[object], str]:
    def parse(value: object) -> str:
        raw = cells.text(value)
        if len(raw) > max_length:
            raise ValueError(f"dài quá {max_length} ký tự.")
        return raw

    return parse


def _required_text(label: str, max_length: int) -> Callable[[object], str]:
    return partial(cells.required, label=label, max_length=max_length)


def _parse_row(row: Row, errors: list[str]) -> ProcedureLine | None:
    check = RowErrors(row.line, errors)

    def take(column: str, parse: Callable[[object], Any]) -> Any:
        return check.take(parse, row.cells.get(column), column=column)

    code = take(CODE, _required_text("mã thủ tục", 40))
    name = take(NAME, _required_text("tên thủ tục", 500))
    field_code = take(FIELD_CODE, _required_text("mã lĩnh vực", 40))
    field_name = take(FIELD_NAME, _required_text("tên lĩnh vực", 200))
    level = take(LEVEL, cells.level)
    rule = take(TIME_LIMIT, cells.time_rule)
    fee = take(FEE, cells.fee)
    effective_from = take(EFFECTIVE_FROM, cells.parse_date)
    online = take(ONLINE, cells.online_level)
    linked = take(INTERCONNECTED, partial(cells.yes_no, label="liên thông"))
    papers = take(PAPERS, cells.papers)
    exemptions = take(EXEMPTIONS, _optional_text(10_000))
    legal_basis = take(LEGAL_BASIS, _optional_text(10_000))
    result = take(RESULT, _optional_text(500))
    where = take(WHERE, _optional_text(500))
    if not check.ok:
        return None
    fee_kind, fee_amount, fee_schedule = fee
    spec = VersionSpec(
        procedure_code=code, name=name, field_code=field_code, level=level, time_rule=rule,
        fee_kind=fee_kind, fee_amount=fee_amount, fee_schedule=fee_schedule,
        fee_exemptions=exemptions, legal_basis=legal_basis, result=result,
        where_to_submit=where, online_level=online, interconnected=linked,
        effective_from=effective_from, papers=papers,
    )  # fmt: skip
    return ProcedureLine(line=row.line, field_name=field_name, spec=spec)


def _check_consistency(lines: list[ProcedureLine], errors: list[str]) -> None:
    """One row per procedure; one name per field; each row applicable to the catalogue."""
    first_code: dict[str, int] = {}
    field_names: dict[str, tuple[str, int]] = {}
    for item in lines:
        code, line = item.spec.procedure_code, item.line
        if code in first_code:
            errors.append(at_line(line, f"mã thủ tục {code} trùng với dòng {first_code[code]}."))
            continue
        first_code[code] = line
        name, first = field_names.setdefault(item.spec.field_code, (item.field_name, line))
        if name != item.field_name:
            errors.append(
                at_line(
                    line,
                    f"lĩnh vực mã {item.spec.field_code} có tên “{item.field_name}”, "
                    f"khác với dòng {first} (“{name}”).",
                )
            )
        try:
            procedure_version_sync_check(spec=item.spec)
        except ValidationError as error:
            errors.append(at_line(line, "; ".join(error.messages)))


def parse_procedures(path: Path) -> list[ProcedureLine]:
    table = read_table(path, required=REQUIRED, optional=OPTIONAL)
    errors: list[str] = []
    lines = [item for row in table.rows if (item := _parse_row(row, errors))]
    if not table.rows:
        errors.append("Tệp không có dòng dữ liệu nào.")
    _check_consistency(lines, errors)
    if errors:
        raise ImportFailed(errors)
    return lines


def import_procedures(*, path: Path, progress: bool = False) -> LoadResult:
    """`updated` counts procedures that received a new published version."""
    lines = parse_procedures(path)
    changes = []
    with transaction.atomic():
        for item in lines:
            field_upsert(code=item.spec.field_code, name=item.field_name)
        bar = progress_factory(enabled=progress)(lines, desc="Thủ tục", unit=" thủ tục")
        for item in bar:
            try:
                changes.append(procedure_version_sync(spec=item.spec))
            except ValidationError as error:
                raise ImportFailed([at_line(item.line, "; ".join(error.messages))]) from error
    return LoadResult.of(changes)
