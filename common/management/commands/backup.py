from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from common.backup import BackupError, backup_create
from common.progress import progress_factory


class Command(BaseCommand):
    help = (
        "Sao lưu toàn bộ hệ thống vào một tệp .tar: cơ sở dữ liệu (SQLite: sao lưu trực tuyến; "
        "PostgreSQL: pg_dump -Fc), các tệp đính kèm (MEDIA_ROOT) và manifest có số dòng, tổng "
        "kiểm từng bảng và SHA-256 từng tệp. Xem docs/operations.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=Path(settings.VAR_DIR) / "backups",
            help="Đường dẫn tệp .tar, hoặc thư mục (tên tệp đặt theo thời điểm). "
            "Mặc định var/backups/.",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, output: Path, no_progress: bool, **options):
        try:
            path, manifest = backup_create(
                output=output,
                progress=progress_factory(enabled=not no_progress),
                say=self.stderr.write,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(t["rows"] for t in manifest["tables"].values())
        size = path.stat().st_size
        self.stdout.write(
            f"Đã sao lưu vào {path} ({size / 1024 / 1024:.1f} MB): "
            f"{len(manifest['tables'])} bảng, {rows} dòng, {len(manifest['media'])} tệp đính kèm."
        )
