import re
import sys
from datetime import date, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit.services import audit_export
from reports.definitions import Period
from reports.engine import report
from reports.exports.as_csv import to_csv
from reports.exports.as_json import to_json
from reports.exports.as_pdf import to_pdf
from reports.exports.as_xlsx import to_xlsx
from reports.exports.ii06a import ii06a_sheet
from reports.units import UnknownUnit, default_parties, unit_ids_for_codes
from workcalendar.calendar import VN_TZ

FORMATS = ("json", "csv", "xlsx", "pdf")
GROUPINGS = ("unit", "field", "procedure", "level", "month")


class Command(BaseCommand):
    help = (
        "Báo cáo tình hình, kết quả giải quyết TTHC (Biểu II.06a) cho một kỳ: JSON, CSV, "
        "Excel hoặc PDF. Excel và PDF theo mẫu II.06a: nhóm theo cấp, rồi lĩnh vực."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD")
        parser.add_argument(
            "--unit",
            dest="units",
            action="extend",
            nargs="+",
            default=[],
            metavar="CODE",
            help="Mã đơn vị (gồm cả các đơn vị trực thuộc); mặc định: mọi đơn vị.",
        )
        parser.add_argument(
            "--group-by",
            choices=GROUPINGS,
            help="Nhóm theo (JSON, CSV; mặc định unit). Excel, PDF: luôn theo cấp, lĩnh vực.",
        )
        parser.add_argument("--as-of", help="Thời điểm tính số liệu, ISO 8601 (mặc định: bây giờ).")
        parser.add_argument("--format", choices=FORMATS, required=True)
        parser.add_argument("--output", type=Path, help="Tệp kết quả (bắt buộc với xlsx, pdf).")
        parser.add_argument("--reporting-unit", help="Dòng «Đơn vị báo cáo» của biểu.")
        parser.add_argument("--receiving-unit", help="Dòng «Đơn vị nhận báo cáo» của biểu.")
        parser.add_argument(
            "--source",
            choices=("rollup", "direct"),
            default="rollup",
            help="Nguồn số liệu: bảng tổng hợp (nhanh) hoặc tính trực tiếp từ hồ sơ (đối chiếu).",
        )

    def handle(self, *args, **options):
        date_from = _date(options["date_from"], "--from")
        date_to = _date(options["date_to"], "--to")
        if date_from > date_to:
            raise CommandError(
                f"Ngày bắt đầu {date_from:%d/%m/%Y} sau ngày kết thúc {date_to:%d/%m/%Y}."
            )
        as_of = _instant(options["as_of"]) if options["as_of"] else None
        kind, output = options["format"], options["output"]
        if kind in ("xlsx", "pdf") and output is None:
            raise CommandError(f"Định dạng {kind} cần --output TỆP để ghi kết quả.")
        sheet_form = kind in ("xlsx", "pdf")
        if sheet_form and options["group_by"] not in (None, "field"):
            raise CommandError(
                "Biểu II.06a (xlsx, pdf) luôn nhóm theo cấp và lĩnh vực; bỏ --group-by."
            )
        try:
            unit_ids = unit_ids_for_codes(codes=options["units"]) if options["units"] else None
        except UnknownUnit as error:
            raise CommandError(str(error)) from error

        result = report(
            date_from=date_from,
            date_to=date_to,
            as_of=as_of,
            group_by="level_field" if sheet_form else options["group_by"] or "unit",
            unit_ids=unit_ids,
            source=options["source"],
        )
        audit_export(  # no user: the operator at the server's console
            what="report",
            fmt=kind,
            units=unit_ids,
            date_from=date_from,
            date_to=date_to,
            command="tthc_report",
        )
        if sheet_form:
            reporting, receiving = default_parties(
                unit_ids=unit_ids, period=Period(date_from, date_to)
            )
            sheet = ii06a_sheet(
                result,
                reporting_unit=options["reporting_unit"] or reporting or "…",
                receiving_unit=options["receiving_unit"] or receiving or "…",
            )
            data = to_xlsx(sheet) if kind == "xlsx" else to_pdf(sheet)
            _write(output, data)
            self.stderr.write(f"Đã ghi {output}.")
            return
        text = to_json(result) if kind == "json" else to_csv(result)
        if output is None and options.get("stdout") is None:
            # Standard output itself: UTF-8 bytes, whatever the locale says.
            sys.stdout.flush()
            sys.stdout.buffer.write(text.encode("utf-8"))
            sys.stdout.buffer.flush()
        elif output is None:
            self.stdout.write(text, ending="")
        else:
            _write(output, text.encode("utf-8"))
            self.stderr.write(f"Đã ghi {output}.")


def _date(value: str, option: str) -> date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"{option}: ngày «{value}» không hợp lệ (cần dạng YYYY-MM-DD)."
        ) from None


def _instant(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--as-of: thời điểm «{value}» không hợp lệ (cần ISO 8601, ví dụ "
            "2018-03-14T17:00:00+07:00)."
        ) from None
    return moment.replace(tzinfo=VN_TZ) if moment.tzinfo is None else moment


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as error:
        raise CommandError(f"Không ghi được tệp {path}: {error.strerror}.") from error
