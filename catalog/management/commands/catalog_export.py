"""Print the catalogue (units of every period, procedures in force today) as JSON."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from catalog.export import catalog_snapshot


class Command(BaseCommand):
    help = (
        "Xuất danh mục: mọi đơn vị hành chính (mọi thời kỳ) và phiên bản thủ tục đang áp dụng "
        "hôm nay (nếu không có thì phiên bản công bố gần nhất)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["json"], default="json", help="Định dạng xuất")

    def handle(self, *args: Any, **options: Any) -> None:
        snapshot = catalog_snapshot(on=timezone.localdate())
        self.stdout.write(json.dumps(snapshot, ensure_ascii=False, indent=2))
