from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.progress import progress_factory
from dossiers.importing import HEADER, ImportFileError, import_dossiers, read_rows

MAX_LISTED_ERRORS = 1000


class Command(BaseCommand):
    help = (
        "Nhập hồ sơ từ hệ thống cũ (CSV UTF-8, dòng tiêu đề: " + ",".join(HEADER) + "). "
        "Mọi dòng được kiểm tra trước; có dòng lỗi thì không nhập gì (trừ khi --skip-invalid)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Nhập các dòng hợp lệ và liệt kê các dòng lỗi.",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, file: Path, skip_invalid: bool, no_progress: bool, **options):
        progress = progress_factory(enabled=not no_progress)
        try:
            result = import_dossiers(read_rows(file), skip_invalid=skip_invalid, progress=progress)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        for row_error in result.errors[:MAX_LISTED_ERRORS]:
            self.stderr.write(str(row_error))
        if len(result.errors) > MAX_LISTED_ERRORS:
            self.stderr.write(f"… và {len(result.errors) - MAX_LISTED_ERRORS} lỗi khác.")
        if result.errors and not skip_invalid:
            raise CommandError(
                f"Có {len(result.errors)} lỗi; không nhập hồ sơ nào. Sửa tệp rồi nhập lại, "
                "hoặc dùng --skip-invalid để nhập các dòng hợp lệ."
            )
        self.stdout.write(
            f"Đã nhập {result.imported} hồ sơ; {result.already_imported} hồ sơ đã có từ trước; "
            f"{len(result.errors)} dòng lỗi bị bỏ qua."
        )
