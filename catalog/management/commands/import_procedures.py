"""Import a procedure catalogue spreadsheet (layout in catalog/data/README.md)."""

from argparse import RawDescriptionHelpFormatter
from pathlib import Path
from typing import Any

from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
)

from catalog.imports.errors import ImportFailed
from catalog.imports.procedures import LAYOUT_HELP, import_procedures


class LayoutHelpFormatter(RawDescriptionHelpFormatter, DjangoHelpFormatter):
    pass


class Command(BaseCommand):
    help = (
        "Nhập danh mục thủ tục hành chính từ tệp .xlsx hoặc .csv. Kiểm tra toàn bộ tệp trước; "
        "có lỗi thì không ghi gì. Thủ tục thay đổi nội dung được công bố thành phiên bản mới "
        "áp dụng từ ngày ở cột “Áp dụng từ”.\n\n" + LAYOUT_HELP
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # Keep the line breaks of the layout description in --help.
        kwargs.setdefault("formatter_class", LayoutHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="Tệp .xlsx hoặc .csv")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = import_procedures(path=options["file"], progress=True)
        except ImportFailed as failure:
            raise CommandError(failure.report()) from failure
        self.stdout.write(
            self.style.SUCCESS(
                f"Thủ tục hành chính: {result.created} tạo mới, {result.updated} phiên bản mới, "
                f"{result.unchanged} không đổi."
            )
        )
