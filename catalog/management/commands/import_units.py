"""Import the official list of administrative units from a spreadsheet."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from catalog.imports.errors import ImportFailed
from catalog.imports.units import import_units
from catalog.management.commands._dates import date_argument


class Command(BaseCommand):
    help = (
        "Nhập danh mục đơn vị hành chính (tệp .xlsx hoặc .csv UTF-8 theo bố cục của Tổng cục "
        "Thống kê: Tỉnh Thành Phố, Mã TP, Quận Huyện, Mã QH, Phường Xã, Mã PX, Cấp; bố cục "
        "sau 01/07/2025 không có cột quận huyện). Kiểm tra toàn bộ tệp trước; có lỗi thì không "
        "ghi gì. Đơn vị cùng mã đang có hiệu lực vào ngày --valid-from được cập nhật, không "
        "tạo trùng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Tệp .xlsx hoặc .csv")
        parser.add_argument(
            "--valid-from", type=date_argument, default=None,
            help="Ngày hiệu lực của danh mục (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định hôm nay.",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        valid_from = options["valid_from"] or timezone.localdate()
        try:
            result = import_units(path=options["file"], valid_from=valid_from, progress=True)
        except ImportFailed as failure:
            raise CommandError(failure.report()) from failure
        self.stdout.write(
            self.style.SUCCESS(
                f"Đơn vị hành chính (hiệu lực từ {valid_from:%d/%m/%Y}): "
                f"{result.created} tạo mới, {result.updated} cập nhật, "
                f"{result.unchanged} không đổi."
            )
        )
