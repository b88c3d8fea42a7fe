"""Write the OpenAPI schema (sorted, stable JSON); CI compares it with api/openapi.json."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from api.api import schema_json


class Command(BaseCommand):
    help = "Ghi lược đồ OpenAPI của API (JSON sắp xếp ổn định)."
    requires_system_checks: list = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="tệp đích (mặc định: in ra màn hình)")

    def handle(self, *args: Any, **options: Any) -> None:
        text = schema_json()
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stderr.write(f"Đã ghi {options['output']}.")
        else:
            self.stdout.write(text, ending="")
